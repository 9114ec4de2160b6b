import { cols, decoded, rowPlan, type SourceSpec, siretWarnings, text } from './spec.ts';

/**
 * The historical URSSAF account → SIRET mapping (`admin_urssaf`, sources.md §2.8). An empty closing date means
 * "never closed" (2899-01-01). SIRETs with letters are provisional: imported with a warning, never used as keys.
 */
const c = cols({
  compte: 'Compte',
  siret: 'Siret',
  fermeture: 'Date_disp_siret',
  creation: { header: 'Date_crea_siret', optional: true },
  etat: { header: 'Etat_compte', optional: true },
});

const comptes: SourceSpec = {
  id: 'admin_urssaf',
  table: 'raw_comptes',
  description: 'URSSAF account to SIRET mapping (historical), sigfaible_etablissement_utf8.csv',
  match: (name) => /^sigfaible_etablissement_utf8\.csv$/i.test(name),
  delimiter: ';',
  lazyQuotes: false,
  plan: () =>
    rowPlan(
      c.all,
      [
        text('numero_compte', c.compte, { required: true }),
        text('siret', c.siret, { required: true }),
        {
          name: 'date_fermeture',
          expr: `sf_urssaf_date(coalesce(nullif("fermeture", ''), '9990101'))`,
          rejects: [
            {
              field: c.fermeture.header,
              value: '"fermeture"',
              when: `sf_urssaf_date(coalesce(nullif("fermeture", ''), '9990101')) IS NULL`,
              reason: 'not a URSSAF date (A)AAMMJJ',
            },
          ],
        },
        decoded('date_creation', c.creation, 'sf_urssaf_date', 'a URSSAF date (A)AAMMJJ'),
        decoded('etat_compte', c.etat, 'sf_int', 'an integer'),
      ],
      {
        warnings: [
          ...siretWarnings(c.siret, 'siret'),
          {
            field: 'Siret',
            value: 'siret',
            when: `NOT sf_is_siret(siret)`,
            reason: 'provisional SIRET (not 14 digits): account not mapped',
          },
        ],
      },
    ),
};

export default comptes;
