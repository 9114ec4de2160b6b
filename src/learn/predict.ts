/**
 * Prediction of tree ensembles on raw values (column-major, NaN = missing). No Node imports: model
 * files are scored in the browser too.
 *
 * The batch path compiles each tree into a complete binary tree of the ensemble's depth (shallower
 * leaves padded with always-right nodes) so a row descends without branches on node kinds, and it
 * walks a block of rows through one tree before the next, so the loads of many rows overlap.
 */
import type { Dataset } from './dataset.ts';
import type { Tree, TreeEnsemble } from './tree.ts';

/** Index of the leaf that row `r` of `columns` reaches. */
export function leafOf(tree: Tree, columns: ArrayLike<number>[], r: number): number {
  let n = 0;
  while (tree.left[n] !== -1) {
    const x = columns[tree.feature[n]][r];
    let left: boolean;
    if (Number.isNaN(x)) left = tree.defaultLeft[n] === 1;
    else {
      const cats = tree.cats?.[n];
      left = cats ? cats.includes(x) : x < tree.threshold[n];
    }
    n = left ? tree.left[n] : tree.right[n];
  }
  return n;
}

/** out[r] += scale × (output of the tree for row r), for every row or the given ones. */
export function addTree(
  tree: Tree,
  columns: ArrayLike<number>[],
  out: Float64Array,
  scale = 1,
  rows?: Int32Array,
): void {
  if (rows) for (const r of rows) out[r] += scale * tree.value[leafOf(tree, columns, r)];
  else for (let r = 0; r < out.length; r++) out[r] += scale * tree.value[leafOf(tree, columns, r)];
}

function depthOf(tree: Tree): number {
  const depth = new Int32Array(tree.left.length);
  let max = 0;
  for (let n = 0; n < tree.left.length; n++) {
    if (tree.left[n] === -1) continue;
    depth[tree.left[n]] = depth[n] + 1;
    depth[tree.right[n]] = depth[n] + 1;
    max = Math.max(max, depth[n] + 1);
  }
  return max;
}

/** An ensemble laid out for fast batch prediction (numeric splits, depth ≤ 12), or null when it cannot be. */
export interface CompiledEnsemble {
  depth: number;
  nTrees: number;
  nFeatures: number;
  /**
   * Per tree, 2^depth − 1 internal nodes in heap order. A row goes to the first child when
   * sign × x < threshold, else (and when x is missing) to the second: nodes sending missing values
   * left are stored mirrored (children swapped, sign −1, threshold −nextDown(t), i.e. "x ≥ t").
   */
  feature: Int32Array;
  sign: Float64Array;
  threshold: Float64Array;
  /** Per tree, 2^depth leaves. */
  leaf: Float64Array;
  base: number;
  scale: number;
  link: TreeEnsemble['link'];
}

const MAX_COMPILED_DEPTH = 12;

/** The largest double below x (x finite or +∞). */
function nextDown(x: number): number {
  if (x === 0) return -Number.MIN_VALUE;
  const f = new Float64Array([x]);
  const b = new BigInt64Array(f.buffer);
  b[0] += x > 0 ? -1n : 1n;
  return f[0];
}

export function compileEnsemble(ens: TreeEnsemble, nFeatures: number): CompiledEnsemble | null {
  let depth = 0;
  for (const t of ens.trees) {
    if (t.cats?.some((c) => c)) return null;
    depth = Math.max(depth, depthOf(t));
  }
  if (depth > MAX_COMPILED_DEPTH) return null;
  const inner = (1 << depth) - 1;
  const nLeaves = 1 << depth;
  const T = ens.trees.length;
  const feature = new Int32Array(T * inner);
  const sign = new Float64Array(T * inner).fill(1);
  // Padding nodes: x < −∞ never holds, so every row (missing or not) takes the second child.
  const threshold = new Float64Array(T * inner).fill(Number.NEGATIVE_INFINITY);
  const leaf = new Float64Array(T * nLeaves);
  ens.trees.forEach((tree, t) => {
    // A leaf above the bottom fills the last leaf of its padded subtree.
    const visit = (n: number, pos: number, d: number) => {
      if (tree.left[n] === -1) {
        let p = pos;
        for (let k = d; k < depth; k++) p = 2 * p + 2;
        leaf[t * nLeaves + p - inner] = tree.value[n];
        return;
      }
      const k = t * inner + pos;
      feature[k] = tree.feature[n];
      if (tree.defaultLeft[n]) {
        sign[k] = -1;
        threshold[k] = -nextDown(tree.threshold[n]);
        visit(tree.right[n], 2 * pos + 1, d + 1);
        visit(tree.left[n], 2 * pos + 2, d + 1);
      } else {
        threshold[k] = tree.threshold[n];
        visit(tree.left[n], 2 * pos + 1, d + 1);
        visit(tree.right[n], 2 * pos + 2, d + 1);
      }
    };
    visit(0, 0, 0);
  });
  return {
    depth,
    nTrees: T,
    nFeatures,
    feature,
    sign,
    threshold,
    leaf,
    base: ens.base,
    scale: ens.scale,
    link: ens.link,
  };
}

