/**
 * One tree, grown on binned data from per-row gradients and hessians: depth-wise (all nodes of a
 * level at once, as XGBoost's default) or leaf-wise (the best leaf first, as LightGBM).
 *
 * Per batch of nodes to split: partition their rows (partition.ts), build the histogram of the
 * smaller child only and get its sibling by subtraction from the parent (histogram.ts), then find
 * the children's best splits (split.ts). Histograms and split finding run in one kernel, threads
 * splitting the features; the best split per node is then reduced in feature order, so the tree
 * does not depend on the number of threads.
 *
 * Also the tree learner of the random forest: with grad = −w·y, hess = w, λ = 0 and learning rate 1
 * the gain is the weighted squared-error (= Gini, for 0/1 targets) decrease and leaves hold the mean.
 */
import type { BinnedDataset } from './binning.ts';
import { accumulate, type HistogramLayout, histogramLayout, subtract } from './histogram.ts';
import { countLefts, leftCount, type PartitionParams, scatterRows, TASK } from './partition.ts';
import { kernel, type WorkerPool } from './pool.ts';
import type { Random } from './random.ts';
import {
  C_DEFAULT_LEFT,
  C_FEATURE,
  C_GAIN,
  C_GL,
  C_HL,
  C_THRESHOLD,
  CANDIDATE_SIZE,
  categoryOrder,
  leafWeight,
  resetCandidate,
  type SplitParams,
  scanCategorical,
  scanNumeric,
} from './split.ts';
import type { Tree } from './tree.ts';

export interface GrowerParams extends SplitParams {
  growth: 'depthwise' | 'leafwise';
  /** Maximum depth (root = 0); 0 = unlimited. */
  maxDepth: number;
  /** Maximum number of leaves; 0 = unlimited. */
  maxLeaves: number;
  /** Fraction of the tree's features drawn for each node (1 = all). */
  colsampleByNode: number;
  /** Multiplies every leaf output (the shrinkage of boosting; 1 for a forest). */
  learningRate: number;
}

export interface GrowOptions {
  /** In-bag rows, increasing; default all rows. */
  rows?: Int32Array;
  /** Features this tree may use (1 = allowed); default all. */
  features?: Uint8Array;
}

/** A leaf and its rows: rows[buffer][start … end) of the grower (valid until its next `grow`). */
export interface Leaf {
  node: number;
  start: number;
  end: number;
  buffer: number;
  value: number;
}

export interface GrownTree {
  tree: Tree;
  leaves: Leaf[];
}

interface LevelParams {
  rowBins: Uint8Array;
  nFeatures: number;
  offsets: Int32Array;
  nBins: Int32Array;
  categorical: Uint8Array;
  grad: Float32Array;
  hess: Float32Array;
  rows: [Int32Array, Int32Array];
  hist: Float64Array;
  histSize: number;
  /** Histograms to build: [start, end, buffer, slot] each. */
  builds: Int32Array;
  /** Subtractions: [parent slot (becomes the big child), small child slot] each. */
  subs: Int32Array;
  /** Nodes whose best split is wanted: slot each, totals [G, H] each, optional feature masks (nFinds × F). */
  finds: Int32Array;
  totals: Float64Array;
  masks: Uint8Array | null;
  split: SplitParams;
  /** Output: one candidate per (find, share). */
  candidates: Float64Array;
}

