/**
 * Gradient/hessian histograms: for one node, the sums of gradient and hessian of its rows per
 * (feature, bin), interleaved in one Float64Array: [g, h] of bin b of feature f at 2 * (offsets[f] + b).
 * Built over the row-major bin matrix (one row's bins are contiguous, so a node's rows are read
 * once whatever their scattering), for a range of features: threads split the features, so each
 * sum is always accumulated in row order and the result does not depend on the number of threads.
 */
import type { BinMapper } from './binning.ts';

export interface HistogramLayout {
  /** offsets[f] = first bin of feature f = 256 f; offsets[nFeatures] = total bins. */
  offsets: Int32Array;
  /** Length of one histogram in Float64 slots (2 × total bins). */
  size: number;
}

/**
 * Every feature gets 256 bins (at most 255 + the missing bin), so the slot of (feature, bin) is a
 * shift and an or: no offset table in the innermost loop.
 */
export function histogramLayout(mapper: BinMapper): HistogramLayout {
  const nFeatures = mapper.nBins.length;
  const offsets = Int32Array.from({ length: nFeatures + 1 }, (_, f) => 256 * f);
  return { offsets, size: 512 * nFeatures };
}

/**
 * Adds rows[start … end) into the histogram starting at `at` for features [f0, f1); the range must
 * be zeroed first. `rowBins` is row-major: bins of row r at r * nFeatures. Four rows at a time: their
 * updates are independent, so the CPU overlaps them (about twice as fast as one row at a time).
 */
export function accumulate(
  hist: Float64Array,
  at: number,
  rowBins: Uint8Array,
  nFeatures: number,
  grad: Float32Array,
  hess: Float32Array,
  rows: Int32Array,
  start: number,
  end: number,
  f0: number,
  f1: number,
): void {
  let i = start;
  for (; i + 3 < end; i += 4) {
    const r1 = rows[i];
    const r2 = rows[i + 1];
    const r3 = rows[i + 2];
    const r4 = rows[i + 3];
    const g1 = grad[r1];
    const h1 = hess[r1];
    const g2 = grad[r2];
    const h2 = hess[r2];
    const g3 = grad[r3];
    const h3 = hess[r3];
    const g4 = grad[r4];
    const h4 = hess[r4];
    const p1 = r1 * nFeatures;
    const p2 = r2 * nFeatures;
    const p3 = r3 * nFeatures;
    const p4 = r4 * nFeatures;
    for (let f = f0; f < f1; f++) {
      const b = at + (f << 9);
      const k1 = b + (rowBins[p1 + f] << 1);
      const k2 = b + (rowBins[p2 + f] << 1);
      const k3 = b + (rowBins[p3 + f] << 1);
      const k4 = b + (rowBins[p4 + f] << 1);
      hist[k1] += g1;
      hist[k1 + 1] += h1;
      hist[k2] += g2;
      hist[k2 + 1] += h2;
      hist[k3] += g3;
      hist[k3 + 1] += h3;
      hist[k4] += g4;
      hist[k4 + 1] += h4;
    }
  }
  for (; i < end; i++) {
    const r = rows[i];
    const g = grad[r];
    const h = hess[r];
    const p = r * nFeatures;
    for (let f = f0; f < f1; f++) {
      const k = at + (f << 9) + (rowBins[p + f] << 1);
      hist[k] += g;
      hist[k + 1] += h;
    }
  }
}

/** hist[big …] -= hist[small …] over the slots of features [f0, f1): parent minus one child = the other child. */
export function subtract(hist: Float64Array, big: number, small: number, f0: number, f1: number): void {
  for (let k = f0 << 9, to = f1 << 9; k < to; k++) hist[big + k] -= hist[small + k];
}
