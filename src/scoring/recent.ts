/**
 * Recalibration on recent outcomes. The isotonic calibration is fitted on companies of the training window,
 * whose outcomes were all known 18 months before the months the model scores; when the failure rate of the
 * economy moves in between (the 2020 support measures held failures back, they came back in 2021–2022),
 * every probability is off by about the same factor on the odds.
 *
 * When the model is made (month `asOf`), the months after its last fully labelled one already have part of their
 * outcome: a row of month s has seen asOf − s of its 18 months. The shift δ, added to the log-odds of every
 * calibrated probability, makes the failures expected so far, Σ p_i(δ) · F(asOf − s_i), equal those observed,
 * where F(L) is the share of the training failures that came within L months. Every one of those months counts,
 * not only the latest: the latest incidence alone over-reacts to a transient peak (a catch-up wave).
 */
import type { IsotonicCalibration } from '../learn/calibration.ts';
import type { Warehouse } from '../warehouse/db.ts';
import { HORIZON, type RowKeys } from './protocol.ts';

/** Below this many failures observed in the recent months, the shift is not estimated (δ = 0). */
export const MIN_RECENT_FAILURES = 30;
/** Search range of δ (log-odds). */
const MAX_SHIFT = 4;

/** What the recalibration found, as reported in the model card. */
export interface Recalibration {
  as_of: string;
  rows: number;
  observed: number;
  /** Failures expected so far without the shift. */
  expected: number;
  /** δ, added to the log-odds of calibrated probabilities. */
  shift: number;
}

/** Month index of each company's first opening judgment, as the panel has it (its first month in procedure). */
export async function judgmentMonths(db: Warehouse): Promise<Map<string, number>> {
  const rows = await db.all<{ siren: string; m: number }>(
    `SELECT siren::VARCHAR AS siren, min(year(periode) * 12 + month(periode) - 1)::INTEGER AS m
     FROM panel WHERE already_in_procedure GROUP BY siren`,
  );
  return new Map(rows.map((r) => [r.siren, r.m]));
}

/** F(L), L = 0 … 18: share of the positive rows of `rows` whose judgment came within L months. */
export function timingShares(rows: RowKeys, judgment: ReadonlyMap<string, number>): Float64Array {
  const f = new Float64Array(HORIZON + 1);
  let n = 0;
  for (let i = 0; i < rows.label.length; i++) {
    const j = judgment.get(rows.siren[i]);
    if (rows.label[i] !== 1 || rows.strong[i] || j === undefined) continue;
    const l = j - rows.month[i];
    if (l < 1 || l > HORIZON) continue;
    f[l]++;
    n++;
  }
  for (let l = 1; l <= HORIZON; l++) f[l] = f[l - 1] + f[l];
  // Without any positive, failures are taken as spread evenly over the horizon.
  return n ? f.map((c) => c / n) : f.map((_, l) => l / HORIZON);
}

const logit = (p: number) => Math.log(p / (1 - p));
/** p with δ added to its log-odds (0 and 1 stay). */
export const shiftProbability = (p: number, shift: number): number =>
  p <= 0 || p >= 1 || shift === 0 ? p : 1 / (1 + Math.exp(-(logit(p) + shift)));

/**
 * δ such that Σ shift(p_i, δ) · F(asOf − month_i) = the number of rows already failed, by bisection (the sum
 * grows with δ). `p`: calibrated probabilities of rows of months before `asOf`, none already in procedure.
 */
export function fitShift(
  p: ArrayLike<number>,
  month: ArrayLike<number>,
  failed: ArrayLike<number>,
  asOf: number,
  timing: ArrayLike<number>,
): { shift: number; observed: number; expected: number } {
  const share = Float64Array.from(month, (m) => timing[Math.min(HORIZON, Math.max(0, asOf - m))]);
  let observed = 0;
  for (let i = 0; i < failed.length; i++) observed += failed[i];
  const expectedAt = (d: number) => {
    let s = 0;
    for (let i = 0; i < p.length; i++) s += shiftProbability(p[i], d) * share[i];
    return s;
  };
  const expected = expectedAt(0);
  if (observed < MIN_RECENT_FAILURES || expected <= 0) return { shift: 0, observed, expected };
  let lo = -MAX_SHIFT;
  let hi = MAX_SHIFT;
  for (let k = 0; k < 50; k++) {
    const mid = (lo + hi) / 2;
    if (expectedAt(mid) < observed) lo = mid;
    else hi = mid;
  }
  return { shift: (lo + hi) / 2, observed, expected };
}

/** The isotonic calibration followed by the shift, as one isotonic calibration (the map is monotone). */
export function shiftCalibration(cal: IsotonicCalibration, shift: number): IsotonicCalibration {
  return { ...cal, y: cal.y.map((y) => shiftProbability(y, shift)) };
}
