import { describe, expect, it } from 'vitest';
import { driftReference, driftReport, psi } from '../../src/scoring/drift.ts';

function normal(n: number, mean: number, seed: number): Float64Array {
  let s = seed;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return (s + 0.5) / 4294967296;
  };
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = mean + Math.sqrt(-2 * Math.log(rnd())) * Math.cos(2 * Math.PI * rnd());
  return out;
}

describe('population stability index', () => {
  it('is near 0 for the same distribution and above 0.25 for a shifted one', () => {
    const ref = driftReference(normal(20000, 0, 1));
    expect(psi(ref, normal(20000, 0, 2))).toBeLessThan(0.01);
    expect(psi(ref, normal(20000, 1, 3))).toBeGreaterThan(0.25);
  });

  it('counts a source that stops delivering (missing values) as drift', () => {
    const ref = driftReference(normal(5000, 0, 4));
    const gone = normal(5000, 0, 5).map((v, i) => (i % 2 ? Number.NaN : v));
    const report = driftReport({ paydex: ref, effectif: ref }, { paydex: gone, effectif: normal(5000, 0, 6) });
    expect(report[0]).toMatchObject({ name: 'paydex', warning: true });
    expect(report[1]).toMatchObject({ name: 'effectif', warning: false });
  });
});
