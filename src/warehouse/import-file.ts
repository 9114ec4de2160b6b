/**
 * Imports one raw file of a known source, atomically: the scanner writes normalized parts, DuckDB decodes and
 * validates each part with the source's SQL plan into the raw table while the scan goes on (under a batch marked
 * `importing`, journal.ts), the file's rejects and duplicates are moved to the report, then one transaction
 * replaces the source's older rows if asked and makes the batch `imported`. A file that fails leaves the store as
 * it was.
 */
import { rmSync } from 'node:fs';
import { SfError } from '../common/errors.ts';
import { type InputColumn, lit, type Plan, q, type SourceSpec } from '../sources/spec.ts';
import type { Warehouse } from './db.ts';
import type { RawInput } from './input.ts';
import { abandonBatch, beginBatch } from './journal.ts';
import { type Notice, stageFile } from './stage.ts';

export interface FileReport {
  path: string;
  source: string | null;
  status: 'imported' | 'unchanged' | 'failed';
  rows_read: number;
  rows_imported: number;
  rows_rejected: number;
  rejects: Notice[];
  warnings: Notice[];
  error: string | null;
}

const REPORT_LIMIT = 200;

/** The report of a file nothing was imported from (`status` failed; callers may mark it unchanged instead). */
export const failedReport = (path: string, source: string | null, error: string): FileReport => ({
  path,
  source,
  status: 'failed',
  rows_read: 0,
  rows_imported: 0,
  rows_rejected: 0,
  rejects: [],
  warnings: [],
  error,
});

/** Resolves the plan's input columns against the header: index in the normalized file, or null (missing). */
function resolveColumns(spec: SourceSpec, header: string[], width: number, columns: InputColumn[]): (number | null)[] {
  const index = new Map<string, number>();
  header.forEach((h, i) => {
    index.set(spec.exactHeader ? h : h.toLowerCase(), i); // last occurrence wins, like the reference
  });
  return columns.map((c) => {
    if (c.position !== undefined) {
      if (c.position < width) return c.position;
    } else {
      const i = index.get(spec.exactHeader ? c.header : c.header.toLowerCase());
      if (i !== undefined) return i;
    }
    if (c.optional) return null;
    throw new SfError(`column ${c.header} not found in the header`, { field: c.header });
  });
}

const readCsv = (file: string, spec: SourceSpec, width: number): string => {
  const columns = [`'line': 'BIGINT'`, ...Array.from({ length: width }, (_, i) => `'c${i}': 'VARCHAR'`)];
  return `read_csv(${lit(file)}, delim=${lit(spec.delimiter)}, quote='"', escape='"', header=false, auto_detect=false,
    new_line='\\n', columns={${columns.join(', ')}}, max_line_size=16777216)`;
};

async function notices(db: Warehouse, sql: string): Promise<Notice[]> {
  const rows = await db.json<{ line: string | number; field: string | null; value: string | null; reason: string }>(
    sql,
  );
  return rows.map((r) => ({ line: Number(r.line), field: r.field, value: r.value, reason: r.reason }));
}

export interface ImportFileOptions {
  /** Replace the rows of earlier deliveries of this source (first file of the source in a run). */
  replace: boolean;
  tmpFile: string;
  /** Staged bytes per part (default 128 MB). */
  partBytes?: number;
  /** Progress within the file: the step; for the scan, the delivered bytes read out of `input.size`; then the parts
   * decoded out of the parts written. */
  onStep?: (step: string, done?: number, total?: number) => void;
}

/** Staged bytes per part: DuckDB pays a fixed cost per statement, so parts are big; the scanner, faster than
 * DuckDB, still hands over the first part early. */
const PART_BYTES = 128 << 20;

/** The source's plan for this header, and the SELECT that reads one staged part into `sf_stg`'s columns. */
function stagingOf(spec: SourceSpec, header: string[], fields: number): { plan: Plan; read: (file: string) => string } {
  const plan = spec.plan(header);
  const width = Math.max(fields, header.length, 1);
  const positions = resolveColumns(spec, header, width, plan.columns);
  const columns = plan.columns.map((c, i) =>
    positions[i] === null ? `CAST(NULL AS VARCHAR) AS ${q(c.as)}` : `c${positions[i]} AS ${q(c.as)}`,
  );
  return { plan, read: (file) => `SELECT line, ${columns.join(', ')} FROM ${readCsv(file, spec, width)}` };
}

