/**
 * Evaluation protocols (model.md §2.4 and §7): which (SIREN, month) rows train and which evaluate.
 *
 * - Out-of-time (default, honest): labels are known up to T−18 (T = last month with data). The test window is
 *   the last `testMonths` labelled months; training rows stop `embargo` + 1 months before the test window
 *   starts, so no training label looks into the test window (the Nov 2020 protocol), and test companies are
 *   companies never seen in training.
 * - Reference (for comparison with the published figures): a random 80/20 split of SIRENs over every labelled month.
 * Every split is a pure function of the SIREN and a seed: the same company lands on the same side every run.
 */
import { monthText } from '../common/months.ts';

/** A deterministic number in [0, 1) for a SIREN and a seed (FNV-1a then a murmur finaliser). */
export function sirenUniform(siren: string, seed: number): number {
  let h = 0x811c9dc5 ^ (seed * 0x9e3779b1);
  for (let i = 0; i < siren.length; i++) {
    h ^= siren.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}

/** True for the companies of the test share (the reference's `randomSplit([0.8, 0.2])` on distinct SIRENs). */
export function isTestCompany(siren: string, seed: number, testShare = 0.2): boolean {
  return sirenUniform(siren, seed) < testShare;
}

export interface OutOfTimeWindows {
  /** Last month whose label is fully observed: T − horizon. */
  lastLabelled: number;
  trainTo: number;
  testFrom: number;
  testTo: number;
}

/**
 * Month indices of the out-of-time protocol, given the last month with data T.
 * testTo = T − horizon, testFrom = testTo − testMonths + 1, trainTo = testFrom − 1 − embargo.
 */
/** Months of hindsight the target needs (failure within 18 months). */
export const HORIZON = 18;

export function outOfTimeWindows(
  lastMonth: number,
  testMonths: number,
  horizon = HORIZON,
  embargo = HORIZON,
): OutOfTimeWindows {
  const testTo = lastMonth - horizon;
  const testFrom = testTo - testMonths + 1;
  return { lastLabelled: testTo, trainTo: testFrom - 1 - embargo, testFrom, testTo };
}

export function describeWindows(w: OutOfTimeWindows): { train_to: string; test_from: string; test_to: string } {
  return { train_to: monthText(w.trainTo), test_from: monthText(w.testFrom), test_to: monthText(w.testTo) };
}

/** The rows of a labelled panel the protocols need: month index, company, label and strong-signal flag. */
export interface RowKeys {
  month: Int32Array;
  siren: readonly string[];
  label: Float64Array;
  strong: Uint8Array;
}

export interface Split {
  train: Int32Array;
  test: Int32Array;
  /** Test rows including strong signals, to compare with the reference's figures. */
  testWithStrong: Int32Array;
}

/** Out-of-time split: training months ≤ trainTo (not strong, not test companies), test window on test companies. */
export function outOfTimeSplit(rows: RowKeys, w: OutOfTimeWindows, seed: number, testShare = 0.2): Split {
  return select(rows, seed, testShare, (m, test) =>
    test ? (m >= w.testFrom && m <= w.testTo ? 'test' : null) : m <= w.trainTo ? 'train' : null,
  );
}

/** The reference's protocol: every labelled month, 80/20 by company. */
export function referenceSplit(rows: RowKeys, lastLabelled: number, seed: number, testShare = 0.2): Split {
  return select(rows, seed, testShare, (m, test) => (m > lastLabelled ? null : test ? 'test' : 'train'));
}

function select(
  rows: RowKeys,
  seed: number,
  testShare: number,
  side: (month: number, testCompany: boolean) => 'train' | 'test' | null,
): Split {
  const train: number[] = [];
  const test: number[] = [];
  const testWithStrong: number[] = [];
  const memo = new Map<string, boolean>();
  for (let i = 0; i < rows.month.length; i++) {
    if (Number.isNaN(rows.label[i])) continue;
    const s = rows.siren[i];
    let t = memo.get(s);
    if (t === undefined) {
      t = isTestCompany(s, seed, testShare);
      memo.set(s, t);
    }
    const where = side(rows.month[i], t);
    if (where === 'train') {
      if (!rows.strong[i]) train.push(i);
    } else if (where === 'test') {
      testWithStrong.push(i);
      if (!rows.strong[i]) test.push(i);
    }
  }
  return {
    train: Int32Array.from(train),
    test: Int32Array.from(test),
    testWithStrong: Int32Array.from(testWithStrong),
  };
}
