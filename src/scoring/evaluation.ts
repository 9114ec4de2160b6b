/**
 * The metrics block every protocol and every backtest month reports, with the same definitions as the
 * reference's published figures (model.md §5): ROC AUC, average precision, precision/recall of both alert
 * levels, plus what an administration asks before trusting a list: precision/recall at the top 1/2/5 %,
 * calibration error and list volumes.
 */
import {
  atTopK,
  averagePrecision,
  balancedAccuracy,
  brierScore,
  calibrationCurve,
  precisionRecallAt,
  rocAuc,
} from '../learn/metrics.ts';

export interface LevelMetrics {
  threshold: number;
  precision: number;
  recall: number;
  fbeta: number;
  balanced_accuracy: number;
  /** Rows flagged at this level or above. */
  flagged: number;
}

export interface Metrics {
  n: number;
  positives: number;
  positive_rate: number;
  auc: number;
  ap: number;
  brier: number;
  /** Expected calibration error over 10 equal-count bins (probabilities of rare events sit near 0). */
  ece: number;
  mean_probability: number;
  high: LevelMetrics;
  moderate: LevelMetrics;
  top: { share: number; k: number; precision: number; recall: number }[];
}

function level(y: ArrayLike<number>, p: ArrayLike<number>, threshold: number, beta: number): LevelMetrics {
  const r = precisionRecallAt(y, p, threshold, beta);
  let flagged = 0;
  for (let i = 0; i < p.length; i++) if (p[i] >= threshold) flagged++;
  return {
    threshold,
    precision: r.precision,
    recall: r.recall,
    fbeta: r.fBeta,
    balanced_accuracy: balancedAccuracy(y, p, threshold),
    flagged,
  };
}

/**
 * Metrics of calibrated probabilities `p` at thresholds `t`. Ranking metrics (AUC, AP, top k) use `rank`,
 * by default `p`; pass the model's margin: isotonic calibration is flat inside its blocks, and those ties would
 * otherwise throw away the model's ordering of companies (an agent's list is sorted by risk, then by margin).
 */
export function evaluate(
  y: ArrayLike<number>,
  p: ArrayLike<number>,
  t: { high: number; moderate: number },
  rank: ArrayLike<number> = p,
): Metrics {
  let positives = 0;
  let sum = 0;
  for (let i = 0; i < y.length; i++) {
    positives += y[i] === 1 ? 1 : 0;
    sum += p[i];
  }
  const n = y.length;
  return {
    n,
    positives,
    positive_rate: n ? positives / n : Number.NaN,
    auc: rocAuc(y, rank),
    ap: averagePrecision(y, rank),
    brier: n ? brierScore(y, p) : Number.NaN,
    ece: n ? calibrationCurve(y, p, 10, 'quantile').ece : Number.NaN,
    mean_probability: n ? sum / n : Number.NaN,
    high: level(y, p, t.high, 0.5),
    moderate: level(y, p, t.moderate, 2),
    top: [0.01, 0.02, 0.05].map((share) => {
      const r = atTopK(y, rank, Math.max(1, Math.round(share * n)));
      return { share, k: r.k, precision: r.precision, recall: r.recall };
    }),
  };
}

/** Precision-recall curve of a ranking score, thinned to at most `maxPoints` points for the model card. */
export function prCurve(y: ArrayLike<number>, p: ArrayLike<number>, maxPoints = 200): [number, number][] {
  const order = Array.from({ length: p.length }, (_, i) => i).sort((a, b) => p[b] - p[a]);
  let positives = 0;
  for (let i = 0; i < y.length; i++) positives += y[i] === 1 ? 1 : 0;
  if (!positives) return [];
  const pts: [number, number][] = [];
  let tp = 0;
  const step = Math.max(1, Math.floor(order.length / maxPoints));
  for (let k = 0; k < order.length; k++) {
    tp += y[order[k]] === 1 ? 1 : 0;
    const end = k + 1 === order.length || p[order[k + 1]] !== p[order[k]];
    if (end && (k % step === 0 || k + 1 === order.length)) pts.push([tp / positives, tp / (k + 1)]);
  }
  return pts;
}

/** JSON has no NaN: undefined metrics (no positive in a month…) become null. */
export function jsonSafe<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (_k, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v)));
}
