/**
 * Cross-validation folds and the generic cross-validation loop.
 * - stratified k-fold: every fold gets the same share of positives (±1);
 * - grouped k-fold: all rows of a group (e.g. a SIREN across months) fall in the same fold, so a company never
 *   informs its own evaluation; groups are dealt so that positives and rows stay balanced across folds.
 */
import type { Dataset } from './dataset.ts';
import { averagePrecision, rocAuc } from './metrics.ts';
import { Random } from './random.ts';

export interface Fold {
  train: Uint32Array;
  test: Uint32Array;
}

function shuffle<T>(a: T[], r: Random): T[] {
  for (let i = a.length - 1; i > 0; i--) {
    const j = r.int(i + 1);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}

function checkK(k: number, units: number, what: string): void {
  if (!Number.isInteger(k) || k < 2) throw new Error(`the number of folds must be an integer ≥ 2, got ${k}`);
  if (k > units) throw new Error(`cannot make ${k} folds from ${units} ${what}`);
}

/** Folds from a fold number per row, rows in increasing order within each fold. */
function foldsOf(foldOfRow: Int32Array, k: number): Fold[] {
  return Array.from({ length: k }, (_, f) => {
    const test: number[] = [];
    const train: number[] = [];
    for (let i = 0; i < foldOfRow.length; i++) (foldOfRow[i] === f ? test : train).push(i);
    return { train: Uint32Array.from(train), test: Uint32Array.from(test) };
  });
}

/** Stratified k-fold on 0/1 labels: each class is shuffled and dealt round-robin over the folds. */
export function stratifiedKFold(y: ArrayLike<number>, k: number, seed = 0): Fold[] {
  checkK(k, y.length, 'rows');
  const r = new Random(seed);
  const foldOfRow = new Int32Array(y.length);
  let next = 0;
  for (const label of [1, 0]) {
    const rows: number[] = [];
    for (let i = 0; i < y.length; i++) if ((y[i] === 1 ? 1 : 0) === label) rows.push(i);
    // Continue the round-robin where the positives stopped, so fold sizes differ by at most one.
    for (const i of shuffle(rows, r)) foldOfRow[i] = next++ % k;
  }
  return foldsOf(foldOfRow, k);
}

/**
 * Grouped k-fold: no group is split between folds. Groups are shuffled, then taken by decreasing positives and
 * size, each into the fold with the fewest positives so far (then the fewest rows).
 */
export function groupKFold(groups: ArrayLike<string | number>, k: number, seed = 0, y?: ArrayLike<number>): Fold[] {
  const byGroup = new Map<string | number, { rows: number[]; positives: number }>();
  for (let i = 0; i < groups.length; i++) {
    let g = byGroup.get(groups[i]);
    if (!g) {
      g = { rows: [], positives: 0 };
      byGroup.set(groups[i], g);
    }
    g.rows.push(i);
    if (y?.[i] === 1) g.positives++;
  }
  checkK(k, byGroup.size, 'groups');
  const ordered = shuffle([...byGroup.values()], new Random(seed)).sort(
    (a, b) => b.positives - a.positives || b.rows.length - a.rows.length,
  );
  const positives = new Float64Array(k);
  const sizes = new Float64Array(k);
  const foldOfRow = new Int32Array(groups.length);
  for (const g of ordered) {
    let best = 0;
    for (let f = 1; f < k; f++) {
      if (positives[f] < positives[best] || (positives[f] === positives[best] && sizes[f] < sizes[best])) best = f;
    }
    positives[best] += g.positives;
    sizes[best] += g.rows.length;
    for (const i of g.rows) foldOfRow[i] = best;
  }
  return foldsOf(foldOfRow, k);
}

/** The rows `rows` of a dataset, as a new dataset. */
export function takeRows(data: Dataset, rows: ArrayLike<number>): Dataset {
  return {
    nRows: rows.length,
    featureNames: data.featureNames,
    columns: data.columns.map((col) => Float64Array.from(rows, (i) => col[i])),
    categorical: data.categorical,
  };
}

export interface FoldScore {
  auc: number;
  ap: number;
  train_seconds: number;
}

export interface CvResult {
  /** Means over the folds. */
  auc: number;
  ap: number;
  folds: FoldScore[];
  /** Out-of-fold score of every row (the test fold's prediction). */
  oof: Float64Array;
}

/**
 * Trains on each fold's training rows and scores its test rows. `trainModel` returns the scorer of a trained model
 * (any monotone score: margin or probability); it also gets the test fold, for early stopping (the fold's figures
 * are then slightly optimistic, alike for every candidate compared, as with XGBoost's `cv`).
 */
export async function crossValidate(
  data: Dataset,
  y: ArrayLike<number>,
  folds: Fold[],
  trainModel: (
    train: Dataset,
    yTrain: Float64Array,
    test: { data: Dataset; y: Float64Array },
  ) => Promise<(test: Dataset) => Float64Array> | ((test: Dataset) => Float64Array),
  onFold?: (done: number, total: number) => void,
): Promise<CvResult> {
  const oof = new Float64Array(data.nRows).fill(Number.NaN);
  const scores: FoldScore[] = [];
  for (const fold of folds) {
    const testData = takeRows(data, fold.test);
    const yTest = Float64Array.from(fold.test, (i) => y[i]);
    const start = performance.now();
    const score = await trainModel(
      takeRows(data, fold.train),
      Float64Array.from(fold.train, (i) => y[i]),
      { data: testData, y: yTest },
    );
    const trainSeconds = (performance.now() - start) / 1000;
    const s = score(testData);
    for (let k = 0; k < s.length; k++) oof[fold.test[k]] = s[k];
    scores.push({ auc: rocAuc(yTest, s), ap: averagePrecision(yTest, s), train_seconds: trainSeconds });
    onFold?.(scores.length, folds.length);
  }
  const mean = (key: 'auc' | 'ap') => scores.reduce((a, f) => a + f[key], 0) / scores.length;
  return { auc: mean('auc'), ap: mean('ap'), folds: scores, oof };
}
