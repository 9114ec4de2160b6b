/** `sf import --history`: the batches imported into the store, newest first. */
import type { Warehouse } from './db.ts';
import { ensureSchema } from './schema.ts';

export interface BatchRow {
  batch_id: number;
  imported_at: string;
  source: string;
  file_name: string;
  path: string;
  size: number;
  sha256: string;
  status: string;
  active: boolean;
  rows_read: number;
  rows_imported: number;
  rows_rejected: number;
  rows_warned: number;
}

export async function importHistory(db: Warehouse): Promise<BatchRow[]> {
  await ensureSchema(db);
  const rows = await db.json<Record<string, unknown>>(
    `SELECT batch_id, strftime(imported_at, '%Y-%m-%dT%H:%M:%S') AS imported_at, source, file_name, path, size, sha256,
       status, active, rows_read, rows_imported, rows_rejected, rows_warned
     FROM import_batch ORDER BY batch_id DESC`,
  );
  return rows.map((r) => ({
    ...(r as unknown as BatchRow),
    batch_id: Number(r.batch_id),
    size: Number(r.size),
    rows_read: Number(r.rows_read),
    rows_imported: Number(r.rows_imported),
    rows_rejected: Number(r.rows_rejected),
    rows_warned: Number(r.rows_warned),
  }));
}
