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
