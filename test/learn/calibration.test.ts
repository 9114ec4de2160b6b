import { describe, expect, it } from 'vitest';
import { applyCalibration, fitIsotonic, fitPlatt } from '../../src/learn/calibration.ts';
import { rng } from './random-trees.ts';

describe('isotonic calibration', () => {
  it('pools adjacent violators', () => {
    const cal = fitIsotonic([1, 2, 3], [1, 0, 1]);
    expect(cal).toEqual({ method: 'isotonic', input: 'probability', x: [1, 2, 3], y: [0.5, 0.5, 1] });
    expect(Array.from(applyCalibration(cal, [0, 1.5, 2.5, 9]))).toEqual([0.5, 0.5, 0.75, 1]);
  });

  it('pools equal scores whatever the row order', () => {
    const a = fitIsotonic([0.2, 0.2, 0.8, 0.8], [1, 0, 0, 1]);
    const b = fitIsotonic([0.8, 0.2, 0.8, 0.2], [0, 0, 1, 1]);
    expect(a).toEqual(b);
    expect(a.y).toEqual([0.5, 0.5]);
  });

  it('is non-decreasing, keeps the mean and fits a monotone signal', () => {
    const r = rng(7);
    const n = 2000;
    const s = Array.from({ length: n }, r);
    const y = s.map((v) => (r() < v * v ? 1 : 0));
    const cal = fitIsotonic(s, y);
    for (let k = 1; k < cal.y.length; k++) expect(cal.y[k]).toBeGreaterThanOrEqual(cal.y[k - 1]);
    const fitted = applyCalibration(cal, s);
    const mean = (a: ArrayLike<number>) => Array.from(a).reduce((x, v) => x + v, 0) / a.length;
    expect(mean(fitted)).toBeCloseTo(mean(y), 1);
    expect(applyCalibration(cal, [0.5])[0]).toBeCloseTo(0.25, 1);
    expect(JSON.parse(JSON.stringify(cal))).toEqual(cal);
  });

  it('honours weights', () => {
    const cal = fitIsotonic([1, 2], [1, 0], 'margin', [3, 1]);
    expect(cal.y).toEqual([0.75, 0.75]);
  });
});

describe('Platt scaling', () => {
  it('recovers the logistic curve that generated the labels', () => {
    const r = rng(3);
    const n = 20000;
    const s = Array.from({ length: n }, () => 4 * r() - 2);
    const y = s.map((v) => (r() < 1 / (1 + Math.exp(-(2 * v - 1))) ? 1 : 0));
    const cal = fitPlatt(s, y);
    expect(cal.a).toBeCloseTo(2, 0);
    expect(cal.b).toBeCloseTo(-1, 0);
    expect(Math.abs(cal.a - 2)).toBeLessThan(0.15);
    expect(Math.abs(cal.b + 1)).toBeLessThan(0.1);
  });

  it('stays finite on separable scores and is monotone', () => {
    const cal = fitPlatt([-2, -1, 1, 2], [0, 0, 1, 1]);
    expect(Number.isFinite(cal.a) && Number.isFinite(cal.b)).toBe(true);
    expect(cal.a).toBeGreaterThan(0);
    const p = applyCalibration(cal, [-2, 2]);
    // Smoothed targets: 1/(N−+2) = 0.25 and (N++1)/(N++2) = 0.75 bound the fit.
    expect(p[0]).toBeGreaterThan(0.2);
    expect(p[1]).toBeLessThan(0.8);
  });
});
