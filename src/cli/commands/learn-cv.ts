import { notYet } from '../command.ts';

export default notYet(
  'learn cv',
  'cross-validate a model on any CSV',
  `Usage: sf learn cv --csv FILE --target COL [--folds 5] [--seed 0] [--algo gbdt] --json

Prints {auc, ap, folds: [{auc, ap, train_seconds}]}.`,
  5,
  {
    csv: { type: 'string' },
    target: { type: 'string' },
    folds: { type: 'string' },
    seed: { type: 'string' },
    algo: { type: 'string' },
  },
);
