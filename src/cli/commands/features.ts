import { existsSync } from 'node:fs';
import { SfError } from '../../common/errors.ts';
import { featuresByGroup } from '../../features/catalogue.ts';
import { exportPanel } from '../../features/export.ts';
import { buildPanel } from '../../features/panel.ts';
import { Warehouse } from '../../warehouse/db.ts';
import { type Command, printJson, str } from '../command.ts';
import { log, progress } from '../progress.ts';
import { dbOption, dbPath } from '../stores.ts';

const command: Command = {
  name: 'features',
  summary: 'build the monthly company panel',
  help: `Usage: sf features [--from YYYY-MM] [--to YYYY-MM] [--export FILE.csv|FILE.parquet] [--db FILE] [--json]

Builds table \`panel\` of the analytical store from its clean layer: one row per company (SIREN) and month,
the features of docs/features.md, the perimeter reason and the target (failure_18m, already_in_procedure).
Every feature of a month uses only data known at that month.

Options:
  --from YYYY-MM   first month of the panel (default 2016-01)
  --to YYYY-MM     last month (default: the latest month with data)
  --export FILE    also write the panel to FILE (.csv or .parquet; months as YYYY-MM)
  --db FILE        analytical store (default $SF_DB, else ./data/sf.duckdb)
  --json           print a summary as JSON on stdout

Environment: SF_FEATURES_MEMORY caps DuckDB's memory during the build (default 6GB; beyond it, work spills to disk).`,
  options: { from: { type: 'string' }, to: { type: 'string' }, export: { type: 'string' }, ...dbOption },
  async run({ values, json }) {
    const file = str(values, 'export');
    const path = dbPath(values);
    if (!existsSync(path))
      throw new SfError(`no analytical store at ${path}: run \`sf import\` first`, { setting: 'db' });
    const wh = await Warehouse.open(path);
    try {
      const bar = progress('features');
      const summary = await buildPanel(wh, {
        from: str(values, 'from'),
        to: str(values, 'to'),
        onStep: (step, i, total) => bar.update(i, total, step),
      });
      bar.done();
      const exported = file ? await exportPanel(wh, file) : undefined;
      if (json) {
        const groups = Object.fromEntries(Object.entries(featuresByGroup()).map(([g, list]) => [g, list.length]));
        printJson({ ...summary, groups, export: exported ?? null });
      } else {
        log(
          `panel: ${summary.rows.toLocaleString('en')} rows, ${summary.companies.toLocaleString('en')} companies, ` +
            `${summary.features} features, ${summary.from} to ${summary.to} (${summary.seconds} s)`,
        );
        log(
          `  in perimeter: ${summary.in_perimeter_rows.toLocaleString('en')} rows; ` +
            `already in procedure: ${summary.already_in_procedure_rows.toLocaleString('en')}; ` +
            `labelled: ${summary.labelled_rows.toLocaleString('en')}, of which failing within 18 months: ` +
            `${summary.positive_rows.toLocaleString('en')}`,
        );
        if (exported) log(`  written to ${exported.path}`);
      }
      return 0;
    } finally {
      wh.close();
    }
  },
};

export default command;
