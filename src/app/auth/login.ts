import type { Sql } from '../store/store.ts';
import { hashPassword, verifyPassword } from './accounts.ts';

export interface LockoutPolicy {
  /** Consecutive failures that lock an account. */
  maxFailures: number;
  /** How long it stays locked. */
  lockMs: number;
}

export type LoginResult = { status: 'ok'; id: number } | { status: 'bad' } | { status: 'locked' };

// Verified when the e-mail is unknown, so that timing does not tell which accounts exist.
let dummy: Promise<string> | undefined;

/** Checks a password; counts failures and locks the account temporarily after too many. */
export async function checkLogin(sql: Sql, email: string, password: string, p: LockoutPolicy): Promise<LoginResult> {
  const rows = await sql.query<{ id: number; password_hash: string | null; actif: boolean; locked: boolean }>(
    `SELECT id, password_hash, actif, COALESCE(verrouille_jusqua > now(), false) AS locked
     FROM compte WHERE email = lower($1)`,
    [email.trim()],
  );
  const c = rows[0];
  if (!c?.password_hash || !c.actif) {
    dummy ??= hashPassword('not a real password, only for timing');
    await verifyPassword(await dummy, password);
    return { status: 'bad' };
  }
  if (c.locked) return { status: 'locked' };
  if (await verifyPassword(c.password_hash, password)) return { status: 'ok', id: c.id };
  const [after] = await sql.query<{ locked: boolean }>(
    `UPDATE compte SET echecs = CASE WHEN echecs + 1 >= $2 THEN 0 ELSE echecs + 1 END,
       verrouille_jusqua = CASE WHEN echecs + 1 >= $2 THEN now() + make_interval(secs => $3::float8 / 1000) END
     WHERE id = $1 RETURNING verrouille_jusqua IS NOT NULL AS locked`,
    [c.id, p.maxFailures, p.lockMs],
  );
  return after.locked ? { status: 'locked' } : { status: 'bad' };
}
