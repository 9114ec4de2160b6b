/**
 * Data partition: the rows of every node are a contiguous range of a row-index buffer. Splitting a
 * node moves its range, stably (row order kept, so histogram sums never depend on threads), from
 * one of two buffers into the other: lefts first, then rights. Two passes (count the lefts of each
 * chunk, then scatter) let the threads cut even the root into chunks.
 */
import { kernel } from './pool.ts';

export interface PartitionParams {
  rowBins: Uint8Array;
  nFeatures: number;
  /** The two row-index buffers. */
  rows: [Int32Array, Int32Array];
  /** Per node to split: [start, end, buffer it reads (0/1), feature]. */
  tasks: Int32Array;
  nTasks: number;
  /** Per node: 256 bytes, 1 when that bin goes left. */
  goesLeft: Uint8Array;
  /** Lefts per (node, share): written by the count pass, read by the scatter pass. */
  counts: Int32Array;
}

function chunk(start: number, end: number, share: number, nShares: number): number {
  return start + Math.floor(((end - start) * share) / nShares);
}

function countChunk(p: PartitionParams, t: number, share: number, nShares: number): number {
  const start = p.tasks[4 * t];
  const end = p.tasks[4 * t + 1];
  const rows = p.rows[p.tasks[4 * t + 2]];
  const f = p.tasks[4 * t + 3];
  const lut = p.goesLeft.subarray(256 * t, 256 * t + 256);
  const bins = p.rowBins;
  const F = p.nFeatures;
  let n = 0;
  for (let i = chunk(start, end, share, nShares), e = chunk(start, end, share + 1, nShares); i < e; i++) {
    n += lut[bins[rows[i] * F + f]];
  }
  return n;
}

export const countLefts = kernel(import.meta.url, 'countLefts', (p: PartitionParams, share, nShares) => {
  for (let t = 0; t < p.nTasks; t++) p.counts[t * nShares + share] = countChunk(p, t, share, nShares);
});

export const scatterRows = kernel(import.meta.url, 'scatterRows', (p: PartitionParams, share, nShares) => {
  const bins = p.rowBins;
  const F = p.nFeatures;
  for (let t = 0; t < p.nTasks; t++) {
    const start = p.tasks[4 * t];
    const end = p.tasks[4 * t + 1];
    const from = p.rows[p.tasks[4 * t + 2]];
    const to = p.rows[1 - p.tasks[4 * t + 2]];
    const f = p.tasks[4 * t + 3];
    const lut = p.goesLeft.subarray(256 * t, 256 * t + 256);
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
      if (lut[bins[row * F + f]]) to[l++] = row;
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
