/**
 * Data partition: the rows of every node are a contiguous range of a row-index buffer. Splitting a
 * node moves its range from one of two buffers into the other, lefts first, then rights, in an
 * order that never depends on the number of threads (so neither do histogram sums):
 * - large nodes are cut into one chunk per thread: a pass counts each chunk's lefts, a second one
 *   scatters, keeping the row order;
 * - other nodes are each moved whole by one thread in a single pass, lefts forward from the start,
 *   rights backward from the end. Which thread does it varies, the result does not.
 * Bins are read column-major: the split feature's column is compact, where row-major bins would
 * cost a cache line per row.
 */
import { kernel } from './pool.ts';

export interface PartitionParams {
  /** Column-major bins: feature f of row r at f * nRows + r. */
  bins: Uint8Array;
  nRows: number;
  /** Side of each row position, from the count pass to the scatter pass (1 = left). */
  sides: Uint8Array;
  /** The two row-index buffers. */
  rows: [Int32Array, Int32Array];
  /** Per node to split: [start, end, buffer it reads (0/1), feature, owner]; owner −1 = cut in chunks. */
  tasks: Int32Array;
  nTasks: number;
  /** Per node: 256 bytes, 1 when that bin goes left. */
  goesLeft: Uint8Array;
  /** Lefts per (node, share): written by the count pass, read by the scatter pass. */
  counts: Int32Array;
}

export const TASK = 5;

function chunk(start: number, end: number, share: number, nShares: number): number {
  return start + Math.floor(((end - start) * share) / nShares);
}

function countChunk(p: PartitionParams, t: number, share: number, nShares: number): number {
  const start = p.tasks[TASK * t];
  const end = p.tasks[TASK * t + 1];
  const rows = p.rows[p.tasks[TASK * t + 2]];
  const f = p.tasks[TASK * t + 3];
  const lut = p.goesLeft.subarray(256 * t, 256 * t + 256);
  const col = p.bins.subarray(f * p.nRows, (f + 1) * p.nRows);
  const sides = p.sides;
  let n = 0;
  for (let i = chunk(start, end, share, nShares), e = chunk(start, end, share + 1, nShares); i < e; i++) {
    const side = lut[col[rows[i]]];
    sides[i] = side;
    n += side;
  }
  return n;
}

export const countLefts = kernel(import.meta.url, 'countLefts', (p: PartitionParams, share, nShares) => {
  for (let t = 0; t < p.nTasks; t++) {
    const owner = p.tasks[TASK * t + 4];
    if (owner < 0) p.counts[t * nShares + share] = countChunk(p, t, share, nShares);
    else if (owner === share) moveWhole(p, t, nShares);
  }
});

/** One pass over a node: lefts forward, rights backward into the other buffer; all its lefts counted in share 0's slot. */
function moveWhole(p: PartitionParams, t: number, nShares: number): void {
  const start = p.tasks[TASK * t];
  const end = p.tasks[TASK * t + 1];
  const from = p.rows[p.tasks[TASK * t + 2]];
  const to = p.rows[1 - p.tasks[TASK * t + 2]];
  const f = p.tasks[TASK * t + 3];
  const lut = p.goesLeft.subarray(256 * t, 256 * t + 256);
  const col = p.bins.subarray(f * p.nRows, (f + 1) * p.nRows);
  let l = start;
  let r = end - 1;
  for (let i = start; i < end; i++) {
    const row = from[i];
    if (lut[col[row]]) to[l++] = row;
    else to[r--] = row;
  }
  p.counts[t * nShares] = l - start;
  for (let s = 1; s < nShares; s++) p.counts[t * nShares + s] = 0;
}

export const scatterRows = kernel(import.meta.url, 'scatterRows', (p: PartitionParams, share, nShares) => {
  const sides = p.sides;
  for (let t = 0; t < p.nTasks; t++) {
    if (p.tasks[TASK * t + 4] >= 0) continue;
    const start = p.tasks[TASK * t];
    const end = p.tasks[TASK * t + 1];
    const from = p.rows[p.tasks[TASK * t + 2]];
    const to = p.rows[1 - p.tasks[TASK * t + 2]];
    let nLeft = 0;
    let leftBefore = 0;
    for (let s = 0; s < nShares; s++) {
      const c = p.counts[t * nShares + s];
      nLeft += c;
      if (s < share) leftBefore += c;
    }
    const c0 = chunk(start, end, share, nShares);
    let l = start + leftBefore;
    let r = start + nLeft + (c0 - start - leftBefore);
    for (let i = c0, e = chunk(start, end, share + 1, nShares); i < e; i++) {
      const row = from[i];
      if (sides[i]) to[l++] = row;
      else to[r++] = row;
    }
  }
});

/** Number of lefts of node t once countLefts has run. */
export function leftCount(p: PartitionParams, t: number, nShares: number): number {
  let n = 0;
  for (let s = 0; s < nShares; s++) n += p.counts[t * nShares + s];
  return n;
}
