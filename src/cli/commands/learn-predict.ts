import { notYet } from '../command.ts';

export default notYet(
  'learn predict',
  'score a CSV with a model file',
  `Usage: sf learn predict --csv FILE --model FILE --out FILE [--shap]`,
  5,
  { csv: { type: 'string' }, model: { type: 'string' }, out: { type: 'string' }, shap: { type: 'boolean' } },
);