/**
 * The per-row notices stored with a raw row (`_notices`): its rejects if it has any (the row is deleted before its
 * batch is `imported`), else its warnings; NULL for the usual clean row, so that the column costs nothing.
 */
const NOTICES = `CASE WHEN len(_rejects) > 0 THEN list_transform(_rejects, n -> struct_insert(n, severity := 'reject'))
  WHEN len(_warnings) > 0 THEN list_transform(_warnings, n -> struct_insert(n, severity := 'warning')) END`;
const REJECTED = `(_notices IS NOT NULL AND _notices[1].severity = 'reject')`;

export async function importFile(
  db: Warehouse,
  input: RawInput,
  spec: SourceSpec,
  options: ImportFileOptions,
): Promise<FileReport> {
  const parts: string[] = [];
  let id: number | null = null;
  try {
    const step = options.onStep ?? (() => {});
    step('scanning', 0, input.size);
    const batch = await beginBatch(db, input, spec.id);
    id = batch;
    const rows = `${spec.table} WHERE batch_id = ${batch}`;
    // Each part goes straight into the raw table while the scan goes on (DuckDB reads, decodes and writes one
    // part on its threads while our single-threaded scanner writes the next): the file's rows are written once.
    let staging: { plan: Plan; read: (file: string) => string } | null = null;
    // parts decoded so far; once the scan is over, progress counts them (DuckDB lags behind the scanner)
    let decoded = 0;
    let scanned = false;
    let loading: Promise<void> = Promise.resolve();
    let loadError: { error: unknown } | null = null;
    const load = (file: string, header: string[], fields: number): void => {
      parts.push(file);
      loading = loading
        .then(async () => {
          if (loadError) return;
          staging ??= stagingOf(spec, header, fields);
          const { plan, read } = staging;
          if (plan.stagedTable) await db.run(`CREATE OR REPLACE TEMP TABLE sf_stg AS ${read(file)}`);
          await db.run(
            `INSERT INTO ${spec.table} BY NAME
             ${plan.stagedTable ? '' : `WITH sf_stg AS MATERIALIZED (${read(file)})`}
             SELECT ${batch} AS batch_id, * EXCLUDE (_rejects, _warnings), ${NOTICES} AS _notices FROM (${plan.select})`,
          );
          rmSync(file, { force: true });
          decoded++;
          if (scanned) step('decoding', decoded, parts.length);
        })
        .catch((error) => {
          loadError ??= { error };
        });
    };
    let staged: Awaited<ReturnType<typeof stageFile>>;
    try {
      staged = await stageFile(input, spec, options.tmpFile, (bytes) => step('scanning', bytes, input.size), {
        bytes: options.partBytes ?? PART_BYTES,
        onPart: load,
      });
      scanned = true;
      step('decoding', decoded, parts.length);
    } finally {
      await loading; // nothing may run on the connection after this function returns
    }
    if (loadError) throw (loadError as { error: unknown }).error;
    const { plan } = staging ?? stagingOf(spec, staged.header, staged.width);

    step('checking');
    await db.run(
      `CREATE OR REPLACE TEMP TABLE sf_rej AS
       SELECT DISTINCT line, r.field AS field, r.value AS value, r.reason AS reason
       FROM (SELECT line, unnest(_notices) AS r FROM ${rows} AND ${REJECTED})`,
    );
    const valueRejects = Number((await db.one<{ n: bigint }>('SELECT count(*) AS n FROM sf_rej'))?.n ?? 0);
    const values = staged.rejects.map((r) => `(${r.line}, NULL, NULL, ${lit(r.reason)})`);
    for (let i = 0; i < values.length; i += 1000)
      await db.run(`INSERT INTO sf_rej VALUES ${values.slice(i, i + 1000).join(', ')}`);
    // Rows with a value reject are dropped; a duplicate drops its whole line (wide files keep a line's good cells).
    let duplicates = 0;
    if (plan.unique) {
      const key = plan.unique.key.map(q).join(', ');
      await db.run(
        `CREATE OR REPLACE TEMP TABLE sf_dup AS
         SELECT line, concat_ws(' / ', ${key}) AS value, first
         FROM (SELECT line, ${key}, min(line) OVER (PARTITION BY ${key}) AS first FROM ${rows} AND NOT ${REJECTED})
         WHERE line > first`,
      );
      await db.run(
        `INSERT INTO sf_rej SELECT line, ${lit(plan.unique.field)}, value, ${lit(plan.unique.reason)} || ' (first on line ' || first || ')' FROM sf_dup`,
      );
      duplicates = Number((await db.one<{ n: bigint }>('SELECT count(*) AS n FROM sf_dup'))?.n ?? 0);
    }
    if (valueRejects > 0 || duplicates > 0)
      await db.run(
        `DELETE FROM ${rows} AND (${REJECTED}${duplicates > 0 ? ' OR line IN (SELECT line FROM sf_dup)' : ''})`,
      );

    step('storing');
    await db.transaction(async () => {
      if (options.replace) {
        const old = `SELECT batch_id FROM import_batch WHERE source = ${lit(spec.id)} AND active`;
        await db.run(`DELETE FROM ${spec.table} WHERE batch_id IN (${old})`);
        await db.run(`UPDATE import_batch SET active = false WHERE source = ${lit(spec.id)} AND active`);
      }
      await db.run(`INSERT INTO import_reject SELECT ${batch}, line, field, value, reason, 'reject' FROM sf_rej`);
      await db.run(
        `INSERT INTO import_reject SELECT DISTINCT ${batch}, line, w.field, w.value, w.reason, 'warning'
         FROM (SELECT line, unnest(_notices) AS w FROM ${rows} AND _notices IS NOT NULL)`,
      );
      for (const w of staged.warnings)
        await db.run(`INSERT INTO import_reject VALUES (${batch}, ${w.line}, NULL, NULL, ${lit(w.reason)}, 'warning')`);
      await db.run(
        `UPDATE import_batch SET status = 'imported', active = true, imported_at = current_timestamp, rows_read = $1,
           rows_imported = (SELECT ${plan.rowPerLine ? 'count(*)' : 'count(DISTINCT line)'} FROM ${rows}),
           rows_rejected = (SELECT count(DISTINCT line) FROM sf_rej),
           rows_warned = (SELECT count(DISTINCT line) FROM import_reject WHERE batch_id = ${batch} AND severity = 'warning')
         WHERE batch_id = ${batch}`,
        [staged.records],
      );
    });
    id = null; // imported: nothing to undo
    const counts = await db.one<{ rows_imported: bigint; rows_rejected: bigint }>(
      `SELECT rows_imported, rows_rejected FROM import_batch WHERE batch_id = ${batch}`,
    );
    const report = (severity: string) =>
      notices(
        db,
        `SELECT line, field, value, reason FROM import_reject WHERE batch_id = ${batch} AND severity = '${severity}'
         ORDER BY line, field NULLS FIRST, reason LIMIT ${REPORT_LIMIT}`,
      );
    return {
      path: input.path,
      source: spec.id,
      status: 'imported',
      rows_read: staged.records,
      rows_imported: Number(counts?.rows_imported ?? 0),
      rows_rejected: Number(counts?.rows_rejected ?? 0),
      rejects: await report('reject'),
      warnings: await report('warning'),
      error: null,
    };
  } catch (e) {
    // a failure after this also leaves the batch `importing`: the next import deletes it (journal.ts)
    if (id !== null) await abandonBatch(db, id, spec.table).catch(() => {});
    return failedReport(input.path, spec.id, e instanceof SfError ? e.describe() : (e as Error).message);
  } finally {
    for (const file of parts) rmSync(file, { force: true });
    rmSync(`${options.tmpFile}.${parts.length}`, { force: true }); // a part being written when the scan failed
    for (const t of ['sf_stg', 'sf_rej', 'sf_dup']) await db.run(`DROP TABLE IF EXISTS temp.${t}`).catch(() => {});
  }
}
