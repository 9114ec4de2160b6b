import { describe, expect, it } from 'vitest';
import { binDataset, fitBins } from '../../src/learn/binning.ts';
import type { Dataset } from '../../src/learn/dataset.ts';
import { TreeGrower } from '../../src/learn/grower.ts';
import { WorkerPool } from '../../src/learn/pool.ts';
import { leafOf } from '../../src/learn/predict.ts';
import { Random } from '../../src/learn/random.ts';

describe('tree grower as a forest learner', () => {
  it('with grad = −w·y, hess = w, λ = 0 and learning rate 1, leaves hold the weighted share of positives', () => {
    const rng = new Random(2);
    const n = 3000;
    const x = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => rng.next()));
    const y = Float64Array.from({ length: n }, (_, r) => (rng.next() < (x[0][r] > 0.6 ? 0.7 : 0.1) ? 1 : 0));
    const w = Float64Array.from({ length: n }, () => 1 + rng.int(3));
    const data: Dataset = { nRows: n, featureNames: ['a', 'b', 'c'], columns: x };
    const grower = new TreeGrower(binDataset(data, fitBins(data)), WorkerPool.serial());
    for (let r = 0; r < n; r++) {
      grower.grad[r] = -w[r] * y[r];
      grower.hess[r] = w[r];
    }
    // A bootstrap-like subset of rows and √p features per node.
    const rows = new Random(3).sample(n, 2000);
    const { tree, leaves } = grower.grow(
      {
        growth: 'depthwise',
        maxDepth: 4,
        maxLeaves: 0,
        lambda: 0,
        alpha: 0,
        minChildWeight: 5,
        minSplitGain: 0,
        colsampleByNode: 0.6,
        learningRate: 1,
      },
      new Random(4),
      { rows },
    );
    expect(tree.feature[0]).toBeGreaterThanOrEqual(0);
    let covered = 0;
    for (const leaf of leaves) {
      let sw = 0;
      let swy = 0;
      for (let i = leaf.start; i < leaf.end; i++) {
        const r = grower.rows[leaf.buffer][i];
        expect(leafOf(tree, x, r)).toBe(leaf.node);
        sw += w[r];
        swy += w[r] * y[r];
      }
      covered += leaf.end - leaf.start;
      expect(leaf.value).toBeCloseTo(swy / sw, 5);
      expect(tree.cover[leaf.node]).toBeCloseTo(sw, 3);
    }
    expect(covered).toBe(2000);
  });
});
