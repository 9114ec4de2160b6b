import { UsageError } from '../../common/errors.ts';
import { backtest, backtestTable } from '../../scoring/backtest.ts';
import { jsonSafe } from '../../scoring/evaluation.ts';
import { readModel } from '../../scoring/model-file.ts';
import { Warehouse } from '../../warehouse/db.ts';
import { type Command, printJson, str } from '../command.ts';
import { dbOption, dbPath } from '../stores.ts';

const command: Command = {
  name: 'backtest',
  summary: 'monthly evaluation table of the model',
  help: `Usage: sf backtest --from YYYY-MM --to YYYY-MM [--model FILE] [--db FILE] [--json]

For each month: rows, failure rate, ROC AUC, average precision, precision/recall of the "fort" and "modere"
levels and of the top 1 %, 2 %, 5 %, and list volumes. Strong signals (companies already in procedure) are
excluded from the metrics. Months inside the model's training data are marked * (in-sample, optimistic).

Options:
  --model FILE   model file (default ./data/model.json)
  --json         the table as JSON on stdout`,
  options: { ...dbOption, model: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } },
  async run({ values, json }) {
    const from = str(values, 'from');
    const to = str(values, 'to');
    if (!from || !to) throw new UsageError('--from and --to are required (YYYY-MM)');
    const model = readModel(str(values, 'model') ?? './data/model.json');
    const db = await Warehouse.open(dbPath(values));
    try {
      const result = await backtest(db, model, { from, to });
      if (json) printJson(jsonSafe(result));
      else process.stdout.write(backtestTable(result));
      return 0;
    } finally {
      db.close();
    }
  },
};
export default command;
