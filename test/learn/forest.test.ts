import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/learn/dataset.ts';
import { REFERENCE_FOREST, trainForest } from '../../src/learn/forest.ts';
import { rocAuc } from '../../src/learn/metrics.ts';
import { WorkerPool } from '../../src/learn/pool.ts';
import { predictMargin } from '../../src/learn/predict.ts';
import { syntheticBinary } from './gbdt-data.ts';
import { rng } from './random-trees.ts';

/** Impurity decrease of splitting rows at x < t, for an impurity of (rows, positives). */
function gain(impurity: (k: number, pos: number) => number) {
  return (x: Float64Array, y: ArrayLike<number>, t: number): number => {
    let nl = 0;
    let pl = 0;
    let p = 0;
    for (let i = 0; i < x.length; i++) {
      p += y[i];
      if (x[i] < t) {
        nl++;
        pl += y[i];
      }
    }
    return impurity(x.length, p) - impurity(nl, pl) - impurity(x.length - nl, p - pl);
  };
}
const xlogx = (v: number) => (v > 0 ? v * Math.log(v) : 0);
/** Gini decrease (× n). */
const giniGain = gain((k, pos) => (k ? k * 2 * (pos / k) * (1 - pos / k) : 0));
/** Entropy decrease (× n, in nats): scikit-learn's 'log_loss' criterion. */
const entropyGain = gain((k, pos) => (k ? -k * (xlogx(pos / k) + xlogx(1 - pos / k)) : 0));

describe('random forest', () => {
  it('a one-tree, depth-1 forest without bootstrap is the best Gini stump', async () => {
    const r = rng(4);
    const n = 300;
    const columns = [0, 1, 2].map(() => Float64Array.from({ length: n }, () => Math.round(r() * 40) / 40));
    const y: number[] = Array.from({ length: n }, (_, i) => (r() < (columns[1][i] > 0.6 ? 0.8 : 0.2) ? 1 : 0));
    const data: Dataset = { nRows: n, featureNames: ['a', 'b', 'c'], columns };
    const m = await trainForest(
      { data, y },
      { nTrees: 1, maxDepth: 1, bootstrap: false, maxFeatures: 1 },
      { threads: 1 },
    );
    const tree = m.ensemble.trees[0];
    let best = { gain: -1, f: -1, t: 0 };
    columns.forEach((x, f) => {
      for (const t of new Set(x)) {
        const g = giniGain(x, y, t);
        if (g > best.gain + 1e-12) best = { gain: g, f, t };
      }
    });
    expect(tree.feature[0]).toBe(best.f);
    // Same partition of the rows (the threshold may sit anywhere between the two observed values).
    const x = columns[best.f];
    for (let i = 0; i < n; i++) expect(x[i] < tree.threshold[0]).toBe(x[i] < best.t);
    // Leaves hold the share of positives, covers the row counts.
    const left = tree.left[0];
    const inLeft = y.filter((_, i) => x[i] < best.t);
    expect(tree.value[left]).toBeCloseTo(inLeft.reduce((a, v) => a + v, 0) / inLeft.length, 12);
    expect(tree.cover[left]).toBe(inLeft.length);
    expect(m.ensemble).toMatchObject({ base: 0, scale: 1, link: 'identity' });
  });

  it('with the log-loss criterion, a one-tree depth-1 forest is the best entropy stump, not the Gini one', async () => {
    // 100 rows, 10 positives. Feature a isolates 5 rows holding 1 positive; feature b isolates 30 rows holding
    // 2 positives. Gini prefers a (gain 0.105 vs 0.095), entropy prefers b (0.284 vs 0.237 nats).
    const n = 100;
    const positive = new Set([0, 5, 6, 40, 50, 60, 70, 80, 90, 99]);
    const y = Array.from({ length: n }, (_, i) => (positive.has(i) ? 1 : 0));
    const a = Float64Array.from({ length: n }, (_, i) => (i < 5 ? 0 : 1));
    const b = Float64Array.from({ length: n }, (_, i) => (i >= 5 && i < 35 ? 0 : 1));
    const columns = [a, b];
    const data: Dataset = { nRows: n, featureNames: ['a', 'b'], columns };
    const stump = async (criterion: 'gini' | 'log_loss') =>
      (
        await trainForest(
          { data, y },
          { nTrees: 1, maxDepth: 1, bootstrap: false, maxFeatures: 1, criterion },
          { threads: 1 },
        )
      ).ensemble.trees[0];
    const best = (gain: (x: Float64Array, y: number[], t: number) => number) =>
      columns.map((x) => gain(x, y, 1)).reduce((bi, g, f, all) => (g > all[bi] ? f : bi), 0);
    expect(best(giniGain)).toBe(0);
    expect(best(entropyGain)).toBe(1);
    expect((await stump('gini')).feature[0]).toBe(0);
    expect((await stump('log_loss')).feature[0]).toBe(1);
  });

  it('learns, with the reference preset, an honest out-of-bag estimate and the same forest on any thread count', async () => {
    const { data, y } = syntheticBinary(4000, 12, 1, 0.1);
    const test = syntheticBinary(2000, 12, 2, 0.1);
    expect(REFERENCE_FOREST).toMatchObject({ nTrees: 100, maxDepth: 9, maxFeatures: 'sqrt' });
    const settings = { nTrees: 30, seed: 3 };
    const one = await trainForest({ data, y }, settings, { threads: 1 });
    const pool = await WorkerPool.create(2);
    const two = await trainForest({ data, y }, settings, { pool });
    await pool.close();
    expect(two.ensemble).toEqual(one.ensemble);
    const depth = (t: (typeof one.ensemble.trees)[0]) => {
      const d = new Int32Array(t.left.length);
      let max = 0;
      const visit = (n: number, k: number) => {
        d[n] = k;
        max = Math.max(max, k);
        if (t.left[n] !== -1) {
          visit(t.left[n], k + 1);
          visit(t.right[n], k + 1);
        }
      };
      visit(0, 0);
      return max;
    };
    expect(Math.max(...one.ensemble.trees.map(depth))).toBe(9);
    const p = predictMargin(one.ensemble, test.data);
    for (const v of p) expect(v >= 0 && v <= 1).toBe(true);
    const auc = rocAuc(test.y, p);
    expect(auc).toBeGreaterThan(0.8);
    const oob = one.oob!;
    const seen = Array.from(oob.keys()).filter((i) => !Number.isNaN(oob[i]));
    expect(seen.length).toBeGreaterThan(3900);
    const oobAuc = rocAuc(
      seen.map((i) => y[i]),
      seen.map((i) => oob[i]),
    );
    expect(Math.abs(oobAuc - auc)).toBeLessThan(0.05);
    // Another seed, another forest; balanced class weights raise the probabilities of the rare class.
    const other = await trainForest({ data, y }, { ...settings, seed: 4 }, { threads: 1 });
    expect(other.ensemble).not.toEqual(one.ensemble);
    const balanced = await trainForest({ data, y }, { ...settings, classWeights: 'balanced' }, { threads: 1 });
    const mean = (a: Float64Array) => a.reduce((s, v) => s + v, 0) / a.length;
    // (Deep trees end in nearly pure leaves, so the rise is well short of the weighted prior of 0.5.)
    expect(balanced.ensemble.trees[0].value[0]).toBeGreaterThan(0.45);
    expect(mean(predictMargin(balanced.ensemble, test.data))).toBeGreaterThan(1.5 * mean(p));
  });
});
