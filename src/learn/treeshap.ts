/**
 * Exact path-dependent TreeSHAP (Lundberg et al., 2020) for any `TreeEnsemble`, in margin units:
 * base + Σ_f shap[f] = margin(x) for every row (local accuracy).
 *
 * Two exact algorithms, chosen per tree by their cost:
 * - `paths`: Algorithm 2 of the paper (extend/unwind of the unique path), O(leaves · depth²) per row;
 * - `tables`: per-leaf precomputation in the spirit of FastTreeSHAP v2, O(nodes + leaves · depth) per row after
 *   O(leaves · 2^d · d) work per tree. For a leaf whose path holds the d distinct features F with cover fractions
 *   z_j, a row is summarised by the set O ⊆ F of features whose every split on the path lets it through. The leaf
 *   adds, with G(A) = Σ_{S⊆A} |S|!(d−|S|−1)!/d! · Π_{j∈A∖S} z_j and Z(U) = Π_{j∈U} z_j:
 *     v · (1 − z_i) · Z(F∖O) · G(O∖{i})   to each i ∈ O,
 *     −v · Z(F∖O) · G(O)                  to each i ∉ O.
 *   These d values are tabulated for every O. Small bottom subtrees (≤ 3 internal nodes) are merged into one
 *   table indexed by the pattern at their root and the row's decisions inside, so a row costs one pattern per
 *   upper node and, per bottom subtree, a few comparisons and one addition per feature it involves.
 */
import type { Dataset } from './dataset.ts';
import { kernel, type WorkerPool } from './pool.ts';
import type { Tree, TreeEnsemble } from './tree.ts';

export interface ShapValues {
  nRows: number;
  nFeatures: number;
  /** Row-major nRows × nFeatures, margin units. */
  values: Float64Array;
  /** Expected margin over the training distribution (as seen by the covers): the same for every row. */
  base: number;
}

export type ShapMethod = 'auto' | 'paths' | 'tables';

export interface ShapOptions {
  method?: ShapMethod;
  /** Rows [start, end) of the dataset (default: all). */
  start?: number;
  end?: number;
  /** Worker pool to split the rows over (default: this thread only). */
  pool?: WorkerPool;
}

/** Does row `row` go to the left child of internal node `n` (missing values follow the default direction)? */
export function goesLeft(tree: Tree, n: number, columns: ArrayLike<number>[], row: number): boolean {
  const x = columns[tree.feature[n]][row];
  if (Number.isNaN(x)) return tree.defaultLeft[n] === 1;
  const cats = tree.cats?.[n];
  if (cats) return cats.includes(x);
  return x < tree.threshold[n];
}

/** Expected output of one tree under the cover distribution. */
function treeExpectation(tree: Tree, n = 0): number {
  if (tree.left[n] === -1) return tree.value[n];
  const l = tree.left[n];
  const r = tree.right[n];
  return (tree.cover[l] * treeExpectation(tree, l) + tree.cover[r] * treeExpectation(tree, r)) / tree.cover[n];
}

/** The SHAP base value of an ensemble: its expected margin. */
export function expectedMargin(ens: TreeEnsemble): number {
  let sum = 0;
  for (const t of ens.trees) sum += treeExpectation(t);
  return ens.base + ens.scale * sum;
}

export function treeShap(ens: TreeEnsemble, data: Dataset, options: ShapOptions = {}): ShapValues {
  const start = options.start ?? 0;
  const end = options.end ?? data.nRows;
  const nRows = end - start;
  const nFeatures = data.columns.length;
  const pool = options.pool;
  const method = options.method ?? 'auto';
  if (!pool || pool.threads === 1 || nRows < 2 * pool.threads) {
    const values = new Float64Array(nRows * nFeatures);
    shapRows(ens, data.columns, start, end, method, values, 0);
    return { nRows, nFeatures, values, base: expectedMargin(ens) };
  }
  // Workers see the columns and the output through shared memory (no copy per worker).
  const shared = (col: Float64Array) => {
    if (col.buffer instanceof SharedArrayBuffer) return col;
    const copy = new Float64Array(new SharedArrayBuffer(col.byteLength));
    copy.set(col);
    return copy;
  };
  const values = new Float64Array(new SharedArrayBuffer(Math.max(8, nRows * nFeatures * 8)), 0, nRows * nFeatures);
  pool.run(shapKernel, { ens, columns: data.columns.map(shared), start, end, method, values });
  return { nRows, nFeatures, values, base: expectedMargin(ens) };
}

interface ShapKernelParams {
  ens: TreeEnsemble;
  columns: Float64Array[];
  start: number;
  end: number;
  method: ShapMethod;
  values: Float64Array;
}

