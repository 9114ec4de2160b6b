/**
 * Split finding on a node's histogram, with XGBoost's objective: a leaf holding gradient sum G and
 * hessian sum H scores T(G)² / (H + λ), where T soft-thresholds by the L1 term α; a split gains
 * ½ (score(L) + score(R) − score(parent)) and is kept only above `minSplitGain` with both children
 * weighing at least `minChildWeight` (hessian). Missing values go to whichever side gains more.
 */

export interface SplitParams {
  /**
   * How a side of a split is scored: 'newton' (default) T(G)² / (H + λ), the second-order gain of
   * boosting (for a forest's grad = −w·y, hess = w and λ = 0: the Gini decrease); 'entropy'
   * H × (q log q + (1 − q) log(1 − q)) with q = −G / H, the weighted share of positives of a
   * forest's node (scikit-learn's 'log_loss' criterion).
   */
  criterion?: 'newton' | 'entropy';
  /** L2 regularisation λ of leaf weights. */
  lambda: number;
  /** L1 regularisation α of leaf weights. */
  alpha: number;
  minChildWeight: number;
  minSplitGain: number;
}

/** A split candidate, as stored in a Float64Array record of CANDIDATE_SIZE slots. */
export const CANDIDATE_SIZE = 6;
export const C_GAIN = 0;
export const C_FEATURE = 1;
/** Numeric: the last bin that goes left; categorical: how many categories (in gradient order) go left. */
export const C_THRESHOLD = 2;
export const C_DEFAULT_LEFT = 3;
export const C_GL = 4;
export const C_HL = 5;

/** Smoothing of the gradient/hessian ratio that orders categories (as LightGBM's cat_smooth). */
const CAT_SMOOTH = 10;

function thresholdL1(g: number, alpha: number): number {
  if (g > alpha) return g - alpha;
  if (g < -alpha) return g + alpha;
  return 0;
}

function xlogx(x: number): number {
  return x > 0 ? x * Math.log(x) : 0;
}

export function leafScore(g: number, h: number, p: SplitParams): number {
  if (p.criterion === 'entropy') {
    if (h <= 0) return 0;
    const q = Math.min(1, Math.max(0, -g / h));
    return h * (xlogx(q) + xlogx(1 - q));
  }
  const t = p.alpha === 0 ? g : thresholdL1(g, p.alpha);
  return (t * t) / (h + p.lambda);
}

/** The optimal leaf output −T(G) / (H + λ). */
export function leafWeight(g: number, h: number, p: SplitParams): number {
  const t = p.alpha === 0 ? g : thresholdL1(g, p.alpha);
  const w = -t / (h + p.lambda);
  return w === 0 ? 0 : w; // no −0 in model files
}

/** Clears a candidate record: no split yet. */
export function resetCandidate(out: Float64Array, at: number): void {
  out[at + C_GAIN] = Number.NEGATIVE_INFINITY;
  out[at + C_FEATURE] = -1;
}

/**
 * Best split of numeric feature f; overwrites the record at `at` when strictly better than what it holds
 * (so scanning features in increasing order keeps the first best one: ties never depend on threads).
 */
export function scanNumeric(
  hist: Float64Array,
  base: number,
  f: number,
  nBins: number,
  G: number,
  H: number,
  p: SplitParams,
  out: Float64Array,
  at: number,
): void {
  const miss = base + 2 * nBins;
  const gm = hist[miss];
  const hm = hist[miss + 1];
  const parent = leafScore(G, H, p);
  const mcw = p.minChildWeight;
  const hasMissing = hm > 0;
  let best = Math.max(out[at + C_GAIN], p.minSplitGain);
  let gl = 0;
  let hl = 0;
  for (let b = 0; b < nBins; b++) {
    gl += hist[base + 2 * b];
    hl += hist[base + 2 * b + 1];
    if (hl === 0) continue;
    // Missing values to the right.
    let hr = H - hl;
    if (hl >= mcw && hr >= mcw && (b < nBins - 1 || hasMissing)) {
      const gain = 0.5 * (leafScore(gl, hl, p) + leafScore(G - gl, hr, p) - parent);
      if (gain > best) {
        best = gain;
        write(out, at, gain, f, b, 0, gl, hl);
      }
    }
    // Missing values to the left.
    if (hasMissing && b < nBins - 1) {
      const gl2 = gl + gm;
      const hl2 = hl + hm;
      hr = H - hl2;
      if (hl2 >= mcw && hr >= mcw) {
        const gain = 0.5 * (leafScore(gl2, hl2, p) + leafScore(G - gl2, hr, p) - parent);
        if (gain > best) {
          best = gain;
          write(out, at, gain, f, b, 1, gl2, hl2);
        }
      }
    }
  }
}

function write(out: Float64Array, at: number, gain: number, f: number, t: number, dl: number, gl: number, hl: number) {
  out[at + C_GAIN] = gain;
  out[at + C_FEATURE] = f;
  out[at + C_THRESHOLD] = t;
  out[at + C_DEFAULT_LEFT] = dl;
  out[at + C_GL] = gl;
  out[at + C_HL] = hl;
}

/**
 * Categories of a categorical feature in the order a split scans them: by smoothed gradient/hessian
 * ratio (the optimal order for a second-order objective), ties by bin. Empty categories and the
 * "other" bin (number nBins − 1) are left out: they always go right.
 */
export function categoryOrder(hist: Float64Array, base: number, nBins: number): number[] {
  const order: number[] = [];
  for (let b = 0; b < nBins - 1; b++) if (hist[base + 2 * b + 1] > 0) order.push(b);
  const key = (b: number) => hist[base + 2 * b] / (hist[base + 2 * b + 1] + CAT_SMOOTH);
  return order.sort((a, b) => key(a) - key(b) || a - b);
}

/** Best split of categorical feature f: a prefix of `categoryOrder` goes left. Same record contract as scanNumeric. */
export function scanCategorical(
  hist: Float64Array,
  base: number,
  f: number,
  nBins: number,
  G: number,
  H: number,
  p: SplitParams,
  out: Float64Array,
  at: number,
): void {
  const order = categoryOrder(hist, base, nBins);
  const miss = base + 2 * nBins;
  const gm = hist[miss];
  const hm = hist[miss + 1];
  const parent = leafScore(G, H, p);
  const mcw = p.minChildWeight;
  let best = Math.max(out[at + C_GAIN], p.minSplitGain);
  let gl = 0;
  let hl = 0;
  for (let i = 0; i < order.length; i++) {
    gl += hist[base + 2 * order[i]];
    hl += hist[base + 2 * order[i] + 1];
    for (let dl = 0; dl <= (hm > 0 ? 1 : 0); dl++) {
      const gL = dl ? gl + gm : gl;
      const hL = dl ? hl + hm : hl;
      const hr = H - hL;
      if (hL < mcw || hr < mcw) continue;
      const gain = 0.5 * (leafScore(gL, hL, p) + leafScore(G - gL, hr, p) - parent);
      if (gain > best) {
        best = gain;
        write(out, at, gain, f, i + 1, dl, gL, hL);
      }
    }
  }
}
