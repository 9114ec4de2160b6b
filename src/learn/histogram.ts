/**
 * Gradient/hessian histograms: for one node, the sums of gradient and hessian of its rows per
 * (feature, bin), interleaved in one Float64Array: [g, h] of bin b of feature f at 2 * (offsets[f] + b).
 * Built over the row-major bin matrix (one row's bins are contiguous, so a node's rows are read
 * once whatever their scattering), for a range of features: threads split the features, so each
 * sum is always accumulated in row order and the result does not depend on the number of threads.
 */
import type { BinMapper } from './binning.ts';

export interface HistogramLayout {
  /** offsets[f] = first bin of feature f; offsets[nFeatures] = total bins (missing bins included). */
  offsets: Int32Array;
  /** Length of one histogram in Float64 slots (2 × total bins). */
  size: number;
}

export function histogramLayout(mapper: BinMapper): HistogramLayout {
  const nFeatures = mapper.nBins.length;
  const offsets = new Int32Array(nFeatures + 1);
  for (let f = 0; f < nFeatures; f++) offsets[f + 1] = offsets[f] + mapper.nBins[f] + 1;
  return { offsets, size: 2 * offsets[nFeatures] };
}

/**
 * Adds rows[start … end) into `hist` (one histogram starting at `at`) for features [f0, f1);
 * the range must be zeroed first. `rowBins` is row-major: bins of row r at r * nFeatures.
 */
export function accumulate(
  hist: Float64Array,
  at: number,
  offsets: Int32Array,
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
  const width = f1 - f0;
  // Local copy of the offsets shifted by `at` and scaled to Float64 slots: one add per cell.
  const off = new Int32Array(width);
  for (let j = 0; j < width; j++) off[j] = at + 2 * offsets[f0 + j];
  for (let i = start; i < end; i++) {
    const r = rows[i];
    const g = grad[r];
    const h = hess[r];
    const p = r * nFeatures + f0;
    for (let j = 0; j < width; j++) {
      const k = off[j] + 2 * rowBins[p + j];
      hist[k] += g;
      hist[k + 1] += h;
    }
  }
}

/** hist[big …] -= hist[small …] over the slots of features [f0, f1): parent minus one child = the other child. */
export function subtract(
  hist: Float64Array,
  big: number,
  small: number,
  offsets: Int32Array,
  f0: number,
  f1: number,
): void {
  const from = 2 * offsets[f0];
  const to = 2 * offsets[f1];
  for (let k = from; k < to; k++) hist[big + k] -= hist[small + k];
}
