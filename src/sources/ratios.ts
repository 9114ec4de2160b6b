import { cols, decoded, type InputColumn, rowPlan, type SourceSpec, siren } from './spec.ts';

/**
 * Public financial ratios from INPI filings (sources.md §13): columns by position, header names vary between
 * publications. Empty cells are unknown (NULL), never 0.
 */
export const AMOUNTS = ['chiffre_d_affaires', 'marge_brute', 'ebe', 'ebit', 'resultat_net'];
export const RATIOS = [
  'taux_d_endettement',
  'ratio_de_liquidite',
  'ratio_de_vetuste',
  'autonomie_financiere',
  'poids_bfr_exploitation_sur_ca',
  'couverture_des_interets',
  'caf_sur_ca',
  'capacite_de_remboursement',
  'marge_ebe',
  'resultat_courant_avant_impots_sur_ca',
  'poids_bfr_exploitation_sur_ca_jours',
  'rotation_des_stocks_jours',
  'credit_clients_jours',
  'credit_fournisseurs_jours',
];

const names = ['siren', 'date_cloture_exercice', ...AMOUNTS, ...RATIOS, 'type_bilan'];
const byPosition = (name: string, i: number): [string, Omit<InputColumn, 'as'>] => [
  name,
  { header: name, position: i, optional: name === 'type_bilan' },
];
const c = cols(Object.fromEntries(names.map(byPosition)) as Record<string, Omit<InputColumn, 'as'>>);

const ratios: SourceSpec = {
  id: 'ratios_inpi_bce',
  table: 'raw_ratios',
  description: 'public financial ratios (INPI/BCE), ratios_inpi_bce.csv',
  match: (name) => /^ratios_inpi_bce.*\.csv$/i.test(name),
  delimiter: ';',
  lazyQuotes: false,
  plan: () =>
    rowPlan(
      c.all,
      [
        siren('siren', c.siren),
        decoded('date_cloture', c.date_cloture_exercice, 'sf_date_ymd_any', 'a date YYYYMMDD or YYYY-MM-DD', {
          required: true,
        }),
        ...AMOUNTS.map((a) => decoded(a, c[a], 'sf_comma_float', 'an amount in euros')),
        ...RATIOS.map((r) => decoded(r, c[r], 'sf_comma_float', 'a number')),
        {
          name: 'type_bilan',
          expr: `nullif(upper("type_bilan"), '')`,
          rejects: [],
          warnings: [
            {
              field: 'type_bilan',
              value: '"type_bilan"',
              when: `NOT sf_blank("type_bilan") AND upper("type_bilan") NOT IN ('C', 'S', 'K')`,
              reason: 'unknown code',
            },
          ],
        },
      ],
      {
        unique: {
          key: ['siren', 'date_cloture', 'type_bilan'],
          field: 'siren',
          reason: 'duplicate accounts for this SIREN, closing date and type',
        },
      },
    ),
};

export default ratios;
