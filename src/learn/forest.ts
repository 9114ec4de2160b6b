/**
 * Random forest of classification trees, grown by the boosting grower (grower.ts) on binned data:
 * each tree sees a bootstrap sample (n draws with replacement, as multiplicities w_r) and √p features per split.
 * With grad = −w·y, hess = w, λ = 0 and learning rate 1, the grower's gain is the weighted squared-error decrease,
 * which for 0/1 labels is the Gini impurity decrease, and each leaf holds the in-bag share of positives.
 * The forest averages the trees' probabilities: `link: 'identity'`, scale 1/nTrees, base 0.
 */
import { type BinMapper, binDataset, fitBins } from './binning.ts';
import type { TrainingSet } from './boosting.ts';
import { type GrowerParams, TreeGrower } from './grower.ts';
import type { StoredModel } from './model-file.ts';
import { WorkerPool } from './pool.ts';
import { addTree } from './predict.ts';
import { Random } from './random.ts';
import type { TreeEnsemble } from './tree.ts';

export interface ForestSettings {
  nTrees: number;
  /** 0 = unlimited. */
  maxDepth: number;
  /** Features drawn for each split: 'sqrt' (√p, rounded), or a fraction of p. */
  maxFeatures: 'sqrt' | number;
  /** Minimum in-bag weight (bootstrap draws) in a leaf. */
  minSamplesLeaf: number;
  /** Draw a bootstrap sample per tree (else every tree sees every row: only the feature draws differ). */
  bootstrap: boolean;
  maxBins: number;
  seed: number;
  /** Weights of the negative and positive class, or 'balanced' (n / (2 n_class)). */
  classWeights: [number, number] | 'balanced' | null;
  /** Split criterion: Gini impurity decrease (the reference's) or log-loss (entropy) decrease. */
  criterion: 'gini' | 'log_loss';
}

/** The reference system's production forest (Spark: 100 trees, depth 9, √p features, Gini). */
export const REFERENCE_FOREST: ForestSettings = {
  nTrees: 100,
  maxDepth: 9,
  maxFeatures: 'sqrt',
  minSamplesLeaf: 1,
  bootstrap: true,
  maxBins: 255,
  seed: 0,
  classWeights: null,
  criterion: 'gini',
};

export interface ForestModel {
  ensemble: TreeEnsemble;
  mapper: BinMapper;
  featureNames: string[];
  categorical: boolean[];
  settings: ForestSettings;
  /** Out-of-bag probability of each training row (NaN for a row in every bag); null without bootstrap. */
  oob: Float64Array | null;
}

export interface ForestOptions {
  /** Number of threads (default: the number of cores); ignored when `pool` is given. */
  threads?: number;
  pool?: WorkerPool;
  onTree?: (done: number, total: number) => void;
}

function classWeightOf(settings: ForestSettings, y: ArrayLike<number>): [number, number] {
  const cw = settings.classWeights;
  if (cw === null) return [1, 1];
  if (cw !== 'balanced') return cw;
  let pos = 0;
  for (let i = 0; i < y.length; i++) pos += y[i] === 1 ? 1 : 0;
  const neg = y.length - pos;
  return [neg ? y.length / (2 * neg) : 1, pos ? y.length / (2 * pos) : 1];
}

export async function trainForest(
  train: TrainingSet,
  settings: Partial<ForestSettings> = {},
  options: ForestOptions = {},
): Promise<ForestModel> {
  const s: ForestSettings = { ...REFERENCE_FOREST, ...settings };
  const { data, y } = train;
  const n = data.nRows;
  const F = data.columns.length;
  if (n === 0) throw new Error('cannot train a forest on an empty training set');
  for (let r = 0; r < n; r++) {
    if (y[r] !== 0 && y[r] !== 1) throw new Error(`training set: target of row ${r} is ${y[r]}, not 0 or 1`);
  }
  const pool = options.pool ?? (await WorkerPool.create(options.threads));
  try {
    const rng = new Random(s.seed);
    const mapper = fitBins(data, { maxBins: s.maxBins, seed: s.seed });
    const grower = new TreeGrower(binDataset(data, mapper), pool);
    const [w0, w1] = classWeightOf(s, y);
    const rowWeight = Float64Array.from(
      { length: n },
      (_, r) => (train.weights ? train.weights[r] : 1) * (y[r] ? w1 : w0),
    );
    const k =
      s.maxFeatures === 'sqrt' ? Math.max(1, Math.round(Math.sqrt(F))) : Math.max(1, Math.round(s.maxFeatures * F));
    const params: GrowerParams = {
      growth: 'depthwise',
      criterion: s.criterion === 'log_loss' ? 'entropy' : 'newton',
      maxDepth: s.maxDepth,
      maxLeaves: 0,
      lambda: 0,
      alpha: 0,
      minChildWeight: s.minSamplesLeaf,
      // Above float noise: a split of a pure node gains exactly 0.
      minSplitGain: 1e-9,
      colsampleByNode: k / F,
      learningRate: 1,
    };
    const trees: TreeEnsemble['trees'] = [];
    const oobSum = s.bootstrap ? new Float64Array(n) : null;
    const oobCount = s.bootstrap ? new Float64Array(n) : null;
    const draws = new Int32Array(n);
    for (let t = 0; t < s.nTrees; t++) {
      const treeRng = rng.fork();
      draws.fill(s.bootstrap ? 0 : 1);
      if (s.bootstrap) for (let i = 0; i < n; i++) draws[treeRng.int(n)]++;
      const inBag: number[] = [];
      for (let r = 0; r < n; r++) {
        const w = draws[r] * rowWeight[r];
        grower.grad[r] = -w * y[r];
        grower.hess[r] = w;
        if (draws[r] > 0) inBag.push(r);
      }
      const { tree } = grower.grow(params, treeRng, { rows: Int32Array.from(inBag) });
      trees.push(tree);
      if (oobSum && oobCount) {
        const out = Int32Array.from({ length: n - inBag.length });
        for (let r = 0, j = 0; r < n; r++) if (draws[r] === 0) out[j++] = r;
        addTree(tree, data.columns, oobSum, 1, out);
        for (const r of out) oobCount[r]++;
      }
      options.onTree?.(t + 1, s.nTrees);
    }
    return {
      ensemble: { trees, base: 0, scale: 1 / trees.length, link: 'identity' },
      mapper,
      featureNames: data.featureNames,
      categorical: data.columns.map((_, f) => data.categorical?.[f] ?? false),
      settings: s,
      oob: oobSum && oobCount ? oobSum.map((v, r) => (oobCount[r] ? v / oobCount[r] : Number.NaN)) : null,
    };
  } finally {
    if (!options.pool) await pool.close();
  }
}

/** The model file form of a forest (model-file.ts). */
export function storedForest(model: ForestModel, calibration?: unknown): StoredModel {
  return {
    kind: 'random-forest',
    featureNames: model.featureNames,
    categorical: model.categorical,
    ensemble: model.ensemble,
    mapper: model.mapper,
    settings: { ...model.settings },
    ...(calibration === undefined ? {} : { calibration }),
  };
}
