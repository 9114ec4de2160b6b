import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { Viewer } from '../access/rule.ts';
import type { TtlCache } from '../cache.ts';
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

type ValidSession = { status: 'ok'; viewer: Viewer; csrf: string };
export type SessionLookup = ValidSession | { status: 'missing' | 'expired' | 'disabled' };

/** A lookup and how long its answer may be kept (0: not at all). */
export interface FoundSession {
  lookup: SessionLookup;
  keepMs: number;
}

/**
 * Finds the session of a cookie value, extends it (sliding idle window, capped by the absolute lifetime).
 * With `cache` (keyed by the token's hash), a valid session is kept in memory for the cache's short TTL and never
 * beyond the expiry the store gave it: the store decides expiry, the idle window slides on each lookup.
 */
export async function findSession(
  sql: Sql,
  token: string,
  p: SessionPolicy,
  cache?: TtlCache<FoundSession>,
): Promise<SessionLookup> {
  const key = sha(token);
  const found = cache
    ? await cache.getOrCompute(
        key,
        () => lookup(sql, key, p),
        (f) => f.keepMs,
      )
    : await lookup(sql, key, p);
  return found.lookup;
}

async function lookup(sql: Sql, key: string, p: SessionPolicy): Promise<FoundSession> {
  const rows = await sql.query<
    {
      expired: boolean;
      remaining_ms: number;
      csrf_token: string;
      actif: boolean;
      stale: boolean;
    } & Viewer
  >(
    `SELECT s.expire_le < now() AS expired, extract(epoch FROM s.expire_le - now())::float8 * 1000 AS remaining_ms,
            s.csrf_token, s.vu_le < now() - make_interval(secs => $2::float8) AS stale,
            c.id, c.email, c.roles, c.zone, c.departements, c.admin, c.actif
     FROM session s JOIN compte c ON c.id = s.compte_id WHERE s.token_hash = $1`,
    // the idle window slides at most every 30 s (fewer writes), sooner for short test windows
    [key, Math.min(30, p.idleMs / 4000)],
    { prepare: true },
  );
  const r = rows[0];
  if (!r) return { lookup: { status: 'missing' }, keepMs: 0 };
  if (r.expired || !r.actif) {
    await sql.query('DELETE FROM session WHERE token_hash = $1', [key]);
    return { lookup: { status: r.expired ? 'expired' : 'disabled' }, keepMs: 0 };
  }
  if (r.stale)
    await sql.query(
      `UPDATE session SET vu_le = now(),
         expire_le = LEAST(cree_le + make_interval(secs => $2::float8 / 1000), now() + make_interval(secs => $3::float8 / 1000))
       WHERE token_hash = $1`,
      [key, p.ttlMs, p.idleMs],
    );
  const { id, email, roles, zone, departements, admin } = r;
  return {
    lookup: { status: 'ok', viewer: { id, email, roles, zone, departements, admin }, csrf: r.csrf_token },
    // the expiry read before any extension: a lower bound, so the cache never outlives the session
    keepMs: r.remaining_ms,
  };
}

export async function closeSession(sql: Sql, token: string): Promise<void> {
  await sql.query('DELETE FROM session WHERE token_hash = $1', [sha(token)]);
}

/** Constant-time comparison of the X-CSRF-Token header with the session's token. */
export function csrfMatches(header: unknown, expected: string): boolean {
  if (typeof header !== 'string' || header.length !== expected.length) return false;
  return timingSafeEqual(Buffer.from(header), Buffer.from(expected));
}
