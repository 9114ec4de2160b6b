import { writeFileSync } from 'node:fs';
import { UsageError } from '../../common/errors.ts';
import { isMonth } from '../../common/months.ts';
import { jsonSafe } from '../../scoring/evaluation.ts';
import { readModel } from '../../scoring/model-file.ts';
import { predict, predictionsCsv } from '../../scoring/predict.ts';
import { Warehouse } from '../../warehouse/db.ts';
import { type Command, printJson, str } from '../command.ts';
import { log } from '../progress.ts';
import { dbOption, dbPath } from '../stores.ts';

const command: Command = {
  name: 'predict',
  summary: 'score every company for a month',
  help: `Usage: sf predict [--model FILE] [--period YYYY-MM] [--out FILE.csv|FILE.json] [--db FILE] [--json]

Scores every company of the perimeter for a month (default: the latest month of the panel) with a calibrated
probability of a collective procedure within 18 months, an alert level (fort, modere, aucune) and, for
alerted companies, explanations: points per thematic group adding up to probability − base rate, and the
three most aggravating features as French sentences. Predictions and explanations are stored in the
analytical store (tables prediction, prediction_group, prediction_feature) with the model version.
Warns when the population drifted from the training data (PSI > 0.25).

Options:
  --model FILE     model file (default ./data/model.json)
  --period M       month to score, YYYY-MM
  --out FILE       CSV (siren,periode,probability,alert,top_features) or JSON (with every explanation)
  --json           print a summary (volumes, drift) on stdout`,
  options: { ...dbOption, model: { type: 'string' }, period: { type: 'string' }, out: { type: 'string' } },
  async run({ values, json }) {
    const periode = str(values, 'period');
    if (periode !== undefined && !isMonth(periode))
      throw new UsageError(`--period must be a month YYYY-MM, got ${JSON.stringify(periode)}`);
    const out = str(values, 'out');
    if (out && !/\.(csv|json)$/i.test(out)) throw new UsageError(`--out must end in .csv or .json, got ${out}`);
    const model = readModel(str(values, 'model') ?? './data/model.json');
    const db = await Warehouse.open(dbPath(values));
    try {
      const result = await predict(db, model, { periode });
      if (out?.toLowerCase().endsWith('.json')) writeFileSync(out, `${JSON.stringify(jsonSafe(result), null, 2)}\n`);
      else if (out) writeFileSync(out, predictionsCsv(result));
      for (const w of result.drift.warnings) log(`drift warning: ${w}`);
      log(
        `${result.periode}: ${result.rows.length} companies scored with ${result.model_version} — fort ${result.volumes.fort}, modere ${result.volumes.modere}${out ? ` → ${out}` : ''}`,
      );
      if (json) {
        const { rows, ...summary } = result;
        printJson(
          jsonSafe({
            ...summary,
            n: rows.length,
            drift: { ...summary.drift, features: summary.drift.features.slice(0, 20) },
          }),
        );
      }
      return 0;
    } finally {
      db.close();
    }
  },
};
export default command;
