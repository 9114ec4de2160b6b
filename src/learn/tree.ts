/**
 * The one tree representation shared by every tree model (gradient boosting, random forest),
 * by prediction, TreeSHAP and model files. Flat arrays indexed by node id; node 0 is the root.
 *
 * Split rule at an internal node n, for a row with raw value x of feature `feature[n]`:
 * - x is missing (NaN)            → go to `defaultLeft[n] ? left[n] : right[n]`;
 * - numeric split                 → go left when x < threshold[n];
 * - categorical split (cats[n])   → go left when the integer category x is in cats[n].
 * A node is a leaf when left[n] === -1; its output (in margin units: log-odds for boosting,
 * probability for a forest) is value[n].
 * `cover[n]` is the training weight that reached the node (sum of hessians for boosting, of sample
 * weights for a forest): path-dependent TreeSHAP needs it.
 */
export interface Tree {
  feature: Int32Array;
  threshold: Float64Array;
  defaultLeft: Uint8Array;
  left: Int32Array;
  right: Int32Array;
  value: Float64Array;
  cover: Float64Array;
  /** Categories that go left, for categorical splits only (null elsewhere). */
  cats?: (number[] | null)[];
}

/** A sum of trees: margin(x) = base + Σ_t value of the leaf x reaches in tree t (times `scale`). */
export interface TreeEnsemble {
  trees: Tree[];
  /** Base margin (log-odds of the prior for boosting, 0 for a forest). */
  base: number;
  /** Multiplier applied to every tree's output (1 for boosting, 1/nTrees for a forest). */
  scale: number;
  /** How the margin becomes a probability: 'logistic' (boosting) or 'identity' (forest). */
  link: 'logistic' | 'identity';
}
