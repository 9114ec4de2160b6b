import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Viewer } from '../access/rule.ts';
import type { Sql } from '../store/store.ts';

export const COOKIE = 'sf_session';

export interface SessionPolicy {
  /** Absolute lifetime of a session. */
  ttlMs: number;
  /** A session unused this long expires. */
  idleMs: number;
}

const sha = (token: string) => createHash('sha256').update(token).digest('hex');
const random = () => randomBytes(32).toString('base64url');

/** Opens a session: the cookie value goes to the browser, only its hash is stored. */
export async function openSession(
  sql: Sql,
  compteId: number,
  p: SessionPolicy,
): Promise<{ token: string; csrf: string }> {
  const token = random();
  const csrf = random();
  await sql.query(
    `INSERT INTO session (token_hash, compte_id, csrf_token, expire_le)
     VALUES ($1, $2, $3, now() + make_interval(secs => $4::float8 / 1000))`,
    [sha(token), compteId, csrf, Math.min(p.ttlMs, p.idleMs)],
  );
  await sql.query('UPDATE compte SET derniere_connexion = now(), echecs = 0, verrouille_jusqua = NULL WHERE id = $1', [
    compteId,
  ]);
  return { token, csrf };
}

export type SessionLookup =
  | { status: 'ok'; viewer: Viewer; csrf: string }
  | { status: 'missing' | 'expired' | 'disabled' };

/** Finds the session of a cookie value, extends it (sliding idle window, capped by the absolute lifetime). */
export async function findSession(sql: Sql, token: string, p: SessionPolicy): Promise<SessionLookup> {
  const rows = await sql.query<
    {
      expired: boolean;
      csrf_token: string;
      actif: boolean;
      stale: boolean;
    } & Viewer
  >(
    `SELECT s.expire_le < now() AS expired, s.csrf_token, s.vu_le < now() - make_interval(secs => $2::float8) AS stale,
            c.id, c.email, c.roles, c.zone, c.departements, c.admin, c.actif
     FROM session s JOIN compte c ON c.id = s.compte_id WHERE s.token_hash = $1`,
    // the idle window slides at most every 30 s (fewer writes), sooner for short test windows
    [sha(token), Math.min(30, p.idleMs / 4000)],
  );
  const r = rows[0];
  if (!r) return { status: 'missing' };
  if (r.expired || !r.actif) {
    await sql.query('DELETE FROM session WHERE token_hash = $1', [sha(token)]);
    return { status: r.expired ? 'expired' : 'disabled' };
  }
  if (r.stale)
    await sql.query(
      `UPDATE session SET vu_le = now(),
         expire_le = LEAST(cree_le + make_interval(secs => $2::float8 / 1000), now() + make_interval(secs => $3::float8 / 1000))
       WHERE token_hash = $1`,
      [sha(token), p.ttlMs, p.idleMs],
    );
  const { id, email, roles, zone, departements, admin } = r;
  return { status: 'ok', viewer: { id, email, roles, zone, departements, admin }, csrf: r.csrf_token };
}

export async function closeSession(sql: Sql, token: string): Promise<void> {
  await sql.query('DELETE FROM session WHERE token_hash = $1', [sha(token)]);
}

/** Constant-time comparison of the X-CSRF-Token header with the session's token. */
export function csrfMatches(header: unknown, expected: string): boolean {
  if (typeof header !== 'string' || header.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(header), Buffer.from(expected));
}
