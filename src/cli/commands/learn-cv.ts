import { SfError, UsageError } from '../../common/errors.ts';
import { type Algorithm, type AlgorithmSettings, modelMargin, trainAlgorithm } from '../../learn/algorithms.ts';
import { type CvResult, crossValidate, groupKFold, stratifiedKFold } from '../../learn/cv.ts';
import type { Dataset } from '../../learn/dataset.ts';
import { WorkerPool } from '../../learn/pool.ts';
import { type Command, int, printJson, str } from '../command.ts';
import { readCsvTable } from '../csv-table.ts';
import {
  algorithmFrom,
  LEARN_OPTIONS,
  LEARN_OPTIONS_HELP,
  required,
  settingsFrom,
  threadsFrom,
} from '../learn-options.ts';
import { log, progress } from '../progress.ts';

export interface LearnCvOptions {
  data: Dataset;
  y: Float64Array;
  /** Grouped folds: rows with the same group stay together (e.g. a SIREN). */
  groups?: string[];
  folds: number;
  seed: number;
  algo: Algorithm;
  settings: AlgorithmSettings;
  threads: number;
  onFold?: (done: number, total: number) => void;
}

/** Cross-validated ROC AUC and average precision of an algorithm on a table: `sf learn cv` as a function. */
export async function learnCv(o: LearnCvOptions): Promise<CvResult> {
  const folds = o.groups ? groupKFold(o.groups, o.folds, o.seed, o.y) : stratifiedKFold(o.y, o.folds, o.seed);
  const pool = await WorkerPool.create(o.threads);
  try {
    return await crossValidate(
      o.data,
      o.y,
      folds,
      async (train, yTrain) => {
        const m = await trainAlgorithm(o.algo, train, yTrain, o.settings, { pool });
        return (test) => modelMargin(m, test, pool);
      },
      o.onFold,
    );
  } finally {
    await pool.close();
  }
}

const command: Command = {
  name: 'learn cv',
  summary: 'cross-validate a model on any CSV',
  help: `Usage: sf learn cv --csv FILE --target COL [--folds 5] [--seed 0] [--algo gbdt|rf|logreg] [--group COL] --json

Stratified k-fold cross-validation (grouped k-fold with --group). Prints the mean ROC AUC and average precision
over the folds and each fold's figures; with --json: {auc, ap, folds: [{auc, ap, train_seconds}]}.

${LEARN_OPTIONS_HELP}
  --folds K             number of folds (default 5)
  --group COL           keep the rows of each value of COL (e.g. siren) in the same fold; COL is not a feature
  --json                print one JSON document on stdout`,
  options: { ...LEARN_OPTIONS, folds: { type: 'string' }, group: { type: 'string' } },
  async run(ctx) {
    const file = required(ctx.values, 'csv');
    const target = required(ctx.values, 'target');
    const folds = int(ctx.values, 'folds', 5);
    if (folds < 2) throw new UsageError(`--folds must be at least 2, got ${folds}`);
    const algo = algorithmFrom(ctx.values);
    const settings = settingsFrom(ctx.values);
    const threads = threadsFrom(ctx.values);
    const group = str(ctx.values, 'group');
    const table = readCsvTable(file, { target, group });
    const y = table.target!;
    let positives = 0;
    for (const v of y) positives += v;
    if (positives < folds || table.data.nRows - positives < folds) {
      throw new SfError(
        `each of the ${folds} folds needs both classes: ${positives} positives out of ${table.data.nRows} rows`,
        {
          file,
          field: target,
        },
      );
    }
    const bar = progress(`learn cv (${algo})`);
    let result: CvResult;
    try {
      result = await learnCv({
        data: table.data,
        y,
        groups: table.group,
        folds,
        seed: int(ctx.values, 'seed', 0),
        algo,
        settings,
        threads,
        onFold: (done, total) => bar.update(done, total, 'folds'),
      });
    } catch (e) {
      if (e instanceof Error && /folds from/.test(e.message)) throw new SfError(e.message, { file, field: group });
      throw e;
    }
    bar.done();
    const { auc, ap, folds: perFold } = result;
    if (ctx.json) {
      printJson({ auc, ap, folds: perFold, algo, n_rows: table.data.nRows, n_positives: positives });
    } else {
      perFold.forEach((f, k) => {
        log(`fold ${k + 1}: AUC ${f.auc.toFixed(4)}  AP ${f.ap.toFixed(4)}  (${f.train_seconds.toFixed(1)} s)`);
      });
      process.stdout.write(`${algo}: ROC AUC ${auc.toFixed(4)}, average precision ${ap.toFixed(4)} (${folds} folds)\n`);
    }
    return 0;
  },
};

export default command;
