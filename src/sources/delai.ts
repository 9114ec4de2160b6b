import { siretOrAccount } from './account-siret.ts';
import { cols, decoded, rowPlan, type SourceSpec, text, unknownCode } from './spec.ts';

/** URSSAF payment plans (sources.md §2.3): DD/MM/YYYY dates, euros with comma or dot. */
const c = cols({
  siret: 'Siret',
  compte: 'Numero_compte_externe',
  structure: 'Numero_structure',
  creation: 'Date_creation',
  echeance: 'Date_echeance',
  duree: 'Duree_delai',
  denomination: 'Denomination_premiere_ligne',
  indic: 'Indic_6M',
  annee: 'Annee_creation',
  montant: 'Montant_global_echeancier',
  stade: 'Code_externe_stade',
  action: 'Code_externe_action',
});

const delai: SourceSpec = {
  id: 'delai',
  table: 'raw_delai',
  description: 'URSSAF payment plans, sigfaible_delais.csv',
  match: (name) => /^sigfaible_delais\.csv$/i.test(name),
  delimiter: ';',
  lazyQuotes: false,
  after: ['admin_urssaf'],
  plan: (header) => {
    const key = siretOrAccount(header, c.siret, c.compte, 'sf_date_dmy("creation")');
    return rowPlan(
      [...key.columns, ...c.all.filter((x) => x !== c.siret)],
      [
        key.field,
        text('numero_compte', c.compte),
        text('numero_contentieux', c.structure),
        decoded('date_creation', c.creation, 'sf_date_dmy', 'a date DD/MM/YYYY', { required: true }),
        decoded('date_echeance', c.echeance, 'sf_date_dmy', 'a date DD/MM/YYYY', { required: true }),
        // The reference silently turned a bad duration into 0; we reject it.
        decoded('duree_delai', c.duree, 'sf_int', 'an integer number of days'),
        text('denomination', c.denomination),
        text('indic_6mois', c.indic),
        decoded('annee_creation', c.annee, 'sf_int', 'a year'),
        decoded('montant_echeancier', c.montant, 'sf_comma_float', 'an amount in euros'),
        text('stade', c.stade),
        text('action', c.action),
      ],
      {
        warnings: [
          unknownCode(c.indic, 'indic_6mois', ['INF', 'SUP']),
          {
            field: 'Date_echeance',
            value: 'date_echeance',
            when: 'date_echeance < date_creation',
            reason: 'due date before creation date',
          },
          { field: 'Duree_delai', value: 'duree_delai', when: 'duree_delai < 0', reason: 'negative duration' },
        ],
      },
    );
  },
};

export default delai;
