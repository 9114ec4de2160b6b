import type { Warehouse } from '../../warehouse/db.ts';
import type { Sql } from '../store/store.ts';

const BATCH = 10_000;

/**
 * Streams the rows of a DuckDB query into an app-store table, 10k rows per statement: the rows travel as one JSON
 * array that PostgreSQL unpacks with `json_populate_recordset` (same SQL on PGlite and on a server, no per-row trips).
 * Returns the number of rows.
 */
export async function copyRows(
  wh: Warehouse,
  query: string,
  tx: Sql,
  table: string,
  opts: { onConflict?: string; map?: (row: Record<string, unknown>) => void } = {},
): Promise<number> {
  const result = await wh.connection.stream(query);
  const columns = result.columnNames();
  const cols = columns.join(', ');
  const sql = `INSERT INTO ${table} (${cols}) SELECT ${cols} FROM json_populate_recordset(NULL::${table}, $1::json) ${opts.onConflict ?? ''}`;
  let batch: Record<string, unknown>[] = [];
  let n = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    await tx.query(sql, [JSON.stringify(batch)]);
    n += batch.length;
    batch = [];
  };
  for await (const rows of result.yieldRowObjectJson()) {
    for (const r of rows) {
      opts.map?.(r);
      batch.push(r);
    }
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  return n;
}

/** `ON CONFLICT (key) DO UPDATE` setting every other column: an upsert that keeps `keep` columns as they are. */
export function upsert(key: string, columns: string[]): string {
  const set = columns.filter((c) => c !== key).map((c) => `${c} = EXCLUDED.${c}`);
  return `ON CONFLICT (${key}) DO UPDATE SET ${set.join(', ')}`;
}
