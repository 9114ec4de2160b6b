/**
 * The two alert levels of the reference (model.md §3): "risque fort" at the threshold that maximises F0.5
 * (precision first), "risque modéré" at the one that maximises F2 (recall first), both chosen on validation
 * data and stored in the model file with the precision and recall they gave there.
 *
 * Unlike the reference's 0.01 grid, every distinct score is a candidate (learn/metrics): calibrated
 * probabilities of rare events live below 0.1, where a 0.01 grid has only a handful of points.
 */
import { bestFBetaThreshold, fBetaOf } from '../learn/metrics.ts';

export type AlertLevel = 'fort' | 'modere' | 'aucune';
export const ALERT_LEVELS: readonly AlertLevel[] = ['fort', 'modere', 'aucune'];

export interface ThresholdChoice {
  threshold: number;
  /** Precision, recall and F-beta of `probability ≥ threshold` on the validation data it was chosen on. */
  precision: number;
  recall: number;
  fbeta: number;
  /** Share of validation rows flagged at this threshold. */
  flagged_share: number;
}

export interface Thresholds {
  high: ThresholdChoice;
  moderate: ThresholdChoice;
}

function choose(y: ArrayLike<number>, p: ArrayLike<number>, beta: number): ThresholdChoice {
  const best = bestFBetaThreshold(y, p, beta);
  let flagged = 0;
  for (let i = 0; i < p.length; i++) if (p[i] >= best.threshold) flagged++;
  return {
    threshold: best.threshold,
    precision: best.precision,
    recall: best.recall,
    fbeta: best.fBeta,
    flagged_share: p.length ? flagged / p.length : 0,
  };
}

/** Both thresholds; the moderate one never sits above the high one (the orange list contains the red one). */
export function chooseThresholds(y: ArrayLike<number>, p: ArrayLike<number>): Thresholds {
  const high = choose(y, p, 0.5);
  let moderate = choose(y, p, 2);
  if (!(moderate.threshold <= high.threshold)) {
    moderate = { ...high, fbeta: fBetaOf(high.precision, high.recall, 2) };
  }
  return { high, moderate };
}

/** `fort` from the F0.5 threshold up, `modere` from the F2 threshold up, else `aucune` (inclusive, as the reference). */
export function alertLevel(probability: number, t: { high: number; moderate: number }): AlertLevel {
  if (probability >= t.high) return 'fort';
  if (probability >= t.moderate) return 'modere';
  return 'aucune';
}
