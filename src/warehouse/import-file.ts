/**
 * Imports one raw file of a known source, atomically: stage (scanner → normalized file → DuckDB VARCHAR table),
 * decode and validate with the source's SQL plan, then in one transaction replace or extend the source's rows,
 * store rejects and warnings, and record the batch. Any error before COMMIT leaves the store untouched.
 */
import { rmSync } from 'node:fs';
import { SfError } from '../common/errors.ts';
import { type InputColumn, lit, q, type SourceSpec } from '../sources/spec.ts';
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
  /** Progress within the file: the step, and for the scan the delivered bytes read out of `input.size`. */
  onStep?: (step: string, done?: number, total?: number) => void;
}

export async function importFile(
  db: Warehouse,
  input: RawInput,
  spec: SourceSpec,
  options: ImportFileOptions,
): Promise<FileReport> {
  try {
    const step = options.onStep ?? (() => {});
    step('scanning', 0, input.size);
    const staged = await stageFile(input, spec, options.tmpFile, (bytes) => step('scanning', bytes, input.size));
    step('reading');
    const plan = spec.plan(staged.header);
    const width = Math.max(staged.width, staged.header.length, 1);
    const positions = resolveColumns(spec, staged.header, width, plan.columns);
    const stgCols = plan.columns.map((c, i) =>
      positions[i] === null ? `CAST(NULL AS VARCHAR) AS ${q(c.as)}` : `c${positions[i]} AS ${q(c.as)}`,
    );
    await db.run(
      staged.records === 0
        ? `CREATE OR REPLACE TEMP TABLE sf_stg AS SELECT CAST(NULL AS BIGINT) AS line, ${plan.columns.map((c) => `CAST(NULL AS VARCHAR) AS ${q(c.as)}`).join(', ')} LIMIT 0`
        : `CREATE OR REPLACE TEMP TABLE sf_stg AS SELECT line, ${stgCols.join(', ')} FROM ${readCsv(options.tmpFile, spec, width)}`,
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
    rmSync(options.tmpFile, { force: true });
    await db.run('DROP VIEW IF EXISTS temp.sf_ok').catch(() => {});
    for (const t of ['sf_stg', 'sf_dec', 'sf_rej', 'sf_dup'])
      await db.run(`DROP TABLE IF EXISTS temp.${t}`).catch(() => {});
  }
}