/** Builds, subtracts and searches splits for the features of one share. */
export const levelKernel = kernel(import.meta.url, 'levelKernel', (p: LevelParams, share, nShares) => {
  const F = p.nFeatures;
  const f0 = Math.floor((F * share) / nShares);
  const f1 = Math.floor((F * (share + 1)) / nShares);
  const lo = 2 * p.offsets[f0];
  const hi = 2 * p.offsets[f1];
  for (let b = 0; b < p.builds.length; b += 4) {
    const base = p.builds[b + 3] * p.histSize;
    p.hist.fill(0, base + lo, base + hi);
    const rows = p.rows[p.builds[b + 2]];
    accumulate(p.hist, base, p.rowBins, F, p.grad, p.hess, rows, p.builds[b], p.builds[b + 1], f0, f1);
  }
  for (let s = 0; s < p.subs.length; s += 2) {
    subtract(p.hist, p.subs[s] * p.histSize, p.subs[s + 1] * p.histSize, f0, f1);
  }
  for (let i = 0; i < p.finds.length; i++) {
    const at = (i * nShares + share) * CANDIDATE_SIZE;
    resetCandidate(p.candidates, at);
    const base = p.finds[i] * p.histSize;
    const G = p.totals[2 * i];
    const H = p.totals[2 * i + 1];
    for (let f = f0; f < f1; f++) {
      if (p.masks && !p.masks[i * F + f]) continue;
      const fb = base + 2 * p.offsets[f];
      if (p.categorical[f]) scanCategorical(p.hist, fb, f, p.nBins[f], G, H, p.split, p.candidates, at);
      else scanNumeric(p.hist, fb, f, p.nBins[f], G, H, p.split, p.candidates, at);
    }
  }
});

interface NodeState {
  id: number;
  start: number;
  end: number;
  buffer: number;
  depth: number;
  G: number;
  H: number;
  slot: number;
  /** Best split: [gain, feature, threshold, defaultLeft, GL, HL]. */
  cand: Float64Array | null;
}

interface TransposeParams {
  bins: Uint8Array;
  rowBins: Uint8Array;
  nRows: number;
  nFeatures: number;
}

/** Row-major copy of the bins, by blocks of rows that stay in cache; threads take row ranges. */
export const transposeKernel = kernel(import.meta.url, 'transposeKernel', (p: TransposeParams, share, nShares) => {
  const { bins, rowBins, nRows: n, nFeatures: F } = p;
  const end = Math.floor((n * (share + 1)) / nShares);
  for (let b0 = Math.floor((n * share) / nShares); b0 < end; b0 += 4096) {
    const b1 = Math.min(end, b0 + 4096);
    for (let f = 0; f < F; f++) {
      const col = f * n;
      for (let r = b0, k = b0 * F + f; r < b1; r++, k += F) rowBins[k] = bins[col + r];
    }
  }
});

function sharedF32(n: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(Math.max(1, n) * 4));
}
function sharedI32(n: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(Math.max(1, n) * 4));
}

export class TreeGrower {
  readonly nRows: number;
  readonly nFeatures: number;
  /** Gradients and hessians per row: the caller fills them before each `grow`. */
  readonly grad: Float32Array;
  readonly hess: Float32Array;
  readonly rows: [Int32Array, Int32Array];
  private readonly rowBins: Uint8Array;
  private readonly sides: Uint8Array;
  private readonly layout: HistogramLayout;
  private readonly categorical: Uint8Array;
  private hist: Float64Array;
  private slots: number;
  private freeSlots: number[] = [];
  /** Rows of the tree being grown. */
  private inBag = 0;

  constructor(
    readonly binned: BinnedDataset,
    readonly pool: WorkerPool,
  ) {
    this.nRows = binned.nRows;
    this.nFeatures = binned.nFeatures;
    this.grad = sharedF32(this.nRows);
    this.hess = sharedF32(this.nRows);
    this.rows = [sharedI32(this.nRows), sharedI32(this.nRows)];
    // Row-major bins for histograms (a node's rows are read once whatever their scattering);
    // column-major ones for partitions (one compact column per split).
    this.rowBins = new Uint8Array(new SharedArrayBuffer(Math.max(1, this.nRows * this.nFeatures)));
    pool.run(transposeKernel, {
      bins: binned.bins,
      rowBins: this.rowBins,
      nRows: this.nRows,
      nFeatures: this.nFeatures,
    });
    this.sides = new Uint8Array(new SharedArrayBuffer(Math.max(1, this.nRows)));
    this.layout = histogramLayout(binned.mapper);
    this.categorical = Uint8Array.from(binned.mapper.features, (fb) => (fb.kind === 'categorical' ? 1 : 0));
    this.slots = 0;
    this.hist = new Float64Array(0);
  }

