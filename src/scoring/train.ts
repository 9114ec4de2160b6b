/**
 * `train(db, options)`: the whole training run behind `sf train` and `sf demo`.
 *
 * 1. Hyper-parameters: grouped-by-SIREN cross-validation (learn/cv) of a few candidate settings on the
 *    out-of-time training window only, so the honest test window never influences any choice.
 * 2. A "pipeline" fit, the same for every protocol: the learner on 80 % of the companies, then, on the other
 *    20 % (held out), an isotonic calibration of its margins and the two F-beta thresholds on calibrated
 *    probabilities; then the learner refitted on 100 % with the same settings, keeping calibration and thresholds.
 * 3. Protocols: out-of-time (default, strong signals excluded; also reported with them) and the reference's
 *    random 80/20 company split, each with its own pipeline fit.
 * 4. Production: the same pipeline on every labelled month.
 */
import { createHash } from 'node:crypto';
import { SfError } from '../common/errors.ts';
import { monthIndex, monthText } from '../common/months.ts';
import { FEATURES, type Feature } from '../features/catalogue.ts';
import { applyCalibration, fitIsotonic } from '../learn/calibration.ts';
import { crossValidate, groupKFold } from '../learn/cv.ts';
import { calibrationCurve } from '../learn/metrics.ts';
import { WorkerPool } from '../learn/pool.ts';
import type { Warehouse } from '../warehouse/db.ts';
import { driftReference } from './drift.ts';
import { evaluate, jsonSafe, prCurve } from './evaluation.ts';
import type { Algo, FittedModel, HyperParams } from './learner.ts';
import { candidateParams, fitModel } from './learners.ts';
import type { ProtocolResult, TrainReport } from './model-card.ts';
import { MODEL_FORMAT, MODEL_FORMAT_VERSION, type ScoringModel } from './model-file.ts';
import {
  buildEncoding,
  countPanel,
  type Encoding,
  lastPanelMonth,
  loadPanel,
  type PanelFrame,
  panelFeatures,
  subset,
} from './panel-data.ts';
import { scoreFrame } from './predict.ts';
import {
  describeWindows,
  isTestCompany,
  type OutOfTimeWindows,
  outOfTimeSplit,
  outOfTimeWindows,
  referenceSplit,
  sirenUniform,
} from './protocol.ts';
import { fitShift, judgmentMonths, type Recalibration, shiftCalibration, timingShares } from './recent.ts';
import { saveModelRun } from './store.ts';
import { chooseThresholds, type Thresholds } from './thresholds.ts';

export interface TrainOptions {
  algo?: Algo;
  seed?: number;
  /** Length of the out-of-time test window, in months (default 6). */
  testMonths?: number;
  /** Folds of the grouped cross-validation for hyper-parameters (default 3). */
  folds?: number;
  /** Cap on training rows: months are thinned per company above it (default 400 000). */
  maxRows?: number;
  threads?: number;
  log?: (message: string) => void;
  /** Restrict the panel features (tests; default: every catalogue feature the panel has). */
  features?: readonly Feature[];
  /** Candidate settings for the cross-validation (default: `candidateParams(algo)`). */
  candidates?: HyperParams[];
  /** Gets each protocol's test labels and margins, strong signals excluded (benchmarks compare other learners on them). */
  onTestScores?: (protocol: 'out_of_time' | 'reference', label: Float64Array, margin: Float64Array) => void;
}

interface Pipeline {
  model: FittedModel;
  calibration: ReturnType<typeof fitIsotonic>;
  thresholds: Thresholds;
  params: HyperParams;
  recalibration?: Recalibration;
}

/** Rows of the months after a pipeline's training data, with the outcomes already seen at `asOf` (recent.ts). */
interface RecentRows {
  frame: PanelFrame;
  asOf: number;
  judgment: ReadonlyMap<string, number>;
}

