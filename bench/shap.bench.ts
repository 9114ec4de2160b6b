/**
 * TreeSHAP speed and exactness against XGBoost's `pred_contribs`, same data file, same threads.
 * 1. The learn-gbdt synthetic data (50 features, 3 % positives), stored as float32 binary files read by both sides.
 * 2. XGBoost 1.7 (`hist`, 300 trees, depth 6, learning rate 0.1) trains, saves its model as JSON and times
 *    `pred_contribs` on 20,000 rows.
 * 3. We load that very model into our tree format and time our TreeSHAP on the same rows: same trees, so the values
 *    must agree with XGBoost's (float32 there) and add up to the margin (local accuracy).
 * 4. Our own gbdt (same settings) trained on the same rows: TreeSHAP time and local accuracy to 1e-6.
 * Target: ≥ 5× faster than XGBoost. `SF_BENCH_SMALL=1` for a quick validation run (fewer rows and trees).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainGbdt } from '../src/learn/boosting.ts';
import type { Dataset } from '../src/learn/dataset.ts';
import { WorkerPool } from '../src/learn/pool.ts';
import { predictMargin } from '../src/learn/predict.ts';
import type { Tree, TreeEnsemble } from '../src/learn/tree.ts';
import { type ShapValues, treeShap } from '../src/learn/treeshap.ts';
import { syntheticBinary } from '../test/learn/gbdt-data.ts';

const PYTHON = '/usr/bin/python3';
const SMALL = Boolean(process.env.SF_BENCH_SMALL);
const THREADS = 2;
const N_TRAIN = SMALL ? 20_000 : 200_000;
const N_EXPLAIN = SMALL ? 2_000 : 20_000;
const F = 50;
const TREES = SMALL ? 50 : 300;
const DEPTH = 6;

const XGB = `
import sys, json, time, numpy as np, xgboost as xgb
d = sys.argv[1]
n_train, n_explain, F, threads, trees, depth = map(int, sys.argv[2:8])
Xtr = np.fromfile(d + '/train_x.f32', dtype=np.float32).reshape(n_train, F)
ytr = np.fromfile(d + '/train_y.f32', dtype=np.float32)
Xex = np.fromfile(d + '/explain_x.f32', dtype=np.float32).reshape(n_explain, F)
dtrain = xgb.DMatrix(Xtr, label=ytr, missing=np.nan, nthread=threads)
params = {'objective': 'binary:logistic', 'tree_method': 'hist', 'max_depth': depth, 'eta': 0.1, 'nthread': threads, 'base_score': 0.5}
bst = xgb.train(params, dtrain, trees)
bst.save_model(d + '/xgb.json')
dex = xgb.DMatrix(Xex, missing=np.nan, nthread=threads)
t = time.perf_counter(); contribs = bst.predict(dex, pred_contribs=True); shap_s = time.perf_counter() - t
contribs.astype(np.float64).tofile(d + '/xgb_contribs.f64')
bst.predict(dex, output_margin=True).astype(np.float64).tofile(d + '/xgb_margin.f64')
print(json.dumps({'shap_seconds': shap_s}))
`;

/** Row-major float32 file of a dataset (the exact values both sides use). */
function writeRows(path: string, data: Dataset): void {
  const out = new Float32Array(data.nRows * data.columns.length);
  for (let r = 0; r < data.nRows; r++) for (let f = 0; f < F; f++) out[r * F + f] = data.columns[f][r];
  writeFileSync(path, out);
}

/** Rounds every value to float32, as XGBoost stores it. */
function toFloat32(data: Dataset): Dataset {
  return { ...data, columns: data.columns.map((c) => c.map(Math.fround)) };
}

function rows(data: Dataset, from: number, to: number): Dataset {
  return { ...data, nRows: to - from, columns: data.columns.map((c) => c.slice(from, to)) };
}

interface XgbTree {
  left_children: number[];
  right_children: number[];
  split_indices: number[];
  split_conditions: number[];
  default_left: number[];
  sum_hessian: number[];
}

/** An XGBoost 1.7 JSON model in our tree format: go left when x < threshold (float32), missing → default_left. */
function fromXgboost(path: string): TreeEnsemble {
  const json = JSON.parse(readFileSync(path, 'utf8'));
  const baseScore = Number(json.learner.learner_model_param.base_score);
  const trees: Tree[] = json.learner.gradient_booster.model.trees.map((t: XgbTree) => {
    const leaf = Uint8Array.from(t.left_children, (l) => (l === -1 ? 1 : 0));
    return {
      feature: Int32Array.from(t.split_indices, (f, n) => (leaf[n] ? 0 : f)),
      threshold: Float64Array.from(t.split_conditions, (c, n) => (leaf[n] ? 0 : Math.fround(c))),
      defaultLeft: Uint8Array.from(t.default_left),
      left: Int32Array.from(t.left_children),
      right: Int32Array.from(t.right_children),
      value: Float64Array.from(t.split_conditions, (c, n) => (leaf[n] ? Math.fround(c) : 0)),
      cover: Float64Array.from(t.sum_hessian),
    };
  });
  return { trees, base: Math.log(baseScore / (1 - baseScore)), scale: 1, link: 'logistic' };
}