  private allocSlot(): number {
    const free = this.freeSlots.pop();
    if (free !== undefined) return free;
    if (this.slots * this.layout.size >= this.hist.length) {
      const grown = new Float64Array(new SharedArrayBuffer(Math.max(8, this.slots * 2) * this.layout.size * 8));
      grown.set(this.hist);
      this.hist = grown;
    }
    return this.slots++;
  }

  private releaseSlot(node: NodeState): void {
    if (node.slot >= 0) this.freeSlots.push(node.slot);
    node.slot = -1;
  }

  grow(params: GrowerParams, rng: Random, options: GrowOptions = {}): GrownTree {
    const { grad, hess } = this;
    const rows0 = this.rows[0];
    let n = this.nRows;
    if (options.rows) {
      n = options.rows.length;
      rows0.set(options.rows);
    } else for (let i = 0; i < n; i++) rows0[i] = i;
    this.inBag = n;
    let G = 0;
    let H = 0;
    for (let i = 0; i < n; i++) {
      G += grad[rows0[i]];
      H += hess[rows0[i]];
    }
    this.freeSlots = [];
    this.slots = 0;

    const t = new TreeBuilder();
    const states: NodeState[] = [];
    const addNode = (start: number, end: number, buffer: number, depth: number, g: number, h: number) => {
      const id = t.add(params.learningRate * leafWeight(g, h, params), h);
      const s: NodeState = { id, start, end, buffer, depth, G: g, H: h, slot: -1, cand: null };
      states.push(s);
      return s;
    };
    const canSplit = (s: NodeState, leaves: number) =>
      (params.maxDepth <= 0 || s.depth < params.maxDepth) &&
      (params.maxLeaves <= 0 || leaves < params.maxLeaves) &&
      s.end - s.start >= 2 &&
      s.H >= 2 * params.minChildWeight;

    const root = addNode(0, n, 0, 0, G, H);
    let leaves = 1;
    let pending: NodeState[] = [];
    if (canSplit(root, leaves)) {
      root.slot = this.allocSlot();
      this.runLevel([root], [], [root], params, rng, options.features);
      if (root.cand) pending.push(root);
      else this.releaseSlot(root);
    }

    while (pending.length > 0) {
      let batch: NodeState[];
      if (params.growth === 'leafwise') {
        let best = 0;
        for (let i = 1; i < pending.length; i++) if (pending[i].cand![C_GAIN] > pending[best].cand![C_GAIN]) best = i;
        batch = [pending[best]];
        pending.splice(best, 1);
      } else {
        batch = pending;
        pending = [];
        if (params.maxLeaves > 0 && leaves + batch.length > params.maxLeaves) {
          batch = [...batch].sort((a, b) => b.cand![C_GAIN] - a.cand![C_GAIN] || a.id - b.id);
          for (const s of batch.splice(params.maxLeaves - leaves)) this.releaseSlot(s);
        }
      }
      if (batch.length === 0) break;

      // Partition the rows of every node of the batch.
      const part = this.partition(batch, t);
      const builds: NodeState[] = [];
      const subs: number[] = [];
      const finds: NodeState[] = [];
      const toRelease: NodeState[] = [];
      leaves += batch.length;
      batch.forEach((s, k) => {
        const c = s.cand!;
        const nLeft = leftCount(part, k, this.pool.threads);
        const gl = c[C_GL];
        const hl = c[C_HL];
        const L = addNode(s.start, s.start + nLeft, 1 - s.buffer, s.depth + 1, gl, hl);
        const R = addNode(s.start + nLeft, s.end, 1 - s.buffer, s.depth + 1, s.G - gl, s.H - hl);
        t.link(s.id, L.id, R.id);
        const needL = canSplit(L, leaves);
        const needR = canSplit(R, leaves);
        if (!needL && !needR) {
          this.releaseSlot(s);
          return;
        }
        const [small, big] = L.end - L.start <= R.end - R.start ? [L, R] : [R, L];
        small.slot = this.allocSlot();
        big.slot = s.slot;
        s.slot = -1;
        builds.push(small);
        subs.push(big.slot, small.slot);
        for (const [child, need] of [
          [L, needL],
          [R, needR],
        ] as const) {
          if (need) finds.push(child);
          else toRelease.push(child);
        }
      });
      if (finds.length > 0) this.runLevel(builds, subs, finds, params, rng, options.features);
      for (const s of toRelease) this.releaseSlot(s);
      for (const s of finds) {
        if (s.cand) pending.push(s);
        else this.releaseSlot(s);
      }
    }

    const leafList: Leaf[] = [];
    for (const s of states) {
      if (t.isLeaf(s.id))
        leafList.push({ node: s.id, start: s.start, end: s.end, buffer: s.buffer, value: t.values[s.id] });
    }
    return { tree: t.build(), leaves: leafList };
  }

