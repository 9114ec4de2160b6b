/** Small random trees and datasets for the learner's tests (seeded, with missing values and categorical splits). */
import type { Dataset } from '../../src/learn/dataset.ts';
import { Random } from '../../src/learn/random.ts';
import type { Tree } from '../../src/learn/tree.ts';

/** Seeded uniform numbers in [0, 1), as a function. */
export function rng(seed: number): () => number {
  const r = new Random(seed);
  return () => r.next();
}

/**
 * A random tree over `nFeatures` features (feature 0 categorical with codes 0–3 when `categorical`), with repeated
 * features on paths, random default directions and consistent positive covers (a node's cover = its children's).
 */
export function randomTree(
  r: () => number,
  nFeatures: number,
  maxDepth: number,
  categorical = false,
  /** Share of numeric splits at +∞ (every finite value goes left): an edge case of fast prediction. */
  infiniteThresholds = 0,
): Tree {
  const feature: number[] = [];
  const threshold: number[] = [];
  const defaultLeft: number[] = [];
  const left: number[] = [];
  const right: number[] = [];
  const value: number[] = [];
  const cover: number[] = [];
  const cats: (number[] | null)[] = [];
  const grow = (depth: number): number => {
    const n = feature.length;
    feature.push(0);
    threshold.push(0);
    defaultLeft.push(0);
    left.push(-1);
    right.push(-1);
    value.push(0);
    cover.push(0);
    cats.push(null);
    if (depth === maxDepth || (depth > 0 && r() < 0.2)) {
      value[n] = 4 * r() - 2;
      cover[n] = 1 + Math.floor(20 * r());
      return n;
    }
    const f = Math.floor(r() * nFeatures);
    feature[n] = f;
    if (categorical && f === 0) cats[n] = [0, 1, 2, 3].filter(() => r() < 0.5);
    else threshold[n] = r() < infiniteThresholds ? Number.POSITIVE_INFINITY : r();
    defaultLeft[n] = r() < 0.5 ? 1 : 0;
    left[n] = grow(depth + 1);
    right[n] = grow(depth + 1);
    cover[n] = cover[left[n]] + cover[right[n]];
    return n;
  };
  grow(0);
  return {
    feature: Int32Array.from(feature),
    threshold: Float64Array.from(threshold),
    defaultLeft: Uint8Array.from(defaultLeft),
    left: Int32Array.from(left),
    right: Int32Array.from(right),
    value: Float64Array.from(value),
    cover: Float64Array.from(cover),
    cats: categorical ? cats : undefined,
  };
}

/** Uniform [0, 1) features with `missingRate` NaNs; feature 0 holds codes 0–3 when categorical. */
export function randomDataset(
  r: () => number,
  nRows: number,
  nFeatures: number,
  missingRate: number,
  categorical = false,
): Dataset {
  const columns = Array.from({ length: nFeatures }, (_, f) =>
    Float64Array.from({ length: nRows }, () =>
      r() < missingRate ? Number.NaN : categorical && f === 0 ? Math.floor(4 * r()) : r(),
    ),
  );
  return {
    nRows,
    featureNames: columns.map((_, f) => `x${f}`),
    columns,
    categorical: columns.map((_, f) => categorical && f === 0),
  };
}
