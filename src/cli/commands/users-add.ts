import { notYet } from '../command.ts';

export default notYet(
  'users add',
  'create an agent account',
  `Usage: sf users add --email E --roles R1,R2 --zone Z1,Z2 [--password-stdin] [--admin] [--database-url URL]

Roles: score, urssaf, dgefp, bdf. Zone: department codes (21, 2A, 971), region codes (R27), or FR.`,
  7,
  {
    email: { type: 'string' },
    roles: { type: 'string' },
    zone: { type: 'string' },
    'password-stdin': { type: 'boolean' },
    admin: { type: 'boolean' },
    'database-url': { type: 'string' },
  },
);
