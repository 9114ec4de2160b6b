/**
 * Gradient boosting against XGBoost `hist` (Debian's python3-xgboost, run with /usr/bin/python3):
 * the same synthetic table (800,000 × 50, 3% positives; `SF_BENCH_ROWS` to shrink it), written once
 * to a file both read, 300 trees of depth 6, learning rate 0.1, the same number of threads (2).
 * Prints the wall-time ratio ours / XGBoost (target ≤ 1), the held-out average precision of both
 * (target: ours ≥ XGBoost's − 0.005) and our batch prediction throughput (target ≥ 1M rows/s).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { trainGbdt } from '../src/learn/boosting.ts';
import type { Dataset } from '../src/learn/dataset.ts';
import { WorkerPool } from '../src/learn/pool.ts';
import { predictBatch } from '../src/learn/predict-batch.ts';
import { syntheticBinary } from '../test/learn/gbdt-data.ts';

const N = Number(process.env.SF_BENCH_ROWS ?? 800_000);
const F = 50;
const TREES = Number(process.env.SF_BENCH_TREES ?? 300);
const DEPTH = 6;
const LR = 0.1;
const THREADS = 2;
const PYTHON = '/usr/bin/python3';

/** Average precision (area under the step-wise precision-recall curve, as scikit-learn's). */
function averagePrecision(y: ArrayLike<number>, p: ArrayLike<number>): number {
  const idx = Array.from({ length: y.length }, (_, i) => i).sort((a, b) => p[b] - p[a]);
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i];
  let tp = 0;
  let seen = 0;
  let ap = 0;
  let prevRecall = 0;
  for (let i = 0; i < idx.length; ) {
    // Rows with tied scores form one threshold.
    let j = i;
    while (j < idx.length && p[idx[j]] === p[idx[i]]) {
      tp += y[idx[j]];
      j++;
    }
    seen += j - i;
    const recall = tp / positives;
    ap += (recall - prevRecall) * (tp / seen);
    prevRecall = recall;
    i = j;
  }
  return ap;
}

function slice(data: Dataset, from: number, to: number): Dataset {
  return {
    nRows: to - from,
    featureNames: data.featureNames,
    columns: data.columns.map((c) => {
      const s = new Float64Array(new SharedArrayBuffer((to - from) * 8));
      s.set(c.subarray(from, to));
      return s;
    }),
  };
}

const dir = mkdtempSync(join(tmpdir(), 'sf-learn-bench-'));
try {
  console.log(`data: ${N} × ${F}, ${TREES} trees, depth ${DEPTH}, learning rate ${LR}, ${THREADS} threads`);
  const { data, y } = syntheticBinary(N, F, 42, 0.03);
  // One float32 file for both learners; our columns are then read back from the same float32 values.
  const table = new Float32Array(N * (F + 1));
  for (let r = 0; r < N; r++) {
    for (let f = 0; f < F; f++) table[r * (F + 1) + f] = data.columns[f][r];
    table[r * (F + 1) + F] = y[r];
  }
  const file = join(dir, 'table.f32');
  writeFileSync(file, table);
  for (let f = 0; f < F; f++) for (let r = 0; r < N; r++) data.columns[f][r] = table[r * (F + 1) + f];
  const nTrain = Math.floor(N * 0.8);
  const train = slice(data, 0, nTrain);
  const test = slice(data, nTrain, N);
  const yTrain = y.subarray(0, nTrain);
  const yTest = y.subarray(nTrain);
  let positives = 0;
  for (const v of y) positives += v;
  console.log(`positives: ${((100 * positives) / N).toFixed(2)}%; load average before: ${loadavg()[0].toFixed(2)}`);

  const pool = await WorkerPool.create(THREADS);
  // CPU time of this process (all its threads): with the machine shared, a steadier figure than wall time.
  const cpuSeconds = (since: NodeJS.CpuUsage) => {
    const d = process.cpuUsage(since);
    return (d.user + d.system) / 1e6;
  };
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const model = await trainGbdt(
    { data: train, y: yTrain },
    { nTrees: TREES, maxDepth: DEPTH, learningRate: LR },
    { pool },
  );
  const ours = (performance.now() - t0) / 1000;
  const oursCpu = cpuSeconds(c0);
  const t1 = performance.now();
  const pOurs = predictBatch(pool, model.ensemble, test);
  const predictSeconds = (performance.now() - t1) / 1000;
  // Throughput on every row (train + test), more rows for a steadier figure.
  const all = slice(data, 0, N);
  const t2 = performance.now();
  const c2 = process.cpuUsage();
  predictBatch(pool, model.ensemble, all);
  const rowsPerSecond = N / ((performance.now() - t2) / 1000);
  const rowsPerCpuSecond = N / cpuSeconds(c2);
  await pool.close();
  console.log(
    `ours: train ${ours.toFixed(2)} s (CPU ${oursCpu.toFixed(1)} s), predict ${test.nRows} rows in ${predictSeconds.toFixed(3)} s`,
  );

  if (!existsSync(PYTHON)) {
    console.log(
      `${PYTHON} not found: no XGBoost reference; held-out AP ours ${averagePrecision(yTest, pOurs).toFixed(4)}`,
    );
  } else {
    const out = join(dir, 'xgb.f64');
    const script = new URL('./python/xgb_train.py', import.meta.url).pathname;
    const r = spawnSync(PYTHON, [script, file, N, F, nTrain, THREADS, TREES, DEPTH, LR, out].map(String), {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    if (r.status !== 0) throw new Error(`XGBoost run failed (${r.status}); is python3-xgboost installed?`);
    const xgb = JSON.parse(r.stdout.trim().split('\n').pop()!);
    const pXgb = new Float64Array(readFileSync(out).buffer.slice(0));
    const apOurs = averagePrecision(yTest, pOurs);
    const apXgb = averagePrecision(yTest, pXgb);
    console.log(
      `XGBoost ${xgb.version} hist: train ${xgb.train_seconds.toFixed(2)} s (CPU ${xgb.train_cpu_seconds.toFixed(1)} s)`,
    );
    console.log(`wall-time ratio ours / XGBoost: ${(ours / xgb.train_seconds).toFixed(3)} (target ≤ 1.0)`);
    console.log(
      `CPU-time ratio ours / XGBoost: ${(oursCpu / xgb.train_cpu_seconds).toFixed(3)} (XGBoost's OpenMP threads spin while waiting)`,
    );
    console.log(
      `held-out AP: ours ${apOurs.toFixed(4)}, XGBoost ${apXgb.toFixed(4)}, difference ${(apOurs - apXgb).toFixed(4)} (target ≥ −0.005)`,
    );
  }
  console.log(
    `prediction: ${Math.round(rowsPerSecond).toLocaleString('en')} rows/s on ${THREADS} threads, ${TREES} trees of depth ${DEPTH} (target ≥ 1,000,000); ${Math.round(rowsPerCpuSecond).toLocaleString('en')} rows per CPU-second`,
  );
  console.log(`load average after: ${loadavg()[0].toFixed(2)} (2 cores shared: ratios are the figures to read)`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
