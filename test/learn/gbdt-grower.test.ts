import { describe, expect, it } from 'vitest';
import { binDataset, fitBins } from '../../src/learn/binning.ts';
import type { Dataset } from '../../src/learn/dataset.ts';
import { TreeGrower } from '../../src/learn/grower.ts';
import { WorkerPool } from '../../src/learn/pool.ts';
import { leafOf } from '../../src/learn/predict.ts';
import { Random } from '../../src/learn/random.ts';
import { leafScore } from '../../src/learn/split.ts';

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

describe('entropy criterion', () => {
  it('picks the split of largest weighted entropy decrease, found by exhaustive search', () => {
    const rng = new Random(9);
    const n = 600;
    const x = [0, 1].map(() => Float64Array.from({ length: n }, () => rng.int(40)));
    const y = Float64Array.from({ length: n }, (_, r) => (rng.next() < 0.1 + 0.02 * x[1][r] ? 1 : 0));
    const data: Dataset = { nRows: n, featureNames: ['a', 'b'], columns: x };
    const grower = new TreeGrower(binDataset(data, fitBins(data)), WorkerPool.serial());
    for (let r = 0; r < n; r++) {
      grower.grad[r] = -y[r];
      grower.hess[r] = 1;
    }
    const params = {
      growth: 'depthwise' as const,
      maxDepth: 1,
      maxLeaves: 0,
      lambda: 0,
      alpha: 0,
      minChildWeight: 1,
      minSplitGain: 0,
      colsampleByNode: 1,
      learningRate: 1,
    };
    const ent = (pos: number, m: number) => {
      const q = pos / m;
      return q <= 0 || q >= 1 ? 0 : -m * (q * Math.log(q) + (1 - q) * Math.log(1 - q));
    };
    let P = 0;
    for (const v of y) P += v;
    let best = { gain: 0, f: -1, thr: 0 };
    for (let f = 0; f < 2; f++) {
      for (let t = 0.5; t < 40; t += 1) {
        let pl = 0;
        let nl = 0;
        for (let r = 0; r < n; r++) {
          if (x[f][r] < t) {
            nl++;
            pl += y[r];
          }
        }
        if (nl === 0 || nl === n) continue;
        const gain = ent(P, n) - ent(pl, nl) - ent(P - pl, n - nl);
        if (gain > best.gain + 1e-9) best = { gain, f, thr: t };
      }
    }
    // A side with 30 positives out of 100 scores 100 (0.3 ln 0.3 + 0.7 ln 0.7), not G²/H = 9.
    expect(leafScore(-30, 100, { ...params, criterion: 'entropy' })).toBeCloseTo(
      100 * (0.3 * Math.log(0.3) + 0.7 * Math.log(0.7)),
      12,
    );
    const entropy = grower.grow({ ...params, criterion: 'entropy' }, new Random(1)).tree;
    expect(entropy.feature[0]).toBe(best.f);
    expect(entropy.threshold[0]).toBe(best.thr);
  });
});
