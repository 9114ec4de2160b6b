import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyRequest } from 'fastify';
import type { AppStore, Sql } from './store/store.ts';

type Line = [
  compteId: number | null,
  email: string | null,
  action: string,
  cible: string | null,
  details: string | null,
  ip: string,
];

/**
 * Group commit of the audit log: lines arriving while an insert is running go together into the next one, in one
 * statement. Every caller still waits until its own line is stored (a read is not answered unless audited, an
 * audit failure is the request's failure), so nothing is pending when the last request has been answered; under
 * load one commit serves many requests instead of one each.
 */
class AuditWriter {
  private waiting: { line: Line; done: (e?: unknown) => void }[] = [];
  private running = false;
  /**
   * PGlite runs in this process's thread and pays several ms per statement (WASM; 7–14 ms for a one-row insert
   * measured on the shared 2-core machine): inserting whatever arrived meanwhile would keep it busy with audit
   * inserts alone under load. There, lines gather for 20 ms first.
   */
  private readonly gatherMs: number;
  constructor(private readonly sql: Sql) {
    this.gatherMs = (sql as Partial<AppStore>).kind === 'pglite' ? 20 : 0;
  }

  write(line: Line): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ line, done: (e) => (e === undefined ? resolve() : reject(e)) });
      if (!this.running) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.waiting.length) {
      if (this.gatherMs) await sleep(this.gatherMs);
      const batch = this.waiting.splice(0, 1000);
      try {
        await this.insert(batch.map((b) => b.line));
        for (const b of batch) b.done();
      } catch (e) {
        // one bad line must not fail the other requests of its batch: each line again, alone
        for (const b of batch)
          await this.insert([b.line]).then(
            () => b.done(),
            (e1) => b.done(e1 ?? e ?? new Error('audit insert failed')),
          );
      }
    }
    this.running = false;
  }

  private async insert(lines: Line[]): Promise<void> {
    const col = (i: number) => lines.map((l) => l[i]);
    await this.sql.query(
      `INSERT INTO audit (compte_id, email, action, cible, details, ip)
       SELECT c, e, a, t, d::jsonb, i FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[])
         AS x(c, e, a, t, d, i)`,
      [col(0), col(1), col(2), col(3), col(4), col(5)],
      { prepare: true },
    );
  }
}

const writers = new WeakMap<Sql, AuditWriter>();

/**
 * One line of the audit log: who did what to which company, with which filters. Callers pass only business values
 * (never headers, cookies, passwords or tokens). Resolves once the line is stored.
 */
export async function audit(
  sql: Sql,
  req: FastifyRequest,
  action: string,
  cible: string | null = null,
  details: Record<string, unknown> | null = null,
  email?: string,
): Promise<void> {
  let w = writers.get(sql);
  if (!w) {
    w = new AuditWriter(sql);
    writers.set(sql, w);
  }
  await w.write([
    req.viewer?.id ?? null,
    req.viewer?.email ?? email ?? null,
    action,
    cible,
    details === null ? null : JSON.stringify(details),
    req.ip,
  ]);
}
