import { notYet } from '../command.ts';

export default notYet(
  'publish',
  'publish a detection list into the app store',
  `Usage: sf publish [--label TEXT] [--db FILE] [--database-url URL]`,
  7,
  { label: { type: 'string' }, db: { type: 'string' }, 'database-url': { type: 'string' } },
);