/**
 * Learner on 80 % of the companies of `rows`; on the other 20 %, calibration; then the learner refitted on all
 * of `rows` with the same settings, keeping that calibration, shifted on the outcomes of `recent` rows seen so
 * far (recent.ts), and the thresholds chosen on the held-out companies. Every out-of-time protocol evaluates
 * exactly this recipe, which is also the production one.
 */
async function fitPipeline(
  algo: Algo,
  frame: PanelFrame,
  params: HyperParams,
  seed: number,
  pool: WorkerPool,
  recent?: RecentRows,
): Promise<Pipeline> {
  const fitIdx: number[] = [];
  const calIdx: number[] = [];
  for (let i = 0; i < frame.siren.length; i++) (isTestCompany(frame.siren[i], seed + 1) ? calIdx : fitIdx).push(i);
  const fit = subset(frame, Int32Array.from(fitIdx));
  const cal = subset(frame, Int32Array.from(calIdx));
  // The held-out companies also stop the boosting: the refit keeps the number of trees found here.
  const validation = { dataset: cal.dataset, label: cal.label };
  const model = await fitModel(algo, fit.dataset, fit.label, { params, seed, pool, validation });
  const margins = model.margin(cal.dataset);
  let calibration = fitIsotonic(margins, cal.label, 'margin');
  const refit = await fitModel(algo, frame.dataset, frame.label, { params: model.params, seed, pool });
  let recalibration: Recalibration | undefined;
  if (recent) {
    const { frame: r, asOf, judgment } = recent;
    const p = applyCalibration(calibration, refit.margin(r.dataset));
    const failed = Uint8Array.from(r.siren, (s) => ((judgment.get(s) ?? Number.POSITIVE_INFINITY) <= asOf ? 1 : 0));
    const fit = fitShift(p, r.month, failed, asOf, timingShares(frame, judgment));
    calibration = shiftCalibration(calibration, fit.shift);
    recalibration = { as_of: monthText(asOf), rows: r.label.length, ...fit };
  }
  // The shift is monotone: the same companies pass each threshold, at shifted probabilities.
  const thresholds = chooseThresholds(cal.label, applyCalibration(calibration, margins));
  return { model: refit, calibration, thresholds, params: model.params, recalibration };
}

/**
 * The rows of months `from` … `asOf` − 1 not yet in procedure (thinned as the training rows), except the test
 * companies of `testSeed`: their outcomes seen by `asOf` recalibrate a pipeline made at `asOf`.
 */
async function recentRows(
  db: Warehouse,
  encoding: Encoding,
  from: number,
  asOf: number,
  stride: number,
  judgment: ReadonlyMap<string, number>,
  testSeed?: number,
): Promise<RecentRows> {
  const all = await loadPanel(db, encoding, { from: monthText(from), to: monthText(asOf - 1), stride });
  const keep = Int32Array.from(all.siren.keys()).filter(
    (i) => !all.strong[i] && (testSeed === undefined || !isTestCompany(all.siren[i], testSeed)),
  );
  return { frame: subset(all, keep), asOf, judgment };
}

async function runProtocol(
  description: string,
  pipe: Pipeline,
  test: PanelFrame,
  nTrain: number,
  windows?: ProtocolResult['windows'],
  onScores?: (label: Float64Array, margin: Float64Array) => void,
): Promise<ProtocolResult> {
  const margin = pipe.model.margin(test.dataset);
  const p = applyCalibration(pipe.calibration, margin);
  const t = { high: pipe.thresholds.high.threshold, moderate: pipe.thresholds.moderate.threshold };
  const clean = Int32Array.from(Array.from(test.strong.keys()).filter((i) => !test.strong[i]));
  const yClean = Float64Array.from(clean, (i) => test.label[i]);
  const pClean = Float64Array.from(clean, (i) => p[i]);
  const mClean = Float64Array.from(clean, (i) => margin[i]);
  onScores?.(yClean, mClean);
  return {
    description,
    windows,
    n_train: nTrain,
    n_test: clean.length,
    hyperparameters: pipe.params,
    metrics: evaluate(yClean, pClean, t, mClean),
    metrics_with_strong_signals: evaluate(test.label, p, t, margin),
    thresholds: pipe.thresholds,
    recalibration: pipe.recalibration,
    calibration_curve: calibrationCurve(yClean, pClean, 10, 'quantile').bins,
    pr_curve: prCurve(yClean, mClean),
  };
}

