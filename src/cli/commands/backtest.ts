import { notYet } from '../command.ts';

export default notYet(
  'backtest',
  'monthly evaluation table of the model',
  `Usage: sf backtest --from YYYY-MM --to YYYY-MM [--model FILE] [--db FILE] [--json]`,
  6,
  { from: { type: 'string' }, to: { type: 'string' }, model: { type: 'string' }, db: { type: 'string' } },
);
