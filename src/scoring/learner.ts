/**
 * What scoring needs from a learner, whatever the algorithm: fit, margins, exact SHAP contributions in margin
 * units, and a JSON form for the model file. The bridge to `src/learn` lives in `learners.ts`.
 */
import type { Dataset } from '../learn/dataset.ts';
import type { WorkerPool } from '../learn/pool.ts';

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
  /** Worker pool shared by successive fits (else each fit starts its own with `threads`). */
  pool?: WorkerPool;
  /**
   * Held-out rows watched while boosting: trees stop once its log-loss has not improved for
   * `EARLY_STOPPING_ROUNDS`, and the fitted `params.trees` is the number kept. Other algorithms ignore it.
   */
  validation?: { dataset: Dataset; label: Float64Array };
  onProgress?: (done: number, total: number) => void;
}
