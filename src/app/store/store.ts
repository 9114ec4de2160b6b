import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import pg from 'pg';
import { buildCartes } from '../cartes/blocs.ts';
import { migrate } from './migrations.ts';
import { seedReferences } from './references.ts';

/** One statement runner: the whole app speaks PostgreSQL through this, whatever the engine. */
export interface Sql {
  /**
   * Rows of one parameterised statement (`$1`, `$2` …). `prepare`: a hot statement of fixed text, planned once per
   * connection instead of at every call (PostgreSQL server; PGlite plans every call).
   */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[], options?: QueryOptions): Promise<T[]>;
  /** Several statements without parameters (DDL, migrations). */
  exec(sql: string): Promise<void>;
}

export interface QueryOptions {
  prepare?: boolean;
}

/** The app store: PGlite embedded in the process, or a PostgreSQL server. Same SQL on both. */
export interface AppStore extends Sql {
  readonly kind: 'pglite' | 'postgres';
  one<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T | undefined>;
  /** Runs `work` in one transaction on one connection: all of it is stored, or none of it. */
  transaction<T>(work: (tx: Sql) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export function isServerUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

/** Opens (and migrates) the app store: a `postgres://` URL, else a PGlite directory (`memory://` for tests). */
export async function openAppStore(url: string): Promise<AppStore> {
  const store = isServerUrl(url) ? openServer(url) : await openPglite(url);
  try {
    const applied = await migrate(store);
    // a store published before the cards' blocks were built at publish (migration 005): build them once
    if (applied.includes('005-cartes.sql')) await buildCartes(store);
    await seedReferences(store);
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}

async function openPglite(dir: string): Promise<AppStore> {
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  // Same value shapes as the server: dates stay 'YYYY-MM-DD', bigint counts become numbers.
  const db = await PGlite.create({
    dataDir: dir,
    extensions: { pg_trgm },
    parsers: { 1082: (v: string) => v, 20: (v: string) => Number(v) },
  });
  const runner = (q: Pick<PGlite, 'query' | 'exec'>): Sql => ({
    async query<T>(sql: string, params?: unknown[]) {
      return (await q.query<T>(sql, params as never[])).rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const base = runner(db);
  return {
    kind: 'pglite',
    ...base,
    async one<T>(sql: string, params?: unknown[]) {
      return (await base.query<T>(sql, params))[0];
    },
    transaction: (work) => db.transaction((tx) => work(runner(tx))),
    close: () => db.close(),
  };
}

function openServer(url: string): AppStore {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.SF_PG_POOL ?? 10) });
  // An idle connection ended by the server (restart, administrator) must not bring the process down:
  // the pool drops that client and opens a new one on the next query.
  pool.on('error', (e) => process.stderr.write(`app store: idle connection lost (${e.message})\n`));
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
  const runner = (c: pg.Pool | pg.PoolClient): Sql => ({
    async query<T>(sql: string, params?: unknown[], options?: QueryOptions) {
      const name = options?.prepare ? nameOf(sql) : undefined;
      return (await c.query({ text: sql, values: params, types, name })).rows as T[];
    },
    async exec(sql: string) {
      await c.query(sql);
    },
  });
  const base = runner(pool);
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
        const result = await work(runner(client));
        await client.query('COMMIT');
        return result;
      } catch (e) {
        await client.query('ROLLBACK').catch(() => {});
        throw e;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}
