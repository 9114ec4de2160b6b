/**
 * Binning: every feature is cut once into at most 255 bins (quantiles for numbers, the most frequent
 * codes for categories), plus one bin for missing values; the learner then only sees bin numbers.
 *
 * Numeric feature with thresholds t_0 < … < t_{k-1}: bin(x) = number of thresholds ≤ x (0 … k), so
 * "bin ≤ b" is exactly "x < t_b", the split rule of `tree.ts`. The missing bin is k + 1.
 * Categorical feature with kept codes c_0 … c_{m-1}: bin(c_i) = i, every other code → bin m ("other",
 * never sent left by a split, so a raw "not in the left set" test agrees), missing → m + 1.
 */
import type { Dataset } from './dataset.ts';
import { kernel, type WorkerPool } from './pool.ts';
import { Random } from './random.ts';

export type FeatureBins =
  | { kind: 'numeric'; thresholds: Float64Array }
  | { kind: 'categorical'; categories: Float64Array };

export interface BinMapper {
  features: FeatureBins[];
  /** Bins per feature, not counting the missing bin (which is bin number `nBins[f]`). */
  nBins: Int32Array;
}

/** A dataset as bin numbers: column-major, `bins[f * nRows + r]`. */
export interface BinnedDataset {
  nRows: number;
  nFeatures: number;
  mapper: BinMapper;
  bins: Uint8Array;
}

export interface BinningOptions {
  /** Bins per feature without the missing bin; at most 255. Default 255. */
  maxBins?: number;
  /** Rows sampled to find quantiles. Default 100,000. */
  sampleRows?: number;
  seed?: number;
}

/**
 * Fits the bins of every feature on a sample of rows. With a pool and columns in SharedArrayBuffers,
 * the features are shared among the threads (same result).
 */
export function fitBins(data: Dataset, options: BinningOptions = {}, pool?: WorkerPool): BinMapper {
  const maxBins = Math.min(255, Math.max(2, options.maxBins ?? 255));
  const sampleRows = options.sampleRows ?? 100_000;
  const sample = data.nRows > sampleRows ? new Random(options.seed ?? 0).sample(data.nRows, sampleRows) : null;
  const F = data.columns.length;
  const p: FitParams = {
    columns: data.columns,
    categorical: Uint8Array.from(data.columns, (_, f) => (data.categorical?.[f] ? 1 : 0)),
    sample,
    maxBins,
    thresholds: new Float64Array(new SharedArrayBuffer(Math.max(1, F * 255) * 8)),
    counts: new Int32Array(new SharedArrayBuffer(Math.max(1, F) * 4)),
  };
  if (pool && pool.threads > 1 && data.columns.every(isShared)) pool.run(fitKernel, p);
  else fitKernel.fn(p, 0, 1);
  const features: FeatureBins[] = [];
  const nBins = new Int32Array(F);
  data.columns.forEach((column, f) => {
    if (p.categorical[f]) {
      const categories = frequentCategories(column, maxBins - 1);
      features.push({ kind: 'categorical', categories });
      nBins[f] = categories.length + 1;
    } else {
      const thresholds = p.thresholds.slice(f * 255, f * 255 + p.counts[f]);
      features.push({ kind: 'numeric', thresholds });
      nBins[f] = thresholds.length + 1;
    }
  });
  return { features, nBins };
}

function isShared(column: Float64Array): boolean {
  return column.buffer instanceof SharedArrayBuffer;
}

interface FitParams {
  columns: Float64Array[];
  categorical: Uint8Array;
  sample: Int32Array | null;
  maxBins: number;
  /** Output: up to 255 thresholds per numeric feature, and their count. */
  thresholds: Float64Array;
  counts: Int32Array;
}

export const fitKernel = kernel(import.meta.url, 'fitKernel', (p: FitParams, share, nShares) => {
  for (let f = share; f < p.columns.length; f += nShares) {
    if (p.categorical[f]) continue;
    const t = quantileThresholds(p.columns[f], p.sample, p.maxBins);
    p.thresholds.set(t, f * 255);
    p.counts[f] = t.length;
  }
});

function quantileThresholds(column: Float64Array, sample: Int32Array | null, maxBins: number): Float64Array {
  const n = sample ? sample.length : column.length;
  const values = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const x = column[sample ? sample[i] : i];
    if (!Number.isNaN(x)) values[m++] = x;
  }
  const sorted = values.subarray(0, m).sort();
  // Distinct values, as long as they are few enough for one bin each.
  const distinct: number[] = [];
  for (let i = 0; i < m && distinct.length <= maxBins; i++)
    if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
  const out: number[] = [];
  if (distinct.length <= maxBins) {
    // Few values: one bin each, cut half-way so that unseen values in between land on the nearer side.
    for (let i = 1; i < distinct.length; i++) out.push(midpoint(distinct[i - 1], distinct[i]));
  } else {
    for (let j = 1; j < maxBins; j++) {
      const q = sorted[Math.floor((j * m) / maxBins)];
      if (q !== sorted[0] && (out.length === 0 || q > out[out.length - 1])) out.push(q);
    }
  }
  return Float64Array.from(out);
}

