import { hash, verify } from '@node-rs/argon2';
import { UsageError } from '../../common/errors.ts';
import type { Viewer } from '../access/rule.ts';
import { parseZone, zoneDepartements } from '../access/zones.ts';
import type { Sql } from '../store/store.ts';

/** Data roles of the access rule, plus `stats` (usage statistics export). */
export const DATA_ROLES = ['score', 'urssaf', 'dgefp', 'bdf'] as const;
export const ROLES = [...DATA_ROLES, 'stats'] as const;

export interface Account extends Viewer {
  actif: boolean;
}

export interface NewAccount {
  email: string;
  roles: string[];
  zone: string[];
  password?: string;
  admin?: boolean;
  oidcSub?: string;
}

// OWASP minimum for Argon2id: 19 MiB, 2 passes, 1 lane.
const ARGON = { algorithm: 2, memoryCost: 19456, timeCost: 2, parallelism: 1 } as const;
export const hashPassword = (pw: string) => hash(pw, ARGON);
export const verifyPassword = (h: string, pw: string) => verify(h, pw);

const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,}$/;

export function parseRoles(roles: string[]): string[] {
  for (const r of roles)
    if (!(ROLES as readonly string[]).includes(r))
      throw new UsageError(`roles: unknown role ${JSON.stringify(r)} (expected ${ROLES.join(', ')})`);
  return [...new Set(roles)];
}

export function checkEmail(email: string): string {
  const e = email.trim().toLowerCase();
  if (!EMAIL.test(e)) throw new UsageError(`email: not an e-mail address: ${JSON.stringify(email)}`);
  return e;
}

export function checkPassword(pw: string): void {
  if (pw.length < 12) throw new UsageError('password: at least 12 characters are required');
  if (pw.length > 1024) throw new UsageError('password: at most 1024 characters');
}

/** Creates an account (or updates roles, zone and password of an existing e-mail). */
export async function addUser(sql: Sql, a: NewAccount): Promise<Account> {
  const email = checkEmail(a.email);
  const roles = parseRoles(a.roles);
  const zone = parseZone(a.zone);
  if (a.password !== undefined) checkPassword(a.password);
  const passwordHash = a.password === undefined ? null : await hashPassword(a.password);
  const rows = await sql.query<Account>(
    `INSERT INTO compte (email, password_hash, roles, zone, departements, admin, oidc_sub)
     VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (email) DO UPDATE SET
       password_hash = COALESCE(EXCLUDED.password_hash, compte.password_hash),
       roles = EXCLUDED.roles, zone = EXCLUDED.zone, departements = EXCLUDED.departements,
       admin = EXCLUDED.admin, oidc_sub = COALESCE(EXCLUDED.oidc_sub, compte.oidc_sub), actif = true
     RETURNING id, email, roles, zone, departements, admin, actif`,
    [email, passwordHash, roles, zone, zoneDepartements(zone), a.admin ?? false, a.oidcSub ?? null],
  );
  return rows[0];
}