/** Grouped-by-SIREN CV of each candidate on `frame`; returns the results and the best setting (by AP). */
async function searchParams(
  algo: Algo,
  candidates: HyperParams[],
  frame: PanelFrame,
  folds: number,
  seed: number,
  pool: WorkerPool,
  log: (m: string) => void,
): Promise<{ best: HyperParams; cv: TrainReport['production']['cv'] }> {
  // Settings are compared on at most SEARCH_ROWS rows (whole companies): enough to rank a few candidates.
  const share = SEARCH_ROWS / frame.label.length;
  if (share < 1)
    frame = subset(
      frame,
      Int32Array.from(frame.siren.keys()).filter((i) => sirenUniform(frame.siren[i], seed + 2) < share),
    );
  const split = groupKFold(frame.siren, folds, seed, frame.label);
  const cv: TrainReport['production']['cv'] = [];
  for (const params of candidates) {
    const trees: number[] = [];
    const r = await crossValidate(frame.dataset, frame.label, split, async (ds, y, test) => {
      const m = await fitModel(algo, ds, y, { params, seed, pool, validation: { dataset: test.data, label: test.y } });
      if (m.params.trees !== undefined) trees.push(Number(m.params.trees));
      return (t) => m.margin(t);
    });
    const kept = trees.length ? `, trees kept ${trees.join('/')}` : '';
    log(`cv ${JSON.stringify(params)}: AP ${r.ap.toFixed(4)}, AUC ${r.auc.toFixed(4)}${kept}`);
    cv.push({ params, ap: r.ap, auc: r.auc });
  }
  const best = cv.reduce((a, b) => (b.ap > a.ap ? b : a));
  return { best: best.params, cv };
}

function modelVersion(algo: Algo, createdAt: string, seed: number): string {
  const stamp = createdAt.replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  const h = createHash('sha256').update(`${algo}|${createdAt}|${seed}`).digest('hex').slice(0, 6);
  return `${algo}-${stamp}-${h}`;
}

const SEARCH_ROWS = 120_000;
/** Categorical features with more codes than this are left out of the model. */
const MAX_CATEGORIES = 30;

function cpuSeconds(u: NodeJS.CpuUsage): number {
  return (u.user + u.system) / 1e6;
}

/** Every n-th row (at most `max` rows), for SHAP importance and drift references. */
function sampleIdx(n: number, max: number): Int32Array {
  const step = Math.max(1, Math.ceil(n / max));
  return Int32Array.from({ length: Math.ceil(n / step) }, (_, i) => i * step);
}

/** The labelled rows every protocol draws from, and the out-of-time split (also used by the XGBoost bench). */
export interface TrainingData {
  features: Feature[];
  encoding: Encoding;
  w: OutOfTimeWindows;
  first: string;
  last: string;
  /** Every fully labelled month (thinned per company above `maxRows`). */
  frame: PanelFrame;
  /** Out-of-time training rows (no strong signal, no test company, months ≤ train_to). */
  ootTrain: PanelFrame;
  /** Out-of-time test rows: test companies, test window, every month (strong signals flagged). */
  ootTestRows: PanelFrame;
  /** One month in `stride` is kept per company. */
  stride: number;
}

