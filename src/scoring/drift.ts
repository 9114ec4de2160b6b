/**
 * Population stability index between the training data and a scored month, per feature and for the score.
 * PSI = Σ_bins (a − e)·ln(a / e) over decile bins of the training distribution, with missing values as a bin
 * of their own (a source that stops delivering is drift too). Above 0.25 the population has shifted enough
 * that the model's figures may no longer hold: a warning.
 */

export const PSI_WARNING = 0.25;

/** Bin edges: the distinct interior quantiles of the reference values (missing ignored). */
export function quantileEdges(reference: ArrayLike<number>, bins = 10): number[] {
  const v = Array.from(reference).filter((x) => !Number.isNaN(x));
  if (v.length === 0) return [];
  v.sort((a, b) => a - b);
  const edges: number[] = [];
  for (let q = 1; q < bins; q++) {
    const e = v[Math.min(v.length - 1, Math.floor((q * v.length) / bins))];
    if (edges.length === 0 || e > edges[edges.length - 1]) edges.push(e);
  }
  return edges;
}

/** Shares per bin: bin j holds edges[j−1] ≤ x < edges[j]; the last slot counts missing values. */
export function binShares(values: ArrayLike<number>, edges: readonly number[]): Float64Array {
  const counts = new Float64Array(edges.length + 2);
  for (let i = 0; i < values.length; i++) {
    const x = values[i];
    if (Number.isNaN(x)) {
      counts[edges.length + 1]++;
      continue;
    }
    let lo = 0;
    let hi = edges.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (x < edges[mid]) hi = mid;
      else lo = mid + 1;
    }
    counts[lo]++;
  }
  const n = values.length || 1;
  for (let j = 0; j < counts.length; j++) counts[j] /= n;
  return counts;
}

/** PSI of `actual` against `expected` shares; empty bins are floored at 1e-4 so the log stays finite. */
export function psiFromShares(expected: ArrayLike<number>, actual: ArrayLike<number>): number {
  let s = 0;
  for (let j = 0; j < expected.length; j++) {
    const e = Math.max(expected[j], 1e-4);
    const a = Math.max(actual[j], 1e-4);
    s += (a - e) * Math.log(a / e);
  }
  return s;
}

/** What a model keeps of its training distribution to measure drift later without the training data. */
export interface DriftReference {
  edges: number[];
  shares: number[];
}

export function driftReference(values: ArrayLike<number>, bins = 10): DriftReference {
  const edges = quantileEdges(values, bins);
  return { edges, shares: Array.from(binShares(values, edges)) };
}

export function psi(reference: DriftReference, actual: ArrayLike<number>): number {
  return psiFromShares(reference.shares, binShares(actual, reference.edges));
}

export interface DriftItem {
  name: string;
  psi: number;
  warning: boolean;
}

/** PSI of each named column of the scored month against its stored reference, largest first. */
export function driftReport(
  references: Record<string, DriftReference>,
  columns: Record<string, ArrayLike<number>>,
): DriftItem[] {
  return Object.keys(references)
    .filter((name) => columns[name] !== undefined)
    .map((name) => {
      const value = psi(references[name], columns[name]);
      return { name, psi: value, warning: value > PSI_WARNING };
    })
    .sort((a, b) => b.psi - a.psi);
}
