import { checkWarehouse, publish } from '../../app/publish/publish.ts';
import { openAppStore } from '../../app/store/store.ts';
import { Warehouse } from '../../warehouse/db.ts';
import { type Command, printJson, str } from '../command.ts';
import { appStoreOption, appStoreUrl, dbOption, dbPath } from '../stores.ts';

export default {
  name: 'publish',
  summary: 'publish a detection list into the app store',
  help: `Usage: sf publish [--label TEXT] [--db FILE] [--database-url URL] [--json]

Loads the latest predictions (latest month, latest model) with their explanations, and the company data the cards
show, from the analytical store into the app store as a new detection list, in one transaction. Earlier lists stay.

  --label TEXT         list name (default: the month in French, e.g. "Juin 2024")
  --db FILE            analytical store (default $SF_DB or ./data/sf.duckdb)
  --database-url URL   app store: postgres://… (default $DATABASE_URL, else the PGlite directory ./data/app)`,
  options: { label: { type: 'string' }, ...dbOption, ...appStoreOption },
  async run({ values, json }) {
    const wh = await Warehouse.open(dbPath(values));
    try {
      await checkWarehouse(wh); // before the app store is opened: a quick, clear failure
      const store = await openAppStore(appStoreUrl(values));
      try {
        const r = await publish(wh, store, { label: str(values, 'label') });
        if (json) printJson(r);
        else
          process.stderr.write(
            `published list ${r.id} "${r.label}" (${r.periode}, model ${r.model_version}): ${r.nb_entreprises} companies, ${r.nb_fort} fort, ${r.nb_modere} modéré\n`,
          );
      } finally {
        await store.close();
      }
    } finally {
      wh.close();
    }
    return 0;
  },
} satisfies Command;
