import { cols, decoded, rowPlan, type SourceSpec, sirenWarnings, text } from './spec.ts';

/** Banque de France ratios (sources.md §6.1, historical): exact headers, SIREN with spaces, `31DEC2012` dates. */
const c = cols({
  d1: 'D1',
  annee: 'ANNEE',
  arrete: 'ARRETE_BILAN',
  denom: 'DENOM',
  secteur: 'SECTEUR',
  frng: 'POIDS_FRNG',
  marge: 'TX_MARGE',
  frs: 'DELAI_FRS',
  dfisc: 'POIDS_DFISC_SOC',
  fin_ct: 'POIDS_FIN_CT',
  frais: 'POIDS_FRAIS_FIN',
});

// The reference's month substitutions, in its order (case-sensitive), then DD-MM-YYYY.
const REPLACEMENTS: [string, string][] = [
  ['janv', '01'],
  ['JAN', '01'],
  ['févr', '02'],
  ['FEB', '02'],
  ['mars', '03'],
  ['MAR', '03'],
  ['avr', '04'],
  ['APR', '04'],
  ['mai', '05'],
  ['MAY', '05'],
  ['juin', '06'],
  ['JUN', '06'],
  ['juil', '07'],
  ['JUL', '07'],
  ['août', '08'],
  ['AUG', '08'],
  ['sept', '09'],
  ['SEP', '09'],
  ['oct', '10'],
  ['OCT', '10'],
  ['nov', '11'],
  ['NOV', '11'],
  ['déc', '12'],
  ['DEC', '12'],
];
const replaced = REPLACEMENTS.reduce((e, [from, to]) => `replace(${e}, '${from}', '-${to}-')`, '"arrete"');
const arrete = `CASE WHEN regexp_full_match(${replaced}, '[0-9]{2}-[0-9]{2}-[0-9]{4}') THEN sf_ymd(substr(${replaced}, 7, 4), substr(${replaced}, 4, 2), substr(${replaced}, 1, 2)) END`;

const bdf: SourceSpec = {
  id: 'bdf',
  table: 'raw_bdf',
  description: 'Banque de France ratios (historical), bdf*.csv',
  match: (name) => /^bdf.*\.csv$/i.test(name),
  delimiter: ';',
  lazyQuotes: true,
  exactHeader: true,
  plan: () =>
    rowPlan(
      c.all,
      [
        {
          name: 'siren',
          expr: `replace("d1", ' ', '')`,
          rejects: [
            {
              field: 'D1',
              value: '"d1"',
              when: `NOT regexp_full_match(coalesce(replace("d1", ' ', ''), ''), '[0-9]{9}')`,
              reason: 'not a SIREN (9 digits)',
            },
          ],
        },
        decoded('annee', c.annee, 'sf_int', 'a year', { required: true }),
        {
          name: 'arrete_bilan',
          expr: arrete,
          rejects: [
            { field: 'ARRETE_BILAN', value: '"arrete"', when: `${arrete} IS NULL`, reason: 'not a date DDMONYYYY' },
          ],
        },
        text('raison_sociale', c.denom),
        text('secteur', c.secteur),
        decoded('poids_frng', c.frng, 'sf_float', 'a number'),
        decoded('taux_marge', c.marge, 'sf_float', 'a number'),
        decoded('delai_fournisseur', c.frs, 'sf_float', 'a number'),
        decoded('dette_fiscale', c.dfisc, 'sf_float', 'a number'),
        decoded('financier_court_terme', c.fin_ct, 'sf_float', 'a number'),
        decoded('frais_financier', c.frais, 'sf_float', 'a number'),
      ],
      { warnings: sirenWarnings(c.d1, 'siren') },
    ),
};

export default bdf;
