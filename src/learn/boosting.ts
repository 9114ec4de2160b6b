/**
 * Gradient boosting for binary log-loss: the orchestrator. Bins the data once, then per tree
 * computes gradients, draws rows and features, grows a tree (grower.ts) and updates the margins;
 * optionally watches a validation set and stops early.
 */
import { type BinMapper, binDataset, fitBins } from './binning.ts';
import type { Dataset } from './dataset.ts';
import { type GrowerParams, type Leaf, TreeGrower } from './grower.ts';
import type { StoredModel } from './model-file.ts';
import { kernel, WorkerPool } from './pool.ts';
import { addTree, sigmoid } from './predict.ts';
import { Random } from './random.ts';
import type { TreeEnsemble } from './tree.ts';

export interface GbdtSettings {
  nTrees: number;
  learningRate: number;
  growth: 'depthwise' | 'leafwise';
  /** 0 = unlimited (leaf-wise growth only). */
  maxDepth: number;
  /** 0 = unlimited. */
  maxLeaves: number;
  /** L2 regularisation of leaf weights (XGBoost's lambda). */
  lambda: number;
  /** L1 regularisation of leaf weights (XGBoost's alpha). */
  alpha: number;
  /** Minimum hessian sum in a child (XGBoost's min_child_weight). */
  minChildWeight: number;
  /** Minimum gain to split (XGBoost's gamma). */
  minSplitGain: number;
  /** Fraction of rows drawn for each tree. */
  subsample: number;
  colsampleByTree: number;
  colsampleByNode: number;
  /** Bins per feature, at most 255 (plus the missing bin). */
  maxBins: number;
  seed: number;
  /** Weights of the negative and positive class, or 'balanced' (n / (2 n_class)). */
  classWeights: [number, number] | 'balanced' | null;
  /** Stop when the validation log-loss has not improved for this many trees (0 = never; needs a validation set). */
  earlyStoppingRounds: number;
}

export const DEFAULT_GBDT: GbdtSettings = {
  nTrees: 100,
  learningRate: 0.1,
  growth: 'depthwise',
  maxDepth: 6,
  maxLeaves: 0,
  lambda: 1,
  alpha: 0,
  minChildWeight: 1,
  minSplitGain: 0,
  subsample: 1,
  colsampleByTree: 1,
  colsampleByNode: 1,
  maxBins: 255,
  seed: 0,
  classWeights: null,
  earlyStoppingRounds: 0,
};

export interface TrainingSet {
  data: Dataset;
  /** 0/1 target. */
  y: ArrayLike<number>;
  /** Sample weights (default 1). */
  weights?: ArrayLike<number>;
}

export interface GbdtOptions {
  /** Number of threads (default: the number of cores); ignored when `pool` is given. */
  threads?: number;
  pool?: WorkerPool;
  /** Validation set for early stopping and the learning curve. */
  validation?: TrainingSet;
  /** Called after each tree (progress). */
  onTree?: (done: number, total: number) => void;
}

export interface GbdtModel {
  ensemble: TreeEnsemble;
  mapper: BinMapper;
  featureNames: string[];
  categorical: boolean[];
  settings: GbdtSettings;
  /** Validation log-loss after each tree (empty without a validation set). */
  validationLoss: number[];
  /** Number of trees kept (the best iteration + 1 with early stopping). */
  bestNTrees: number;
}

interface GradientParams {
  margin: Float64Array;
  y: Float64Array;
  w: Float64Array;
  grad: Float32Array;
  hess: Float32Array;
  /** Leaves to add to the margin first: [start, end, buffer] each, values in `values`. */
  leaves: Int32Array;
  values: Float64Array;
  rows: [Int32Array, Int32Array];
  /** Recompute gradients of every row after the leaves (else only of the rows in `leaves`); only safe without leaves. */
  allRows: boolean;
}

function setGradient(p: GradientParams, r: number, m: number): void {
  const prob = sigmoid(m);
  const w = p.w[r];
  p.grad[r] = w * (prob - p.y[r]);
  p.hess[r] = Math.max(w * prob * (1 - prob), 1e-16);
}

