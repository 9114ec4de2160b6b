import { addMonths, monthRange } from '../../src/common/months.ts';
import { PUBLICATION_LAG } from '../../src/features/catalogue.ts';
import { INPUTS } from '../../src/features/inputs.ts';
import { Warehouse } from '../../src/warehouse/db.ts';

export type Row = Record<string, string | number | boolean | null | undefined>;
export type CleanData = Partial<Record<keyof typeof INPUTS, Row[]>>;

const sqlValue = (v: Row[string] | undefined, type: string): string => {
  if (v === null || v === undefined) return 'NULL';
  if (type === 'DATE') return `DATE '${String(v).length === 7 ? `${v}-01` : v}'`;
  if (typeof v === 'string') return `'${v.replaceAll("'", "''")}'`;
  return String(v);
};

/**
 * A real in-memory DuckDB store holding the clean-layer tables of the contract, filled with `data`
 * (months may be written `YYYY-MM`). Tables not given are created empty, except `delivery_info`.
 */
export async function cleanStore(data: CleanData, lastMonth: string): Promise<Warehouse> {
  const wh = await Warehouse.open(':memory:');
  await fill(wh, { ...data, delivery_info: [{ last_month: lastMonth }] });
  return wh;
}

export async function fill(wh: Warehouse, data: CleanData): Promise<void> {
  for (const [table, spec] of Object.entries(INPUTS)) {
    const cols = Object.entries(spec.columns);
    await wh.run(`CREATE TABLE ${table} (${cols.map(([c, t]) => `${c} ${t}`).join(', ')})`);
    const rows = data[table as keyof typeof INPUTS] ?? [];
    for (let i = 0; i < rows.length; i += 500) {
      const values = rows
        .slice(i, i + 500)
        .map((r) => `(${cols.map(([c, t]) => sqlValue(r[c], t)).join(', ')})`)
        .join(', ');
      await wh.run(`INSERT INTO ${table} VALUES ${values}`);
    }
  }
}

/** Panel rows of one company as JSON (periode as `YYYY-MM`), for hand-computed expectations. */
export async function panelOf(wh: Warehouse, siren: string): Promise<Record<string, unknown>[]> {
  return wh.json(
    `SELECT * REPLACE (strftime(periode, '%Y-%m') AS periode) FROM panel WHERE siren = $1 ORDER BY periode`,
    [siren],
  );
}

/** One row per month from `from` to `to` (both `YYYY-MM`, included), `periode` set. */
export function monthly(from: string, to: string, row: (periode: string, i: number) => Row | null): Row[] {
  return monthRange(from, to).flatMap((periode, i) => {
    const r = row(periode, i);
    return r ? [{ ...r, periode }] : [];
  });
}

/** Column `col` of a company's panel rows, as `{YYYY-MM: value}`. */
export async function series(wh: Warehouse, siren: string, col: string): Promise<Record<string, unknown>> {
  const rows = await panelOf(wh, siren);
  return Object.fromEntries(rows.map((r) => [r.periode as string, r[col]]));
}

/**
 * Rows of a source published late (PUBLICATION_LAG), written by the month the panel knows them at: each
 * `periode` moves back by the source's lag, so that expectations read as what the panel shows at that month.
 */
export function knownAt(source: keyof typeof PUBLICATION_LAG, rows: Row[]): Row[] {
  return rows.map((r) => ({ ...r, periode: addMonths(String(r.periode), -PUBLICATION_LAG[source].months) }));
}
