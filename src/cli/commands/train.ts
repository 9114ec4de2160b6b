import { notYet } from '../command.ts';

export default notYet(
  'train',
  'train, evaluate and calibrate the model',
  `Usage: sf train [--algo gbdt|rf|logreg] [--model-out FILE] [--report FILE] [--seed S] [--db FILE]

Trains, evaluates on held-out companies and on an out-of-time window, picks the two thresholds, calibrates.
Default model file ./data/model.json.`,
  6,
  {
    algo: { type: 'string' },
    'model-out': { type: 'string' },
    report: { type: 'string' },
    seed: { type: 'string' },
    db: { type: 'string' },
  },
);
