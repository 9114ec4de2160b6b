import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { familyOf, featurePoints, GROUPS, groupPoints, topAggravating } from '../../src/scoring/explain.ts';

const sigmoid = (m: number) => 1 / (1 + Math.exp(-m));
// A monotone calibrator with a flat part, like an isotonic fit.
const calibrate = (q: number) => Math.min(0.9, 0.5 * q + 0.4 * q * q);

describe('explanations in probability points', () => {
  it('add up to probability − base rate and keep the sign of each group, for any contributions', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 1, maxLength: 40 }),
        fc.double({ min: -5, max: 1, noNaN: true }),
        (phi, m0) => {
          const groupOf = phi.map((_, i) => i % GROUPS.length);
          const m = m0 + phi.reduce((a, b) => a + b, 0);
          const p = calibrate(sigmoid(m));
          const b = calibrate(sigmoid(m0));
          const pts = featurePoints(phi, p, b);
          const g = groupPoints(pts, groupOf, p - b);
          expect(Math.abs(g.reduce((a, v) => a + v, 0) - (p - b))).toBeLessThan(1e-15);
          const marginByGroup = new Float64Array(GROUPS.length);
          phi.forEach((v, i) => {
            marginByGroup[groupOf[i]] += v;
          });
          for (let j = 0; j < GROUPS.length; j++) {
            if (Math.abs(g[j]) > 1e-12) expect(Math.sign(g[j])).toBe(Math.sign(marginByGroup[j]));
          }
          pts.forEach((v, i) => {
            if (v !== 0) expect(Math.sign(v)).toBe(Math.sign(phi[i]));
          });
        },
      ),
      { numRuns: 500 },
    );
  });

  it('gives the whole difference to the only moving feature, and nothing when the margin does not move', () => {
    const pts = featurePoints([0, 1.2, 0], 0.3, 0.05);
    expect(pts[1]).toBeCloseTo(0.25, 15);
    expect(pts[0]).toBe(0);
    expect(Array.from(featurePoints([0.5, -0.5], 0.05, 0.05))).toEqual([0, 0]);
  });

  it('does not flip signs when the probability is below the base rate (the reference did)', () => {
    // Margin falls overall: dettes +0.4, santé −1.0. Probability below base.
    const phi = [0.4, -1.0];
    const m0 = -3;
    const p = sigmoid(m0 - 0.6);
    const b = sigmoid(m0);
    const g = groupPoints(featurePoints(phi, p, b), [0, 3], p - b);
    expect(g[0]).toBeGreaterThan(0);
    expect(g[3]).toBeLessThan(0);
    // The reference's 100·p·φ/Σφ rescaling would have made the debt bar negative here.
    expect((p * phi[0]) / (phi[0] + phi[1])).toBeLessThan(0);
  });

  it('ranks aggravating families with their lags summed, and drops reassuring ones', () => {
    const features = [
      'dette_patronale',
      'dette_patronale_lag3m',
      'dette_patronale_mean12m',
      'effectif',
      'ebe_n1',
      'ebe',
      'dette_sur_cotisation_mean12m',
    ];
    const families = features.map((f) => familyOf(f, new Set(features)));
    expect(families).toEqual([
      'dette_patronale',
      'dette_patronale',
      'dette_patronale',
      'effectif',
      'ebe',
      'ebe',
      'dette_sur_cotisation_mean12m',
    ]);
    const top = topAggravating([0.01, 0.02, -0.005, 0.02, -0.1, 0, 0], families);
    expect(top.map((t) => t.family)).toEqual(['dette_patronale', 'effectif']);
    expect(top[0].points).toBeCloseTo(0.025, 15);
  });
});
