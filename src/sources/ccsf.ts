import { siretOrAccount } from './account-siret.ts';
import { cols, decoded, rowPlan, type SourceSpec, text, unknownCode } from './spec.ts';

/** CCSF debt plans (sources.md §2.4): one line per stage of one request, URSSAF dates. */
const c = cols({
  siret: 'Siret',
  compte: 'Compte',
  date: 'Date_de_traitement',
  stade: 'Code_externe_stade',
  action: 'Code_externe_action',
});

const ccsf: SourceSpec = {
  id: 'ccsf',
  table: 'raw_ccsf',
  description: 'CCSF plans, sigfaible_ccsf.csv',
  match: (name) => /^sigfaible_ccsf\.csv$/i.test(name),
  delimiter: ';',
  lazyQuotes: false,
  after: ['admin_urssaf'],
  plan: (header) => {
    const key = siretOrAccount(header, c.siret, c.compte, 'sf_urssaf_date("date")');
    return rowPlan(
      [...key.columns, ...c.all.filter((x) => x !== c.siret)],
      [
        key.field,
        text('numero_compte', c.compte),
        decoded('date_traitement', c.date, 'sf_urssaf_date', 'a URSSAF date (A)AAMMJJ', { required: true }),
        text('stade', c.stade),
        text('action', c.action),
      ],
      {
        warnings: [
          unknownCode(c.stade, 'stade', ['DEBUT', 'REFUS', 'APPROB', 'FIN', 'REJ']),
          unknownCode(c.action, 'action', ['CCSF']),
        ],
      },
    );
  },
};

export default ccsf;
