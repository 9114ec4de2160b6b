import { cols, decoded, rowPlan, type SourceSpec, siret } from './spec.ts';

/** INSEE establishment history, administrative state only (sources.md §4.3). */
const c = cols({
  siret: 'siret',
  debut: 'dateDebut',
  fin: 'dateFin',
  etat: 'etatAdministratifEtablissement',
  changement: 'changementEtatAdministratifEtablissement',
});

const sireneHisto: SourceSpec = {
  id: 'sirene_histo',
  table: 'raw_sirene_histo',
  description: 'INSEE establishment history, StockEtablissementHistorique_utf8.csv',
  match: (name) => /^StockEtablissementHistorique_utf8\.csv$/i.test(name),
  delimiter: ',',
  lazyQuotes: false,
  plan: () =>
    rowPlan(
      c.all,
      [
        siret('siret', c.siret),
        decoded('date_debut', c.debut, 'sf_date_iso', 'a date YYYY-MM-DD'),
        decoded('date_fin', c.fin, 'sf_date_iso', 'a date YYYY-MM-DD'),
        {
          name: 'est_actif',
          expr: `"etat" = 'A'`,
          rejects: [
            {
              field: c.etat.header,
              value: '"etat"',
              when: `"etat" IS NULL OR "etat" NOT IN ('A', 'F')`,
              reason: 'not A or F',
            },
          ],
        },
        decoded('changement_statut_actif', c.changement, 'sf_bool', 'a boolean', { required: true }),
      ],
      {
        extraRejects: [
          {
            field: 'dateDebut',
            value: `coalesce("debut", '')`,
            when: `sf_blank("debut") AND sf_blank("fin")`,
            reason: 'period without start or end date',
          },
        ],
      },
    ),
};

export default sireneHisto;
