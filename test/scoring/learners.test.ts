import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/learn/dataset.ts';
import { ALGOS } from '../../src/scoring/learner.ts';
import { candidateParams, fitModel, loadModel } from '../../src/scoring/learners.ts';

function toy(n: number): { ds: Dataset; y: Float64Array } {
  const a = new Float64Array(n);
  const b = new Float64Array(n);
  const c = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a[i] = (i * 37) % 101;
    b[i] = i % 7 === 0 ? Number.NaN : (i * 13) % 17;
    c[i] = i % 3;
    y[i] = a[i] + 3 * (c[i] === 2 ? 10 : 0) + ((i * 7919) % 40) > 95 ? 1 : 0;
  }
  return { ds: { nRows: n, featureNames: ['a', 'b', 'c'], columns: [a, b, c], categorical: [false, false, true] }, y };
}

describe('learners behind scoring', () => {
  it.each(ALGOS)('%s: fits, explains exactly, and reloads from the model file identically', async (algo) => {
    const { ds, y } = toy(600);
    const params = { ...candidateParams(algo)[0], ...(algo === 'logreg' ? {} : { trees: 20, min_child_weight: 1 }) };
    const m = await fitModel(algo, ds, y, { params, seed: 3, threads: 1 });
    const margin = m.margin(ds);
    const { base, phi } = m.contributions(ds);
    for (let i = 0; i < ds.nRows; i += 37) {
      const s = base + phi[3 * i] + phi[3 * i + 1] + phi[3 * i + 2];
      expect(Math.abs(s - margin[i])).toBeLessThan(1e-6);
    }
    const again = loadModel(algo, JSON.parse(JSON.stringify(m.toJSON())));
    expect(Array.from(again.margin(ds))).toEqual(Array.from(margin));
    expect(again.params).toEqual(params);
  });

  it('gbdt: stops early on validation rows and reports the trees kept; others ignore the validation', async () => {
    const { ds, y } = toy(600);
    // Pure noise to validate on: the log-loss stops improving within a few trees.
    const noise = Float64Array.from(y, (_, i) => ((i * 7919) % 13 < 6 ? 1 : 0));
    const validation = { dataset: ds, label: noise };
    const params = { trees: 300, learning_rate: 0.3, depth: 3, min_child_weight: 1 };
    const m = await fitModel('gbdt', ds, y, { params, seed: 3, threads: 1, validation });
    const kept = Number(m.params.trees);
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(300);
    expect((m.toJSON() as { ensemble: { trees: unknown[] } }).ensemble.trees).toHaveLength(kept);
    const full = await fitModel('gbdt', ds, y, { params, seed: 3, threads: 1 });
    expect(full.params.trees).toBe(300);
    // Categorical codes are read as ordered numbers by boosting: no subset split in any tree.
    const json = full.toJSON() as { categorical: boolean[]; ensemble: { trees: { cats?: unknown }[] } };
    expect(json.categorical).toEqual([false, false, false]);
    expect(json.ensemble.trees.every((t) => !t.cats)).toBe(true);
    const rf = await fitModel('rf', ds, y, { params: { trees: 7, depth: 4 }, seed: 3, threads: 1, validation });
    expect(rf.params.trees).toBe(7);
  });
});
