import { notYet } from '../command.ts';

export default notYet(
  'learn train',
  'train a model on a whole CSV',
  `Usage: sf learn train --csv FILE --target COL --model-out FILE [--algo] [--trees N] [--depth D] [--learning-rate X] [--threads T]`,
  5,
  {
    csv: { type: 'string' },
    target: { type: 'string' },
    'model-out': { type: 'string' },
    algo: { type: 'string' },
    trees: { type: 'string' },
    depth: { type: 'string' },
    'learning-rate': { type: 'string' },
    threads: { type: 'string' },
  },
);
