/**
 * The bridge from scoring to `src/learn`: one place that knows each algorithm's settings, how to fit it, how
 * to get margins and exact SHAP contributions from it, and how it is stored in the model file.
 */

import { SfError } from '../common/errors.ts';
import { DEFAULT_GBDT, type GbdtSettings, trainGbdt } from '../learn/boosting.ts';
import type { Dataset } from '../learn/dataset.ts';
import { predictMargin } from '../learn/predict.ts';
import type { TreeEnsemble } from '../learn/tree.ts';
import { treeShap } from '../learn/treeshap.ts';
import type { Algo, FitOptions, FittedModel, HyperParams } from './learner.ts';

/** Candidate settings compared by grouped cross-validation; the number of trees comes from early stopping. */
export function candidateParams(algo: Algo): HyperParams[] {
  switch (algo) {
    case 'gbdt':
      return [
        { trees: 400, learning_rate: 0.08, depth: 6, min_child_weight: 5 },
        { trees: 400, learning_rate: 0.08, depth: 4, min_child_weight: 5 },
      ];
    default:
      throw new SfError(`algorithm ${algo} is not available yet`, { setting: '--algo' });
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
    toJSON: () => ensembleToJSON(ens),
  };
}

export async function fitModel(algo: Algo, ds: Dataset, y: Float64Array, options: FitOptions): Promise<FittedModel> {
  switch (algo) {
    case 'gbdt': {
      const settings = gbdtSettings(options.params, options.seed);
      if (options.valid) settings.earlyStoppingRounds = 30;
      const m = trainGbdt({ data: ds, y }, settings, {
        threads: options.threads,
        validation: options.valid ? { data: options.valid.ds, y: options.valid.y } : undefined,
        onTree: options.onProgress,
      });
      return ensembleModel(algo, { ...options.params, trees: m.bestNTrees }, m.ensemble);
    }
    default:
      throw new SfError(`algorithm ${algo} is not available yet`, { setting: '--algo' });
  }
}

export function loadModel(algo: Algo, json: unknown): FittedModel {
  const doc = json as { params: HyperParams; ensemble: unknown };
  return ensembleModel(algo, doc.params ?? {}, ensembleFromJSON(doc));
}

// Typed arrays as plain arrays in JSON.
function ensembleToJSON(ens: TreeEnsemble): unknown {
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

function ensembleFromJSON(doc: unknown): TreeEnsemble {
  const e = (doc as { ensemble: any }).ensemble ?? doc;
  return {
    base: e.base,
    scale: e.scale,
    link: e.link,
    trees: e.trees.map((t: any) => ({
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
