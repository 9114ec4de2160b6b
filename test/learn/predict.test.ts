import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/learn/dataset.ts';
import { WorkerPool } from '../../src/learn/pool.ts';
import { addTree, compileEnsemble, predictMargin } from '../../src/learn/predict.ts';
import { predictBatch } from '../../src/learn/predict-batch.ts';
import { Random } from '../../src/learn/random.ts';
import type { Tree, TreeEnsemble } from '../../src/learn/tree.ts';

/** A random tree of depth ≤ maxDepth over nFeatures, with leaves at various depths. */
function randomTree(rng: Random, nFeatures: number, maxDepth: number): Tree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const defaultLeft: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const grow = (depth: number): number => {
    const id = feature.length;
    feature.push(-1);
    threshold.push(0);
    defaultLeft.push(0);
    left.push(-1);
    right.push(-1);
    value.push(rng.next() - 0.5);
    if (depth < maxDepth && rng.next() < 0.8) {
      feature[id] = rng.int(nFeatures);
      threshold[id] = rng.next() < 0.05 ? Number.POSITIVE_INFINITY : rng.next() * 2 - 1;
      defaultLeft[id] = rng.int(2);
      left[id] = grow(depth + 1);
      right[id] = grow(depth + 1);
    }
    return id;
  };
  grow(0);
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    defaultLeft: Uint8Array.from(defaultLeft),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
    cover: new Float64Array(feature.length).fill(1),
  };
}

function randomData(rng: Random, n: number, nFeatures: number): Dataset {
  const columns = Array.from({ length: nFeatures }, () =>
    Float64Array.from({ length: n }, () => (rng.next() < 0.1 ? Number.NaN : rng.next() * 2 - 1)),
  );
  // Exact threshold values and infinities, where < and ≥ must be told apart.
  columns[0][0] = Number.POSITIVE_INFINITY;
  columns[0][1] = Number.NEGATIVE_INFINITY;
  return { nRows: n, featureNames: columns.map((_, f) => `f${f}`), columns };
}

describe('prediction', () => {
  it('the compiled batch path equals the plain tree walk, bit for bit, on 1 and 2 threads', async () => {
    const rng = new Random(3);
    const ens: TreeEnsemble = {
      trees: Array.from({ length: 40 }, () => randomTree(rng, 6, 5)),
      base: -1.25,
      scale: 1,
      link: 'logistic',
    };
    const data = randomData(rng, 3000, 6);
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
