/**
 * Probability calibration, fitted on held-out scores: isotonic regression (pool-adjacent-violators) or Platt
 * scaling (a logistic curve on the score). A calibrator is plain JSON, stored as is in the model file's
 * `calibration` field; `input` says which score it was fitted on (the model's margin or its probability).
 */

export interface IsotonicCalibration {
  method: 'isotonic';
  input: 'margin' | 'probability';
  /** Knots, increasing x; the fitted value is interpolated linearly between knots, constant outside. */
  x: number[];
  y: number[];
}

export interface PlattCalibration {
  method: 'platt';
  input: 'margin' | 'probability';
  /** p = 1 / (1 + exp(−(a·score + b))). */
  a: number;
  b: number;
}

export type Calibration = IsotonicCalibration | PlattCalibration;

/**
 * Isotonic regression of 0/1 labels on scores: the non-decreasing step function closest in weighted squared error.
 * Equal scores are pooled first so that the result does not depend on row order.
 */
export function fitIsotonic(
  score: ArrayLike<number>,
  y: ArrayLike<number>,
  input: Calibration['input'] = 'probability',
  weight?: ArrayLike<number>,
): IsotonicCalibration {
  const n = score.length;
  if (n === 0) throw new Error('isotonic calibration needs at least one row');
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => score[a] - score[b]);
  // Blocks of the PAV stack: weighted mean, weight, and the score range they cover.
  const mean: number[] = [];
  const w: number[] = [];
  const lo: number[] = [];
  const hi: number[] = [];
  for (let k = 0; k < n; k++) {
    const i = order[k];
    const wi = weight ? weight[i] : 1;
    const s = score[i];
    let top = mean.length - 1;
    if (top >= 0 && hi[top] === s) {
      // Same score as the block on top: pool it into that block.
      mean[top] = (mean[top] * w[top] + y[i] * wi) / (w[top] + wi);
      w[top] += wi;
    } else {
      mean.push(y[i]);
      w.push(wi);
      lo.push(s);
      hi.push(s);
      top++;
    }
    while (top > 0 && mean[top - 1] >= mean[top]) {
      const W = w[top - 1] + w[top];
      mean[top - 1] = (mean[top - 1] * w[top - 1] + mean[top] * w[top]) / W;
      w[top - 1] = W;
      hi[top - 1] = hi[top];
      mean.pop();
      w.pop();
      lo.pop();
      hi.pop();
      top--;
    }
  }
  // Each block is flat from its lowest to its highest score; between blocks the curve is linear.
  const x: number[] = [];
  const v: number[] = [];
  for (let b = 0; b < mean.length; b++) {
    x.push(lo[b]);
    v.push(mean[b]);
    if (hi[b] !== lo[b]) {
      x.push(hi[b]);
      v.push(mean[b]);
    }
  }
  return { method: 'isotonic', input, x, y: v };
}

/**
 * Platt scaling with Platt's smoothed targets ((N₊+1)/(N₊+2) and 1/(N₋+2)), which keep the fit finite on
 * separable data; Newton's method with step halving (Lin, Lin & Weng, 2007).
 */
export function fitPlatt(
  score: ArrayLike<number>,
  y: ArrayLike<number>,
  input: Calibration['input'] = 'margin',
): PlattCalibration {
  const n = score.length;
  let nPos = 0;
  for (let i = 0; i < n; i++) nPos += y[i] === 1 ? 1 : 0;
  const hiT = (nPos + 1) / (nPos + 2);
  const loT = 1 / (n - nPos + 2);
  const t = (i: number) => (y[i] === 1 ? hiT : loT);
  // Loss with p = σ(a s + b), written stably.
  const loss = (a: number, b: number) => {
    let f = 0;
    for (let i = 0; i < n; i++) {
      const z = a * score[i] + b;
      f += z >= 0 ? (1 - t(i)) * z + Math.log1p(Math.exp(-z)) : -t(i) * z + Math.log1p(Math.exp(z));
    }
    return f;
  };
  let a = 1;
  let b = 0;
  let f = loss(a, b);
  for (let iter = 0; iter < 100; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-12;
    let hab = 0;
    let hbb = 1e-12;
    for (let i = 0; i < n; i++) {
      const z = a * score[i] + b;
      const p = 1 / (1 + Math.exp(-z));
      const d = p - t(i);
      const h = p * (1 - p);
      ga += d * score[i];
      gb += d;
      haa += h * score[i] * score[i];
      hab += h * score[i];
      hbb += h;
    }
    if (Math.abs(ga) < 1e-10 && Math.abs(gb) < 1e-10) break;
    const det = haa * hbb - hab * hab;
    const da = -(hbb * ga - hab * gb) / det;
    const db = -(-hab * ga + haa * gb) / det;
    let step = 1;
    let improved = false;
    while (step > 1e-10) {
      const fNew = loss(a + step * da, b + step * db);
      if (fNew < f + 1e-4 * step * (ga * da + gb * db)) {
        a += step * da;
        b += step * db;
        improved = f - fNew > 1e-14 * Math.max(1, Math.abs(f));
        f = fNew;
        break;
      }
      step /= 2;
    }
    if (!improved) break;
  }
  return { method: 'platt', input, a, b };
}

/** Calibrated probabilities for scores of the kind the calibrator was fitted on. */
export function applyCalibration(cal: Calibration, score: ArrayLike<number>): Float64Array {
  const out = new Float64Array(score.length);
  if (cal.method === 'platt') {
    for (let i = 0; i < out.length; i++) out[i] = 1 / (1 + Math.exp(-(cal.a * score[i] + cal.b)));
    return out;
  }
  const { x, y } = cal;
  const last = x.length - 1;
  for (let i = 0; i < out.length; i++) {
    const s = score[i];
    if (Number.isNaN(s)) out[i] = Number.NaN;
    else if (s <= x[0]) out[i] = y[0];
    else if (s >= x[last]) out[i] = y[last];
    else {
      let lo = 0;
      let hi = last;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (x[mid] <= s) lo = mid;
        else hi = mid;
      }
      out[i] = y[lo] + ((y[hi] - y[lo]) * (s - x[lo])) / (x[hi] - x[lo]);
    }
  }
  return out;
}
