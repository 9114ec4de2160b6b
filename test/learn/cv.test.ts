import { describe, expect, it } from 'vitest';
import { crossValidate, type Fold, groupKFold, stratifiedKFold, takeRows } from '../../src/learn/cv.ts';
import type { Dataset } from '../../src/learn/dataset.ts';
import { rng } from './random-trees.ts';

function expectPartition(folds: Fold[], n: number): void {
  const seen = new Int32Array(n);
  for (const f of folds) {
    for (const i of f.test) seen[i]++;
    expect(f.train.length + f.test.length).toBe(n);
    const test = new Set(f.test);
    for (const i of f.train) expect(test.has(i)).toBe(false);
  }
  expect([...seen].every((c) => c === 1)).toBe(true);
}

const spread = (a: number[]) => Math.max(...a) - Math.min(...a);

describe('stratified k-fold', () => {
  it('partitions rows with balanced positives and sizes, reproducibly', () => {
    const r = rng(1);
    const y = Array.from({ length: 103 }, () => (r() < 0.1 ? 1 : 0));
    const folds = stratifiedKFold(y, 5, 42);
    expectPartition(folds, 103);
    expect(spread(folds.map((f) => f.test.length))).toBeLessThanOrEqual(1);
    expect(spread(folds.map((f) => [...f.test].filter((i) => y[i] === 1).length))).toBeLessThanOrEqual(1);
    expect(stratifiedKFold(y, 5, 42)).toEqual(folds);
    expect(stratifiedKFold(y, 5, 43)).not.toEqual(folds);
  });

  it('refuses impossible fold counts', () => {
    expect(() => stratifiedKFold([0, 1], 3)).toThrow(/3 folds from 2 rows/);
    expect(() => stratifiedKFold([0, 1, 0], 1)).toThrow(/≥ 2/);
  });
});

describe('grouped k-fold', () => {
  it('never splits a group and balances positives', () => {
    const r = rng(2);
    const groups: string[] = [];
    const y: number[] = [];
    for (let g = 0; g < 60; g++) {
      const failing = r() < 0.2;
      const months = 1 + Math.floor(r() * 12);
      for (let m = 0; m < months; m++) {
        groups.push(`siren${g}`);
        y.push(failing && m === months - 1 ? 1 : 0);
      }
    }
    const folds = groupKFold(groups, 4, 0, y);
    expectPartition(folds, groups.length);
    const foldOfGroup = new Map<string, number>();
    folds.forEach((f, k) => {
      for (const i of f.test) {
        expect(foldOfGroup.get(groups[i]) ?? k).toBe(k);
        foldOfGroup.set(groups[i], k);
      }
    });
    expect(spread(folds.map((f) => [...f.test].filter((i) => y[i] === 1).length))).toBeLessThanOrEqual(1);
    expect(() => groupKFold(['a', 'a', 'b'], 3)).toThrow(/3 folds from 2 groups/);
  });
});

describe('cross-validation loop', () => {
  it('scores each test fold with a model trained on the rest', async () => {
    const n = 200;
    const x = Float64Array.from({ length: n }, (_, i) => i);
    const y = Array.from(x, (v) => (v % 7 === 0 ? 1 : 0));
    const data: Dataset = { nRows: n, featureNames: ['x'], columns: [x] };
    const folds = stratifiedKFold(y, 4, 0);
    const seenTrainSizes: number[] = [];
    const seenTests: number[][] = [];
    const res = await crossValidate(data, y, folds, (train, yTrain, test) => {
      seenTrainSizes.push(train.nRows);
      expect(yTrain.length).toBe(train.nRows);
      // The test fold is handed over too (early stopping), rows and labels aligned.
      seenTests.push(Array.from(test.data.columns[0]));
      expect(Array.from(test.y)).toEqual(Array.from(test.data.columns[0], (v) => (v % 7 === 0 ? 1 : 0)));
      // A "model" that knows the rule perfectly.
      return (test) => Float64Array.from(test.columns[0], (v) => (v % 7 === 0 ? 1 : 0));
    });
    expect(seenTrainSizes).toEqual(folds.map((f) => f.train.length));
    expect(seenTests).toEqual(folds.map((f) => Array.from(f.test, (i) => data.columns[0][i])));
    expect(res.auc).toBe(1);
    expect(res.ap).toBe(1);
    expect(res.folds).toHaveLength(4);
    expect(res.oof.every((v, i) => v === y[i])).toBe(true);
    expect(takeRows(data, [3, 1]).columns[0]).toEqual(Float64Array.from([3, 1]));
  });
});
