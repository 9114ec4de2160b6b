import { writeFileSync } from 'node:fs';
import { UsageError } from '../../common/errors.ts';
import { ALGOS, type Algo } from '../../scoring/learner.ts';
import { renderModelCard } from '../../scoring/model-card.ts';
import { writeModel } from '../../scoring/model-file.ts';
import { train } from '../../scoring/train.ts';
import { Warehouse } from '../../warehouse/db.ts';
import { type Command, int, printJson, str } from '../command.ts';
import { log } from '../progress.ts';
import { dbOption, dbPath } from '../stores.ts';

const command: Command = {
  name: 'train',
  summary: 'train, evaluate and calibrate the model',
  help: `Usage: sf train [--algo gbdt|rf|logreg] [--model-out FILE] [--report FILE] [--seed S] [--db FILE] [--json]

Trains on the panel (table \`panel\`, built by \`sf features\`), with hyper-parameters chosen by cross-validation
grouped by SIREN, and reports two protocols side by side:
  out-of-time (default): test on the last 6 months whose 18-month outcome is known, on companies not seen in
                         training, training stopped 18 months before the test window, strong signals excluded;
  reference:             random 80/20 split of companies over every labelled month, as the published figures.
Probabilities are calibrated (isotonic, on held-out companies, then shifted on the failures already seen in the
months after the training data); the "fort" (F0.5) and "modere" (F2) thresholds
are chosen on held-out companies. The production model is then refitted on every labelled month.

Options:
  --algo A          gbdt (default, gradient boosting), rf (random forest) or logreg (logistic regression)
  --model-out FILE  model file (default ./data/model.json)
  --report FILE     training report as JSON, plus a readable model card next to it (FILE with .html)
  --test-months N   length of the out-of-time test window (default 6)
  --seed S          seed of the company splits and of the learner (default 0)
  --threads T       learner threads (default: all cores)
  --json            print the report on stdout`,
  options: {
    ...dbOption,
    algo: { type: 'string' },
    'model-out': { type: 'string' },
    report: { type: 'string' },
    seed: { type: 'string' },
    'test-months': { type: 'string' },
    threads: { type: 'string' },
  },
  async run({ values, json }) {
    const algo = (str(values, 'algo') ?? 'gbdt') as Algo;
    if (!ALGOS.includes(algo))
      throw new UsageError(`--algo must be one of ${ALGOS.join(', ')}, got ${JSON.stringify(algo)}`);
    const seed = int(values, 'seed', 0);
    const testMonths = int(values, 'test-months', 6);
    if (testMonths < 1) throw new UsageError('--test-months must be at least 1');
    const threads = str(values, 'threads') === undefined ? undefined : int(values, 'threads', 1);
    const modelOut = str(values, 'model-out') ?? './data/model.json';
    const db = await Warehouse.open(dbPath(values));
    try {
      const model = await train(db, { algo, seed, testMonths, threads, log });
      writeModel(modelOut, model);
      const reportPath = str(values, 'report');
      if (reportPath) {
        writeFileSync(reportPath, `${JSON.stringify(model.report, null, 2)}\n`);
        const html = reportPath.replace(/\.json$/i, '') + '.html';
        writeFileSync(html, renderModelCard(model.report));
        log(`report: ${reportPath}, model card: ${html}`);
      }
      const r = model.report;
      log(
        `model ${model.model_version} → ${modelOut}: out-of-time AP ${r.ap?.toFixed(3)}, AUC ${r.auc?.toFixed(3)}, ECE ${r.ece?.toFixed(4)}; thresholds fort ${r.thresholds.high.toFixed(4)}, modere ${r.thresholds.moderate.toFixed(4)}`,
      );
      if (json) printJson(r);
      return 0;
    } finally {
      db.close();
    }
  },
};
export default command;
