/** Options shared by `sf learn cv` and `sf learn train`: which algorithm, its main settings, threads. */
import { availableParallelism } from 'node:os';
import { UsageError } from '../common/errors.ts';
import { ALGORITHMS, type Algorithm, type AlgorithmSettings } from '../learn/algorithms.ts';
import { int, num, type OptionSpec, type OptionValues, str } from './command.ts';

export const LEARN_OPTIONS: OptionSpec = {
  csv: { type: 'string' },
  target: { type: 'string' },
  algo: { type: 'string' },
  trees: { type: 'string' },
  depth: { type: 'string' },
  'learning-rate': { type: 'string' },
  threads: { type: 'string' },
  seed: { type: 'string' },
};

export const LEARN_OPTIONS_HELP = `  --csv FILE            comma-separated table with a header line; empty, ?, NA, NaN = missing;
                        non-numeric columns are categorical
  --target COL          the 0/1 column to predict
  --algo A              gbdt (gradient boosting, default), rf (random forest) or logreg (logistic regression)
  --trees N             trees (gbdt default 100; rf default 100, the reference's preset)
  --depth D             maximum depth (gbdt default 6; rf default 9)
  --learning-rate X     gbdt shrinkage (default 0.1)
  --threads T           worker threads (default: the number of cores)
  --seed S              random seed (default 0): same seed, same model`;

export function required(values: OptionValues, key: string): string {
  const v = str(values, key);
  if (v === undefined || v === '') throw new UsageError(`--${key} is required`);
  return v;
}

export function algorithmFrom(values: OptionValues): Algorithm {
  const algo = str(values, 'algo') ?? 'gbdt';
  if (!(ALGORITHMS as readonly string[]).includes(algo)) {
    throw new UsageError(`--algo must be one of ${ALGORITHMS.join(', ')}, got ${JSON.stringify(algo)}`);
  }
  return algo as Algorithm;
}

export function threadsFrom(values: OptionValues): number {
  const t = int(values, 'threads', availableParallelism());
  if (t < 1) throw new UsageError(`--threads must be at least 1, got ${t}`);
  return t;
}

export function settingsFrom(values: OptionValues): AlgorithmSettings {
  const seed = int(values, 'seed', 0);
  const gbdt: NonNullable<AlgorithmSettings['gbdt']> = { seed };
  const rf: NonNullable<AlgorithmSettings['rf']> = { seed };
  if (str(values, 'trees') !== undefined) {
    const trees = int(values, 'trees', 0);
    if (trees < 1) throw new UsageError(`--trees must be at least 1, got ${trees}`);
    gbdt.nTrees = trees;
    rf.nTrees = trees;
  }
  if (str(values, 'depth') !== undefined) {
    const depth = int(values, 'depth', 0);
    if (depth < 1) throw new UsageError(`--depth must be at least 1, got ${depth}`);
    gbdt.maxDepth = depth;
    rf.maxDepth = depth;
  }
  if (str(values, 'learning-rate') !== undefined) {
    const lr = num(values, 'learning-rate', 0);
    if (!(lr > 0)) throw new UsageError(`--learning-rate must be positive, got ${lr}`);
    gbdt.learningRate = lr;
  }
  return { gbdt, rf, logreg: {} };
}