  private runLevel(
    builds: NodeState[],
    subs: number[],
    finds: NodeState[],
    params: GrowerParams,
    rng: Random,
    features: Uint8Array | undefined,
  ): void {
    const F = this.nFeatures;
    const nShares = this.pool.threads;
    let masks: Uint8Array | null = null;
    if (features || params.colsampleByNode < 1) {
      masks = new Uint8Array(finds.length * F);
      const allowed: number[] = [];
      for (let f = 0; f < F; f++) if (!features || features[f]) allowed.push(f);
      const k = Math.max(1, Math.round(params.colsampleByNode * allowed.length));
      finds.forEach((_, i) => {
        const pick = params.colsampleByNode < 1 ? rng.sample(allowed.length, k) : null;
        if (pick) for (const j of pick) masks![i * F + allowed[j]] = 1;
        else for (const f of allowed) masks![i * F + f] = 1;
      });
    }
    const candidates = new Float64Array(new SharedArrayBuffer(finds.length * nShares * CANDIDATE_SIZE * 8));
    const p: LevelParams = {
      rowBins: this.rowBins,
      nFeatures: F,
      offsets: this.layout.offsets,
      nBins: this.binned.mapper.nBins,
      categorical: this.categorical,
      grad: this.grad,
      hess: this.hess,
      rows: this.rows,
      hist: this.hist,
      histSize: this.layout.size,
      builds: Int32Array.from(builds.flatMap((s) => [s.start, s.end, s.buffer, s.slot])),
      subs: Int32Array.from(subs),
      finds: Int32Array.from(finds, (s) => s.slot),
      totals: Float64Array.from(finds.flatMap((s) => [s.G, s.H])),
      masks,
      split: {
        lambda: params.lambda,
        alpha: params.alpha,
        minChildWeight: params.minChildWeight,
        minSplitGain: params.minSplitGain,
      },
      candidates,
    };
    this.pool.run(levelKernel, p);
    finds.forEach((s, i) => {
      let best = -1;
      for (let sh = 0; sh < nShares; sh++) {
        const at = (i * nShares + sh) * CANDIDATE_SIZE;
        if (candidates[at + C_FEATURE] >= 0 && (best < 0 || candidates[at + C_GAIN] > candidates[best + C_GAIN]))
          best = at;
      }
      s.cand = best < 0 ? null : candidates.slice(best, best + CANDIDATE_SIZE);
    });
  }

