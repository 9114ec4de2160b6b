import { cols, type SourceSpec, siretWarnings } from './spec.ts';
import { widePlan } from './wide-effectif.ts';

/** Monthly headcount per establishment, wide by month (sources.md §2.6). */
const c = cols({ siret: 'siret', compte: { header: 'compte', optional: true } });

const effectif: SourceSpec = {
  id: 'effectif',
  table: 'raw_effectif',
  description: 'URSSAF headcount per establishment, *effectif_* (sigfaible_effectif_siret.csv)',
  match: (name) => name.includes('effectif_') && !/^sigfaible_effectif_siren\.csv$/i.test(name),
  delimiter: ';',
  lazyQuotes: false,
  plan: (header) => widePlan({ ...c.siret, name: 'siret' }, [c.compte], header, siretWarnings(c.siret, 'siret')),
};

export default effectif;
