import { parseZone } from '../../app/access/zones.ts';
import { addUser, checkEmail, parseRoles } from '../../app/auth/accounts.ts';
import { openAppStore } from '../../app/store/store.ts';
import { UsageError } from '../../common/errors.ts';
import { bool, type Command, printJson, str } from '../command.ts';
import { appStoreOption, appStoreUrl } from '../stores.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
}

export default {
  name: 'users add',
  summary: 'create an agent account',
  help: `Usage: sf users add --email E --roles R1,R2 --zone Z1,Z2 [--password-stdin] [--admin] [--database-url URL] [--json]

Creates an agent account (or updates the roles, zone and password of an existing e-mail).
Roles: score, urssaf, dgefp, bdf (data roles), stats (usage statistics). Zone: department codes (21, 2A, 971),
region codes (R27 for Bourgogne-Franche-Comté), or FR for all of France.

  --password-stdin     read the password (12 characters or more) from standard input; without it the account
                       can only log in through OpenID Connect
  --admin              may manage accounts and read the audit log`,
  options: {
    email: { type: 'string' },
    roles: { type: 'string' },
    zone: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    admin: { type: 'boolean' },
    ...appStoreOption,
  },
  async run({ values, json }) {
    const email = str(values, 'email');
    const zone = str(values, 'zone');
    if (!email) throw new UsageError('--email is required');
    if (!zone) throw new UsageError('--zone is required');
    const roles = (str(values, 'roles') ?? '')
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean);
    // checked before the app store is opened: bad usage fails fast
    checkEmail(email);
    parseRoles(roles);
    parseZone(
      zone
        .split(',')
        .map((z) => z.trim())
        .filter(Boolean),
    );
    const password = bool(values, 'password-stdin') ? await readStdin() : undefined;
    const store = await openAppStore(appStoreUrl(values));
    try {
      const a = await addUser(store, {
        email,
        roles,
        zone: zone
          .split(',')
          .map((z) => z.trim())
          .filter(Boolean),
        password,
        admin: bool(values, 'admin'),
      });
      if (json) printJson({ email: a.email, roles: a.roles, zone: a.zone, admin: a.admin });
      else
        process.stderr.write(`account ${a.email}: roles ${a.roles.join(',') || '(none)'}, zone ${a.zone.join(',')}\n`);
    } finally {
      await store.close();
    }
    return 0;
  },
} satisfies Command;
