import { apeExpr, apeWarning } from './sirene.ts';
import { cols, rowPlan, type SourceSpec, siren, text } from './spec.ts';

/** INSEE legal units (sources.md §4.2). The NAF 2025 column is optional (older stocks lack it). */
const c = cols({
  siren: 'siren',
  denomination: 'denominationUniteLegale',
  prenom1: 'prenom1UniteLegale',
  prenom2: 'prenom2UniteLegale',
  prenom3: 'prenom3UniteLegale',
  prenom4: 'prenom4UniteLegale',
  nom: 'nomUniteLegale',
  nom_usage: 'nomUsageUniteLegale',
  categorie: 'categorieJuridiqueUniteLegale',
  creation: 'dateCreationUniteLegale',
  naf25: { header: 'activitePrincipaleNAF25UniteLegale', optional: true },
  etat: 'etatAdministratifUniteLegale',
  ape: 'activitePrincipaleUniteLegale',
  nomenclature: 'nomenclatureActivitePrincipaleUniteLegale',
});

const sireneUl: SourceSpec = {
  id: 'sirene_ul',
  table: 'raw_sirene_ul',
  description: 'INSEE legal units, sireneUL.csv (StockUniteLegale_utf8)',
  match: (name) => /^(sireneUL|StockUniteLegale_utf8)\.csv$/i.test(name),
  delimiter: ',',
  lazyQuotes: false,
  plan: () =>
    rowPlan(
      c.all,
      [
        siren('siren', c.siren),
        text('raison_sociale', c.denomination),
        text('prenom1', c.prenom1),
        text('prenom2', c.prenom2),
        text('prenom3', c.prenom3),
        text('prenom4', c.prenom4),
        text('nom', c.nom),
        text('nom_usage', c.nom_usage),
        text('categorie_juridique', c.categorie),
        {
          name: 'activite_principale',
          expr: apeExpr('"ape"', '"nomenclature"'),
          rejects: [],
          warnings: [apeWarning('activitePrincipaleUniteLegale', '"ape"', '"nomenclature"')],
        },
        text('activite_principale_naf25', c.naf25),
        { name: 'date_creation', expr: 'sf_date_iso("creation")', rejects: [] },
        { name: 'est_actif', expr: `coalesce("etat" = 'A', false)`, rejects: [] },
      ],
      {
        warnings: [
          {
            field: 'categorieJuridiqueUniteLegale',
            value: 'categorie_juridique',
            when: `categorie_juridique IS NOT NULL AND NOT regexp_full_match(categorie_juridique, '[0-9]{4}')`,
            reason: 'unknown code',
          },
        ],
      },
    ),
};

export default sireneUl;
