/**
 * Batches under way. A big file's rows are written part by part, each part committed on its own (DuckDB is several
 * times slower on rows written in a still-open transaction), under a batch marked `importing` and inactive; only
 * the file's last transaction makes the batch `imported` and replaces the source's older rows. A file that fails
 * has its rows deleted at once; a process killed mid-file leaves them behind, and the next open of the store for
 * an import deletes them before anything reads the raw tables (only the import and its clean-layer rebuild do).
 */
import { SOURCES } from '../sources/registry.ts';
import type { Warehouse } from './db.ts';
import type { RawInput } from './input.ts';

/** Records a new batch as being imported and returns its id. */
export async function beginBatch(db: Warehouse, input: RawInput, source: string): Promise<number> {
  const row = await db.one<{ id: bigint }>(`SELECT nextval('import_batch_seq') AS id`);
  const id = Number(row?.id);
  await db.run(
    `INSERT INTO import_batch VALUES ($1, $2, $3, $4, $5, $6, 'importing', 0, 0, 0, 0, current_timestamp, NULL, false)`,
    [id, input.path, input.name, input.size, input.sha256, source],
  );
  return id;
}

/** Deletes a batch that did not complete: its rows and its record, in one transaction. */
export async function abandonBatch(db: Warehouse, id: number, table: string): Promise<void> {
  await db.transaction(async () => {
    await db.run(`DELETE FROM ${table} WHERE batch_id = ${id}`);
    await db.run(`DELETE FROM import_batch WHERE batch_id = ${id}`);
  });
}

/** Deletes what interrupted imports left behind (run when the store is opened for an import). */
export async function recoverInterrupted(db: Warehouse): Promise<void> {
  const left = await db.all<{ batch_id: bigint; source: string }>(
    `SELECT batch_id, source FROM import_batch WHERE status = 'importing'`,
  );
  for (const b of left) {
    const table = SOURCES.find((s) => s.id === b.source)?.table;
    if (table) await abandonBatch(db, Number(b.batch_id), table);
    else await db.run(`DELETE FROM import_batch WHERE batch_id = ${b.batch_id}`);
  }
}
