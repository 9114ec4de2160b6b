/** Parallel batch prediction: rows split across the worker pool, each share scoring a contiguous range. */
import type { Dataset } from './dataset.ts';
import { kernel, type WorkerPool } from './pool.ts';
import { addTree, type CompiledEnsemble, compiledMargins, compileEnsemble, sigmoid } from './predict.ts';
import type { TreeEnsemble } from './tree.ts';

interface BatchParams {
  compiled: CompiledEnsemble | null;
  ensemble: TreeEnsemble | null;
  columns: Float64Array[];
  out: Float64Array;
  probability: boolean;
}

export const predictKernel = kernel(import.meta.url, 'predictKernel', (p: BatchParams, share, nShares) => {
  const n = p.out.length;
  const from = Math.floor((n * share) / nShares);
  const to = Math.floor((n * (share + 1)) / nShares);
  if (p.compiled) compiledMargins(p.compiled, p.columns, p.out, from, to);
  else if (p.ensemble) {
    const ens = p.ensemble;
    const rows = Int32Array.from({ length: to - from }, (_, i) => from + i);
    for (const tree of ens.trees) addTree(tree, p.columns, p.out, 1, rows);
    for (let r = from; r < to; r++) p.out[r] = ens.base + ens.scale * p.out[r];
  }
  if (p.probability && (p.compiled ?? p.ensemble)!.link === 'logistic') {
    for (let r = from; r < to; r++) p.out[r] = sigmoid(p.out[r]);
  }
});

function shared(column: Float64Array): Float64Array {
  if (column.buffer instanceof SharedArrayBuffer) return column;
  const c = new Float64Array(new SharedArrayBuffer(column.length * 8));
  c.set(column);
  return c;
}

/**
 * Margins (or probabilities) of every row, computed on the pool's threads. Columns backed by a
 * SharedArrayBuffer are used in place, others are copied once.
 */
export function predictBatch(pool: WorkerPool, ens: TreeEnsemble, data: Dataset, probability = true): Float64Array {
  const compiled = compileEnsemble(ens, data.columns.length);
  const out = new Float64Array(new SharedArrayBuffer(Math.max(1, data.nRows) * 8)).subarray(0, data.nRows);
  const p: BatchParams = {
    compiled,
    ensemble: compiled ? null : ens,
    columns: data.columns.map(shared),
    out,
    probability,
  };
  pool.run(predictKernel, p);
  return out;
}
