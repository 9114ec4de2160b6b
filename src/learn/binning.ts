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
  /** Rows sampled to find quantiles. Default 200,000. */
  sampleRows?: number;
  seed?: number;
}

export function fitBins(data: Dataset, options: BinningOptions = {}): BinMapper {
  const maxBins = Math.min(255, Math.max(2, options.maxBins ?? 255));
  const sampleRows = options.sampleRows ?? 200_000;
  const sample = data.nRows > sampleRows ? new Random(options.seed ?? 0).sample(data.nRows, sampleRows) : null;
  const features: FeatureBins[] = [];
  const nBins = new Int32Array(data.columns.length);
  data.columns.forEach((column, f) => {
    if (data.categorical?.[f]) {
      const categories = frequentCategories(column, maxBins - 1);
      features.push({ kind: 'categorical', categories });
      nBins[f] = categories.length + 1;
    } else {
      const thresholds = quantileThresholds(column, sample, maxBins);
      features.push({ kind: 'numeric', thresholds });
      nBins[f] = thresholds.length + 1;
    }
  });
  return { features, nBins };
}

function quantileThresholds(column: Float64Array, sample: Int32Array | null, maxBins: number): Float64Array {
  const n = sample ? sample.length : column.length;
  const values = new Float64Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const x = column[sample ? sample[i] : i];
    if (!Number.isNaN(x)) values[m++] = x;
  }
  const sorted = values.subarray(0, m).sort();
  const distinct: number[] = [];
  for (let i = 0; i < m; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) distinct.push(sorted[i]);
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

/** Writes the bins of feature f for every row into `out[offset + r * stride]`. */
export function binColumn(
  mapper: BinMapper,
  f: number,
  column: Float64Array,
  out: Uint8Array,
  offset: number,
  stride: number,
): void {
  const fb = mapper.features[f];
  if (fb.kind === 'categorical') {
    for (let r = 0; r < column.length; r++) out[offset + r * stride] = binOf(fb, column[r]);
    return;
  }
  // Branch-free binary search over the thresholds padded to a power of two with +∞.
  const t = fb.thresholds;
  let size = 1;
  while (size < t.length + 1) size <<= 1;
  const padded = new Float64Array(size).fill(Number.POSITIVE_INFINITY);
  padded.set(t);
  const missing = t.length + 1;
  for (let r = 0; r < column.length; r++) {
    const x = column[r];
    let b = 0;
    if (Number.isNaN(x)) b = missing;
    else if (x === Number.POSITIVE_INFINITY) b = t.length;
    else for (let half = size >> 1; half > 0; half >>= 1) if (x >= padded[b + half - 1]) b += half;
    out[offset + r * stride] = b;
  }
}

export function binDataset(data: Dataset, mapper: BinMapper): BinnedDataset {
  const nFeatures = data.columns.length;
  if (nFeatures !== mapper.features.length) {
    throw new Error(`the data has ${nFeatures} features, the bins were fitted on ${mapper.features.length}`);
  }
  const bins = new Uint8Array(new SharedArrayBuffer(Math.max(1, data.nRows * nFeatures)));
  for (let f = 0; f < nFeatures; f++) binColumn(mapper, f, data.columns[f], bins, f * data.nRows, 1);
  return { nRows: data.nRows, nFeatures, mapper, bins };
}
