import { cols, type SourceSpec, sirenWarnings } from './spec.ts';
import { widePlan } from './wide-effectif.ts';

/** Monthly headcount per company, wide by month (sources.md §2.7): the source of the perimeter. */
const c = cols({ siren: 'siren' });

const effectifEnt: SourceSpec = {
  id: 'effectif_ent',
  table: 'raw_effectif_ent',
  description: 'URSSAF headcount per company, sigfaible_effectif_siren.csv',
  match: (name) => /^sigfaible_effectif_siren\.csv$/i.test(name),
  delimiter: ';',
  lazyQuotes: false,
  plan: (header) => widePlan({ ...c.siren, name: 'siren' }, [], header, sirenWarnings(c.siren, 'siren')),
};

export default effectifEnt;