function meanLeaves(ens: TreeEnsemble): number {
  return ens.trees.reduce((a, t) => a + t.left.filter((l) => l === -1).length, 0) / ens.trees.length;
}

function localAccuracyError(shap: ShapValues, margin: Float64Array): number {
  let worst = 0;
  for (let r = 0; r < shap.nRows; r++) {
    let s = shap.base;
    for (let f = 0; f < shap.nFeatures; f++) s += shap.values[r * shap.nFeatures + f];
    worst = Math.max(worst, Math.abs(s - margin[r]));
  }
  return worst;
}

function timed<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const r = fn();
  return [r, (performance.now() - t) / 1000];
}

if (spawnSync(PYTHON, ['-c', 'import xgboost'], { encoding: 'utf8' }).status !== 0) {
  console.log('skipped: needs Debian python3-xgboost (/usr/bin/python3)');
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), 'sf-shap-'));
const pool = await WorkerPool.create(THREADS);
try {
  const { data: all, y: yAll } = syntheticBinary(N_TRAIN + N_EXPLAIN, F, 7);
  const data32 = toFloat32(all);
  const train = rows(data32, 0, N_TRAIN);
  const explain = rows(data32, N_TRAIN, N_TRAIN + N_EXPLAIN);
  const yTrain = yAll.slice(0, N_TRAIN);
  writeRows(join(dir, 'train_x.f32'), train);
  writeFileSync(join(dir, 'train_y.f32'), Float32Array.from(yTrain));
  writeRows(join(dir, 'explain_x.f32'), explain);
  console.log(
    `data: ${N_TRAIN.toLocaleString('en')} training rows, ${N_EXPLAIN.toLocaleString('en')} rows to explain, ${F} features; ${TREES} trees of depth ${DEPTH}; ${THREADS} threads`,
  );

  const r = spawnSync(PYTHON, ['-c', XGB, dir, ...[N_TRAIN, N_EXPLAIN, F, THREADS, TREES, DEPTH].map(String)], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`xgboost failed: ${r.stderr}`);
  const xgbSeconds: number = JSON.parse(r.stdout).shap_seconds;
  const xgbContribs = new Float64Array(readFileSync(join(dir, 'xgb_contribs.f64')).buffer.slice(0));
  const xgbMargin = new Float64Array(readFileSync(join(dir, 'xgb_margin.f64')).buffer.slice(0));

  // Same model, same rows.
  const xgbModel = fromXgboost(join(dir, 'xgb.json'));
  // Warm-up: workers load the TreeSHAP module and the JIT compiles it (one-time costs of a long-lived pool).
  treeShap(xgbModel, rows(explain, 0, 200), { pool });
  const [shapX, oursOnXgb] = timed(() => treeShap(xgbModel, explain, { pool }));
  let maxDiff = 0;
  for (let i = 0; i < N_EXPLAIN; i++) {
    for (let f = 0; f < F; f++)
      maxDiff = Math.max(maxDiff, Math.abs(shapX.values[i * F + f] - xgbContribs[i * (F + 1) + f]));
    maxDiff = Math.max(maxDiff, Math.abs(shapX.base - xgbContribs[i * (F + 1) + F]));
  }
  const marginX = predictMargin(xgbModel, explain);
  let marginDiff = 0;
  for (let i = 0; i < N_EXPLAIN; i++) marginDiff = Math.max(marginDiff, Math.abs(marginX[i] - xgbMargin[i]));
  console.log(
    `XGBoost pred_contribs:                 ${xgbSeconds.toFixed(2)} s (${meanLeaves(xgbModel).toFixed(1)} leaves per tree)`,
  );
  console.log(
    `sf TreeSHAP on XGBoost's own trees:    ${oursOnXgb.toFixed(2)} s  → ${(xgbSeconds / oursOnXgb).toFixed(1)}× faster (target ≥ 5×)`,
  );
  console.log(
    `  agreement with XGBoost's values (float32 there): max |Δ| = ${maxDiff.toExponential(2)}; margins agree to ${marginDiff.toExponential(2)}`,
  );
  console.log(
    `  local accuracy: max |base + Σ SHAP − margin| = ${localAccuracyError(shapX, marginX).toExponential(2)}`,
  );

  // Our own model, same settings.
  const model = await trainGbdt(
    { data: train, y: yTrain },
    { nTrees: TREES, maxDepth: DEPTH, learningRate: 0.1 },
    { pool },
  );
  const [shapOurs, oursSeconds] = timed(() => treeShap(model.ensemble, explain, { pool }));
  const err = localAccuracyError(shapOurs, predictMargin(model.ensemble, explain));
  const leaves = meanLeaves(model.ensemble);
  console.log(
    `sf TreeSHAP on the sf gbdt model:      ${oursSeconds.toFixed(2)} s  → ${(xgbSeconds / oursSeconds).toFixed(1)}× faster than XGBoost on its model (${leaves.toFixed(1)} leaves per tree)`,
  );
  console.log(`  local accuracy: max |base + Σ SHAP − margin| = ${err.toExponential(2)} (target ≤ 1e-6)`);
  process.exitCode = xgbSeconds / oursOnXgb >= 5 && err <= 1e-6 && maxDiff < 1e-3 ? 0 : 1;
} finally {
  await pool.close();
  rmSync(dir, { recursive: true, force: true });
}
