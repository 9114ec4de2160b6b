import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/learn/dataset.ts';
import { logisticMargin, logisticShap, trainLogistic } from '../../src/learn/logreg.ts';
import { rocAuc } from '../../src/learn/metrics.ts';
import { rng } from './random-trees.ts';

// 30 rows: two numeric features and a categorical one (codes 0–2).
const x1 = [
  1.76, 0.4, 0.98, 2.24, 1.87, -0.98, 0.95, -0.15, -0.1, 0.41, 0.14, 1.45, 0.76, 0.12, 0.44, 0.33, 1.49, -0.21, 0.31,
  -0.85, -2.55, 0.65, 0.86, -0.74, 2.27, -1.45, 0.05, -0.19, 1.53, 1.47,
];
const x2 = [
  9.44, 6.82, 3.6, 4.37, 6.98, 0.6, 6.67, 6.71, 2.1, 1.29, 3.15, 3.64, 5.7, 4.39, 9.88, 1.02, 2.09, 1.61, 6.53, 2.53,
  4.66, 2.44, 1.59, 1.1, 6.56, 1.38, 1.97, 3.69, 8.21, 0.97,
];
const c = [2, 0, 2, 0, 1, 2, 2, 1, 0, 1, 1, 0, 2, 2, 2, 2, 1, 2, 2, 2, 2, 2, 0, 1, 2, 2, 1, 2, 1, 0];
const y = [0, 0, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 1, 1];
const data: Dataset = {
  nRows: 30,
  featureNames: ['x1', 'x2', 'c'],
  columns: [Float64Array.from(x1), Float64Array.from(x2), Float64Array.from(c)],
  categorical: [false, false, true],
};

// scikit-learn 1.2: LogisticRegression(C, solver='newton-cg', tol=1e-12) on StandardScaler(x1, x2, c==0, c==1, c==2)
// (its default lbfgs stops 1e-5 short of the optimum here); a plain Newton solve agrees to 1e-9.
const reference = {
  1: {
    coef: [1.449856328028293, -0.5571948996382627, 0.05138633462469097, 0.5380874766628234, -0.5181642967116783],
    intercept: -0.46985794,
  },
  0.1: {
    coef: [0.43305568292746666, -0.11581513374462617, 0.11259976959501627, 0.2551951457223771, -0.3164869823870348],
    intercept: -0.31047529,
  },
};

describe('logistic regression', () => {
  for (const C of [1, 0.1] as const) {
    it(`matches scikit-learn's solution (C = ${C})`, () => {
      const m = trainLogistic(data, y, { C });
      expect(m.terms.map((t) => [t.feature, t.category])).toEqual([
        [0, undefined],
        [1, undefined],
        [2, 0],
        [2, 1],
        [2, 2],
      ]);
      m.terms.forEach((t, k) => {
        expect(t.coef).toBeCloseTo(reference[C].coef[k], 8);
      });
      expect(m.intercept).toBeCloseTo(reference[C].intercept, 6);
    });
  }

  it('treats missing values as the mean and explains the margin exactly', () => {
    const m = trainLogistic(data, y);
    const withNaN: Dataset = { ...data, columns: data.columns.map((col) => Float64Array.from(col)) };
    withNaN.columns[0][3] = Number.NaN;
    withNaN.columns[2][4] = Number.NaN;
    const margin = logisticMargin(m, withNaN);
    const shap = logisticShap(m, withNaN);
    expect(shap.values[3 * 3 + 0]).toBe(0);
    expect(shap.values[4 * 3 + 2]).toBe(0);
    for (let i = 0; i < 30; i++) {
      const sum = shap.base + shap.values[i * 3] + shap.values[i * 3 + 1] + shap.values[i * 3 + 2];
      expect(Math.abs(sum - margin[i])).toBeLessThan(1e-12);
    }
  });

  it('learns a large problem with weights and a constant column', () => {
    const r = rng(11);
    const n = 20000;
    const a = Float64Array.from({ length: n }, () => r() * 2 - 1);
    const b = Float64Array.from({ length: n }, () => r() * 2 - 1);
    const k = new Float64Array(n).fill(3);
    const labels = Array.from(a, (v, i) => (r() < 1 / (1 + Math.exp(-(3 * v - 2 * b[i]))) ? 1 : 0));
    const big: Dataset = { nRows: n, featureNames: ['a', 'b', 'k'], columns: [a, b, k] };
    const m = trainLogistic(big, labels, { C: 1e6 });
    // Standardised coefficients = raw ones × sd (sd of U(−1, 1) = 1/√3).
    expect(m.terms[0].coef / m.terms[0].sd).toBeCloseTo(3, 0);
    expect(m.terms[1].coef / m.terms[1].sd).toBeCloseTo(-2, 0);
    expect(m.terms[2].coef).toBe(0);
    expect(rocAuc(labels, logisticMargin(m, big))).toBeGreaterThan(0.8);
    // Doubling every weight changes nothing; weighting positives shifts the intercept up by log(5).
    const w2 = trainLogistic(big, labels, { C: 1e6, weights: new Float64Array(n).fill(2) });
    expect(w2.intercept).toBeCloseTo(m.intercept, 4);
    const w5 = trainLogistic(big, labels, { C: 1e6, weights: labels.map((v) => (v ? 5 : 1)) });
    expect(w5.intercept - m.intercept).toBeCloseTo(Math.log(5), 1);
  });
});
