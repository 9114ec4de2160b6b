import { notYet } from '../command.ts';

export default notYet(
  'inspect',
  'everything the store knows about one company',
  `Usage: sf inspect SIREN [--from YYYY-MM] [--to YYYY-MM] [--db FILE] --json`,
  3,
  { from: { type: 'string' }, to: { type: 'string' }, db: { type: 'string' } },
);