/** One share of the rows per thread; each thread builds its own tables (cheap next to the rows). */
export const shapKernel = kernel(import.meta.url, 'shapKernel', (p: ShapKernelParams, share, nShares) => {
  const n = p.end - p.start;
  const a = p.start + Math.floor((n * share) / nShares);
  const b = p.start + Math.floor((n * (share + 1)) / nShares);
  shapRows(p.ens, p.columns, a, b, p.method, p.values, (a - p.start) * p.columns.length);
});

/** SHAP values of rows [start, end) added into out[at …] (row-major). */
function shapRows(
  ens: TreeEnsemble,
  columns: Float64Array[],
  start: number,
  end: number,
  method: ShapMethod,
  out: Float64Array,
  at: number,
): void {
  const rows = end - start;
  for (const tree of ens.trees) {
    const shape = pathShape(tree);
    const plan = method === 'paths' ? null : planTables(tree, shape);
    const tables = plan && (method === 'tables' || plan.cost(rows) < shape.pathsCost(rows));
    if (plan && tables) shapByTables(tree, shape, plan, columns, start, end, ens.scale, out, at);
    else shapByPaths(tree, shape.maxDepth, columns, start, end, ens.scale, out, at);
  }
}

// ─── Tree shape: preorder, path feature slots, per-leaf fractions ───────────────────────────────────────────────

interface PathShape {
  /** For an internal node: bit of its feature among its path's distinct features, and that bit if new there. */
  bit: Int32Array;
  newBit: Int32Array;
  /** Per node: the distinct features on the path from the root to it, in slot order. */
  pathAt: Int32Array[];
  /** Per leaf (indexed by node id): cover fractions of its path features, in slot order. */
  leafZ: Map<number, Float64Array>;
  /** Internal nodes in each node's subtree (itself included). */
  internalBelow: Int32Array;
  maxDepth: number;
  pathsCost(nRows: number): number;
}

function pathShape(tree: Tree): PathShape {
  const nNodes = tree.left.length;
  const bit = new Int32Array(nNodes);
  const newBit = new Int32Array(nNodes);
  const pathAt: Int32Array[] = new Array(nNodes);
  const leafZ = new Map<number, Float64Array>();
  const internalBelow = new Int32Array(nNodes);
  let maxDepth = 0;
  let pathWork = 0;
  const pathFeatures: number[] = [];
  const pathZ: number[] = [];
  const visit = (n: number, depth: number): number => {
    pathAt[n] = Int32Array.from(pathFeatures);
    if (tree.left[n] === -1) {
      leafZ.set(n, Float64Array.from(pathZ));
      maxDepth = Math.max(maxDepth, depth);
      pathWork += (depth + 1) * (depth + 1);
      return 0;
    }
    const f = tree.feature[n];
    let slot = pathFeatures.indexOf(f);
    const fresh = slot < 0;
    if (fresh) {
      slot = pathFeatures.length;
      pathFeatures.push(f);
      pathZ.push(1);
    }
    bit[n] = slot < 31 ? 1 << slot : 0;
    newBit[n] = fresh ? bit[n] : 0;
    const z0 = pathZ[slot];
    let below = 1;
    for (const child of [tree.left[n], tree.right[n]]) {
      pathZ[slot] = (z0 * tree.cover[child]) / tree.cover[n];
      below += visit(child, depth + 1);
    }
    pathZ[slot] = z0;
    if (fresh) {
      pathFeatures.pop();
      pathZ.pop();
    }
    internalBelow[n] = below;
    return below;
  };
  visit(0, 0);
  return { bit, newBit, pathAt, leafZ, internalBelow, maxDepth, pathsCost: (nRows) => nRows * 2 * pathWork };
}

// ─── Tables (FastTreeSHAP v2-like, merged over small bottom subtrees) ───────────────────────────────────────────

/**
 * Contributions of one leaf for every pattern O (bit k = slot k satisfied): out[at + O·d + k] is what the leaf
 * adds to the SHAP value of its k-th path feature.
 */