const BLOCK = 128;

/**
 * Margins of rows [from, to) into out[from … to), with a compiled ensemble. Rows go through a tree
 * four at a time, with the comparison turned into a number rather than a branch: four independent
 * descents keep the CPU busy where one would wait on each load.
 */
export function compiledMargins(
  c: CompiledEnsemble,
  columns: ArrayLike<number>[],
  out: Float64Array,
  from: number,
  to: number,
): void {
  const F = c.nFeatures;
  const D = c.depth;
  const inner = (1 << D) - 1;
  const nLeaves = 1 << D;
  const block = new Float64Array(BLOCK * F);
  const { feature, sign, threshold, leaf } = c;
  for (let b0 = from; b0 < to; b0 += BLOCK) {
    const m = Math.min(BLOCK, to - b0);
    // Row-major copy of the block (rows past the end repeat the last one).
    for (let f = 0; f < F; f++) {
      const col = columns[f];
      for (let i = 0; i < BLOCK; i++) block[i * F + f] = col[b0 + Math.min(i, m - 1)];
    }
    for (let i = 0; i < m; i += 4) {
      const r0 = i * F;
      const r1 = r0 + F;
      const r2 = r1 + F;
      const r3 = r2 + F;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let t = 0; t < c.nTrees; t++) {
        const nb = t * inner;
        let p0 = 0;
        let p1 = 0;
        let p2 = 0;
        let p3 = 0;
        for (let d = 0; d < D; d++) {
          let k = nb + p0;
          p0 = 2 * p0 + 2 - +(sign[k] * block[r0 + feature[k]] < threshold[k]);
          k = nb + p1;
          p1 = 2 * p1 + 2 - +(sign[k] * block[r1 + feature[k]] < threshold[k]);
          k = nb + p2;
          p2 = 2 * p2 + 2 - +(sign[k] * block[r2 + feature[k]] < threshold[k]);
          k = nb + p3;
          p3 = 2 * p3 + 2 - +(sign[k] * block[r3 + feature[k]] < threshold[k]);
        }
        const lb = t * nLeaves - inner;
        s0 += leaf[lb + p0];
        s1 += leaf[lb + p1];
        s2 += leaf[lb + p2];
        s3 += leaf[lb + p3];
      }
      const o = b0 + i;
      out[o] = c.base + c.scale * s0;
      if (i + 1 < m) out[o + 1] = c.base + c.scale * s1;
      if (i + 2 < m) out[o + 2] = c.base + c.scale * s2;
      if (i + 3 < m) out[o + 3] = c.base + c.scale * s3;
    }
  }
}

export function sigmoid(m: number): number {
  return 1 / (1 + Math.exp(-m));
}

/** Margins (log-odds for boosting) of every row. */
export function predictMargin(ens: TreeEnsemble, data: Dataset): Float64Array {
  const out = new Float64Array(data.nRows);
  const c = compileEnsemble(ens, data.columns.length);
  if (c) {
    compiledMargins(c, data.columns, out, 0, data.nRows);
    return out;
  }
  for (const tree of ens.trees) addTree(tree, data.columns, out, 1);
  for (let r = 0; r < out.length; r++) out[r] = ens.base + ens.scale * out[r];
  return out;
}

/** Probabilities of the positive class (before any calibration). */
export function predictProba(ens: TreeEnsemble, data: Dataset): Float64Array {
  const out = predictMargin(ens, data);
  if (ens.link === 'logistic') for (let r = 0; r < out.length; r++) out[r] = sigmoid(out[r]);
  return out;
}
