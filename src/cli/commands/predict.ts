import { notYet } from '../command.ts';

export default notYet(
  'predict',
  'score every company for a month',
  `Usage: sf predict [--model FILE] [--period YYYY-MM] [--out FILE.csv|FILE.json] [--db FILE]

CSV columns: siren,periode,probability,alert,top_features (alert: fort, modere or aucune).`,
  6,
  { model: { type: 'string' }, period: { type: 'string' }, out: { type: 'string' }, db: { type: 'string' } },
);
