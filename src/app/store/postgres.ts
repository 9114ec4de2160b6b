import { createHash } from 'node:crypto';
import pg from 'pg';
import type { AppStore, QueryOptions, Sql } from './store.ts';

/**
 * The app store on a PostgreSQL server. Prepared statements run on a pool of their own whose connections always
 * use a statement's generic plan: left to choose (`auto`), PostgreSQL kept planning the list statement at every
 * call, which doubled its cost. Ad-hoc statements keep custom plans, which a `LIKE` prefix or a one-off search needs.
 */
export function openServer(url: string): AppStore {
  const max = Number(process.env.SF_PG_POOL ?? 10);
  const pool = new pg.Pool({ connectionString: url, max });
  const hot = new pg.Pool({ connectionString: url, max, options: '-c plan_cache_mode=force_generic_plan' });
  // An idle connection ended by the server (restart, administrator) must not bring the process down:
  // the pool drops that client and opens a new one on the next query.
  for (const p of [pool, hot])
    p.on('error', (e) => process.stderr.write(`app store: idle connection lost (${e.message})\n`));
  // Dates stay 'YYYY-MM-DD' strings (no time-zone shift); bigint counts become numbers.
  const types = {
    getTypeParser(oid: number, format?: 'text' | 'binary') {
      if (oid === 1082) return (v: string) => v;
      if (oid === 20) return (v: string) => Number(v);
      return pg.types.getTypeParser(oid, format);
    },
  };
  // a prepared statement's name is derived from its text: one text, one name on every connection
  const names = new Map<string, string>();
  const nameOf = (sql: string) => {
    let n = names.get(sql);
    if (!n) {
      n = `sf_${createHash('sha256').update(sql).digest('hex').slice(0, 24)}`;
      names.set(sql, n);
    }
    return n;
  };
  const runner = (c: pg.Pool | pg.PoolClient, prepared: pg.Pool | null): Sql => ({
    async query<T>(sql: string, params?: unknown[], options?: QueryOptions) {
      if (options?.prepare && prepared)
        return (await prepared.query({ text: sql, values: params, types, name: nameOf(sql) })).rows as T[];
      return (await c.query({ text: sql, values: params, types })).rows as T[];
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  const base = runner(pool, hot);
  return {
    kind: 'postgres',
    ...base,
    async one<T>(sql: string, params?: unknown[]) {
      return (await base.query<T>(sql, params))[0];
    },
    async transaction(work) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work(runner(client, null));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: async () => {
      await Promise.all([pool.end(), hot.end()]);
    },
  };
}
