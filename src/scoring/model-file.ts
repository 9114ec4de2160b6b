/**
 * The scoring model file (`./data/model.json` by default): the learner's own model JSON wrapped with what
 * scoring adds — feature encoding and groups, calibration, base rate, both thresholds with the precision and
 * recall they gave on validation data, drift references and the training report.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SfError } from '../common/errors.ts';
import type { Group } from '../features/catalogue.ts';
import type { Calibration } from '../learn/calibration.ts';
import type { DriftReference } from './drift.ts';
import type { Algo, HyperParams } from './learner.ts';
import type { TrainReport } from './model-card.ts';
import type { Encoding } from './panel-data.ts';
import type { Thresholds } from './thresholds.ts';

export const MODEL_FORMAT = 'signaux-faibles/scoring-model';
export const MODEL_FORMAT_VERSION = 1;

export interface ScoringModel {
  format: typeof MODEL_FORMAT;
  format_version: number;
  model_version: string;
  created_at: string;
  algo: Algo;
  hyperparameters: HyperParams;
  encoding: Encoding;
  /** Per feature: thematic group, French label and unit (for explanations without the catalogue at hand). */
  feature_info: { name: string; group: Group; label: string; unit: string }[];
  /** The learner's model file. */
  learner: unknown;
  /** Calibration fitted on the margins of held-out companies: "probability" always means calibrated. */
  calibration: Calibration;
  /** SHAP base value (expected margin) and its calibrated probability: the base rate explanations start from. */
  base_margin: number;
  base_rate: number;
  thresholds: Thresholds;
  periode_max_train: string;
  drift: { features: Record<string, DriftReference>; score: DriftReference };
  report: TrainReport;
}

export function writeModel(path: string, model: ScoringModel): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(model));
}

export function readModel(path: string): ScoringModel {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new SfError('model file not found: train one with `sf train` or pass --model FILE', { file: path });
  }
  let doc: ScoringModel;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new SfError(`model file is not valid JSON (${(e as Error).message})`, { file: path });
  }
  if (doc?.format !== MODEL_FORMAT)
    throw new SfError(`not a scoring model file (format ${JSON.stringify(doc?.format)})`, {
      file: path,
      field: 'format',
    });
  if (doc.format_version > MODEL_FORMAT_VERSION)
    throw new SfError(`model file format ${doc.format_version} is newer than this sf (${MODEL_FORMAT_VERSION})`, {
      file: path,
      field: 'format_version',
    });
  return doc;
}
