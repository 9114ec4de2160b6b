/**
 * L2-regularised logistic regression on standardised features, the linear baseline.
 *
 * Each numeric feature becomes one term (x − mean) / sd; each categorical feature one indicator term per category
 * seen in training, standardised the same way. Missing values take the training mean (a standardised 0), so they
 * add nothing to the margin. Objective, as scikit-learn's `LogisticRegression(C)` on standardised inputs:
 *   Σ_i w_i · logloss(y_i, β₀ + z_i·β) + ||β||² / (2C)      (intercept not penalised),
 * minimised by L-BFGS: O(rows · terms) per iteration, so it scales to the national panel.
 */
import type { Dataset } from './dataset.ts';
import type { StoredModel } from './model-file.ts';
import type { ShapValues } from './treeshap.ts';

export interface LogisticTerm {
  feature: number;
  /** For a categorical feature: the category this indicator stands for. */
  category?: number;
  mean: number;
  sd: number;
  coef: number;
}

export interface LogisticModel {
  kind: 'logreg';
  featureNames: string[];
  terms: LogisticTerm[];
  intercept: number;
}

export interface LogisticOptions {
  /** Inverse regularisation strength (scikit-learn's C). Default 1. */
  C?: number;
  /** Row weights (class weights are expressed this way). */
  weights?: ArrayLike<number>;
  maxIterations?: number;
  /** Stop when the largest gradient component of the mean loss falls below this. */
  tolerance?: number;
}

/** Fills `out` with the standardised values of one term (0 for missing). */
function termColumn(term: Omit<LogisticTerm, 'coef'>, data: Dataset, out: Float64Array): Float64Array {
  const col = data.columns[term.feature];
  const { mean, sd, category } = term;
  for (let i = 0; i < data.nRows; i++) {
    const x = col[i];
    if (Number.isNaN(x)) out[i] = 0;
    else out[i] = ((category === undefined ? x : x === category ? 1 : 0) - mean) / sd;
  }
  return out;
}

/** The terms of a dataset, with means and standard deviations over its non-missing values. */
function makeTerms(data: Dataset): Omit<LogisticTerm, 'coef'>[] {
  const terms: Omit<LogisticTerm, 'coef'>[] = [];
  const moments = (values: (i: number) => number) => {
    let n = 0;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < data.nRows; i++) {
      const v = values(i);
      if (Number.isNaN(v)) continue;
      n++;
      s += v;
      s2 += v * v;
    }
    const mean = n ? s / n : 0;
    const variance = n ? Math.max(0, s2 / n - mean * mean) : 0;
    // A constant column gets sd 1: its term is then identically 0 and its coefficient stays 0.
    return { mean, sd: variance > 1e-24 ? Math.sqrt(variance) : 1 };
  };
  data.columns.forEach((col, feature) => {
    if (data.categorical?.[feature]) {
      const cats = [...new Set(Array.from(col).filter((v) => !Number.isNaN(v)))].sort((a, b) => a - b);
      for (const category of cats) {
        terms.push({
          feature,
          category,
          ...moments((i) => (Number.isNaN(col[i]) ? Number.NaN : col[i] === category ? 1 : 0)),
        });
      }
    } else {
      terms.push({ feature, ...moments((i) => col[i]) });
    }
  });
  return terms;
}

export function trainLogistic(data: Dataset, y: ArrayLike<number>, options: LogisticOptions = {}): LogisticModel {
  const n = data.nRows;
  const C = options.C ?? 1;
  const weights = options.weights;
  const terms = makeTerms(data);
  const p = terms.length;
  const z = terms.map((t) => termColumn(t, data, new Float64Array(n)));
  let totalWeight = 0;
  for (let i = 0; i < n; i++) totalWeight += weights ? weights[i] : 1;

  // Mean objective (divided by the total weight, for a tolerance independent of the row count) and its gradient.
  // θ = [β₁ … β_p, β₀].
  const margin = new Float64Array(n);
  const objective = (theta: Float64Array, grad: Float64Array): number => {
    margin.fill(theta[p]);
    for (let k = 0; k < p; k++) {
      const b = theta[k];
      if (b === 0) continue;
      const zk = z[k];
      for (let i = 0; i < n; i++) margin[i] += b * zk[i];
    }
    let loss = 0;
    let g0 = 0;
    for (let i = 0; i < n; i++) {
      const m = margin[i];
      const w = weights ? weights[i] : 1;
      // logloss = log(1 + e^m) − y·m, written stably; margin[] then holds w·(p − y).
      loss += w * ((m > 0 ? m + Math.log1p(Math.exp(-m)) : Math.log1p(Math.exp(m))) - y[i] * m);
      const r = w * (1 / (1 + Math.exp(-m)) - y[i]);
      margin[i] = r;
      g0 += r;
    }
    let penalty = 0;
    for (let k = 0; k < p; k++) {
      const zk = z[k];
      let g = 0;
      for (let i = 0; i < n; i++) g += margin[i] * zk[i];
      grad[k] = (g + theta[k] / C) / totalWeight;
      penalty += theta[k] * theta[k];
    }
    grad[p] = g0 / totalWeight;
    return (loss + penalty / (2 * C)) / totalWeight;
  };

  const theta = minimiseLbfgs(
    objective,
    new Float64Array(p + 1),
    options.maxIterations ?? 500,
    options.tolerance ?? 1e-9,
  );
  return {
    kind: 'logreg',
    featureNames: [...data.featureNames],
    terms: terms.map((t, k) => ({ ...t, coef: theta[k] })),
    intercept: theta[p],
  };
}

