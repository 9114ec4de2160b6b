/**
 * A table of features for the learner: column-major Float64Array columns, NaN = missing.
 * Categorical columns hold integer codes (0, 1, 2 …) as floats, NaN = missing.
 */
export interface Dataset {
  nRows: number;
  featureNames: string[];
  columns: Float64Array[];
  categorical?: boolean[];
}
