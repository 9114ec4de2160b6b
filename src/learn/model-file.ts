/**
 * Model files: versioned JSON holding everything needed to score raw rows (trees, bins, feature
 * names), the training settings and an optional calibration. No Node imports: the browser reads
 * them too. Numbers are written with JSON's shortest exact form, so a loaded model predicts
 * bit-for-bit what the saved one did; the only non-finite threshold (+∞, "all non-missing values
 * go left") is written as the string "Infinity".
 */
import type { BinMapper, FeatureBins } from './binning.ts';
import type { Tree, TreeEnsemble } from './tree.ts';

export const MODEL_FORMAT = 'signaux-faibles-model';
export const MODEL_VERSION = 1;

export type ModelKind = 'gbdt' | 'random-forest' | 'logistic-regression';

/** A model as the rest of the code sees it (arrays typed). */
export interface StoredModel {
  kind: ModelKind;
  featureNames: string[];
  categorical: boolean[];
  /** The trees, for tree models. */
  ensemble?: TreeEnsemble;
  /** The bins the trees were learnt on (informative: prediction uses the raw thresholds of the trees). */
  mapper?: BinMapper;
  /** Training settings, as given. */
  settings: Record<string, unknown>;
  /** Model content of non-tree models (e.g. logistic regression coefficients), defined by their module. */
  payload?: Record<string, unknown>;
  /** Calibration of the probabilities, defined by calibration.ts. */
  calibration?: unknown;
}

interface TreeJson {
  feature: number[];
  threshold: (number | string)[];
  defaultLeft: number[];
  left: number[];
  right: number[];
  value: number[];
  cover: number[];
  cats?: (number[] | null)[];
}

type BinsJson = { kind: 'numeric'; thresholds: number[] } | { kind: 'categorical'; categories: number[] };

interface ModelJson {
  format: string;
  version: number;
  kind: ModelKind;
  featureNames: string[];
  categorical: boolean[];
  ensemble?: { base: number; scale: number; link: TreeEnsemble['link']; trees: TreeJson[] };
  bins?: BinsJson[];
  settings: Record<string, unknown>;
  payload?: Record<string, unknown>;
  calibration?: unknown;
}

const encodeNumber = (x: number): number | string => (Number.isFinite(x) ? x : String(x));
const decodeNumber = (x: number | string): number => (typeof x === 'number' ? x : Number(x));

function treeToJson(t: Tree): TreeJson {
  const out: TreeJson = {
    feature: Array.from(t.feature),
    threshold: Array.from(t.threshold, encodeNumber),
    defaultLeft: Array.from(t.defaultLeft),
    left: Array.from(t.left),
    right: Array.from(t.right),
    value: Array.from(t.value),
    cover: Array.from(t.cover),
  };
  if (t.cats) out.cats = t.cats;
  return out;
}

function treeFromJson(j: TreeJson): Tree {
  const t: Tree = {
    feature: Int32Array.from(j.feature),
    threshold: Float64Array.from(j.threshold, decodeNumber),
    defaultLeft: Uint8Array.from(j.defaultLeft),
    left: Int32Array.from(j.left),
    right: Int32Array.from(j.right),
    value: Float64Array.from(j.value),
    cover: Float64Array.from(j.cover),
  };
  if (j.cats) t.cats = j.cats;
  return t;
}

export function modelToJson(model: StoredModel): string {
  const j: ModelJson = {
    format: MODEL_FORMAT,
    version: MODEL_VERSION,
    kind: model.kind,
    featureNames: model.featureNames,
    categorical: model.categorical,
    settings: model.settings,
  };
  if (model.ensemble) {
    const { base, scale, link, trees } = model.ensemble;
    j.ensemble = { base, scale, link, trees: trees.map(treeToJson) };
  }
  if (model.mapper) {
    j.bins = model.mapper.features.map((fb) =>
      fb.kind === 'numeric'
        ? { kind: 'numeric', thresholds: Array.from(fb.thresholds) }
        : { kind: 'categorical', categories: Array.from(fb.categories) },
    );
  }
  if (model.payload) j.payload = model.payload;
  if (model.calibration !== undefined) j.calibration = model.calibration;
  return JSON.stringify(j);
}

/** Parses a model file; throws a plain Error naming what is wrong (callers add the file name). */
export function modelFromJson(text: string): StoredModel {
  let j: ModelJson;
  try {
    j = JSON.parse(text) as ModelJson;
  } catch (e) {
    throw new Error(`not a JSON model file (${(e as Error).message})`);
  }
  if (j?.format !== MODEL_FORMAT) throw new Error(`not a model file: format is ${JSON.stringify(j?.format)}`);
  if (j.version !== MODEL_VERSION) {
    throw new Error(`model file version ${j.version} is not supported (this program reads version ${MODEL_VERSION})`);
  }
  const model: StoredModel = {
    kind: j.kind,
    featureNames: j.featureNames,
    categorical: j.categorical,
    settings: j.settings ?? {},
  };
  if (j.ensemble) {
    const { base, scale, link, trees } = j.ensemble;
    model.ensemble = { base, scale, link, trees: trees.map(treeFromJson) };
  }
  if (j.bins) {
    const features: FeatureBins[] = j.bins.map((b) =>
      b.kind === 'numeric'
        ? { kind: 'numeric', thresholds: Float64Array.from(b.thresholds) }
        : { kind: 'categorical', categories: Float64Array.from(b.categories) },
    );
    const nBins = Int32Array.from(features, (fb) =>
      fb.kind === 'numeric' ? fb.thresholds.length + 1 : fb.categories.length + 1,
    );
    model.mapper = { features, nBins };
  }
  if (j.payload) model.payload = j.payload;
  if (j.calibration !== undefined) model.calibration = j.calibration;
  return model;
}
