/**
 * What scoring needs from a learner, whatever the algorithm: fit, margins, exact SHAP contributions in margin
 * units, and a JSON form for the model file. The bridge to `src/learn` lives in `learners.ts`.
 */
import type { Dataset } from '../learn/dataset.ts';

export type Algo = 'gbdt' | 'rf' | 'logreg';
export const ALGOS: readonly Algo[] = ['gbdt', 'rf', 'logreg'];

export type HyperParams = Record<string, number | string>;

export interface Contributions {
  /** Expected margin over the training data (SHAP base value). */
  base: number;
  /** Row-major nRows × nFeatures contributions; base + Σ_j phi[i·p + j] = margin of row i. */
  phi: Float64Array;
}

export interface FittedModel {
  algo: Algo;
  params: HyperParams;
  /** Margin: log-odds (boosting, logistic regression) or probability (forest). */
  margin(ds: Dataset): Float64Array;
  contributions(ds: Dataset): Contributions;
  toJSON(): unknown;
}

export interface FitOptions {
  params: HyperParams;
  seed: number;
  threads?: number;
  onProgress?: (done: number, total: number) => void;
}
