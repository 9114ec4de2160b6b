import { describe, expect, it } from 'vitest';
import {
  atTopK,
  averagePrecision,
  balancedAccuracy,
  bestFBetaThreshold,
  brierScore,
  calibrationCurve,
  confusionAt,
  precisionRecallAt,
  rocAuc,
} from '../../src/learn/metrics.ts';

// Six rows ranked by score: + + − + − −
const y6 = [1, 1, 0, 1, 0, 0];
const s6 = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4];

/** AUC by its definition: P(score of a positive > score of a negative) + ½ P(tie). */
function pairwiseAuc(y: number[], s: number[]): number {
  let sum = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++)
    for (let j = 0; j < y.length; j++)
      if (y[i] === 1 && y[j] === 0) {
        pairs++;
        sum += s[i] > s[j] ? 1 : s[i] === s[j] ? 0.5 : 0;
      }
  return sum / pairs;
}

describe('ranking metrics', () => {
  it('match hand-computed values', () => {
    // scikit-learn's documentation example.
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.75, 12);
    expect(averagePrecision([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8])).toBeCloseTo(0.8333333333333333, 12);
    // 8 of the 9 positive/negative pairs are ordered right.
    expect(rocAuc(y6, s6)).toBeCloseTo(8 / 9, 12);
    // AP = (1 + 1 + 3/4) / 3
    expect(averagePrecision(y6, s6)).toBeCloseTo(2.75 / 3, 12);
  });

  it('count ties as one half and do not depend on row order', () => {
    expect(rocAuc([0, 1], [0.5, 0.5])).toBe(0.5);
    expect(averagePrecision([0, 1], [0.5, 0.5])).toBe(0.5);
    const y = [1, 0, 1, 0, 0, 1, 0, 1, 0, 0];
    const s = [0.3, 0.3, 0.7, 0.1, 0.7, 0.3, 0.2, 0.9, 0.9, 0.1];
    expect(rocAuc(y, s)).toBeCloseTo(pairwiseAuc(y, s), 12);
    const rev = (a: number[]) => [...a].reverse();
    expect(rocAuc(rev(y), rev(s))).toBeCloseTo(rocAuc(y, s), 12);
    expect(averagePrecision(rev(y), rev(s))).toBeCloseTo(averagePrecision(y, s), 12);
    // All scores equal: no ranking at all.
    expect(rocAuc(y, new Array(10).fill(1))).toBe(0.5);
    expect(averagePrecision(y, new Array(10).fill(1))).toBeCloseTo(0.4, 12);
  });

  it('are undefined (NaN) with a single class', () => {
    expect(rocAuc([1, 1, 1], [0.1, 0.2, 0.3])).toBeNaN();
    expect(rocAuc([0, 0], [0.1, 0.2])).toBeNaN();
    expect(averagePrecision([0, 0], [0.1, 0.2])).toBeNaN();
    expect(averagePrecision([1, 1], [0.1, 0.2])).toBe(1);
    expect(() => rocAuc([1, 0], [0.1])).toThrow(/differ in length/);
  });
});

describe('threshold metrics', () => {
  it('precision, recall and F-beta at a threshold (score ≥ threshold is positive)', () => {
    expect(confusionAt(y6, s6, 0.6)).toEqual({ tp: 3, fp: 1, tn: 2, fn: 0 });
    const r = precisionRecallAt(y6, s6, 0.6);
    expect(r.precision).toBe(0.75);
    expect(r.recall).toBe(1);
    expect(r.fBeta).toBeCloseTo(6 / 7, 12);
    expect(precisionRecallAt(y6, s6, 0.95).precision).toBeNaN();
    expect(balancedAccuracy(y6, s6, 0.6)).toBeCloseTo((1 + 2 / 3) / 2, 12);
    expect(balancedAccuracy([1, 1], [0.2, 0.9], 0.5)).toBeNaN();
  });

  it('finds the F-beta-optimal threshold', () => {
    // F1 peaks at 0.6 (p 3/4, r 1), F0.5 at 0.8 (p 1, r 2/3), F2 at 0.6 too.
    expect(bestFBetaThreshold(y6, s6, 1)).toMatchObject({ threshold: 0.6, precision: 0.75, recall: 1 });
    const half = bestFBetaThreshold(y6, s6, 0.5);
    expect(half.threshold).toBe(0.8);
    expect(half.fBeta).toBeCloseTo((1.25 * (2 / 3)) / (0.25 + 2 / 3), 12);
    expect(bestFBetaThreshold(y6, s6, 2).threshold).toBe(0.6);
    expect(bestFBetaThreshold([0, 0], [0.1, 0.2], 1).threshold).toBeNaN();
    // The optimum is the best among all thresholds.
    for (const beta of [0.5, 1, 2]) {
      const best = bestFBetaThreshold(y6, s6, beta).fBeta;
      for (const t of s6) expect(precisionRecallAt(y6, s6, t, beta).fBeta).toBeLessThanOrEqual(best + 1e-15);
    }
  });

  it('precision and recall at top k', () => {
    expect(atTopK(y6, s6, 2)).toEqual({ k: 2, precision: 1, recall: 2 / 3 });
    expect(atTopK(y6, s6, 4)).toEqual({ k: 4, precision: 0.75, recall: 1 });
    expect(atTopK(y6, s6, 100).k).toBe(6);
    expect(atTopK(y6, s6, 0).precision).toBeNaN();
  });
});

describe('probability metrics', () => {
  it('Brier score', () => {
    expect(brierScore([1, 0], [0.8, 0.3])).toBeCloseTo(0.065, 12);
    expect(brierScore([1, 0, 1], [1, 0, 1])).toBe(0);
  });

  it('calibration curve and expected calibration error', () => {
    const y = [0, 0, 1, 0, 1, 1];
    const p = [0.05, 0.15, 0.15, 0.55, 0.85, 0.95];
    const c = calibrationCurve(y, p, 2);
    expect(c.bins).toEqual([
      { lower: 0, upper: 0.5, count: 3, meanPredicted: expect.closeTo(0.35 / 3, 12), fractionPositive: 1 / 3 },
      { lower: 0.5, upper: 1, count: 3, meanPredicted: expect.closeTo(2.35 / 3, 12), fractionPositive: 2 / 3 },
    ]);
    expect(c.ece).toBeCloseTo(0.5 * (1 / 3 - 0.35 / 3) + 0.5 * (2.35 / 3 - 2 / 3), 12);
    // Probability 1 falls in the last bin; a perfectly calibrated set has no error.
    const perfect = calibrationCurve([0, 1, 1, 0], [0.5, 0.5, 1, 0], 10);
    expect(perfect.ece).toBe(0);
    expect(perfect.bins.map((b) => b.count)).toEqual([1, 2, 1]);
    const q = calibrationCurve(y, p, 3, 'quantile');
    expect(q.bins.reduce((a, b) => a + b.count, 0)).toBe(6);
    expect(q.bins.length).toBe(3);
  });
});
