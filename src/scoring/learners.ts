/**
 * The bridge from scoring to `src/learn`: one place that knows each algorithm's candidate settings, how to fit
 * it, how to get margins and exact SHAP contributions from it, and how it is stored in the model file.
 */
import { SfError } from '../common/errors.ts';
import { DEFAULT_GBDT, type GbdtSettings, trainGbdt } from '../learn/boosting.ts';
import type { Dataset } from '../learn/dataset.ts';
import { type LogisticModel, logisticMargin, logisticShap, trainLogistic } from '../learn/logreg.ts';
import { modelFromJson, modelToJson, type StoredModel } from '../learn/model-file.ts';
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

function ensembleModel(algo: Algo, params: HyperParams, ens: TreeEnsemble, stored: StoredModel): FittedModel {
  return {
    algo,
    params,
    margin: (ds: Dataset) => predictMargin(ens, ds),
    contributions: (ds: Dataset) => {
      const s = treeShap(ens, ds);
      return { base: s.base, phi: s.values };
    },
    toJSON: () => JSON.parse(modelToJson({ ...stored, settings: params })),
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
    toJSON: () =>
      JSON.parse(
        modelToJson({
          kind: 'logistic-regression',
          featureNames: m.featureNames,
          categorical: [],
          settings: params,
          payload: m as unknown as Record<string, unknown>,
        }),
      ),
  };
}

export async function fitModel(algo: Algo, ds: Dataset, y: Float64Array, options: FitOptions): Promise<FittedModel> {
  switch (algo) {
    case 'gbdt': {
      const m = await trainGbdt({ data: ds, y }, gbdtSettings(options.params, options.seed), {
        threads: options.threads,
        onTree: options.onProgress,
      });
      const stored: StoredModel = {
        kind: 'gbdt',
        featureNames: ds.featureNames,
        categorical: ds.categorical ?? ds.featureNames.map(() => false),
        ensemble: m.ensemble,
        settings: options.params,
      };
      return ensembleModel(algo, options.params, m.ensemble, stored);
    }
    case 'logreg':
      return logisticModel(options.params, trainLogistic(ds, y, { C: Number(options.params.C ?? 1) }));
    default:
      throw new SfError(`algorithm ${algo} is not available in this build`, { setting: '--algo' });
  }
}

/** The learner part of the scoring model file: `src/learn`'s own model file, as a JSON value. */
export function loadModel(algo: Algo, json: unknown): FittedModel {
  let stored: StoredModel;
  try {
    stored = modelFromJson(JSON.stringify(json));
  } catch (e) {
    throw new SfError((e as Error).message, { field: 'learner' });
  }
  const params = stored.settings as HyperParams;
  if (stored.kind === 'logistic-regression' && stored.payload)
    return logisticModel(params, stored.payload as unknown as LogisticModel);
  if (stored.ensemble) return ensembleModel(algo, params, stored.ensemble, stored);
  throw new SfError(`model file holds no usable ${stored.kind} model`, { field: 'learner' });
}
