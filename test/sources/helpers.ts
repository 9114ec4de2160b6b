import { Warehouse } from '../../src/warehouse/db.ts';
import { type ImportResult, importPaths } from '../../src/warehouse/import.ts';

export const FIXTURES = new URL('../fixtures/sources/', import.meta.url).pathname;

export async function importInto(paths: string[], db?: Warehouse): Promise<{ db: Warehouse; result: ImportResult }> {
  const store = db ?? (await Warehouse.open(':memory:'));
  const result = await importPaths(store, paths);
  return { db: store, result };
}

/** The report entry of the file whose name ends with `name`. */
export function fileReport(result: ImportResult, name: string) {
  const f = result.files.find((x) => x.path.endsWith(name));
  if (!f) throw new Error(`no report for ${name}`);
  return f;
}

/** Every table of the store, every row, in a stable order: the store's whole observable state. */
export async function snapshot(db: Warehouse): Promise<Record<string, unknown[]>> {
  const tables = await db.json<{ t: string }>(
    `SELECT table_name AS t FROM information_schema.tables WHERE table_schema = 'main' ORDER BY 1`,
  );
  const out: Record<string, unknown[]> = {};
  for (const { t } of tables) out[t] = await db.json(`SELECT * FROM ${t} ORDER BY ALL`);
  return out;
}