function leafContributions(value: number, z: Float64Array, out: Float64Array, at: number): void {
  const d = z.length;
  if (d === 0) return;
  const size = 1 << d;
  // Shapley weights w(k) = k!(d−k−1)!/d!, for k = 0 … d−1.
  const w = new Float64Array(d);
  w[0] = 1 / d;
  for (let k = 1; k < d; k++) w[k] = (w[k - 1] * k) / (d - k);
  // Elementary symmetric polynomials e_m of the z's of each subset, from the subset minus its lowest bit; then
  // G(A) = Σ_m w(|A| − m) e_m(A) (G(F) is never needed: some feature is always taken out) and vz(A) = v·Z(F∖A).
  const e = new Float64Array(size * (d + 1));
  e[0] = 1;
  const g = new Float64Array(size);
  const vz = new Float64Array(size);
  g[0] = w[0];
  vz[0] = value * z.reduce((a, b) => a * b, 1);
  for (let a = 1; a < size; a++) {
    const low = 31 - Math.clz32(a & -a);
    const prev = (a & (a - 1)) * (d + 1);
    const cur = a * (d + 1);
    e[cur] = 1;
    for (let m = 1; m <= d; m++) e[cur + m] = e[prev + m] + z[low] * e[prev + m - 1];
    let pop = 0;
    for (let b = a; b; b &= b - 1) pop++;
    let sum = 0;
    for (let m = pop === d ? 1 : 0; m <= pop; m++) sum += w[pop - m] * e[cur + m];
    g[a] = sum;
    let zu = value;
    for (let k = 0; k < d; k++) if (!(a & (1 << k))) zu *= z[k];
    vz[a] = zu;
  }
  for (let a = 0; a < size; a++) {
    for (let k = 0; k < d; k++) {
      const b = 1 << k;
      out[at + a * d + k] = a & b ? vz[a] * (1 - z[k]) * g[a ^ b] : -vz[a] * g[a];
    }
  }
}

/** A bottom subtree merged into one table ("terminal"), or a lone leaf. */
interface Terminal {
  node: number;
  /** Distinct path features at the subtree's root: the low bits of the table index. */
  d: number;
  /** Internal nodes of the subtree, preorder: their decisions are the high bits of the index. */
  inner: number[];
  leaves: number[];
  /** Features the subtree's leaves contribute to: the root's path features, then the subtree's new ones. */
  union: Int32Array;
}

interface TablePlan {
  /** Nodes the rows go through: internal nodes above the terminals, and the terminals, in preorder. */
  order: Int32Array;
  terminals: Map<number, Terminal>;
  entries: number;
  cost(nRows: number): number;
}

/** Subtrees of at most this many internal nodes and index bits become one table. */
const MERGE_NODES = 3;
const MERGE_BITS = 10;
/** A leaf's own table is 2^d · d entries; beyond this d (or this many entries per tree), Algorithm 2 is used. */
const MAX_LEAF_BITS = 16;
const MAX_TABLE_SIZE = 1 << 22;

/** Chooses the terminals of a tree; null when some leaf's table would be too large. */
function planTables(tree: Tree, shape: PathShape): TablePlan | null {
  const order: number[] = [];
  const terminals = new Map<number, Terminal>();
  let entries = 0;
  let buildWork = 0;
  let rowWork = 0;
  const collect = (n: number, inner: number[], leaves: number[]) => {
    if (tree.left[n] === -1) leaves.push(n);
    else {
      inner.push(n);
      collect(tree.left[n], inner, leaves);
      collect(tree.right[n], inner, leaves);
    }
  };
  let feasible = true;
  const choose = (n: number) => {
    const d = shape.pathAt[n].length;
    const m = tree.left[n] === -1 ? 0 : shape.internalBelow[n];
    const isLeaf = m === 0;
    if ((m <= MERGE_NODES && d + m <= MERGE_BITS) || isLeaf) {
      if (d + m > MAX_LEAF_BITS) feasible = false;
      const inner: number[] = [];
      const leaves: number[] = [];
      collect(n, inner, leaves);
      const union = [...shape.pathAt[n]];
      for (const q of inner) if (!union.includes(tree.feature[q])) union.push(tree.feature[q]);
      terminals.set(n, { node: n, d, inner, leaves, union: Int32Array.from(union) });
      order.push(n);
      const size = 2 ** (d + m);
      entries += size * union.length;
      for (const l of leaves) {
        const dl = shape.pathAt[l].length;
        buildWork += 2 ** dl * (dl + 2) * 4 + size * dl;
      }
      rowWork += m + union.length + 2;
      return;
    }
    order.push(n);
    rowWork += 3;
    choose(tree.left[n]);
    choose(tree.right[n]);
  };
  choose(0);
  if (!feasible || entries > MAX_TABLE_SIZE) return null;
  return { order: Int32Array.from(order), terminals, entries, cost: (nRows) => buildWork + nRows * rowWork };
}

