/**
 * `predict(db, model, options)`: scores every company of the perimeter for one month (default: the latest
 * month of the panel), explains every alerted company, measures drift against the training data, and stores
 * predictions and explanations with the model version (tables prediction, prediction_group, prediction_feature).
 */
import { SfError } from '../common/errors.ts';
import { isMonth, monthText } from '../common/months.ts';
import { applyCalibration } from '../learn/calibration.ts';
import type { Warehouse } from '../warehouse/db.ts';
import { type DriftItem, driftReport, psi } from './drift.ts';
import { familyOf, featurePoints, GROUPS, groupPoints, topAggravating } from './explain.ts';
import type { FittedModel } from './learner.ts';
import { loadModel } from './learners.ts';
import type { ScoringModel } from './model-file.ts';
import { lastPanelMonth, loadPanel, type PanelFrame, subset } from './panel-data.ts';
import { familySentence } from './sentences.ts';
import { type ScoredCompany, savePredictions } from './store.ts';
import { alertLevel } from './thresholds.ts';

export interface ScoredRow extends ScoredCompany {
  /** The top aggravating features' sentences, for the CSV. */
  top_features: string;
}

export interface PredictResult {
  model_version: string;
  periode: string;
  base_rate: number;
  rows: ScoredRow[];
  volumes: { fort: number; modere: number; aucune: number };
  drift: { score_psi: number; features: DriftItem[]; warnings: string[] };
}

/** Raw value of feature j in row i: a number, the category text, or null. */
function rawValue(model: ScoringModel, frame: PanelFrame, j: number, i: number): number | string | null {
  const v = frame.dataset.columns[j][i];
  if (Number.isNaN(v)) return null;
  const f = model.encoding.features[j];
  return f.kind === 'categorical' ? (model.encoding.categories[f.name]?.[v] ?? null) : v;
}

/** Probabilities, levels and (with `explain`) explanations of every row of a frame. */
export function scoreFrame(
  model: ScoringModel,
  fitted: FittedModel,
  frame: PanelFrame,
  options: { explain: boolean },
): { rows: ScoredRow[]; probability: Float64Array } {
  const probability = applyCalibration(model.calibration, fitted.margin(frame.dataset));
  const t = { high: model.thresholds.high.threshold, moderate: model.thresholds.moderate.threshold };
  const rows: ScoredRow[] = Array.from(probability, (p, i) => ({
    siren: frame.siren[i],
    probability: p,
    alert: alertLevel(p, t),
    top_features: '',
  }));
  if (!options.explain) return { rows, probability };

  const alerted = Int32Array.from(rows.keys()).filter((i) => rows[i].alert !== 'aucune');
  if (!alerted.length) return { rows, probability };
  const sub = subset(frame, alerted);
  const { phi } = fitted.contributions(sub.dataset);
  const names = model.encoding.features.map((f) => f.name);
  const column = new Map(names.map((n, j) => [n, j]));
  const info = new Map(model.feature_info.map((f) => [f.name, f]));
  const known = new Set(names);
  const families = names.map((n) => familyOf(n, known));
  const groupOf = model.feature_info.map((f) => GROUPS.indexOf(f.group));
  const p = names.length;
  alerted.forEach((row, a) => {
    const r = rows[row];
    const pts = featurePoints(phi.subarray(a * p, (a + 1) * p), r.probability, model.base_rate);
    const g = groupPoints(pts, groupOf, r.probability - model.base_rate);
    r.groups = GROUPS.map((groupe, k) => ({ groupe, points: g[k] }));
    const read = (name: string) => {
      const j = column.get(name);
      return j === undefined ? null : rawValue(model, sub, j, a);
    };
    r.features = topAggravating(pts, families).map((top, k) => {
      const f = info.get(top.family) ?? { name: top.family, label: top.family, unit: '' };
      const value = read(top.family);
      return {
        feature: top.family,
        valeur: value === null ? '' : String(value),
        points: top.points,
        rang: k + 1,
        phrase: familySentence(f, read),
      };
    });
    r.top_features = r.features.map((f) => f.phrase).join(' | ');
  });
  return { rows, probability };
}

export interface PredictOptions {
  /** `YYYY-MM`; default the latest month of the panel. */
  periode?: string;
  /** Store predictions and explanations in the analytical store (default true). */
  save?: boolean;
}

export async function predict(
  db: Warehouse,
  model: ScoringModel,
  options: PredictOptions = {},
): Promise<PredictResult> {
  if (!(await db.tableExists('panel')))
    throw new SfError('table `panel` not found: run `sf features` first', { file: db.path });
  const periode = options.periode ?? (await lastPanelMonth(db));
  if (!periode) throw new SfError('table `panel` is empty: run `sf features` first', { file: db.path });
  if (!isMonth(periode)) throw new SfError(`not a month (YYYY-MM): ${periode}`, { setting: '--period' });
  const frame = await loadPanel(db, model.encoding, { from: periode, to: periode });
  if (!frame.label.length) {
    const last = await lastPanelMonth(db);
    throw new SfError(`no company of the perimeter in the panel for ${periode} (latest month: ${last})`, {
      setting: '--period',
    });
  }
  const fitted = loadModel(model.algo, model.learner);
  const { rows, probability } = scoreFrame(model, fitted, frame, { explain: true });

  const columns = Object.fromEntries(model.encoding.features.map((f, j) => [f.name, frame.dataset.columns[j]]));
  const features = driftReport(model.drift.features, columns);
  const scorePsi = psi(model.drift.score, probability);
  const warnings = [
    ...(scorePsi > 0.25 ? [`score: PSI ${scorePsi.toFixed(2)} > 0.25`] : []),
    ...features.filter((f) => f.warning).map((f) => `${f.name}: PSI ${f.psi.toFixed(2)} > 0.25`),
  ];
  if (options.save ?? true) await savePredictions(db, model.model_version, periode, model.base_rate, rows);
  const volumes = { fort: 0, modere: 0, aucune: 0 };
  for (const r of rows) volumes[r.alert]++;
  return {
    model_version: model.model_version,
    periode: monthText(Number(periode.slice(0, 4)) * 12 + Number(periode.slice(5)) - 1),
    base_rate: model.base_rate,
    rows,
    volumes,
    drift: { score_psi: scorePsi, features, warnings },
  };
}

const csvField = (s: string) => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** The contract's CSV: `siren,periode,probability,alert,top_features`, highest probability first. */
export function predictionsCsv(result: PredictResult): string {
  const lines = ['siren,periode,probability,alert,top_features'];
  const sorted = [...result.rows].sort((a, b) => b.probability - a.probability || (a.siren < b.siren ? -1 : 1));
  for (const r of sorted)
    lines.push([r.siren, result.periode, r.probability.toFixed(6), r.alert, csvField(r.top_features)].join(','));
  return `${lines.join('\n')}\n`;
}
