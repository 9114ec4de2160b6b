/**
 * The bridge from scoring to `src/learn`: one place that knows each algorithm's candidate settings, how to fit
 * it, how to get margins and exact SHAP contributions from it, and how it is stored in the model file.
 */
import { SfError } from '../common/errors.ts';
import { DEFAULT_GBDT, type GbdtSettings, trainGbdt } from '../learn/boosting.ts';
import type { Dataset } from '../learn/dataset.ts';
import { type LogisticModel, logisticMargin, logisticShap, trainLogistic } from '../learn/logreg.ts';
import { predictMargin } from '../learn/predict.ts';
import type { TreeEnsemble } from '../learn/tree.ts';
import { treeShap } from '../learn/treeshap.ts';
import type { Algo, FitOptions, FittedModel, HyperParams } from './learner.ts';

/** Candidate settings compared by grouped cross-validation on the out-of-time training window. */
export function candidateParams(algo: Algo): HyperParams[] {
  switch (algo) {
    case 'gbdt':
      return [
        { trees: 250, learning_rate: 0.05, depth: 6, min_child_weight: 5 },
        { trees: 250, learning_rate: 0.05, depth: 4, min_child_weight: 5 },
      ];
    case 'logreg':
      return [{ C: 1 }, { C: 0.05 }];
    default:
      throw new SfError(`algorithm ${algo} is not available in this build`, { setting: '--algo' });
  }
}

function gbdtSettings(params: HyperParams, seed: number): Partial<GbdtSettings> {
  return {
    nTrees: Number(params.trees ?? DEFAULT_GBDT.nTrees),
    learningRate: Number(params.learning_rate ?? DEFAULT_GBDT.learningRate),
    maxDepth: Number(params.depth ?? DEFAULT_GBDT.maxDepth),
    minChildWeight: Number(params.min_child_weight ?? DEFAULT_GBDT.minChildWeight),
    subsample: 0.8,
    colsampleByTree: 0.8,
    seed,
  };
}

function ensembleModel(algo: Algo, params: HyperParams, ens: TreeEnsemble): FittedModel {
  return {
    algo,
    params,
    margin: (ds: Dataset) => predictMargin(ens, ds),
    contributions: (ds: Dataset) => {
      const s = treeShap(ens, ds);
      return { base: s.base, phi: s.values };
    },
    toJSON: () => ({ params, ensemble: ensembleToJSON(ens) }),
  };
}

function logisticModel(params: HyperParams, m: LogisticModel): FittedModel {
  return {
    algo: 'logreg',
    params,
    margin: (ds: Dataset) => logisticMargin(m, ds),
    contributions: (ds: Dataset) => {
      const s = logisticShap(m, ds);
      return { base: s.base, phi: s.values };
    },
    toJSON: () => ({ params, logistic: m }),
  };
}

export async function fitModel(algo: Algo, ds: Dataset, y: Float64Array, options: FitOptions): Promise<FittedModel> {
  switch (algo) {
    case 'gbdt': {
      const m = trainGbdt({ data: ds, y }, gbdtSettings(options.params, options.seed), {
        threads: options.threads,
        onTree: options.onProgress,
      });
      return ensembleModel(algo, options.params, m.ensemble);
    }
    case 'logreg':
      return logisticModel(options.params, trainLogistic(ds, y, { C: Number(options.params.C ?? 1) }));
    default:
      throw new SfError(`algorithm ${algo} is not available in this build`, { setting: '--algo' });
  }
}

interface StoredLearner {
  params: HyperParams;
  ensemble?: StoredEnsemble;
  logistic?: LogisticModel;
}

export function loadModel(algo: Algo, json: unknown): FittedModel {
  const doc = json as StoredLearner;
  if (doc.logistic) return logisticModel(doc.params, doc.logistic);
  if (doc.ensemble) return ensembleModel(algo, doc.params, ensembleFromJSON(doc.ensemble));
  throw new SfError('model file holds no learner (field learner)', { field: 'learner' });
}

interface StoredEnsemble {
  base: number;
  scale: number;
  link: TreeEnsemble['link'];
  trees: {
    feature: number[];
    threshold: number[];
    defaultLeft: number[];
    left: number[];
    right: number[];
    value: number[];
    cover: number[];
    cats?: (number[] | null)[];
  }[];
}

// Typed arrays as plain arrays in JSON.
function ensembleToJSON(ens: TreeEnsemble): StoredEnsemble {
  return {
    base: ens.base,
    scale: ens.scale,
    link: ens.link,
    trees: ens.trees.map((t) => ({
      feature: Array.from(t.feature),
      threshold: Array.from(t.threshold),
      defaultLeft: Array.from(t.defaultLeft),
      left: Array.from(t.left),
      right: Array.from(t.right),
      value: Array.from(t.value),
      cover: Array.from(t.cover),
      cats: t.cats,
    })),
  };
}

function ensembleFromJSON(e: StoredEnsemble): TreeEnsemble {
  return {
    base: e.base,
    scale: e.scale,
    link: e.link,
    trees: e.trees.map((t) => ({
      feature: Int32Array.from(t.feature),
      threshold: Float64Array.from(t.threshold),
      defaultLeft: Uint8Array.from(t.defaultLeft),
      left: Int32Array.from(t.left),
      right: Int32Array.from(t.right),
      value: Float64Array.from(t.value),
      cover: Float64Array.from(t.cover),
      cats: t.cats,
    })),
  };
}