/** Adds the new tree's leaf values to the margins of their rows and refreshes the gradients. */
export const gradientKernel = kernel(import.meta.url, 'gradientKernel', (p: GradientParams, share, nShares) => {
  const { margin } = p;
  for (let l = 0; l < p.values.length; l++) {
    const start = p.leaves[3 * l];
    const len = p.leaves[3 * l + 1] - start;
    const rows = p.rows[p.leaves[3 * l + 2]];
    const v = p.values[l];
    const e = start + Math.floor((len * (share + 1)) / nShares);
    for (let i = start + Math.floor((len * share) / nShares); i < e; i++) {
      const r = rows[i];
      const m = margin[r] + v;
      margin[r] = m;
      if (!p.allRows) setGradient(p, r, m);
    }
  }
  if (p.allRows) {
    const n = margin.length;
    const e = Math.floor((n * (share + 1)) / nShares);
    for (let r = Math.floor((n * share) / nShares); r < e; r++) setGradient(p, r, margin[r]);
  }
});

function sharedF64(n: number): Float64Array {
  return new Float64Array(new SharedArrayBuffer(Math.max(1, n) * 8));
}

function checkTarget(set: TrainingSet, what: string): void {
  if (set.y.length !== set.data.nRows) throw new Error(`${what}: ${set.y.length} targets for ${set.data.nRows} rows`);
  for (let i = 0; i < set.y.length; i++) {
    if (set.y[i] !== 0 && set.y[i] !== 1) throw new Error(`${what}: target of row ${i} is ${set.y[i]}, not 0 or 1`);
  }
}

/** Row weights: sample weight × class weight. */
function rowWeights(set: TrainingSet, classWeights: GbdtSettings['classWeights'], nPos: number): Float64Array {
  const n = set.data.nRows;
  let cw: [number, number] = [1, 1];
  if (classWeights === 'balanced') cw = [n / (2 * Math.max(1, n - nPos)), n / (2 * Math.max(1, nPos))];
  else if (classWeights) cw = classWeights;
  const w = sharedF64(n);
  for (let r = 0; r < n; r++) w[r] = (set.weights ? set.weights[r] : 1) * cw[set.y[r]];
  return w;
}

export function logLoss(y: ArrayLike<number>, margin: Float64Array, w?: ArrayLike<number>): number {
  let s = 0;
  let sw = 0;
  for (let r = 0; r < margin.length; r++) {
    const m = margin[r];
    // log(1 + e^m) − y m, computed stably.
    const l = (m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m))) - y[r] * m;
    const wr = w ? w[r] : 1;
    s += wr * l;
    sw += wr;
  }
  return s / sw;
}

