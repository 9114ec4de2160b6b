/**
 * Evaluation metrics for a binary classifier: labels are 0/1, scores are any real numbers where larger means
 * "more likely positive" (probabilities, margins). Ties between scores are handled exactly (no dependence on row
 * order) except in `atTopK`, where a cut through a tie is broken by row order, as a user's list would be.
 * Undefined values (no positive, no negative) are NaN, never a silent 0 or 1.
 */

type Labels = ArrayLike<number>;
type Scores = ArrayLike<number>;

function checkLengths(y: Labels, s: Scores): void {
  if (y.length !== s.length) throw new Error(`labels (${y.length}) and scores (${s.length}) differ in length`);
}

/** Row indices sorted by decreasing score (stable: equal scores keep row order). */
function byDecreasingScore(s: Scores): Uint32Array {
  const order = new Uint32Array(s.length);
  for (let i = 0; i < order.length; i++) order[i] = i;
  return order.sort((a, b) => s[b] - s[a] || a - b);
}

/**
 * Distinct-threshold cumulative counts: for each distinct score t (decreasing), true and false positives
 * when predicting positive for score ≥ t.
 */
function cumulativeCounts(y: Labels, s: Scores): { thresholds: number[]; tp: number[]; fp: number[] } {
  const order = byDecreasingScore(s);
  const thresholds: number[] = [];
  const tp: number[] = [];
  const fp: number[] = [];
  let t = 0;
  let f = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k];
    if (y[i] === 1) t++;
    else f++;
    if (k === order.length - 1 || s[order[k + 1]] !== s[i]) {
      thresholds.push(s[i]);
      tp.push(t);
      fp.push(f);
    }
  }
  return { thresholds, tp, fp };
}

/** Area under the ROC curve (ties count one half, as the trapezoidal rule). NaN with a single class. */
export function rocAuc(y: Labels, s: Scores): number {
  checkLengths(y, s);
  const { tp, fp } = cumulativeCounts(y, s);
  const P = tp.length ? tp[tp.length - 1] : 0;
  const N = fp.length ? fp[fp.length - 1] : 0;
  if (P === 0 || N === 0) return Number.NaN;
  let area = 0;
  let prevTp = 0;
  let prevFp = 0;
  for (let k = 0; k < tp.length; k++) {
    area += ((fp[k] - prevFp) * (tp[k] + prevTp)) / 2;
    prevTp = tp[k];
    prevFp = fp[k];
  }
  return area / (P * N);
}

/**
 * Average precision: Σ (R_k − R_{k−1}) · P_k over distinct thresholds (scikit-learn's definition, no
 * interpolation). NaN when there is no positive.
 */
export function averagePrecision(y: Labels, s: Scores): number {
  checkLengths(y, s);
  const { tp, fp } = cumulativeCounts(y, s);
  const P = tp.length ? tp[tp.length - 1] : 0;
  if (P === 0) return Number.NaN;
  let ap = 0;
  let prevTp = 0;
  for (let k = 0; k < tp.length; k++) {
    ap += ((tp[k] - prevTp) / P) * (tp[k] / (tp[k] + fp[k]));
    prevTp = tp[k];
  }
  return ap;
}

export interface Confusion {
  tp: number;
  fp: number;
  tn: number;
  fn: number;
}

/** Confusion counts when predicting positive for score ≥ threshold. */
export function confusionAt(y: Labels, s: Scores, threshold: number): Confusion {
  checkLengths(y, s);
  const c = { tp: 0, fp: 0, tn: 0, fn: 0 };
  for (let i = 0; i < y.length; i++) {
    const pos = s[i] >= threshold;
    if (y[i] === 1) pos ? c.tp++ : c.fn++;
    else pos ? c.fp++ : c.tn++;
  }
  return c;
}

/** F-beta from precision and recall; 0 when both are 0 (nothing right), NaN when either is undefined. */
export function fBetaOf(precision: number, recall: number, beta: number): number {
  const b2 = beta * beta;
  const d = b2 * precision + recall;
  return d === 0 ? 0 : ((1 + b2) * precision * recall) / d;
}

export interface ThresholdScores {
  threshold: number;
  precision: number;
  recall: number;
  fBeta: number;
}

/** Precision (NaN when nothing is predicted positive), recall (NaN without positives) and F-beta at a threshold. */
export function precisionRecallAt(y: Labels, s: Scores, threshold: number, beta = 1): ThresholdScores {
  const c = confusionAt(y, s, threshold);
  const precision = c.tp + c.fp === 0 ? Number.NaN : c.tp / (c.tp + c.fp);
  const recall = c.tp + c.fn === 0 ? Number.NaN : c.tp / (c.tp + c.fn);
  return { threshold, precision, recall, fBeta: fBetaOf(precision, recall, beta) };
}

