import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyCalibration, fitIsotonic } from '../../src/learn/calibration.ts';
import { HORIZON } from '../../src/scoring/protocol.ts';
import {
  fitShift,
  judgmentMonths,
  MIN_RECENT_FAILURES,
  shiftCalibration,
  shiftProbability,
  timingShares,
} from '../../src/scoring/recent.ts';
import { plantedPanel, rng } from './fixture.ts';

describe('recalibration on recent outcomes', () => {
  it('recovers the log-odds shift of a changed failure rate from partially observed outcomes', () => {
    const r = rng(3);
    const asOf = 1000;
    // Failures come later rather than sooner within the 18 months: F(L) = (L/18)^1.5.
    const timing = Float64Array.from({ length: HORIZON + 1 }, (_, l) => (l / HORIZON) ** 1.5);
    const n = 200_000;
    const p = new Float64Array(n);
    const month = new Int32Array(n);
    const failed = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      p[i] = 0.002 + 0.2 * r() ** 3;
      month[i] = asOf - 1 - Math.floor(r() * HORIZON);
      // The true 18-month risk has odds e^0.7 times those the model gives.
      failed[i] = r() < shiftProbability(p[i], 0.7) * timing[asOf - month[i]] ? 1 : 0;
    }
    const fit = fitShift(p, month, failed, asOf, timing);
    expect(fit.shift).toBeGreaterThan(0.6);
    expect(fit.shift).toBeLessThan(0.8);
    expect(fit.observed).toBeGreaterThan(fit.expected);
    // Too few failures seen: no shift.
    const few = fitShift(p.slice(0, 200), month.slice(0, 200), failed.slice(0, 200), asOf, timing);
    expect(few.observed).toBeLessThan(MIN_RECENT_FAILURES);
    expect(few.shift).toBe(0);
  });

  it('shifts an isotonic calibration monotonically, keeping 0 and 1', () => {
    const m = Array.from({ length: 400 }, (_, i) => i / 40 - 5);
    const y = m.map((x, i) => (i % 7 === 0 || x > 3 ? 1 : 0));
    const cal = fitIsotonic(m, y, 'margin');
    const shifted = shiftCalibration(cal, 0.5);
    const p = applyCalibration(cal, m);
    const q = applyCalibration(shifted, m);
    for (let i = 0; i < m.length; i++) {
      if (p[i] === 0 || p[i] === 1) expect(q[i]).toBe(p[i]);
      else expect(q[i]).toBeGreaterThan(p[i]);
      if (i > 0) expect(q[i]).toBeGreaterThanOrEqual(q[i - 1]);
    }
    for (const [k, x] of cal.x.entries())
      expect(applyCalibration(shifted, [x])[0]).toBeCloseTo(shiftProbability(cal.y[k], 0.5), 12);
  });

  it('takes the failures’ timing from the positive rows, and judgment months from the panel', async () => {
    const rows = {
      siren: ['a', 'a', 'b', 'c', 'd'],
      month: Int32Array.from([10, 12, 10, 10, 10]),
      label: Float64Array.from([1, 1, 1, 0, 1]),
      strong: Uint8Array.from([0, 0, 0, 0, 1]),
    };
    const f = timingShares(
      rows,
      new Map([
        ['a', 14],
        ['b', 19],
        ['c', 20],
        ['d', 9],
      ]),
    );
    // Failures 4, 2 and 9 months after their rows (c is negative, d a strong signal).
    expect(f[1]).toBe(0);
    expect(f[2]).toBeCloseTo(1 / 3, 12);
    expect(f[4]).toBeCloseTo(2 / 3, 12);
    expect(f[9]).toBe(1);
    expect(f[HORIZON]).toBe(1);

    const dir = mkdtempSync(join(tmpdir(), 'sf-recent-'));
    const db = await plantedPanel(join(dir, 'sf.duckdb'), { companies: 60, from: '2019-01', to: '2022-12', seed: 5 });
    try {
      const first = await db.all<{ siren: string; m: number }>(
        `SELECT siren, (year(periode) * 12 + month(periode) - 1)::INTEGER AS m FROM panel
         WHERE already_in_procedure QUALIFY row_number() OVER (PARTITION BY siren ORDER BY periode) = 1`,
      );
      expect(first.length).toBeGreaterThan(0);
      expect(await judgmentMonths(db)).toEqual(new Map(first.map((r) => [r.siren, r.m])));
    } finally {
      db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
