import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { SfError } from '../../common/errors.ts';
import { modelProbability, modelShap } from '../../learn/algorithms.ts';
import type { Dataset } from '../../learn/dataset.ts';
import type { StoredModel } from '../../learn/model-file.ts';
import { WorkerPool } from '../../learn/pool.ts';
import type { ShapValues } from '../../learn/treeshap.ts';
import { bool, type Command, printJson } from '../command.ts';
import { readCsvTable } from '../csv-table.ts';
import { csvEncodingOf, readModelFile } from '../learn-model-file.ts';
import { required, threadsFrom } from '../learn-options.ts';

export interface LearnPrediction {
  probability: Float64Array;
  shap?: ShapValues;
}

/** Probabilities (calibrated when the model is) and optionally exact SHAP values (`sf learn predict` as a function). */
export async function learnPredict(
  model: StoredModel,
  data: Dataset,
  shap: boolean,
  threads: number,
): Promise<LearnPrediction> {
  const pool = await WorkerPool.create(threads);
  try {
    return { probability: modelProbability(model, data, pool), shap: shap ? modelShap(model, data, pool) : undefined };
  } finally {
    await pool.close();
  }
}

/** CSV: `probability`, then with SHAP one `shap_<feature>` column per feature and `shap_base`. Written atomically. */
function writePredictions(path: string, names: string[], p: LearnPrediction): void {
  const tmp = `${path}.tmp-${process.pid}`;
  let fd: number;
  try {
    fd = openSync(tmp, 'w');
  } catch (e) {
    throw new SfError(`cannot write the predictions: ${(e as Error).message}`, { file: path });
  }
  try {
    const header = ['probability', ...(p.shap ? [...names.map((n) => `shap_${n}`), 'shap_base'] : [])];
    const lines: string[] = [header.join(',')];
    const F = names.length;
    const flush = () => {
      writeSync(fd, `${lines.join('\n')}\n`);
      lines.length = 0;
    };
    for (let r = 0; r < p.probability.length; r++) {
      let line = String(p.probability[r]);
      if (p.shap) {
        for (let f = 0; f < F; f++) line += `,${p.shap.values[r * F + f]}`;
        line += `,${p.shap.base}`;
      }
      lines.push(line);
      if (lines.length >= 10_000) flush();
    }
    if (lines.length) flush();
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

const command: Command = {
  name: 'learn predict',
  summary: 'score a CSV with a model file',
  help: `Usage: sf learn predict --csv FILE --model FILE --out FILE [--shap] [--threads T] [--json]

Writes one probability per row of the CSV (calibrated when the model is), in the same order, to a CSV file.
With --shap, also one exact SHAP value per feature (columns shap_<feature>) and the base value (shap_base), in
the model's margin units (log-odds for gbdt and logreg, probability for rf): shap_base + Σ shap = margin.
The CSV needs the model's feature columns (any order; other columns are ignored).

  --csv FILE            the rows to score
  --model FILE          a model written by sf learn train
  --out FILE            where to write the predictions
  --shap                add the SHAP values
  --threads T           worker threads (default: the number of cores)
  --json                print {out, n_rows} on stdout`,
  options: {
    csv: { type: 'string' },
    model: { type: 'string' },
    out: { type: 'string' },
    shap: { type: 'boolean' },
    threads: { type: 'string' },
  },
  async run(ctx) {
    const file = required(ctx.values, 'csv');
    const modelPath = required(ctx.values, 'model');
    const out = required(ctx.values, 'out');
    const threads = threadsFrom(ctx.values);
    const model = readModelFile(modelPath);
    const { categories } = csvEncodingOf(model);
    const table = readCsvTable(file, { features: model.featureNames, categories });
    const prediction = await learnPredict(model, table.data, bool(ctx.values, 'shap'), threads);
    writePredictions(out, model.featureNames, prediction);
    if (ctx.json) printJson({ out, n_rows: table.data.nRows });
    else process.stdout.write(`${table.data.nRows} rows scored: ${out}\n`);
    return 0;
  },
};

export default command;
