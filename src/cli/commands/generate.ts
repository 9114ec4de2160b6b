import { notYet } from '../command.ts';

export default notYet(
  'generate',
  'write a synthetic economy as a raw delivery',
  `Usage: sf generate --out DIR [--companies N] [--from YYYY-MM] [--to YYYY-MM] [--seed S] [--regions CODES]

Writes a synthetic economy as a delivery of raw files named and formatted as the real ones,
up to the month --to (the "present"). Ground truth goes to DIR/_truth/. Deterministic for a seed.
Defaults: 2000 companies, 2016-01 to 2024-06, seed 1.`,
  2,
  {
    out: { type: 'string' },
    companies: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    seed: { type: 'string' },
    regions: { type: 'string' },
  },
);
