/**
 * Imports one raw file of a known source, atomically: stage (scanner → normalized file → DuckDB VARCHAR table),
 * decode and validate with the source's SQL plan, then in one transaction replace or extend the source's rows,
 * store rejects and warnings, and record the batch. Any error before COMMIT leaves the store untouched.
 */
import { rmSync } from 'node:fs';
import { SfError } from '../common/errors.ts';
import { type InputColumn, lit, type Plan, q, type SourceSpec } from '../sources/spec.ts';
import type { Warehouse } from './db.ts';
import type { RawInput } from './input.ts';
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
  /** Staged bytes per part (default 16 MB). */
  partBytes?: number;
  /** Progress within the file: the step, and for the scan the delivered bytes read out of `input.size`. */
  onStep?: (step: string, done?: number, total?: number) => void;
}

/** Staged rows per part: small enough that most of a big file's reading overlaps its scan. */
const PART_BYTES = 16 << 20;

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

export async function importFile(
  db: Warehouse,
  input: RawInput,
  spec: SourceSpec,
  options: ImportFileOptions,
): Promise<FileReport> {
  const parts: string[] = [];
  try {
    const step = options.onStep ?? (() => {});
    step('scanning', 0, input.size);
    // The staged records are loaded part by part while the scan goes on: DuckDB reads one part on its threads
    // while our single-threaded scanner writes the next.
    let staging: { plan: Plan; read: (file: string) => string } | null = null;
    let loading: Promise<void> = Promise.resolve();
    let loadError: { error: unknown } | null = null;
    const load = (file: string, header: string[], fields: number): void => {
      parts.push(file);
      loading = loading
        .then(async () => {
          if (loadError) return;
          const first = staging === null;
          staging ??= stagingOf(spec, header, fields);
          const select = staging.read(file);
          await db.run(first ? `CREATE OR REPLACE TEMP TABLE sf_stg AS ${select}` : `INSERT INTO sf_stg ${select}`);
          rmSync(file, { force: true });
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
    } finally {
      await loading; // nothing may run on the connection after this function returns
    }
    step('reading');
    if (loadError) throw (loadError as { error: unknown }).error;
    staging ??= stagingOf(spec, staged.header, staged.width);
    const { plan } = staging;
    if (parts.length === 0)
      await db.run(
        `CREATE OR REPLACE TEMP TABLE sf_stg AS SELECT CAST(NULL AS BIGINT) AS line, ${plan.columns.map((c) => `CAST(NULL AS VARCHAR) AS ${q(c.as)}`).join(', ')} LIMIT 0`,
      );
    step('decoding and checking');
    await db.run(`CREATE OR REPLACE TEMP TABLE sf_dec AS ${plan.select}`);
    await db.run('DROP TABLE temp.sf_stg'); // as big as the file: freed before the decoded rows are copied
    await db.run(
      `CREATE OR REPLACE TEMP TABLE sf_rej AS
       SELECT DISTINCT line, r.field AS field, r.value AS value, r.reason AS reason
       FROM (SELECT line, unnest(_rejects) AS r FROM sf_dec WHERE len(_rejects) > 0)`,
    );
    if (staged.rejects.length > 0) {
      const values = staged.rejects.map((r) => `(${r.line}, NULL, NULL, ${lit(r.reason)})`);
      for (let i = 0; i < values.length; i += 1000)
        await db.run(`INSERT INTO sf_rej VALUES ${values.slice(i, i + 1000).join(', ')}`);
    }
    // Rows with a value reject are dropped; a duplicate drops its whole line (wide files keep a line's good cells).
    await db.run('CREATE OR REPLACE TEMP TABLE sf_dup (line BIGINT)');
    if (plan.unique) {
      const key = plan.unique.key.map(q).join(', ');
      await db.run(
        `CREATE OR REPLACE TEMP TABLE sf_dup AS
         SELECT line, concat_ws(' / ', ${key}) AS value, first
         FROM (SELECT line, ${key}, min(line) OVER (PARTITION BY ${key}) AS first FROM sf_dec WHERE len(_rejects) = 0)
         WHERE line > first`,
      );
      await db.run(
        `INSERT INTO sf_rej SELECT line, ${lit(plan.unique.field)}, value, ${lit(plan.unique.reason)} || ' (first on line ' || first || ')' FROM sf_dup`,
      );
    }
    // A view, not a copy: the accepted rows are read a few times but written only once, into the raw table.
    await db.run(
      `CREATE OR REPLACE TEMP VIEW sf_ok AS SELECT * FROM sf_dec WHERE len(_rejects) = 0${plan.unique ? ' AND line NOT IN (SELECT line FROM sf_dup)' : ''}`,
    );
    const counts = await db.one<{ imported: bigint; rejected: bigint }>(
      `SELECT (SELECT ${plan.rowPerLine ? 'count(*)' : 'count(DISTINCT line)'} FROM sf_ok) AS imported,
         (SELECT count(DISTINCT line) FROM sf_rej) AS rejected`,
    );
    const rowsImported = Number(counts?.imported ?? 0);
    const rowsRejected = Number(counts?.rejected ?? 0);

    step('storing');
    await db.transaction(async () => {
      const batch = await db.one<{ id: bigint }>(`SELECT nextval('import_batch_seq') AS id`);
      const id = Number(batch?.id);
      if (options.replace) {
        const old = `SELECT batch_id FROM import_batch WHERE source = ${lit(spec.id)} AND active`;
        await db.run(`DELETE FROM ${spec.table} WHERE batch_id IN (${old})`);
        await db.run(`UPDATE import_batch SET active = false WHERE source = ${lit(spec.id)} AND active`);
      }
      await db.run(`INSERT INTO ${spec.table} SELECT ${id}, * EXCLUDE (_rejects, _warnings) FROM sf_ok`);
      await db.run(`INSERT INTO import_reject SELECT ${id}, line, field, value, reason, 'reject' FROM sf_rej`);
      await db.run(
        `INSERT INTO import_reject SELECT DISTINCT ${id}, line, w.field, w.value, w.reason, 'warning'
         FROM (SELECT line, unnest(_warnings) AS w FROM sf_ok WHERE len(_warnings) > 0)`,
      );
      for (const w of staged.warnings)
        await db.run(`INSERT INTO import_reject VALUES (${id}, ${w.line}, NULL, NULL, ${lit(w.reason)}, 'warning')`);
      const warned = await db.one<{ n: bigint }>(
        `SELECT count(DISTINCT line) AS n FROM import_reject WHERE batch_id = ${id} AND severity = 'warning'`,
      );
      await db.run(
        `INSERT INTO import_batch VALUES ($1, $2, $3, $4, $5, $6, 'imported', $7, $8, $9, $10, current_timestamp, NULL, true)`,
        [
          id,
          input.path,
          input.name,
          input.size,
          input.sha256,
          spec.id,
          staged.records,
          rowsImported,
          rowsRejected,
          Number(warned?.n ?? 0),
        ],
      );
      return id;
    });
    const rejects = await notices(db, `SELECT * FROM sf_rej ORDER BY line, field NULLS FIRST LIMIT ${REPORT_LIMIT}`);
    const warnings = [
      ...staged.warnings,
      ...(await notices(
        db,
        `SELECT DISTINCT line, w.field AS field, w.value AS value, w.reason AS reason
         FROM (SELECT line, unnest(_warnings) AS w FROM sf_ok WHERE len(_warnings) > 0)
         ORDER BY line, field LIMIT ${REPORT_LIMIT}`,
      )),
    ].slice(0, REPORT_LIMIT);
    return {
      path: input.path,
      source: spec.id,
      status: 'imported',
      rows_read: staged.records,
      rows_imported: rowsImported,
      rows_rejected: rowsRejected,
      rejects,
      warnings,
      error: null,
    };
  } catch (e) {
    const message = e instanceof SfError ? e.describe() : (e as Error).message;
    return {
      path: input.path,
      source: spec.id,
      status: 'failed',
      rows_read: 0,
      rows_imported: 0,
      rows_rejected: 0,
      rejects: [],
      warnings: [],
      error: message,
    };
  } finally {
    for (const file of parts) rmSync(file, { force: true });
    rmSync(`${options.tmpFile}.${parts.length}`, { force: true }); // a part being written when the scan failed
    await db.run('DROP VIEW IF EXISTS temp.sf_ok').catch(() => {});
    for (const t of ['sf_stg', 'sf_dec', 'sf_rej', 'sf_dup'])
      await db.run(`DROP TABLE IF EXISTS temp.${t}`).catch(() => {});
  }
}