export async function trainGbdt(
  train: TrainingSet,
  settings: Partial<GbdtSettings> = {},
  options: GbdtOptions = {},
): Promise<GbdtModel> {
  const s: GbdtSettings = { ...DEFAULT_GBDT, ...settings };
  checkTarget(train, 'training set');
  if (options.validation) checkTarget(options.validation, 'validation set');
  const n = train.data.nRows;
  const F = train.data.columns.length;
  const pool = options.pool ?? (await WorkerPool.create(options.threads));
  try {
    const rng = new Random(s.seed);
    const mapper = fitBins(train.data, { maxBins: s.maxBins, seed: s.seed }, pool);
    const grower = new TreeGrower(binDataset(train.data, mapper, pool), pool);

    let nPos = 0;
    for (let r = 0; r < n; r++) nPos += train.y[r];
    const w = rowWeights(train, s.classWeights, nPos);
    const y = sharedF64(n);
    y.set(train.y);
    let sw = 0;
    let swy = 0;
    for (let r = 0; r < n; r++) {
      sw += w[r];
      swy += w[r] * y[r];
    }
    // Start from the log-odds of the weighted prior (bounded, should a class be absent).
    const prior = Math.min(Math.max(swy / sw, 1e-6), 1 - 1e-6);
    const base = Math.log(prior / (1 - prior));
    const margin = sharedF64(n).fill(base);

    const params: GrowerParams = {
      growth: s.growth,
      maxDepth: s.maxDepth,
      maxLeaves: s.maxLeaves,
      lambda: s.lambda,
      alpha: s.alpha,
      minChildWeight: s.minChildWeight,
      minSplitGain: s.minSplitGain,
      colsampleByNode: s.colsampleByNode,
      learningRate: s.learningRate,
    };
    const gp: GradientParams = {
      margin,
      y,
      w,
      grad: grower.grad,
      hess: grower.hess,
      leaves: new Int32Array(0),
      values: new Float64Array(0),
      rows: grower.rows,
      allRows: true,
    };
    pool.run(gradientKernel, gp);
    gp.allRows = false;

    const valid = options.validation;
    const validMargin = valid ? new Float64Array(valid.data.nRows).fill(base) : null;
    const validationLoss: number[] = [];
    let best = Number.POSITIVE_INFINITY;
    let bestNTrees = 0;
    const trees: TreeEnsemble['trees'] = [];

    for (let t = 0; t < s.nTrees; t++) {
      let rows: Int32Array | undefined;
      if (s.subsample < 1) {
        const picked: number[] = [];
        for (let r = 0; r < n; r++) if (rng.next() < s.subsample) picked.push(r);
        rows = Int32Array.from(picked);
      }
      let features: Uint8Array | undefined;
      if (s.colsampleByTree < 1) {
        features = new Uint8Array(F);
        for (const f of rng.sample(F, Math.max(1, Math.round(s.colsampleByTree * F)))) features[f] = 1;
      }
      const { tree, leaves } = grower.grow(params, rng, { rows, features });
      trees.push(tree);

      gp.leaves = Int32Array.from(leaves.flatMap((l: Leaf) => [l.start, l.end, l.buffer]));
      gp.values = Float64Array.from(leaves, (l) => l.value);
      if (rows) {
        // Sampled rows: margins of in-bag rows from the leaves, of the others by scoring the tree,
        // then (a second run, as shares split rows differently) the gradients of all.
        gp.allRows = false;
        pool.run(gradientKernel, gp);
        const inBag = new Uint8Array(n);
        for (const r of rows) inBag[r] = 1;
        const oob = Int32Array.from({ length: n - rows.length });
        for (let r = 0, k = 0; r < n; r++) if (!inBag[r]) oob[k++] = r;
        addTree(tree, train.data.columns, margin, 1, oob);
        gp.leaves = new Int32Array(0);
        gp.values = new Float64Array(0);
        gp.allRows = true;
      }
      pool.run(gradientKernel, gp);
      gp.allRows = false;

      if (valid && validMargin) {
        addTree(tree, valid.data.columns, validMargin, 1);
        const loss = logLoss(valid.y, validMargin, valid.weights);
        validationLoss.push(loss);
        if (loss < best) {
          best = loss;
          bestNTrees = t + 1;
        } else if (s.earlyStoppingRounds > 0 && t + 1 - bestNTrees >= s.earlyStoppingRounds) {
          options.onTree?.(t + 1, s.nTrees);
          break;
        }
      }
      options.onTree?.(t + 1, s.nTrees);
    }
    if (!valid || s.earlyStoppingRounds === 0) bestNTrees = trees.length;
    return {
      ensemble: { trees: trees.slice(0, bestNTrees), base, scale: 1, link: 'logistic' },
      mapper,
      featureNames: train.data.featureNames,
      categorical: train.data.columns.map((_, f) => train.data.categorical?.[f] ?? false),
      settings: s,
      validationLoss,
      bestNTrees,
    };
  } finally {
    if (!options.pool) await pool.close();
  }
}

/** The model as stored in a model file (see model-file.ts). */
export function storedGbdt(model: GbdtModel, calibration?: unknown): StoredModel {
  return {
    kind: 'gbdt',
    featureNames: model.featureNames,
    categorical: model.categorical,
    ensemble: model.ensemble,
    mapper: model.mapper,
    settings: { ...model.settings, bestNTrees: model.bestNTrees },
    ...(calibration === undefined ? {} : { calibration }),
  };
}
