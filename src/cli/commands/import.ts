import { notYet } from '../command.ts';

export default notYet(
  'import',
  'import raw files into the analytical store',
  `Usage: sf import PATH... [--report FILE] [--db FILE] [--json]
       sf import --history [--db FILE] [--json]

Imports files or directories (source recognised from the file name, .gz/.zip accepted).
Idempotent and atomic per file; rejected lines are stored with file, line, field, value and reason.
Exit 1 if any file failed as a whole (the others still imported).`,
  3,
  { report: { type: 'string' }, db: { type: 'string' }, history: { type: 'boolean' } },
);