export async function trainingData(
  db: Warehouse,
  options: TrainOptions,
  log: (m: string) => void = () => {},
): Promise<TrainingData> {
  const seed = options.seed ?? 0;
  const testMonths = options.testMonths ?? 6;
  if (!(await db.tableExists('panel')))
    throw new SfError('table `panel` not found: run `sf features` first', { file: db.path });
  const allFeatures = await panelFeatures(db, options.features ?? FEATURES);
  if (!allFeatures.length) throw new SfError('table `panel` has no feature of the catalogue', { file: db.path });
  const last = await lastPanelMonth(db);
  if (!last) throw new SfError('table `panel` is empty: run `sf features` first', { file: db.path });
  const w = outOfTimeWindows(monthIndex(last), testMonths);
  const first = await db.one<{ m: string }>("SELECT strftime(min(periode), '%Y-%m') AS m FROM panel");
  if (!first || w.trainTo < monthIndex(first.m) + 5)
    throw new SfError(
      `not enough history for the out-of-time protocol: the panel runs ${first?.m} to ${last}; training must stop at ${monthText(w.trainTo)} (test window ${monthText(w.testFrom)}–${monthText(w.testTo)}, 18-month horizon and 18-month embargo)`,
      { file: db.path },
    );

  // Only months whose 18 months of hindsight are complete: later months have a label only when the judgment
  // is already seen, i.e. positives without their negatives.
  const known = { labelled: true, to: monthText(w.lastLabelled) };
  const labelled = await countPanel(db, known);
  const stride = Math.max(1, Math.ceil(labelled / (options.maxRows ?? 400_000)));
  // High-cardinality categories (département, NAF division) let a tree single out a handful of failing
  // companies by their code: they dominated the importance and lowered held-out AUC. Région, NAF section and the
  // other small code lists stay.
  const full = await buildEncoding(db, allFeatures, known);
  const features = allFeatures.filter(
    (f) => f.kind !== 'categorical' || (full.categories[f.name]?.length ?? 0) <= MAX_CATEGORIES,
  );
  const kept = new Set(features.map((f) => f.name));
  const encoding: Encoding = {
    features: full.features.filter((f) => kept.has(f.name)),
    categories: Object.fromEntries(Object.entries(full.categories).filter(([name]) => kept.has(name))),
  };
  log(
    `panel ${first.m} → ${last}, ${labelled.toLocaleString('en')} labelled rows, one month in ${stride} kept for training`,
  );
  const frame = await loadPanel(db, encoding, { ...known, stride });
  const ootTest = await loadPanel(db, encoding, {
    labelled: true,
    from: monthText(w.testFrom),
    to: monthText(w.testTo),
  });

  // Out-of-time protocol: search, then the pipeline on the training window, then the untouched test window.
  const ootTrain = subset(frame, outOfTimeSplit(frame, w, seed).train);
  const ootTestRows = subset(ootTest, outOfTimeSplit(ootTest, w, seed).testWithStrong);
  log(
    `out-of-time: train ≤ ${monthText(w.trainTo)} (${ootTrain.label.length} rows), test ${monthText(w.testFrom)}–${monthText(w.testTo)}`,
  );
  return { features, encoding, w, first: first.m, last, frame, ootTrain, ootTestRows, stride };
}

