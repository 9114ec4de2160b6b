/**
 * From table `panel` to the learner's column-major Dataset. DuckDB does the selection and the casts; this file
 * only copies values into typed arrays, chunk by chunk, and encodes categorical columns as integer codes with a
 * dictionary kept in the model file (a category unseen in training is missing at prediction time).
 */
import type { Feature } from '../features/catalogue.ts';
import { takeRows } from '../learn/cv.ts';
import type { Dataset } from '../learn/dataset.ts';
import type { Warehouse } from '../warehouse/db.ts';
import type { RowKeys } from './protocol.ts';

/** How a model reads the panel: its features in order and, for categorical ones, the codes' meaning. */
export interface Encoding {
  features: { name: string; kind: Feature['kind'] }[];
  categories: Record<string, string[]>;
}

export interface PanelFrame extends RowKeys {
  dataset: Dataset;
}

export interface PanelQuery {
  /** Months `YYYY-MM`, both included. */
  from?: string;
  to?: string;
  /** Only rows whose 18-month outcome is known. */
  labelled?: boolean;
  /**
   * Keep one month in `stride` per company (staggered by SIREN), except from `fullFrom` on. Consecutive months of a
   * company are nearly identical, so this cuts training time with little loss.
   */
  stride?: number;
  fullFrom?: string;
}

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

function where(q: PanelQuery): string {
  const w = ['perimetre_raison IS NULL'];
  if (q.from) w.push(`periode >= DATE '${q.from}-01'`);
  if (q.to) w.push(`periode <= DATE '${q.to}-01'`);
  // Strong signals count as labelled (label 1, as the reference has them) so that the comparison with the
  // reference can include them; training and the default evaluation drop them through the `strong` flag.
  if (q.labelled) w.push('(failure_18m IS NOT NULL OR coalesce(already_in_procedure, false))');
  if (q.stride && q.stride > 1) {
    const keep = `(year(periode) * 12 + month(periode) + hash(siren) % ${q.stride}) % ${q.stride} = 0`;
    w.push(q.fullFrom ? `(${keep} OR periode >= DATE '${q.fullFrom}-01')` : keep);
  }
  return w.join(' AND ');
}

/** The catalogue's features that the panel table actually has, in catalogue order. */
export async function panelFeatures(db: Warehouse, catalogue: readonly Feature[]): Promise<Feature[]> {
  const cols = await db.all<{ column_name: string }>(
    "SELECT column_name FROM information_schema.columns WHERE table_name = 'panel'",
  );
  const have = new Set(cols.map((c) => c.column_name));
  return catalogue.filter((f) => have.has(f.name));
}

/** Encoding from the training rows: categories sorted, so codes do not depend on row order. */
export async function buildEncoding(db: Warehouse, features: readonly Feature[], q: PanelQuery): Promise<Encoding> {
  const categories: Record<string, string[]> = {};
  for (const f of features.filter((x) => x.kind === 'categorical')) {
    const rows = await db.all<{ v: string }>(
      `SELECT DISTINCT ${quote(f.name)}::VARCHAR AS v FROM panel WHERE ${where(q)} AND ${quote(f.name)} IS NOT NULL ORDER BY v`,
    );
    categories[f.name] = rows.map((r) => r.v);
  }
  return { features: features.map((f) => ({ name: f.name, kind: f.kind })), categories };
}

export async function countPanel(db: Warehouse, q: PanelQuery): Promise<number> {
  const count = await db.one<{ n: bigint }>(`SELECT count(*) AS n FROM panel WHERE ${where(q)}`);
  return Number(count?.n ?? 0);
}

/** Reads the selected rows into typed arrays, ordered by SIREN then month. */
export async function loadPanel(db: Warehouse, enc: Encoding, q: PanelQuery): Promise<PanelFrame> {
  const w = where(q);
  const n = await countPanel(db, q);
  const select = enc.features.map((f) =>
    f.kind === 'categorical' ? `${quote(f.name)}::VARCHAR` : `${quote(f.name)}::DOUBLE`,
  );
  const sql = `SELECT siren::VARCHAR, (year(periode) * 12 + month(periode) - 1)::INTEGER,
      CASE WHEN already_in_procedure THEN 1 ELSE failure_18m END::DOUBLE, coalesce(already_in_procedure, false)::INTEGER${select.length ? `, ${select.join(', ')}` : ''}
    FROM panel WHERE ${w} ORDER BY siren, periode`;
  const siren: string[] = new Array(n);
  const month = new Int32Array(n);
  const label = new Float64Array(n);
  const strong = new Uint8Array(n);
  const columns = enc.features.map(() => new Float64Array(n));
  const codes = enc.features.map((f) =>
    f.kind === 'categorical' ? new Map((enc.categories[f.name] ?? []).map((c, i) => [c, i])) : null,
  );
  const result = await db.connection.stream(sql);
  let row = 0;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const m = chunk.rowCount;
    const vs = chunk.getColumnVector(0);
    const vm = chunk.getColumnVector(1);
    const vl = chunk.getColumnVector(2);
    const vst = chunk.getColumnVector(3);
    for (let r = 0; r < m; r++) {
      siren[row + r] = vs.getItem(r) as string;
      month[row + r] = vm.getItem(r) as number;
      const l = vl.getItem(r) as number | null;
      label[row + r] = l === null ? Number.NaN : l;
      strong[row + r] = (vst.getItem(r) as number) ? 1 : 0;
    }
    for (let j = 0; j < columns.length; j++) {
      const v = chunk.getColumnVector(4 + j);
      const col = columns[j];
      const dict = codes[j];
      for (let r = 0; r < m; r++) {
        const x = v.getItem(r);
        if (x === null) col[row + r] = Number.NaN;
        else if (dict) col[row + r] = dict.get(x as string) ?? Number.NaN;
        else col[row + r] = x as number;
      }
    }
    row += m;
  }
  return {
    siren,
    month,
    label,
    strong,
    dataset: {
      nRows: n,
      featureNames: enc.features.map((f) => f.name),
      columns,
      categorical: enc.features.map((f) => f.kind === 'categorical'),
    },
  };
}

/** The rows `idx` of a frame, as a new frame (typed-array copies). */
export function subset(frame: PanelFrame, idx: Int32Array): PanelFrame {
  const month = new Int32Array(idx.length);
  const strong = new Uint8Array(idx.length);
  const siren: string[] = new Array(idx.length);
  for (let i = 0; i < idx.length; i++) {
    month[i] = frame.month[idx[i]];
    strong[i] = frame.strong[idx[i]];
    siren[i] = frame.siren[idx[i]];
  }
  return {
    siren,
    month,
    strong,
    label: Float64Array.from(idx, (i) => frame.label[i]),
    dataset: takeRows(frame.dataset, idx),
  };
}

/** The latest month present in the panel, `YYYY-MM`, or null when the panel is empty. */
export async function lastPanelMonth(db: Warehouse): Promise<string | null> {
  const r = await db.one<{ m: string | null }>("SELECT strftime(max(periode), '%Y-%m') AS m FROM panel");
  return r?.m ?? null;
}