/** Row-block decisions of node n: toLeft[i] = 1 when row b0 + i goes left. */
function decide(
  tree: Tree,
  n: number,
  lut: Uint8Array | null,
  cols: Float64Array[],
  b0: number,
  nb: number,
  toLeft: Uint8Array,
): void {
  const col = cols[tree.feature[n]];
  const dl = tree.defaultLeft[n];
  if (lut) {
    for (let i = 0; i < nb; i++) {
      const x = col[b0 + i];
      toLeft[i] = Number.isNaN(x) ? dl : lut[x] === 1 ? 1 : 0;
    }
  } else {
    const thr = tree.threshold[n];
    // NaN fails both comparisons: it follows the default direction.
    for (let i = 0; i < nb; i++) {
      const x = col[b0 + i];
      toLeft[i] = x < thr ? 1 : x >= thr ? 0 : dl;
    }
  }
}

function shapByTables(
  tree: Tree,
  shape: PathShape,
  plan: TablePlan,
  cols: Float64Array[],
  start: number,
  end: number,
  scale: number,
  out: Float64Array,
  at: number,
): void {
  const nFeatures = cols.length;
  const nNodes = tree.left.length;
  const { bit, newBit } = shape;
  // Build each terminal's table: for every pattern P at its root and decisions inside, the sum of its leaves'
  // contributions, found by pushing the pattern down as rows do.
  const table = new Float64Array(plan.entries);
  const tableOff = new Int32Array(nNodes);
  const pat = new Int32Array(nNodes);
  let offset = 0;
  for (const t of plan.terminals.values()) {
    tableOff[t.node] = offset;
    const u = t.union.length;
    const leafTables = t.leaves.map((l) => {
      const z = shape.leafZ.get(l)!;
      const tab = new Float64Array(z.length << z.length);
      leafContributions(tree.value[l] * scale, z, tab, 0);
      const slots = Int32Array.from(shape.pathAt[l], (f) => t.union.indexOf(f));
      return { l, d: z.length, tab, slots };
    });
    const m = t.inner.length;
    for (let dec = 0; dec < 1 << m; dec++) {
      for (let p = 0; p < 1 << t.d; p++) {
        pat[t.node] = p;
        t.inner.forEach((q, j) => {
          const kept = pat[q] | newBit[q];
          const lost = pat[q] & ~bit[q];
          const left = (dec >> j) & 1;
          pat[tree.left[q]] = left ? kept : lost;
          pat[tree.right[q]] = left ? lost : kept;
        });
        const row = offset + ((dec << t.d) | p) * u;
        for (const { l, d, tab, slots } of leafTables) {
          const base = pat[l] * d;
          for (let s = 0; s < d; s++) table[row + slots[s]] += tab[base + s];
        }
      }
    }
    offset += (1 << (t.d + m)) * u;
  }
  // Categorical splits as look-up tables by code.
  const catLeft: (Uint8Array | null)[] = Array.from({ length: nNodes }, (_, n) => {
    const cats = tree.cats?.[n];
    if (!cats) return null;
    const lut = new Uint8Array(cats.reduce((m, c) => Math.max(m, c + 1), 1));
    for (const c of cats) lut[c] = 1;
    return lut;
  });

  // Blocks of rows go through the tree node by node: tight loops over rows with the node's constants hoisted.
  const B = BLOCK_ROWS;
  const pattern = new Int32Array(nNodes * B);
  const toLeft = new Uint8Array(B);
  const index = new Int32Array(B);
  const { order, terminals } = plan;
  for (let b0 = start; b0 < end; b0 += B) {
    const nb = Math.min(B, end - b0);
    pattern.fill(0, 0, nb);
    for (let k = 0; k < order.length; k++) {
      const n = order[k];
      const pn = n * B;
      const t = terminals.get(n);
      if (!t) {
        decide(tree, n, catLeft[n], cols, b0, nb, toLeft);
        const kb = newBit[n];
        const lb = ~bit[n];
        const pl = tree.left[n] * B;
        const pr = tree.right[n] * B;
        for (let i = 0; i < nb; i++) {
          const a = pattern[pn + i];
          const kept = a | kb;
          const lost = a & lb;
          pattern[pl + i] = toLeft[i] ? kept : lost;
          pattern[pr + i] = toLeft[i] ? lost : kept;
        }
        continue;
      }
      for (let i = 0; i < nb; i++) index[i] = pattern[pn + i];
      for (let j = 0; j < t.inner.length; j++) {
        const q = t.inner[j];
        decide(tree, q, catLeft[q], cols, b0, nb, toLeft);
        const high = 1 << (t.d + j);
        for (let i = 0; i < nb; i++) if (toLeft[i]) index[i] |= high;
      }
      const u = t.union.length;
      const union = t.union;
      const t0 = tableOff[n];
      for (let i = 0; i < nb; i++) {
        const o = at + (b0 - start + i) * nFeatures;
        const r = t0 + index[i] * u;
        for (let s = 0; s < u; s++) out[o + union[s]] += table[r + s];
      }
    }
  }
}