/** The cross-validation, then the pipeline of each protocol and of production, on one pool of worker threads. */
async function fitAll(
  algo: Algo,
  data: Pick<TrainingData, 'frame' | 'ootTrain' | 'ootTestRows' | 'w'> & { recent: Record<'oot' | 'prod', RecentRows> },
  options: TrainOptions & { seed: number; testMonths: number; folds: number; log: (m: string) => void },
  pool: WorkerPool,
) {
  const { frame, ootTrain, ootTestRows, w, recent } = data;
  const { seed, testMonths, folds, log } = options;
  const search = await searchParams(
    algo,
    options.candidates ?? candidateParams(algo),
    ootTrain,
    folds,
    seed,
    pool,
    log,
  );
  const ootPipe = await fitPipeline(algo, ootTrain, search.best, seed, pool, recent.oot);
  const outOfTime = await runProtocol(
    `entraînement et test sur des entreprises distinctes, test sur les ${testMonths} derniers mois dont l'issue à 18 mois est connue, embargo de 18 mois entre la fin de l'entraînement et le début du test, signaux forts (entreprises déjà en procédure) exclus.`,
    ootPipe,
    ootTestRows,
    ootTrain.label.length,
    describeWindows(w),
    (y, m) => options.onTestScores?.('out_of_time', y, m),
  );
  log(
    `out-of-time: AP ${outOfTime.metrics.ap.toFixed(4)}, AUC ${outOfTime.metrics.auc.toFixed(4)}, ECE ${outOfTime.metrics.ece.toFixed(4)}, recalibration ${JSON.stringify(ootPipe.recalibration)}`,
  );

  // Reference protocol: 80/20 companies over every labelled month, test months inside the training period, so
  // no recalibration on later outcomes.
  const refSplit = referenceSplit(frame, w.lastLabelled, seed);
  const refTrain = subset(frame, refSplit.train);
  const refPipe = await fitPipeline(algo, refTrain, search.best, seed, pool);
  const reference = await runProtocol(
    'répartition aléatoire 80/20 des entreprises sur tous les mois étiquetés, comme la référence (mars 2024).',
    refPipe,
    subset(frame, refSplit.testWithStrong),
    refTrain.label.length,
    undefined,
    (y, m) => options.onTestScores?.('reference', y, m),
  );
  log(`reference: AP ${reference.metrics.ap.toFixed(4)}, AUC ${reference.metrics.auc.toFixed(4)}`);

  // Production: the same pipeline on every labelled month.
  const prodIdx = Int32Array.from(Array.from(frame.strong.keys()).filter((i) => !frame.strong[i]));
  const prod = subset(frame, prodIdx);
  const prodPipe = await fitPipeline(algo, prod, search.best, seed, pool, recent.prod);
  log(
    `production: ${prod.label.length} rows, ${JSON.stringify(prodPipe.params)}, recalibration ${JSON.stringify(prodPipe.recalibration)}`,
  );
  return { search, outOfTime, reference, prod, prodPipe };
}

