/**
 * The learner's algorithms behind one interface, for the commands and the scoring stage: train any of them by name
 * into a `StoredModel` (the model file form, model-file.ts), then get margins, probabilities and SHAP values of any
 * stored model the same way.
 * - `gbdt`: histogram gradient boosting (boosting.ts), margin = log-odds;
 * - `rf`: random forest (forest.ts), margin = probability (identity link);
 * - `logreg`: logistic regression (logreg.ts), margin = log-odds.
 */
import { type GbdtSettings, storedGbdt, type TrainingSet, trainGbdt } from './boosting.ts';
import { applyCalibration, type Calibration } from './calibration.ts';
import type { Dataset } from './dataset.ts';
import { type ForestSettings, storedForest, trainForest } from './forest.ts';
import {
  type LogisticOptions,
  logisticFromStored,
  logisticMargin,
  logisticShap,
  storedLogistic,
  trainLogistic,
} from './logreg.ts';
import type { StoredModel } from './model-file.ts';
import type { WorkerPool } from './pool.ts';
import { predictMargin, sigmoid } from './predict.ts';
import { predictBatch } from './predict-batch.ts';
import { type ShapValues, treeShap } from './treeshap.ts';

export const ALGORITHMS = ['gbdt', 'rf', 'logreg'] as const;
export type Algorithm = (typeof ALGORITHMS)[number];

/** Settings per algorithm; each takes what applies to it (defaults: DEFAULT_GBDT, REFERENCE_FOREST, C = 1). */
export interface AlgorithmSettings {
  gbdt?: Partial<GbdtSettings>;
  rf?: Partial<ForestSettings>;
  logreg?: Omit<LogisticOptions, 'weights'>;
}

export interface TrainOptions {
  pool?: WorkerPool;
  threads?: number;
  /** Row weights. */
  weights?: ArrayLike<number>;
  onTree?: (done: number, total: number) => void;
  /** Validation set watched by gradient boosting (early stopping with `earlyStoppingRounds`); others ignore it. */
  validation?: TrainingSet;
}

export async function trainAlgorithm(
  algo: Algorithm,
  data: Dataset,
  y: ArrayLike<number>,
  settings: AlgorithmSettings = {},
  options: TrainOptions = {},
): Promise<StoredModel> {
  const { pool, threads, onTree, weights, validation } = options;
  switch (algo) {
    case 'gbdt':
      return storedGbdt(await trainGbdt({ data, y, weights }, settings.gbdt, { pool, threads, onTree, validation }));
    case 'rf':
      return storedForest(await trainForest({ data, y, weights }, settings.rf, { pool, threads, onTree }));
    case 'logreg':
      return storedLogistic(trainLogistic(data, y, { ...settings.logreg, weights }), settings.logreg);
  }
}

/**
 * Margins: log-odds for gbdt and logistic regression, probabilities for a forest. Parallel over rows with a pool.
 */
export function modelMargin(m: StoredModel, data: Dataset, pool?: WorkerPool): Float64Array {
  if (m.kind === 'logistic-regression') return logisticMargin(logisticFromStored(m), data);
  if (!m.ensemble) throw new Error(`${m.kind} model without trees`);
  return pool ? predictBatch(pool, m.ensemble, data, false) : predictMargin(m.ensemble, data);
}

/** Probabilities, calibrated when the model carries a calibration. */
export function modelProbability(m: StoredModel, data: Dataset, pool?: WorkerPool): Float64Array {
  const margin = modelMargin(m, data, pool);
  const cal = m.calibration as Calibration | undefined;
  if (cal) {
    if (cal.input === 'margin') return applyCalibration(cal, margin);
    return applyCalibration(cal, m.kind === 'random-forest' ? margin : margin.map(sigmoid));
  }
  return m.kind === 'random-forest' ? margin : margin.map(sigmoid);
}

/** Exact SHAP values in margin units (base + Σ values = margin for every row), parallel over rows with a pool. */
export function modelShap(m: StoredModel, data: Dataset, pool?: WorkerPool): ShapValues {
  if (m.kind === 'logistic-regression') return logisticShap(logisticFromStored(m), data);
  if (!m.ensemble) throw new Error(`${m.kind} model without trees`);
  return treeShap(m.ensemble, data, { pool });
}
