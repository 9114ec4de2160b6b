import { cols, decoded, rowPlan, type SourceSpec, siret, text } from './spec.ts';

/** Insolvency-proceeding events (sources.md §2.5): DDMonYYYY dates, `Lib_actx_stdx` split into action and stade. */
const c = cols({ siret: 'Siret', date: 'Dt_effet', lib: 'Lib_actx_stdx' });

export const STADES = [
  'ouverture',
  'plan_continuation',
  'fin_procedure',
  'abandon_procedure',
  'solde_procedure',
  'inclusion_autre_procedure',
  'cloture_insuffisance_actif',
];

// The first token containing one of the three natures is the action; the others, re-joined, are the stade.
const TOKENS = `string_split(lower("lib"), '_')`;
const ACTION_POS = `list_position(list_transform(${TOKENS}, t -> regexp_matches(t, 'liquidation|redressement|sauvegarde')), true)`;

const procol: SourceSpec = {
  id: 'procol',
  table: 'raw_procol',
  description: 'insolvency proceedings, sigfaible_pcoll.csv',
  match: (name) => /^sigfaible_pcoll\.csv$/i.test(name),
  delimiter: ';',
  lazyQuotes: false,
  plan: () =>
    rowPlan(
      c.all,
      [
        siret('siret', c.siret),
        decoded('date_effet', c.date, 'sf_date_dmony', 'a date DDMonYYYY', { required: true }),
        text('libelle', c.lib, { required: true }),
        {
          name: 'action_procol',
          expr: `coalesce(CASE WHEN nullif(${ACTION_POS}, 0) IS NOT NULL THEN ${TOKENS}[${ACTION_POS}] END, '')`,
          rejects: [],
        },
        {
          name: 'stade_procol',
          expr: `CASE WHEN nullif(${ACTION_POS}, 0) IS NULL THEN '' ELSE array_to_string(list_filter(${TOKENS}, (t, i) -> i <> ${ACTION_POS}), '_') END`,
          rejects: [],
        },
      ],
      {
        warnings: [
          {
            field: 'Lib_actx_stdx',
            value: 'libelle',
            when: `action_procol NOT IN ('liquidation', 'redressement', 'sauvegarde') OR stade_procol NOT IN (${STADES.map((s) => `'${s}'`).join(', ')})`,
            reason: 'unknown proceeding or stage',
          },
        ],
      },
    ),
};

export default procol;