  /** Moves the rows of each node of the batch into the other buffer, lefts first; records the splits in the tree. */
  private partition(batch: NodeState[], t: TreeBuilder): PartitionParams {
    const mapper = this.binned.mapper;
    const goesLeft = new Uint8Array(new SharedArrayBuffer(256 * batch.length));
    const tasks = new Int32Array(new SharedArrayBuffer(4 * TASK * batch.length));
    // Nodes of a quarter of the rows or more are cut in chunks; the others go whole to the least loaded thread.
    const load = new Float64Array(this.pool.threads);
    let chunked = false;
    batch.forEach((s, k) => {
      const c = s.cand!;
      const f = c[C_FEATURE];
      const nb = mapper.nBins[f];
      const lut = goesLeft.subarray(256 * k, 256 * k + 256);
      const fb = mapper.features[f];
      if (fb.kind === 'numeric') {
        const b = c[C_THRESHOLD];
        for (let i = 0; i <= b; i++) lut[i] = 1;
        t.split(
          s.id,
          f,
          b < fb.thresholds.length ? fb.thresholds[b] : Number.POSITIVE_INFINITY,
          c[C_DEFAULT_LEFT],
          null,
        );
      } else {
        const order = categoryOrder(this.hist, s.slot * this.layout.size + 2 * this.layout.offsets[f], nb);
        const left = order.slice(0, c[C_THRESHOLD]);
        for (const b of left) lut[b] = 1;
        t.split(
          s.id,
          f,
          0,
          c[C_DEFAULT_LEFT],
          left.map((b) => fb.categories[b]).sort((x, y) => x - y),
        );
      }
      lut[nb] = c[C_DEFAULT_LEFT];
      let owner = -1;
      if (s.end - s.start < this.inBag / 4) {
        owner = load.indexOf(Math.min(...load));
        load[owner] += s.end - s.start;
      } else chunked = true;
      tasks.set([s.start, s.end, s.buffer, f, owner], TASK * k);
    });
    const p: PartitionParams = {
      bins: this.binned.bins,
      nRows: this.nRows,
      sides: this.sides,
      rows: this.rows,
      tasks,
      nTasks: batch.length,
      goesLeft,
      counts: new Int32Array(new SharedArrayBuffer(4 * batch.length * this.pool.threads)),
    };
    this.pool.run(countLefts, p);
    if (chunked) this.pool.run(scatterRows, p);
    return p;
  }
}

/** Accumulates nodes, then freezes them into the shared `Tree` format. */
class TreeBuilder {
  feature: number[] = [];
  threshold: number[] = [];
  defaultLeft: number[] = [];
  left: number[] = [];
  right: number[] = [];
  values: number[] = [];
  cover: number[] = [];
  cats: (number[] | null)[] = [];
  hasCats = false;

  add(value: number, cover: number): number {
    this.feature.push(-1);
    this.threshold.push(0);
    this.defaultLeft.push(0);
    this.left.push(-1);
    this.right.push(-1);
    this.values.push(value);
    this.cover.push(cover);
    this.cats.push(null);
    return this.values.length - 1;
  }

  split(id: number, feature: number, threshold: number, defaultLeft: number, cats: number[] | null): void {
    this.feature[id] = feature;
    this.threshold[id] = threshold;
    this.defaultLeft[id] = defaultLeft;
    this.cats[id] = cats;
    if (cats) this.hasCats = true;
  }

  link(id: number, left: number, right: number): void {
    this.left[id] = left;
    this.right[id] = right;
  }

  isLeaf(id: number): boolean {
    return this.left[id] === -1;
  }

  build(): Tree {
    const tree: Tree = {
      feature: Int32Array.from(this.feature),
      threshold: Float64Array.from(this.threshold),
      defaultLeft: Uint8Array.from(this.defaultLeft),
      left: Int32Array.from(this.left),
      right: Int32Array.from(this.right),
      value: Float64Array.from(this.values),
      cover: Float64Array.from(this.cover),
    };
    if (this.hasCats) tree.cats = this.cats;
    return tree;
  }
}
