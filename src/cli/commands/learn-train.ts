import { SfError, UsageError } from '../../common/errors.ts';
import { type Algorithm, type AlgorithmSettings, modelMargin, trainAlgorithm } from '../../learn/algorithms.ts';
import { type Calibration, fitIsotonic, fitPlatt } from '../../learn/calibration.ts';
import { crossValidate, stratifiedKFold } from '../../learn/cv.ts';
import type { Dataset } from '../../learn/dataset.ts';
import type { StoredModel } from '../../learn/model-file.ts';
import { WorkerPool } from '../../learn/pool.ts';
import { type Command, int, printJson, str } from '../command.ts';
import { readCsvTable } from '../csv-table.ts';
import { withCsvEncoding, writeModelFile } from '../learn-model-file.ts';
import {
  algorithmFrom,
  LEARN_OPTIONS,
  LEARN_OPTIONS_HELP,
  required,
  settingsFrom,
  threadsFrom,
} from '../learn-options.ts';
import { progress } from '../progress.ts';

export type CalibrationMethod = 'isotonic' | 'platt';

export interface LearnTrainOptions {
  data: Dataset;
  y: Float64Array;
  algo: Algorithm;
  settings: AlgorithmSettings;
  threads: number;
  /** Fit a calibration on out-of-fold margins of `calibrationFolds`-fold cross-validation. */
  calibration?: CalibrationMethod;
  calibrationFolds?: number;
  seed?: number;
  onTree?: (done: number, total: number) => void;
}

/** Trains on a whole table, optionally calibrated (`sf learn train` as a function). */
export async function learnTrain(o: LearnTrainOptions): Promise<StoredModel> {
  const pool = await WorkerPool.create(o.threads);
  try {
    let calibration: Calibration | undefined;
    if (o.calibration) {
      // As scikit-learn's CalibratedClassifierCV(ensemble=False): out-of-fold margins, then one final model.
      const folds = stratifiedKFold(o.y, o.calibrationFolds ?? 5, o.seed ?? 0);
      const { oof } = await crossValidate(o.data, o.y, folds, async (train, yTrain) => {
        const m = await trainAlgorithm(o.algo, train, yTrain, o.settings, { pool });
        return (test) => modelMargin(m, test, pool);
      });
      calibration = o.calibration === 'isotonic' ? fitIsotonic(oof, o.y, 'margin') : fitPlatt(oof, o.y, 'margin');
    }
    const model = await trainAlgorithm(o.algo, o.data, o.y, o.settings, { pool, onTree: o.onTree });
    return calibration ? { ...model, calibration } : model;
  } finally {
    await pool.close();
  }
}

const command: Command = {
  name: 'learn train',
  summary: 'train a model on a whole CSV',
  help: `Usage: sf learn train --csv FILE --target COL --model-out FILE [--algo gbdt|rf|logreg] [--trees N] [--depth D]
                      [--learning-rate X] [--threads T] [--seed S] [--calibration isotonic|platt] [--json]

Trains on every row and writes a versioned JSON model file (also readable in the browser).

${LEARN_OPTIONS_HELP}
  --model-out FILE      where to write the model
  --calibration M       calibrate the probabilities (isotonic or platt) on 5-fold out-of-fold predictions
  --json                print {model, algo, n_rows, n_positives, train_seconds} on stdout`,
  options: { ...LEARN_OPTIONS, 'model-out': { type: 'string' }, calibration: { type: 'string' } },
  async run(ctx) {
    const file = required(ctx.values, 'csv');
    const target = required(ctx.values, 'target');
    const out = required(ctx.values, 'model-out');
    const algo = algorithmFrom(ctx.values);
    const settings = settingsFrom(ctx.values);
    const threads = threadsFrom(ctx.values);
    const calibration = str(ctx.values, 'calibration');
    if (calibration !== undefined && calibration !== 'isotonic' && calibration !== 'platt') {
      throw new UsageError(`--calibration must be isotonic or platt, got ${JSON.stringify(calibration)}`);
    }
    const table = readCsvTable(file, { target });
    const y = table.target!;
    const positives = y.reduce((a, v) => a + v, 0);
    if (positives === 0 || positives === y.length) {
      throw new SfError(`the target has a single class (${positives} positives out of ${y.length} rows)`, {
        file,
        field: target,
      });
    }
    const bar = progress(`learn train (${algo})`);
    const start = performance.now();
    const model = await learnTrain({
      data: table.data,
      y,
      algo,
      settings,
      threads,
      calibration,
      seed: int(ctx.values, 'seed', 0),
      onTree: (done, total) => bar.update(done, total, 'trees'),
    });
    const seconds = (performance.now() - start) / 1000;
    bar.done();
    writeModelFile(out, withCsvEncoding(model, { target, categories: table.categories }));
    const summary = { model: out, algo, n_rows: y.length, n_positives: positives, train_seconds: seconds };
    if (ctx.json) printJson(summary);
    else process.stdout.write(`${algo} model trained on ${y.length} rows in ${seconds.toFixed(1)} s: ${out}\n`);
    return 0;
  },
};

export default command;
