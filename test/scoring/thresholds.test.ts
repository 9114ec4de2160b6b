import { describe, expect, it } from 'vitest';
import { alertLevel, chooseThresholds } from '../../src/scoring/thresholds.ts';

describe('alert thresholds', () => {
  it('picks F0.5 for "fort" above F2 for "modere", with the precision and recall they gave', () => {
    // Scores 0.01 … 0.30; positives concentrated at the top, a few lower down.
    const p: number[] = [];
    const y: number[] = [];
    for (let i = 1; i <= 300; i++) {
      p.push(i / 1000);
      y.push(i > 280 || i % 23 === 0 ? 1 : 0);
    }
    const t = chooseThresholds(y, p);
    expect(t.high.threshold).toBeGreaterThan(t.moderate.threshold);
    expect(t.high.precision).toBeGreaterThan(t.moderate.precision);
    expect(t.moderate.recall).toBeGreaterThan(t.high.recall);
    const flaggedHigh = p.filter((v) => v >= t.high.threshold).length;
    expect(t.high.flagged_share).toBeCloseTo(flaggedHigh / p.length, 12);
    const tpHigh = p.filter((v, i) => v >= t.high.threshold && y[i] === 1).length;
    expect(t.high.precision).toBeCloseTo(tpHigh / flaggedHigh, 12);
    // Exhaustive check that no other threshold has a better F0.5.
    const f = (th: number, b: number) => {
      const tp = p.filter((v, i) => v >= th && y[i]).length;
      const fl = p.filter((v) => v >= th).length;
      const pos = y.filter(Boolean).length;
      const pr = fl ? tp / fl : 0;
      const rc = tp / pos;
      return pr + rc ? ((1 + b * b) * pr * rc) / (b * b * pr + rc) : 0;
    };
    for (const th of p) expect(f(th, 0.5)).toBeLessThanOrEqual(t.high.fbeta + 1e-12);
    for (const th of p) expect(f(th, 2)).toBeLessThanOrEqual(t.moderate.fbeta + 1e-12);
  });

  it('assigns levels inclusively, as the reference does', () => {
    const t = { high: 0.3, moderate: 0.1 };
    expect(alertLevel(0.3, t)).toBe('fort');
    expect(alertLevel(0.29, t)).toBe('modere');
    expect(alertLevel(0.1, t)).toBe('modere');
    expect(alertLevel(0.0999, t)).toBe('aucune');
  });
});
