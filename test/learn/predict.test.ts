import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/learn/dataset.ts';
import { WorkerPool } from '../../src/learn/pool.ts';
import { addTree, compileEnsemble, predictMargin } from '../../src/learn/predict.ts';
import { predictBatch } from '../../src/learn/predict-batch.ts';
import type { Tree, TreeEnsemble } from '../../src/learn/tree.ts';
import { randomDataset, randomTree, rng } from './random-trees.ts';

/** Random data with missing values, plus infinities where < and ≥ must be told apart. */
function randomData(r: () => number, n: number, nFeatures: number): Dataset {
  const data = randomDataset(r, n, nFeatures, 0.1);
  data.columns[0][0] = Number.POSITIVE_INFINITY;
  data.columns[0][1] = Number.NEGATIVE_INFINITY;
  return data;
}

describe('prediction', () => {
  it('the compiled batch path equals the plain tree walk, bit for bit, on 1 and 2 threads', async () => {
    const r = rng(3);
    const ens: TreeEnsemble = {
      trees: Array.from({ length: 40 }, () => randomTree(r, 6, 5, false, 0.05)),
      base: -1.25,
      scale: 1,
      link: 'logistic',
    };
    const data = randomData(r, 3000, 6);
    ens.trees[0].threshold[0] = data.columns[ens.trees[0].feature[0]][5];
    expect(compileEnsemble(ens, 6)).not.toBeNull();
    const walk = new Float64Array(data.nRows);
    for (const t of ens.trees) addTree(t, data.columns, walk, 1);
    for (let r = 0; r < walk.length; r++) walk[r] = ens.base + walk[r];
    const fast = predictMargin(ens, data);
    expect(Array.from(fast)).toEqual(Array.from(walk));
    const pool = await WorkerPool.create(2);
    try {
      const batch = predictBatch(pool, ens, data, false);
      expect(Array.from(batch)).toEqual(Array.from(walk));
      const proba = predictBatch(pool, ens, data, true);
      expect(proba[7]).toBeCloseTo(1 / (1 + Math.exp(-walk[7])), 12);
    } finally {
      await pool.close();
    }
  });

  it('falls back to the tree walk for categorical splits', () => {
    const tree: Tree = {
      feature: Int32Array.from([0, -1, -1]),
      threshold: new Float64Array(3),
      defaultLeft: Uint8Array.from([1, 0, 0]),
      left: Int32Array.from([1, -1, -1]),
      right: Int32Array.from([2, -1, -1]),
      value: Float64Array.from([0, 1, 2]),
      cover: Float64Array.from([3, 2, 1]),
      cats: [[2, 5], null, null],
    };
    const ens: TreeEnsemble = { trees: [tree], base: 0, scale: 1, link: 'identity' };
    expect(compileEnsemble(ens, 1)).toBeNull();
    const data: Dataset = { nRows: 4, featureNames: ['c'], columns: [Float64Array.from([2, 3, Number.NaN, 5])] };
    expect(Array.from(predictMargin(ens, data))).toEqual([1, 2, 1, 1]);
  });
});