/**
 * The threshold maximising F-beta over the observed scores (predict positive for score ≥ threshold). β = 0.5 favours
 * precision (the "fort" alert level), β = 2 recall ("modéré"). On equal F-beta the highest threshold wins (fewer
 * alerts for the same quality). NaN threshold when there is no positive.
 */
export function bestFBetaThreshold(y: Labels, s: Scores, beta: number): ThresholdScores {
  checkLengths(y, s);
  const { thresholds, tp, fp } = cumulativeCounts(y, s);
  const P = tp.length ? tp[tp.length - 1] : 0;
  const best = { threshold: Number.NaN, precision: Number.NaN, recall: Number.NaN, fBeta: Number.NaN };
  if (P === 0) return best;
  for (let k = 0; k < thresholds.length; k++) {
    const precision = tp[k] / (tp[k] + fp[k]);
    const recall = tp[k] / P;
    const f = fBetaOf(precision, recall, beta);
    if (!(f <= best.fBeta)) Object.assign(best, { threshold: thresholds[k], precision, recall, fBeta: f });
  }
  return best;
}

/** Mean of the true positive and true negative rates at a threshold (NaN with a single class). */
export function balancedAccuracy(y: Labels, s: Scores, threshold: number): number {
  const c = confusionAt(y, s, threshold);
  if (c.tp + c.fn === 0 || c.tn + c.fp === 0) return Number.NaN;
  return (c.tp / (c.tp + c.fn) + c.tn / (c.tn + c.fp)) / 2;
}

/** Mean squared error between probabilities and 0/1 labels. */
export function brierScore(y: Labels, p: Scores): number {
  checkLengths(y, p);
  let sum = 0;
  for (let i = 0; i < y.length; i++) sum += (p[i] - y[i]) ** 2;
  return sum / y.length;
}

export interface CalibrationBin {
  /** Bin edges on the predicted probability: [lower, upper), the last bin closed. */
  lower: number;
  upper: number;
  count: number;
  meanPredicted: number;
  fractionPositive: number;
}

export interface CalibrationCurve {
  /** Non-empty bins only. */
  bins: CalibrationBin[];
  /** Expected calibration error: Σ count/n · |fractionPositive − meanPredicted|. */
  ece: number;
}

/**
 * Reliability diagram of probabilities in [0, 1]: `uniform` bins of equal width, or `quantile` bins of equal
 * count (better when probabilities are concentrated near 0, as for company failures).
 */
export function calibrationCurve(
  y: Labels,
  p: Scores,
  nBins = 10,
  strategy: 'uniform' | 'quantile' = 'uniform',
): CalibrationCurve {
  checkLengths(y, p);
  const n = y.length;
  let edges: number[];
  if (strategy === 'uniform') {
    edges = Array.from({ length: nBins + 1 }, (_, k) => k / nBins);
  } else {
    const sorted = Float64Array.from(p).sort();
    edges = Array.from({ length: nBins + 1 }, (_, k) => (n ? sorted[Math.min(n - 1, Math.floor((k * n) / nBins))] : 0));
    edges[0] = Math.min(0, edges[0]);
    edges[nBins] = Math.max(1, edges[nBins]);
  }
  const count = new Float64Array(nBins);
  const sumP = new Float64Array(nBins);
  const sumY = new Float64Array(nBins);
  for (let i = 0; i < n; i++) {
    // Last bin whose lower edge is ≤ p (binary search: quantile edges may repeat).
    let lo = 0;
    let hi = nBins - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (edges[mid] <= p[i]) lo = mid;
      else hi = mid - 1;
    }
    count[lo]++;
    sumP[lo] += p[i];
    sumY[lo] += y[i];
  }
  const bins: CalibrationBin[] = [];
  let ece = 0;
  for (let b = 0; b < nBins; b++) {
    if (count[b] === 0) continue;
    const meanPredicted = sumP[b] / count[b];
    const fractionPositive = sumY[b] / count[b];
    bins.push({ lower: edges[b], upper: edges[b + 1], count: count[b], meanPredicted, fractionPositive });
    ece += (count[b] / n) * Math.abs(fractionPositive - meanPredicted);
  }
  return { bins, ece };
}

/**
 * Precision and recall of the k highest scores (an agent's list of k companies). A cut through tied scores keeps
 * the earlier rows. Recall is NaN without positives.
 */
export function atTopK(y: Labels, s: Scores, k: number): { k: number; precision: number; recall: number } {
  checkLengths(y, s);
  const order = byDecreasingScore(s);
  const kk = Math.min(Math.max(0, Math.floor(k)), order.length);
  let tp = 0;
  let P = 0;
  for (let r = 0; r < order.length; r++) {
    if (y[order[r]] === 1) {
      P++;
      if (r < kk) tp++;
    }
  }
  return { k: kk, precision: kk === 0 ? Number.NaN : tp / kk, recall: P === 0 ? Number.NaN : tp / P };
}
