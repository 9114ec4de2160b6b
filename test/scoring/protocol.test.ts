import { describe, expect, it } from 'vitest';
import { monthIndex, monthText } from '../../src/common/months.ts';
import {
  isTestCompany,
  outOfTimeSplit,
  outOfTimeWindows,
  type RowKeys,
  referenceSplit,
} from '../../src/scoring/protocol.ts';

function panelKeys(companies: number, from: string, to: string): RowKeys & { n: number } {
  const month: number[] = [];
  const siren: string[] = [];
  for (let c = 0; c < companies; c++)
    for (let m = monthIndex(from); m <= monthIndex(to); m++) {
      month.push(m);
      siren.push(String(100000000 + c));
    }
  const n = month.length;
  const label = new Float64Array(n);
  const strong = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    label[i] = month[i] > monthIndex(to) - 18 ? Number.NaN : i % 37 === 0 ? 1 : 0;
    strong[i] = i % 101 === 0 ? 1 : 0;
  }
  return { month: Int32Array.from(month), siren, label, strong, n };
}

describe('evaluation protocols', () => {
  it('puts an 18-month embargo between training months and the test window', () => {
    const w = outOfTimeWindows(monthIndex('2024-06'), 6);
    expect(monthText(w.testTo)).toBe('2022-12');
    expect(monthText(w.testFrom)).toBe('2022-07');
    expect(monthText(w.trainTo)).toBe('2020-12');
    // The label of the last training month covers 2021-01 … 2022-06: it ends before the test window.
    expect(w.trainTo + 18).toBeLessThan(w.testFrom);
  });

  it('out-of-time: disjoint companies, no strong signal in training, no unlabelled month anywhere', () => {
    const rows = panelKeys(300, '2016-01', '2024-06');
    const w = outOfTimeWindows(monthIndex('2024-06'), 6);
    const s = outOfTimeSplit(rows, w, 1);
    const trainCompanies = new Set(Array.from(s.train, (i) => rows.siren[i]));
    for (const i of s.testWithStrong) {
      expect(trainCompanies.has(rows.siren[i])).toBe(false);
      expect(rows.month[i]).toBeGreaterThanOrEqual(w.testFrom);
      expect(rows.month[i]).toBeLessThanOrEqual(w.testTo);
    }
    for (const i of s.train) {
      expect(rows.month[i]).toBeLessThanOrEqual(w.trainTo);
      expect(rows.strong[i]).toBe(0);
    }
    expect(s.test.every((i) => rows.strong[i] === 0)).toBe(true);
    expect(s.testWithStrong.length).toBeGreaterThan(s.test.length);
    const testShare = new Set(Array.from(s.testWithStrong, (i) => rows.siren[i])).size / 300;
    expect(testShare).toBeGreaterThan(0.12);
    expect(testShare).toBeLessThan(0.28);
  });

  it('reference: an 80/20 company split over every labelled month', () => {
    const rows = panelKeys(200, '2016-01', '2024-06');
    const s = referenceSplit(rows, monthIndex('2022-12'), 3);
    const labelled = Array.from(rows.label).filter((v) => !Number.isNaN(v)).length;
    const strongLabelled = Array.from(rows.strong).filter((v, i) => v && !Number.isNaN(rows.label[i])).length;
    expect(s.train.length + s.testWithStrong.length).toBe(
      labelled - (strongLabelled - (s.testWithStrong.length - s.test.length)),
    );
    const train = new Set(Array.from(s.train, (i) => rows.siren[i]));
    expect(Array.from(s.test).some((i) => train.has(rows.siren[i]))).toBe(false);
  });

  it('puts a company on the same side every run, and on different sides for different seeds', () => {
    const sirens = Array.from({ length: 400 }, (_, i) => String(200000000 + i));
    const a = sirens.map((s) => isTestCompany(s, 1));
    expect(sirens.map((s) => isTestCompany(s, 1))).toEqual(a);
    expect(sirens.map((s) => isTestCompany(s, 2))).not.toEqual(a);
  });
});
