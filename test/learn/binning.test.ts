import { describe, expect, it } from 'vitest';
import { binDataset, binOf, fitBins } from '../../src/learn/binning.ts';
import type { Dataset } from '../../src/learn/dataset.ts';
import { Random } from '../../src/learn/random.ts';

describe('binning', () => {
  it('cuts at most 255 quantile bins plus a missing bin, with bin ≤ b exactly when x < threshold b', () => {
    const rng = new Random(1);
    const n = 20_000;
    const x = Float64Array.from({ length: n }, () => (rng.next() < 0.1 ? Number.NaN : rng.next() ** 3 * 100));
    const data: Dataset = { nRows: n, featureNames: ['x'], columns: [x] };
    const mapper = fitBins(data);
    const fb = mapper.features[0];
    if (fb.kind !== 'numeric') throw new Error('numeric expected');
    expect(mapper.nBins[0]).toBeLessThanOrEqual(255);
    expect(mapper.nBins[0]).toBeGreaterThan(200);
    const binned = binDataset(data, mapper);
    const counts = new Int32Array(256);
    const wrong: number[] = [];
    for (let r = 0; r < n; r++) {
      const b = binned.bins[r];
      counts[b]++;
      const ok = Number.isNaN(x[r])
        ? b === mapper.nBins[0]
        : (b === fb.thresholds.length || x[r] < fb.thresholds[b]) && (b === 0 || x[r] >= fb.thresholds[b - 1]);
      if (!ok || b !== binOf(fb, x[r])) wrong.push(r);
    }
    expect(wrong).toEqual([]);
    // Quantile bins hold similar counts (a skewed feature would not, with equal-width bins).
    const nonMissing = Array.from(counts.subarray(0, mapper.nBins[0]));
    expect(Math.max(...nonMissing)).toBeLessThan(3 * (n / mapper.nBins[0]));
  });

  it('gives few distinct values one bin each, cut half-way', () => {
    const x = Float64Array.from([3, 1, 2, 2, Number.NaN, 1, 3]);
    const mapper = fitBins({ nRows: x.length, featureNames: ['x'], columns: [x] });
    const fb = mapper.features[0];
    expect(fb.kind === 'numeric' && Array.from(fb.thresholds)).toEqual([1.5, 2.5]);
    const binned = binDataset({ nRows: x.length, featureNames: ['x'], columns: [x] }, mapper);
    expect(Array.from(binned.bins)).toEqual([2, 0, 1, 1, 3, 0, 2]);
    expect(binOf(fb, Number.POSITIVE_INFINITY)).toBe(2);
    expect(binOf(fb, Number.NEGATIVE_INFINITY)).toBe(0);
  });

  it('keeps the most frequent categories, the rest in an "other" bin before the missing bin', () => {
    const codes = [5, 5, 5, 7, 7, 9, Number.NaN, 11];
    const data: Dataset = {
      nRows: codes.length,
      featureNames: ['c'],
      columns: [Float64Array.from(codes)],
      categorical: [true],
    };
    const mapper = fitBins(data, { maxBins: 3 });
    const fb = mapper.features[0];
    expect(fb.kind === 'categorical' && Array.from(fb.categories)).toEqual([5, 7]);
    expect(mapper.nBins[0]).toBe(3);
    expect(Array.from(binDataset(data, mapper).bins)).toEqual([0, 0, 0, 1, 1, 2, 3, 2]);
  });

  it('stores bins column-major', () => {
    const data: Dataset = {
      nRows: 3,
      featureNames: ['a', 'b'],
      columns: [Float64Array.from([1, 2, 3]), Float64Array.from([30, 20, 10])],
    };
    const binned = binDataset(data, fitBins(data));
    expect(Array.from(binned.bins)).toEqual([0, 1, 2, 2, 1, 0]);
  });
});
