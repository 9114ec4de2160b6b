import type { FastifyRequest } from 'fastify';
import type { Sql } from './store/store.ts';

/**
 * One line of the audit log: who did what to which company, with which filters. Callers pass only business values
 * (never headers, cookies, passwords or tokens).
 */
export async function audit(
  sql: Sql,
  req: FastifyRequest,
  action: string,
  cible: string | null = null,
  details: Record<string, unknown> | null = null,
  email?: string,
): Promise<void> {
  await sql.query('INSERT INTO audit (compte_id, email, action, cible, details, ip) VALUES ($1, $2, $3, $4, $5, $6)', [
    req.viewer?.id ?? null,
    req.viewer?.email ?? email ?? null,
    action,
    cible,
    details === null ? null : JSON.stringify(details),
    req.ip,
  ]);
}