/** Rows that go through a tree together in the tables method. */
const BLOCK_ROWS = 64;

// ─── Algorithm 2 (extend / unwind) ──────────────────────────────────────────────────────────────────────────────

function shapByPaths(
  tree: Tree,
  maxDepth: number,
  cols: Float64Array[],
  start: number,
  end: number,
  scale: number,
  out: Float64Array,
  at: number,
): void {
  const nFeatures = cols.length;
  // One path segment per recursion level, each a copy of its parent's: (D+1)(D+2)/2 entries in all.
  const size = ((maxDepth + 2) * (maxDepth + 3)) / 2;
  const feat = new Int32Array(size);
  const zf = new Float64Array(size);
  const of = new Float64Array(size);
  const pw = new Float64Array(size);

  const extend = (p: number, depth: number, z: number, one: number, f: number) => {
    feat[p + depth] = f;
    zf[p + depth] = z;
    of[p + depth] = one;
    pw[p + depth] = depth === 0 ? 1 : 0;
    for (let i = depth - 1; i >= 0; i--) {
      pw[p + i + 1] += (one * pw[p + i] * (i + 1)) / (depth + 1);
      pw[p + i] = (z * pw[p + i] * (depth - i)) / (depth + 1);
    }
  };

  const unwind = (p: number, depth: number, index: number) => {
    const one = of[p + index];
    const z = zf[p + index];
    let next = pw[p + depth];
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const tmp = pw[p + i];
        pw[p + i] = (next * (depth + 1)) / ((i + 1) * one);
        next = tmp - (pw[p + i] * z * (depth - i)) / (depth + 1);
      } else {
        pw[p + i] = (pw[p + i] * (depth + 1)) / (z * (depth - i));
      }
    }
    for (let i = index; i < depth; i++) {
      feat[p + i] = feat[p + i + 1];
      zf[p + i] = zf[p + i + 1];
      of[p + i] = of[p + i + 1];
    }
  };

  const unwoundSum = (p: number, depth: number, index: number) => {
    const one = of[p + index];
    const z = zf[p + index];
    let next = pw[p + depth];
    let total = 0;
    for (let i = depth - 1; i >= 0; i--) {
      if (one !== 0) {
        const tmp = (next * (depth + 1)) / ((i + 1) * one);
        total += tmp;
        next = pw[p + i] - (tmp * z * (depth - i)) / (depth + 1);
      } else if (z !== 0) {
        total += pw[p + i] / z / ((depth - i) / (depth + 1));
      }
    }
    return total;
  };

  let row = 0;
  let o = 0;
  const recurse = (n: number, parentStart: number, depth: number, z: number, one: number, f: number) => {
    // This level's segment starts right after the parent's (which holds depth entries).
    const p = parentStart + depth;
    for (let i = 0; i < depth; i++) {
      feat[p + i] = feat[parentStart + i];
      zf[p + i] = zf[parentStart + i];
      of[p + i] = of[parentStart + i];
      pw[p + i] = pw[parentStart + i];
    }
    extend(p, depth, z, one, f);
    if (tree.left[n] === -1) {
      const v = tree.value[n] * scale;
      for (let i = 1; i <= depth; i++) out[o + feat[p + i]] += unwoundSum(p, depth, i) * (of[p + i] - zf[p + i]) * v;
      return;
    }
    const left = goesLeft(tree, n, cols, row);
    const hot = left ? tree.left[n] : tree.right[n];
    const cold = left ? tree.right[n] : tree.left[n];
    const split = tree.feature[n];
    let inZ = 1;
    let inOne = 1;
    let k = 0;
    while (k <= depth && feat[p + k] !== split) k++;
    if (k <= depth) {
      inZ = zf[p + k];
      inOne = of[p + k];
      unwind(p, depth, k);
      depth--;
    }
    recurse(hot, p, depth + 1, (inZ * tree.cover[hot]) / tree.cover[n], inOne, split);
    recurse(cold, p, depth + 1, (inZ * tree.cover[cold]) / tree.cover[n], 0, split);
  };

  for (row = start; row < end; row++) {
    o = at + (row - start) * nFeatures;
    // The root's segment starts at 0 and its (empty) parent segment too.
    recurse(0, 0, 0, 1, 1, -1);
  }
}
