import { cols, decoded, rowPlan, type SourceSpec, siret, text } from './spec.ts';

/** Short-time work monthly consumption (sources.md §3.2): `,`-separated, dot decimals, ISO month dates. */
const c = cols({
  id: 'ID_DA',
  siret: 'ETAB_SIRET',
  heures: 'HEURES',
  montant: 'MONTANTS',
  effectif: 'EFFECTIFS',
  mois: 'MOIS',
});

const apconso: SourceSpec = {
  id: 'apconso',
  table: 'raw_apconso',
  description: 'short-time work consumption, consommation_ap.csv',
  match: (name) => /^consommation_ap\.csv$/i.test(name),
  delimiter: ',',
  lazyQuotes: false,
  plan: () =>
    rowPlan(
      c.all,
      [
        text('id_demande', c.id, { required: true }),
        siret('siret', c.siret),
        decoded('heures', c.heures, 'sf_float', 'a number of hours'),
        decoded('montant', c.montant, 'sf_float', 'an amount in euros (dot decimal)'),
        decoded('effectif', c.effectif, 'sf_int_from_float', 'a number'),
        decoded('periode', c.mois, 'sf_date_iso', 'a date YYYY-MM-DD', { required: true }),
      ],
      {
        unique: {
          key: ['siret', 'periode', 'id_demande'],
          field: 'ID_DA',
          reason: 'duplicate consumption for this request, establishment and month',
        },
        warnings: [
          { field: 'HEURES', value: 'heures', when: 'heures < 0', reason: 'negative hours' },
          {
            field: 'MOIS',
            value: 'periode',
            when: 'day(periode) <> 1',
            reason: 'not the first day of a month (counted in its month)',
          },
        ],
      },
    ),
};

export default apconso;