/** Margins (log-odds) of every row. */
export function logisticMargin(model: LogisticModel, data: Dataset): Float64Array {
  const out = new Float64Array(data.nRows).fill(model.intercept);
  const buf = new Float64Array(data.nRows);
  for (const t of model.terms) {
    termColumn(t, data, buf);
    for (let i = 0; i < data.nRows; i++) out[i] += t.coef * buf[i];
  }
  return out;
}

/**
 * Exact SHAP values of the linear margin with independent features: feature f gets Σ of its terms' coef · z, and the
 * base value is the intercept (every z has mean 0 on the training set).
 */
export function logisticShap(model: LogisticModel, data: Dataset): ShapValues {
  const nFeatures = data.columns.length;
  const values = new Float64Array(data.nRows * nFeatures);
  const buf = new Float64Array(data.nRows);
  for (const t of model.terms) {
    termColumn(t, data, buf);
    for (let i = 0; i < data.nRows; i++) values[i * nFeatures + t.feature] += t.coef * buf[i];
  }
  return { nRows: data.nRows, nFeatures, values, base: model.intercept };
}

/**
 * Limited-memory BFGS (10 pairs) with a backtracking Armijo line search; enough for a smooth, strictly convex
 * objective. Returns the minimiser.
 */
function minimiseLbfgs(
  f: (x: Float64Array, grad: Float64Array) => number,
  x: Float64Array,
  maxIterations: number,
  tolerance: number,
): Float64Array {
  const dim = x.length;
  const memory = 10;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  const g = new Float64Array(dim);
  let fx = f(x, g);
  const dir = new Float64Array(dim);
  const xNew = new Float64Array(dim);
  const gNew = new Float64Array(dim);
  const alpha = new Float64Array(memory);
  const dot = (a: Float64Array, b: Float64Array) => {
    let s = 0;
    for (let i = 0; i < dim; i++) s += a[i] * b[i];
    return s;
  };
  const maxAbs = (a: Float64Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  for (let iter = 0; iter < maxIterations && maxAbs(g) > tolerance; iter++) {
    // Two-loop recursion: dir = −H·g.
    for (let i = 0; i < dim; i++) dir[i] = -g[i];
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k] * dot(S[k], dir);
      for (let i = 0; i < dim; i++) dir[i] -= alpha[k] * Y[k][i];
    }
    const gamma = S.length ? dot(S[S.length - 1], Y[Y.length - 1]) / dot(Y[Y.length - 1], Y[Y.length - 1]) : 1;
    for (let i = 0; i < dim; i++) dir[i] *= gamma;
    for (let k = 0; k < S.length; k++) {
      const beta = rho[k] * dot(Y[k], dir);
      for (let i = 0; i < dim; i++) dir[i] += (alpha[k] - beta) * S[k][i];
    }
    let slope = dot(g, dir);
    if (slope >= 0) {
      // Not a descent direction (numerical trouble): restart from steepest descent.
      S.length = 0;
      Y.length = 0;
      rho.length = 0;
      for (let i = 0; i < dim; i++) dir[i] = -g[i];
      slope = dot(g, dir);
    }
    let step = S.length || iter > 0 ? 1 : 1 / Math.max(1, Math.sqrt(-slope));
    let fNew = Number.POSITIVE_INFINITY;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < dim; i++) xNew[i] = x[i] + step * dir[i];
      fNew = f(xNew, gNew);
      if (fNew <= fx + 1e-4 * step * slope) break;
      step /= 2;
    }
    if (!(fNew <= fx)) break;
    const s = new Float64Array(dim);
    const yv = new Float64Array(dim);
    for (let i = 0; i < dim; i++) {
      s[i] = xNew[i] - x[i];
      yv[i] = gNew[i] - g[i];
    }
    const sy = dot(s, yv);
    if (sy > 1e-300) {
      if (S.length === memory) {
        S.shift();
        Y.shift();
        rho.shift();
      }
      S.push(s);
      Y.push(yv);
      rho.push(1 / sy);
    }
    const progress = fx - fNew;
    x.set(xNew);
    g.set(gNew);
    fx = fNew;
    if (progress <= 1e-16 * Math.max(1, Math.abs(fx))) break;
  }
  return x;
}

/** The model file form of a logistic regression (model-file.ts): coefficients in `payload`. */
export function storedLogistic(
  model: LogisticModel,
  options: LogisticOptions = {},
  calibration?: unknown,
): StoredModel {
  return {
    kind: 'logistic-regression',
    featureNames: model.featureNames,
    categorical: model.featureNames.map((_, f) => model.terms.some((t) => t.feature === f && t.category !== undefined)),
    settings: { C: options.C ?? 1 },
    payload: { terms: model.terms, intercept: model.intercept },
    ...(calibration === undefined ? {} : { calibration }),
  };
}

/** Back from the model file form. */
export function logisticFromStored(stored: StoredModel): LogisticModel {
  const p = stored.payload as { terms?: LogisticTerm[]; intercept?: number } | undefined;
  if (!p || !Array.isArray(p.terms) || typeof p.intercept !== 'number') {
    throw new Error('logistic regression model without coefficients (payload.terms, payload.intercept)');
  }
  return { kind: 'logreg', featureNames: stored.featureNames, terms: p.terms, intercept: p.intercept };
}
