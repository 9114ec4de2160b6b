import { UsageError } from '../../common/errors.ts';
import { isMonth } from '../../common/months.ts';
import { Warehouse } from '../../warehouse/db.ts';
import { inspectCompany } from '../../warehouse/inspect.ts';
import { type Command, printJson, str } from '../command.ts';
import { dbOption, dbPath } from '../stores.ts';

const command: Command = {
  name: 'inspect',
  summary: 'everything the store knows about one company',
  help: `Usage: sf inspect SIREN [--from YYYY-MM] [--to YYYY-MM] [--db FILE] --json

Prints what the clean monthly layer knows about one company: identity, perimeter, establishments,
monthly headcount, contributions, debts (forward-filled), short-time work, payment plans and
proceeding state, annual accounts, paydex, and the latest prediction (null until scoring ran).
Months default to the company's first month with data up to the delivery's last month.`,
  options: { ...dbOption, from: { type: 'string' }, to: { type: 'string' } },
  positionals: true,
  async run({ values, positionals }) {
    const [siren, ...extra] = positionals;
    if (!siren || extra.length > 0) throw new UsageError('sf inspect needs exactly one SIREN');
    if (!/^[0-9]{9}$/.test(siren)) throw new UsageError(`not a SIREN (9 digits): ${JSON.stringify(siren)}`);
    const from = str(values, 'from');
    const to = str(values, 'to');
    for (const [k, v] of [
      ['from', from],
      ['to', to],
    ] as const)
      if (v !== undefined && !isMonth(v))
        throw new UsageError(`--${k} must be a month YYYY-MM, got ${JSON.stringify(v)}`);
    const db = await Warehouse.open(dbPath(values));
    try {
      printJson(await inspectCompany(db, siren, { from, to }));
      return 0;
    } finally {
      db.close();
    }
  },
};

export default command;
