/** The learning engine's public API. Pure computation on typed arrays; no I/O. */
export type { BinMapper, BinnedDataset, BinningOptions, FeatureBins } from './binning.ts';
export { binDataset, binOf, fitBins } from './binning.ts';
export type { GbdtModel, GbdtOptions, GbdtSettings, TrainingSet } from './boosting.ts';
export { DEFAULT_GBDT, logLoss, storedGbdt, trainGbdt } from './boosting.ts';
export type { Dataset } from './dataset.ts';
export type { GrowerParams, GrownTree, GrowOptions, Leaf } from './grower.ts';
export { TreeGrower } from './grower.ts';
export type { ModelKind, StoredModel } from './model-file.ts';
export { MODEL_FORMAT, MODEL_VERSION, modelFromJson, modelToJson } from './model-file.ts';
export type { Kernel, KernelFn } from './pool.ts';
export { kernel, WorkerPool } from './pool.ts';
export type { CompiledEnsemble } from './predict.ts';
export { addTree, compiledMargins, compileEnsemble, leafOf, predictMargin, predictProba, sigmoid } from './predict.ts';
export { predictBatch } from './predict-batch.ts';
export { Random } from './random.ts';
export type { Tree, TreeEnsemble } from './tree.ts';
