import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { storedGbdt, trainGbdt } from '../../src/learn/boosting.ts';
import type { Dataset } from '../../src/learn/dataset.ts';
import { modelFromJson, modelToJson } from '../../src/learn/model-file.ts';
import { WorkerPool } from '../../src/learn/pool.ts';
import { predictMargin } from '../../src/learn/predict.ts';
import { Random } from '../../src/learn/random.ts';
import { syntheticBinary } from './gbdt-data.ts';

let pool2: WorkerPool;
beforeAll(async () => {
  pool2 = await WorkerPool.create(2);
});
afterAll(async () => {
  await pool2.close();
});

const serial = WorkerPool.serial();

describe('gradient boosting', () => {
  it('grows, with one tree of depth 1, the best stump of an exhaustive search', async () => {
    const rng = new Random(7);
    const n = 400;
    const columns = [0, 1, 2, 3].map(() => new Float64Array(n));
    const y = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      for (let f = 0; f < 4; f++) columns[f][r] = Math.round(rng.next() * (10 + 15 * f));
      if (rng.next() < 0.15) columns[1][r] = Number.NaN;
      if (rng.next() < 0.05) columns[3][r] = Number.NaN;
      y[r] = rng.next() < 0.2 + 0.03 * columns[2][r] - (Number.isNaN(columns[1][r]) ? 0.15 : 0) ? 1 : 0;
    }
    const data: Dataset = { nRows: n, featureNames: ['a', 'b', 'c', 'd'], columns };
    const settings = { nTrees: 1, maxDepth: 1, learningRate: 1, lambda: 1, minChildWeight: 0 };
    const model = await trainGbdt({ data, y }, settings, { pool: serial });
    const tree = model.ensemble.trees[0];

    // Exhaustive search on raw values: every threshold between two distinct values, both missing directions.
    const base = model.ensemble.base;
    const p0 = 1 / (1 + Math.exp(-base));
    const g = Float64Array.from(y, (v) => p0 - v);
    const h = p0 * (1 - p0);
    const score = (G: number, H: number) => (G * G) / (H + 1);
    let G = 0;
    for (const v of g) G += v;
    const H = n * h;
    let best = { gain: 0, f: -1, thr: 0, missingLeft: false };
    for (let f = 0; f < 4; f++) {
      const values = [...new Set(Array.from(columns[f]).filter((x) => !Number.isNaN(x)))].sort((a, b) => a - b);
      for (let i = 1; i <= values.length; i++) {
        const thr = i < values.length ? (values[i - 1] + values[i]) / 2 : Number.POSITIVE_INFINITY;
        for (const missingLeft of [false, true]) {
          let gl = 0;
          let hl = 0;
          for (let r = 0; r < n; r++) {
            const x = columns[f][r];
            if (Number.isNaN(x) ? missingLeft : x < thr) {
              gl += g[r];
              hl += h;
            }
          }
          if (hl === 0 || hl === H) continue;
          const gain = 0.5 * (score(gl, hl) + score(G - gl, H - hl) - score(G, H));
          if (gain > best.gain + 1e-9) best = { gain, f, thr, missingLeft };
        }
      }
    }
    expect(tree.feature[0]).toBe(best.f);
    expect(tree.threshold[0]).toBeCloseTo(best.thr, 9);
    const missing = columns[best.f].some((x) => Number.isNaN(x));
    if (missing) expect(tree.defaultLeft[0] === 1).toBe(best.missingLeft);
    // Leaves hold −G/(H + λ) of their rows.
    const margins = predictMargin(model.ensemble, data);
    for (let r = 0; r < n; r++) {
      const x = columns[best.f][r];
      const left = Number.isNaN(x) ? best.missingLeft : x < best.thr;
      let gs = 0;
      let hs = 0;
      for (let q = 0; q < n; q++) {
        const xq = columns[best.f][q];
        if ((Number.isNaN(xq) ? best.missingLeft : xq < best.thr) === left) {
          gs += g[q];
          hs += h;
        }
      }
      expect(margins[r] - base).toBeCloseTo(-gs / (hs + 1), 5);
    }
  });

  it('gives the same model for the same seed, another for another seed', async () => {
    const { data, y } = syntheticBinary(3000, 12, 3, 0.1);
    const settings = { nTrees: 8, subsample: 0.7, colsampleByTree: 0.8, colsampleByNode: 0.7, seed: 5 };
    const a = modelToJson(storedGbdt(await trainGbdt({ data, y }, settings, { pool: serial })));
    const b = modelToJson(storedGbdt(await trainGbdt({ data, y }, settings, { pool: serial })));
    const c = modelToJson(storedGbdt(await trainGbdt({ data, y }, { ...settings, seed: 6 }, { pool: serial })));
    expect(b === a).toBe(true);
    expect(c === a).toBe(false);
  });

  it('gives exactly the same model on 2 threads as on 1, depth-wise and leaf-wise', async () => {
    const { data, y } = syntheticBinary(20_000, 20, 4, 0.05);
    // A categorical column (codes 0 … 29) to cover categorical splits too.
    const cat = new Float64Array(data.nRows);
    for (let r = 0; r < data.nRows; r++)
      cat[r] = Number.isNaN(data.columns[0][r]) ? Number.NaN : Math.floor(Math.abs(data.columns[0][r]) * 10) % 30;
    const withCat: Dataset = {
      ...data,
      featureNames: [...data.featureNames, 'cat'],
      columns: [...data.columns, cat],
      categorical: [...data.columns.map(() => false), true],
    };
    for (const settings of [
      { nTrees: 10, colsampleByNode: 0.8 },
      { nTrees: 10, growth: 'leafwise' as const, maxDepth: 0, maxLeaves: 24, subsample: 0.8 },
    ]) {
      const one = await trainGbdt({ data: withCat, y }, settings, { pool: serial });
      const two = await trainGbdt({ data: withCat, y }, settings, { pool: pool2 });
      // (compared as a boolean: a failing diff of two model files would flood the log)
      expect(modelToJson(storedGbdt(two)) === modelToJson(storedGbdt(one))).toBe(true);
      expect(one.ensemble.trees.some((t) => t.cats?.some((c) => c))).toBe(true);
    }
  });

  it('predicts exactly the same after save and load', async () => {
    const { data, y } = syntheticBinary(5000, 10, 5, 0.1);
    const model = await trainGbdt({ data, y }, { nTrees: 20, maxDepth: 4 }, { pool: serial });
    const loaded = modelFromJson(modelToJson(storedGbdt(model, { method: 'platt', a: 1, b: 0 })));
    expect(loaded.calibration).toEqual({ method: 'platt', a: 1, b: 0 });
    const before = predictMargin(model.ensemble, data);
    const after = predictMargin(loaded.ensemble!, data);
    expect(Buffer.from(after.buffer).equals(Buffer.from(before.buffer))).toBe(true);
  });

  it('learns where missing values go', async () => {
    // Missing x0 means positive 80% of the time; present x0 is mostly negative whatever its value.
    const rng = new Random(11);
    const n = 4000;
    const x0 = new Float64Array(n);
    const y = new Float64Array(n);
    for (let r = 0; r < n; r++) {
      x0[r] = rng.next() * 10;
      const missing = rng.next() < 0.2;
      if (missing) x0[r] = Number.NaN;
      y[r] = rng.next() < (missing ? 0.8 : x0[r] > 9 ? 0.7 : 0.05) ? 1 : 0;
    }
    const data: Dataset = { nRows: n, featureNames: ['x0'], columns: [x0] };
    const model = await trainGbdt({ data, y }, { nTrees: 1, maxDepth: 1, learningRate: 1 }, { pool: serial });
    const t = model.ensemble.trees[0];
    // The best split sends the missing rows with the high values (x ≥ ~9), i.e. to the right.
    expect(t.threshold[0]).toBeGreaterThan(8);
    expect(t.defaultLeft[0]).toBe(0);
    const probe: Dataset = { nRows: 2, featureNames: ['x0'], columns: [Float64Array.from([Number.NaN, 1])] };
    const m = predictMargin(model.ensemble, probe);
    expect(m[0]).toBeGreaterThan(m[1]);
    // Flip the meaning: now missing rows behave like low values, so they must go left.
    const x1 = Float64Array.from(x0, (x) => (Number.isNaN(x) ? x : 10 - x));
    const flipped = await trainGbdt(
      { data: { nRows: n, featureNames: ['x0'], columns: [x1] }, y },
      { nTrees: 1, maxDepth: 1, learningRate: 1 },
      { pool: serial },
    );
    expect(flipped.ensemble.trees[0].threshold[0]).toBeLessThan(2);
    expect(flipped.ensemble.trees[0].defaultLeft[0]).toBe(1);
  });

  it('stops early when the validation loss stops improving, keeping the best trees', async () => {
    const train = syntheticBinary(2000, 30, 6, 0.1);
    const valid = syntheticBinary(2000, 30, 7, 0.1);
    const model = await trainGbdt(
      train,
      { nTrees: 300, learningRate: 0.5, maxDepth: 6, minChildWeight: 0, earlyStoppingRounds: 10 },
      { pool: serial, validation: valid },
    );
    expect(model.validationLoss.length).toBeLessThan(300);
    expect(model.bestNTrees).toBe(model.validationLoss.length - 10);
    expect(model.ensemble.trees.length).toBe(model.bestNTrees);
    const best = Math.min(...model.validationLoss);
    expect(model.validationLoss[model.bestNTrees - 1]).toBe(best);
  });

  it('weights classes', async () => {
    const { data, y } = syntheticBinary(3000, 8, 8, 0.05);
    const plain = await trainGbdt({ data, y }, { nTrees: 5 }, { pool: serial });
    const balanced = await trainGbdt({ data, y }, { nTrees: 5, classWeights: 'balanced' }, { pool: serial });
    const mean = (m: Float64Array) => m.reduce((a, b) => a + b, 0) / m.length;
    // Balanced weights move the prior to 50/50: margins rise by about log(n_neg / n_pos).
    expect(mean(predictMargin(balanced.ensemble, data))).toBeGreaterThan(mean(predictMargin(plain.ensemble, data)) + 2);
    await expect(trainGbdt({ data, y: y.map((v) => v * 2) }, {}, { pool: serial })).rejects.toThrow(/not 0 or 1/);
  });
});
