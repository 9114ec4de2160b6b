import { describe, expect, it } from 'vitest';
import { ALGORITHMS, modelMargin, modelShap, trainAlgorithm } from '../../src/learn/algorithms.ts';
import type { Dataset } from '../../src/learn/dataset.ts';
import { WorkerPool } from '../../src/learn/pool.ts';
import type { Tree, TreeEnsemble } from '../../src/learn/tree.ts';
import { goesLeft, treeShap } from '../../src/learn/treeshap.ts';
import { syntheticBinary } from './gbdt-data.ts';
import { randomDataset, randomTree, rng } from './random-trees.ts';

/** Path-dependent conditional expectation E[f(x) | x_S]: features outside S follow both children by cover. */
function condExpectation(tree: Tree, data: Dataset, row: number, inS: (f: number) => boolean, n = 0): number {
  if (tree.left[n] === -1) return tree.value[n];
  if (inS(tree.feature[n])) {
    return condExpectation(tree, data, row, inS, goesLeft(tree, n, data.columns, row) ? tree.left[n] : tree.right[n]);
  }
  const l = tree.left[n];
  const r = tree.right[n];
  return (
    (tree.cover[l] * condExpectation(tree, data, row, inS, l) +
      tree.cover[r] * condExpectation(tree, data, row, inS, r)) /
    tree.cover[n]
  );
}

/** Shapley values by exhaustive enumeration of feature subsets. */
function bruteForce(ens: TreeEnsemble, data: Dataset, row: number): { phi: number[]; base: number } {
  const M = data.columns.length;
  const fact = (k: number): number => (k <= 1 ? 1 : k * fact(k - 1));
  const value = (mask: number) =>
    ens.base +
    ens.scale * ens.trees.reduce((s, t) => s + condExpectation(t, data, row, (f) => (mask & (1 << f)) !== 0), 0);
  const phi = new Array(M).fill(0);
  for (let i = 0; i < M; i++) {
    for (let mask = 0; mask < 1 << M; mask++) {
      if (mask & (1 << i)) continue;
      let size = 0;
      for (let b = mask; b; b &= b - 1) size++;
      const w = (fact(size) * fact(M - size - 1)) / fact(M);
      phi[i] += w * (value(mask | (1 << i)) - value(mask));
    }
  }
  return { phi, base: value(0) };
}

function margin(ens: TreeEnsemble, data: Dataset, row: number): number {
  let m = 0;
  for (const t of ens.trees) {
    let n = 0;
    while (t.left[n] !== -1) n = goesLeft(t, n, data.columns, row) ? t.left[n] : t.right[n];
    m += t.value[n];
  }
  return ens.base + ens.scale * m;
}

describe('TreeSHAP', () => {
  for (const method of ['paths', 'tables'] as const) {
    it(`${method}: equals brute-force Shapley values on random trees (missing values, default directions, categories)`, () => {
      const r = rng(method === 'paths' ? 1 : 2);
      for (let trial = 0; trial < 40; trial++) {
        const M = 2 + (trial % 5);
        const categorical = trial % 3 === 0;
        const ens: TreeEnsemble = {
          trees: Array.from({ length: 1 + (trial % 3) }, () => randomTree(r, M, 1 + (trial % 6), categorical)),
          base: r() - 0.5,
          scale: trial % 2 ? 1 : 0.25,
          link: 'logistic',
        };
        const data = randomDataset(r, 6, M, 0.2, categorical);
        const shap = treeShap(ens, data, { method });
        for (let row = 0; row < data.nRows; row++) {
          const expected = bruteForce(ens, data, row);
          expect(shap.base).toBeCloseTo(expected.base, 10);
          for (let f = 0; f < M; f++) expect(shap.values[row * M + f]).toBeCloseTo(expected.phi[f], 10);
        }
      }
    });
  }

  it('holds local accuracy (base + Σ SHAP = margin) on deep trees, both methods agreeing', () => {
    const r = rng(5);
    const M = 12;
    const ens: TreeEnsemble = {
      trees: Array.from({ length: 20 }, () => randomTree(r, M, 10)),
      base: -1.3,
      scale: 0.1,
      link: 'logistic',
    };
    const data = randomDataset(r, 200, M, 0.1);
    const a = treeShap(ens, data, { method: 'paths' });
    const b = treeShap(ens, data, { method: 'tables' });
    for (let row = 0; row < data.nRows; row++) {
      let sum = a.base;
      for (let f = 0; f < M; f++) {
        sum += a.values[row * M + f];
        expect(b.values[row * M + f]).toBeCloseTo(a.values[row * M + f], 9);
      }
      expect(Math.abs(sum - margin(ens, data, row))).toBeLessThan(1e-9);
    }
    // A slice of rows gives the same values as the whole.
    const part = treeShap(ens, data, { start: 50, end: 60 });
    expect(part.nRows).toBe(10);
    for (let k = 0; k < 10 * M; k++) expect(part.values[k]).toBeCloseTo(b.values[50 * M + k], 9);
  });

  it('holds local accuracy on every trained model, in parallel too, and matches brute force on a small one', async () => {
    const { data, y } = syntheticBinary(3000, 8, 5, 0.1);
    // An informative categorical feature among them: codes 0–4 scrambled from the strongest feature.
    data.columns[7] = data.columns[0].map((v) =>
      Number.isNaN(v) ? v : [3, 0, 4, 1, 2][Math.min(4, Math.floor(v + 2.5))],
    );
    data.categorical = data.columns.map((_, f) => f === 7);
    const explain = { ...data, nRows: 300, columns: data.columns.map((c) => c.slice(0, 300)) };
    const pool = await WorkerPool.create(2);
    try {
      for (const algo of ALGORITHMS) {
        const m = await trainAlgorithm(algo, data, y, { gbdt: { nTrees: 40 }, rf: { nTrees: 20 } }, { pool });
        const margin = modelMargin(m, explain);
        const serial = modelShap(m, explain);
        const parallel = modelShap(m, explain, pool);
        expect(Array.from(parallel.values)).toEqual(Array.from(serial.values));
        for (let r = 0; r < explain.nRows; r++) {
          let sum = serial.base;
          for (let f = 0; f < 8; f++) sum += serial.values[r * 8 + f];
          expect(Math.abs(sum - margin[r]), `${algo}, row ${r}`).toBeLessThan(1e-6);
        }
      }
      // Exhaustive check on a small boosted model with its categorical splits.
      const small = await trainAlgorithm('gbdt', data, y, { gbdt: { nTrees: 3, maxDepth: 4 } }, { pool });
      const ens = small.ensemble!;
      expect(ens.trees.some((t) => t.cats?.some((c) => c !== null))).toBe(true);
      const shap = treeShap(ens, explain);
      for (let r = 0; r < 20; r++) {
        const expected = bruteForce(ens, explain, r);
        for (let f = 0; f < 8; f++) expect(shap.values[r * 8 + f]).toBeCloseTo(expected.phi[f], 10);
      }
    } finally {
      await pool.close();
    }
  });
});
