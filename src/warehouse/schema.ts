/**
 * The import bookkeeping tables and the raw tables. A raw table's columns are whatever its source's plan yields
 * (created by running the plan over an empty staging table), so a source module is the single place that
 * defines them, plus `batch_id` first and `_notices` last: the row's warnings, NULL for a clean row.
 */
import { DECODER_MACROS } from '../sources/decoders.ts';
import { SOURCES } from '../sources/registry.ts';
import { q } from '../sources/spec.ts';
import type { Warehouse } from './db.ts';
import { recoverInterrupted } from './journal.ts';

/** A reject or warning of a raw row, as the importer stores it (`_notices`) and reports it. */
const NOTICE_TYPE = 'STRUCT(field VARCHAR, value VARCHAR, reason VARCHAR, severity VARCHAR)';

export const BOOKKEEPING = `
CREATE SEQUENCE IF NOT EXISTS import_batch_seq START 1;
CREATE TABLE IF NOT EXISTS import_batch (
  batch_id BIGINT PRIMARY KEY,
  path VARCHAR, file_name VARCHAR, size BIGINT, sha256 VARCHAR, source VARCHAR, status VARCHAR,
  rows_read BIGINT, rows_imported BIGINT, rows_rejected BIGINT, rows_warned BIGINT,
  imported_at TIMESTAMP, error VARCHAR,
  -- false once a later delivery of the same source replaced this file's rows
  active BOOLEAN
);
CREATE TABLE IF NOT EXISTS import_reject (
  batch_id BIGINT, line BIGINT, field VARCHAR, value VARCHAR, reason VARCHAR, severity VARCHAR
);
`;

/**
 * Creates the macros (session-scoped in DuckDB) and every table the importer writes, if missing, and deletes what
 * an interrupted import left behind.
 */
export async function ensureSchema(db: Warehouse): Promise<void> {
  await db.run(DECODER_MACROS);
  await db.run(BOOKKEEPING);
  const done = new Set<string>();
  for (const spec of SOURCES) {
    if (done.has(spec.table)) continue;
    done.add(spec.table);
    if (await db.tableExists(spec.table)) {
      // stores made before raw rows carried their notices
      await db.run(`ALTER TABLE ${spec.table} ADD COLUMN IF NOT EXISTS _notices ${NOTICE_TYPE}[]`);
      continue;
    }
    const plan = spec.plan([]);
    const stg = ['CAST(NULL AS BIGINT) AS line', ...plan.columns.map((c) => `CAST(NULL AS VARCHAR) AS ${q(c.as)}`)];
    await db.run(
      `CREATE TABLE ${spec.table} AS WITH sf_stg AS (SELECT ${stg.join(', ')} LIMIT 0)
       SELECT CAST(NULL AS BIGINT) AS batch_id, * EXCLUDE (_rejects, _warnings), CAST(NULL AS ${NOTICE_TYPE}[]) AS _notices
       FROM (${plan.select}) LIMIT 0`,
    );
  }
  await recoverInterrupted(db);
}
