/**
 * Synthetic binary tables for the learner's tests and benchmark: a few informative features
 * (linear and non-linear effects, interactions), noise features, missing values, a rare positive class.
 */
import type { Dataset } from '../../src/learn/dataset.ts';
import { Random } from '../../src/learn/random.ts';

export interface SyntheticTable {
  data: Dataset;
  y: Float64Array;
}

function gaussian(rng: Random): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** nRows × nFeatures, about `positiveRate` positives; 10 informative features, the rest noise; ~5% missing in some. */
export function syntheticBinary(nRows: number, nFeatures: number, seed = 1, positiveRate = 0.03): SyntheticTable {
  const rng = new Random(seed);
  const columns = Array.from({ length: nFeatures }, () => new Float64Array(nRows));
  const score = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) {
    for (let f = 0; f < nFeatures; f++) columns[f][r] = gaussian(rng);
    const x = (f: number) => (f < nFeatures ? columns[f][r] : 0);
    score[r] =
      1.2 * x(0) -
      0.8 * x(1) +
      0.6 * x(2) * x(3) +
      (x(4) > 0.5 ? 0.9 : 0) +
      0.5 * Math.sin(2 * x(5)) +
      0.4 * x(6) ** 2 -
      0.3 * Math.abs(x(7)) +
      0.3 * x(8) +
      0.2 * x(9) +
      0.8 * gaussian(rng);
    // Missing values, some of them informative.
    for (let f = 0; f < nFeatures; f += 5) if (rng.next() < 0.05) columns[f][r] = Number.NaN;
    if (nFeatures > 3 && rng.next() < 0.1 * (score[r] > 2 ? 3 : 1)) columns[3][r] = Number.NaN;
    // A few integer-valued features, for ties.
    if (nFeatures > 10) columns[10][r] = Math.round(columns[10][r] * 2);
  }
  // Intercept such that about positiveRate of rows are positive.
  const sorted = Float64Array.from(score).sort();
  const cut = sorted[Math.floor((1 - positiveRate) * nRows)];
  const y = new Float64Array(nRows);
  for (let r = 0; r < nRows; r++) y[r] = rng.next() < 1 / (1 + Math.exp(-3 * (score[r] - cut))) ? 1 : 0;
  const featureNames = Array.from({ length: nFeatures }, (_, f) => `x${f}`);
  return { data: { nRows, featureNames, columns }, y };
}