function midpoint(a: number, b: number): number {
  const mid = a + (b - a) / 2;
  return mid > a && mid <= b ? mid : b;
}

function frequentCategories(column: Float64Array, keep: number): Float64Array {
  const counts = new Map<number, number>();
  for (let i = 0; i < column.length; i++) {
    const x = column[i];
    if (!Number.isNaN(x)) counts.set(x, (counts.get(x) ?? 0) + 1);
  }
  const kept = [...counts].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, keep);
  return Float64Array.from(kept.map(([code]) => code)).sort();
}

/** Bin of one raw value. */
export function binOf(fb: FeatureBins, x: number): number {
  if (fb.kind === 'numeric') {
    const t = fb.thresholds;
    if (Number.isNaN(x)) return t.length + 1;
    let lo = 0;
    let hi = t.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (x < t[mid]) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
  const c = fb.categories;
  if (Number.isNaN(x)) return c.length + 1;
  let lo = 0;
  let hi = c.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (c[mid] === x) return mid;
    if (c[mid] < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return c.length;
}

/**
 * Bins a numeric column. The thresholds' range is cut into equal buckets; each bucket knows which
 * thresholds fall in it, so a value is compared only to those (usually none or one) instead of a
 * binary search, whose unpredictable branches cost several times more.
 */
function binNumeric(t: Float64Array, column: Float64Array, out: Uint8Array, offset: number): void {
  const nT = t.length;
  const missing = nT + 1;
  if (nT === 0) {
    for (let r = 0; r < column.length; r++) out[offset + r] = Number.isNaN(column[r]) ? missing : 0;
    return;
  }
  const BUCKETS = 4096;
  const t0 = t[0];
  let scale = nT > 1 ? BUCKETS / (t[nT - 1] - t0) : 0;
  if (!Number.isFinite(scale)) scale = 0; // thresholds a few ulps apart: one bucket, binary search
  // first[k] = number of thresholds in buckets before k (bucket of a value: floor((x − t0) × scale),
  // a monotone computation, so thresholds of earlier buckets are ≤ x and of later ones > x).
  const first = new Int32Array(BUCKETS + 1);
  for (let j = 0; j < nT; j++) {
    const k = Math.min(BUCKETS - 1, Math.floor((t[j] - t0) * scale));
    first[k + 1]++;
  }
  for (let k = 0; k < BUCKETS; k++) first[k + 1] += first[k];
  for (let r = 0; r < column.length; r++) {
    const x = column[r];
    let b: number;
    if (x < t0) b = 0;
    else if (x >= t[nT - 1]) b = nT;
    else if (x >= t0) {
      const k = Math.min(BUCKETS - 1, Math.floor((x - t0) * scale));
      b = first[k];
      let hi = first[k + 1];
      while (hi - b > 4) {
        const mid = (b + hi) >>> 1;
        if (x >= t[mid]) b = mid + 1;
        else hi = mid;
      }
      while (b < hi && x >= t[b]) b++;
    } else b = missing;
    out[offset + r] = b;
  }
}

interface BinParams {
  columns: Float64Array[];
  mapper: BinMapper;
  nRows: number;
  bins: Uint8Array;
}

export const binKernel = kernel(import.meta.url, 'binKernel', (p: BinParams, share, nShares) => {
  for (let f = share; f < p.columns.length; f += nShares) {
    const fb = p.mapper.features[f];
    const column = p.columns[f];
    const offset = f * p.nRows;
    if (fb.kind === 'numeric') binNumeric(fb.thresholds, column, p.bins, offset);
    else for (let r = 0; r < column.length; r++) p.bins[offset + r] = binOf(fb, column[r]);
  }
});

/** Bins every column (column-major output); in parallel with a pool when the columns are shared. */
export function binDataset(data: Dataset, mapper: BinMapper, pool?: WorkerPool): BinnedDataset {
  const nFeatures = data.columns.length;
  if (nFeatures !== mapper.features.length) {
    throw new Error(`the data has ${nFeatures} features, the bins were fitted on ${mapper.features.length}`);
  }
  const p: BinParams = {
    columns: data.columns,
    mapper,
    nRows: data.nRows,
    bins: new Uint8Array(new SharedArrayBuffer(Math.max(1, data.nRows * nFeatures))),
  };
  if (pool && pool.threads > 1 && data.columns.every(isShared)) pool.run(binKernel, p);
  else binKernel.fn(p, 0, 1);
  return { nRows: data.nRows, nFeatures, mapper, bins: p.bins };
}
