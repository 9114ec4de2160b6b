import { notYet } from '../command.ts';

export default notYet(
  'features',
  'build the monthly company panel',
  `Usage: sf features [--from YYYY-MM] [--to YYYY-MM] [--export FILE.csv|FILE.parquet] [--db FILE]

Builds the monthly panel (one row per SIREN and month, features + target columns).`,
  4,
  { from: { type: 'string' }, to: { type: 'string' }, export: { type: 'string' }, db: { type: 'string' } },
);