export async function train(db: Warehouse, options: TrainOptions = {}): Promise<ScoringModel> {
  const started = Date.now();
  const cpuStart = process.cpuUsage();
  const algo = options.algo ?? 'gbdt';
  const seed = options.seed ?? 0;
  const testMonths = options.testMonths ?? 6;
  const folds = options.folds ?? 3;
  const say = options.log ?? (() => {});
  // Every step says when it ended (wall and CPU seconds since the start, worker threads included).
  const log = (m: string) =>
    say(
      `${m} [${((Date.now() - started) / 1000).toFixed(0)} s, ${cpuSeconds(process.cpuUsage(cpuStart)).toFixed(0)} s CPU]`,
    );

  const { features, encoding, w, frame, ootTrain, ootTestRows, last, stride } = await trainingData(db, options, log);
  // Recalibration rows: out of time, the 18 embargo months, as seen when the test window starts (test companies
  // left out); in production, the months after the last labelled one, as seen at the latest month.
  const judgment = await judgmentMonths(db);
  const recent = {
    oot: await recentRows(db, encoding, w.trainTo + 1, w.testFrom - 1, stride, judgment, seed),
    prod: await recentRows(db, encoding, w.lastLabelled + 1, monthIndex(last), stride, judgment),
  };
  // One pool of worker threads for every fit.
  const pool = await WorkerPool.create(options.threads);
  const fits = await fitAll(
    algo,
    { frame, ootTrain, ootTestRows, w, recent },
    { ...options, seed, testMonths, folds, log },
    pool,
  ).finally(() => pool.close());
  const { search, outOfTime, reference, prod, prodPipe } = fits;
  const finalModel = prodPipe.model;

  const sample = subset(prod, sampleIdx(prod.label.length, 5000));
  const contrib = finalModel.contributions(sample.dataset);
  const p = features.length;
  const importance = new Float64Array(p);
  for (let i = 0; i < sample.label.length; i++)
    for (let j = 0; j < p; j++) importance[j] += Math.abs(contrib.phi[i * p + j]);
  const total = importance.reduce((a, b) => a + b, 0) || 1;
  const baseMargin = contrib.base;
  const baseRate = applyCalibration(prodPipe.calibration, [baseMargin])[0];

  const driftSample = subset(prod, sampleIdx(prod.label.length, 50_000));
  const driftScores = applyCalibration(prodPipe.calibration, finalModel.margin(driftSample.dataset));
  const drift = {
    features: Object.fromEntries(features.map((f, j) => [f.name, driftReference(driftSample.dataset.columns[j])])),
    score: driftReference(driftScores),
  };

  const createdAt = new Date().toISOString();
  const version = modelVersion(algo, createdAt, seed);
  let prodTrainMax = 0;
  for (let i = 0; i < prod.month.length; i++) prodTrainMax = Math.max(prodTrainMax, prod.month[i]);
  let prodTrainMin = Number.POSITIVE_INFINITY;
  for (let i = 0; i < prod.month.length; i++) prodTrainMin = Math.min(prodTrainMin, prod.month[i]);
  let positives = 0;
  for (let i = 0; i < prod.label.length; i++) positives += prod.label[i];

  const model: ScoringModel = {
    format: MODEL_FORMAT,
    format_version: MODEL_FORMAT_VERSION,
    model_version: version,
    created_at: createdAt,
    algo,
    hyperparameters: prodPipe.params,
    encoding,
    feature_info: features.map((f) => ({ name: f.name, group: f.group, label: f.label, unit: f.unit })),
    learner: finalModel.toJSON(),
    calibration: prodPipe.calibration,
    base_margin: baseMargin,
    base_rate: baseRate,
    thresholds: prodPipe.thresholds,
    periode_max_train: monthText(prodTrainMax),
    drift,
    report: undefined as unknown as TrainReport,
  };

  // Volumes per level on the latest month, with the production model.
  const latest = await loadPanel(db, encoding, { from: last, to: last });
  const scored = latest.label.length ? scoreFrame(model, finalModel, latest, { explain: false }) : null;
  const count = (level: string) => scored?.rows.filter((r) => r.alert === level).length ?? 0;

  const report: TrainReport = {
    model_version: version,
    created_at: createdAt,
    algo,
    seed,
    auc: outOfTime.metrics.auc,
    ap: outOfTime.metrics.ap,
    ece: outOfTime.metrics.ece,
    precision: outOfTime.metrics.high.precision,
    recall: outOfTime.metrics.high.recall,
    thresholds: { high: prodPipe.thresholds.high.threshold, moderate: prodPipe.thresholds.moderate.threshold },
    n_train: outOfTime.n_train,
    n_test: outOfTime.n_test,
    protocols: { out_of_time: outOfTime, reference },
    production: {
      n_train: prod.label.length,
      positives,
      periode_from: monthText(prodTrainMin),
      periode_max_train: monthText(prodTrainMax),
      base_rate: baseRate,
      hyperparameters: prodPipe.params,
      cv: search.cv,
      levels: prodPipe.thresholds,
      calibration:
        'isotonique sur les marges de 20 % des entreprises tenues à l’écart, décalée (log-cote) sur les défaillances déjà observées des 18 derniers mois',
      recalibration: prodPipe.recalibration,
    },
    feature_importance: features
      .map((f, j) => ({ feature: f.name, group: f.group, importance: importance[j] / total }))
      .sort((a, b) => b.importance - a.importance),
    volumes: scored ? { periode: last, fort: count('fort'), modere: count('modere'), aucune: count('aucune') } : null,
    seconds: (Date.now() - started) / 1000,
    cpu_seconds: cpuSeconds(process.cpuUsage(cpuStart)),
  };
  model.report = jsonSafe(report);
  await saveModelRun(db, {
    model_version: version,
    created_at: createdAt,
    algo,
    periode_max_train: model.periode_max_train,
    report: model.report,
  });
  return model;
}
