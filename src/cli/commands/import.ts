import { writeFileSync } from 'node:fs';
import { UsageError } from '../../common/errors.ts';
import { Warehouse } from '../../warehouse/db.ts';
import { importHistory } from '../../warehouse/history.ts';
import { importPaths } from '../../warehouse/import.ts';
import { bool, type Command, printJson, str } from '../command.ts';
import { log, progress } from '../progress.ts';
import { dbOption, dbPath } from '../stores.ts';

const command: Command = {
  name: 'import',
  summary: 'import raw files into the analytical store',
  help: `Usage: sf import PATH... [--report FILE] [--db FILE] [--json]
       sf import --history [--db FILE] [--json]

Imports files or directories (top level only; names starting with "." or "_" are skipped).
The source is recognised from the file name (see docs/sources.md); .gz and .zip are accepted.
Each file is imported atomically; content already imported (same sha256) is reported "unchanged".
A new delivery of a source replaces that source's earlier data. Rejected lines are stored with file,
line, field, value and reason; doubtful values are imported and listed as warnings.
The clean monthly layer (clean_* tables) is rebuilt when something changed.

Options:
  --report FILE   write the JSON report ({files: [...]}) to FILE
  --json          print the JSON report on stdout
  --history       list the imported batches (name, size, sha256, counts, when)
  --db FILE       analytical store (default $SF_DB or ./data/sf.duckdb)

Exit 1 if any file failed as a whole (the others are still imported).`,
  options: { ...dbOption, report: { type: 'string' }, history: { type: 'boolean' } },
  positionals: true,
  async run({ values, positionals, json }) {
    const db = await Warehouse.open(dbPath(values));
    try {
      if (bool(values, 'history')) {
        const batches = await importHistory(db);
        if (json) printJson({ batches });
        else
          for (const b of batches)
            process.stdout.write(
              `${b.imported_at}  #${b.batch_id} ${b.source.padEnd(15)} ${b.file_name}  ${b.size} B  sha256 ${b.sha256.slice(0, 12)}…  read ${b.rows_read}, imported ${b.rows_imported}, rejected ${b.rows_rejected}, warned ${b.rows_warned}${b.active ? '' : '  (replaced)'}\n`,
            );
        return 0;
      }
      if (positionals.length === 0) throw new UsageError('sf import needs at least one PATH (or --history)');
      const bar = progress('import');
      let current = { index: 0, total: 0, path: '' };
      const result = await importPaths(db, positionals, {
        onFile: ({ index, total, path, report }) => {
          current = { index, total, path };
          if (!report) bar.update(index, total, path);
        },
        // Within a big file: how far the scan has read, then the SQL step under way.
        onFileStep: (step, done, total) => {
          const pct = done !== undefined && total ? ` ${Math.floor((100 * done) / total)}%` : '';
          // A new step is always shown: the one after the scan can last a while.
          bar.update(current.index, current.total, `${current.path}: ${step}${pct}`, done === undefined);
        },
        onCleanStep: (table) => bar.update(1, 1, `clean layer: ${table}`),
      });
      bar.done();
      const doc = { files: result.files, ignored: result.ignored };
      const reportFile = str(values, 'report');
      if (reportFile) writeFileSync(reportFile, `${JSON.stringify(doc, null, 2)}\n`);
      if (json) printJson(doc);
      else {
        for (const path of result.ignored) log(`ignored   ${path}: file name of no known source`);
        for (const f of result.files)
          process.stdout.write(
            `${f.status.padEnd(9)} ${(f.source ?? '?').padEnd(15)} ${f.path}: read ${f.rows_read}, imported ${f.rows_imported}, rejected ${f.rows_rejected}, warnings ${f.warnings.length}${f.error ? ` — ${f.error}` : ''}\n`,
          );
      }
      const failed = result.files.filter((f) => f.status === 'failed');
      for (const f of failed) process.stderr.write(`sf: ${f.path}: ${f.error}\n`);
      return failed.length > 0 ? 1 : 0;
    } finally {
      db.close();
    }
  },
};

export default command;
