import { notYet } from '../command.ts';

export default notYet(
  'demo',
  'run every stage on a synthetic economy and serve the app',
  `Usage: sf demo [--companies N] [--port P]

generate → import → features → train → predict → publish → demo accounts → serve.`,
  8,
  { companies: { type: 'string' }, port: { type: 'string' } },
);
