import { mkdirSync } from 'node:fs';
import { PGlite, parse, protocol } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { AppStore, QueryOptions, Sql } from './store.ts';

const { serialize } = protocol;
type BackendMessage = Awaited<ReturnType<PGlite['execProtocolStream']>>[number];

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const unnamed = (text: string) => concat(serialize.parse({ text }), serialize.bind({}), serialize.execute({}));
// Sent with each prepared statement, in the same implicit transaction: if the statement fails, the SET is rolled
// back with it; ad-hoc statements keep custom plans.
const GENERIC = unnamed('SET plan_cache_mode = force_generic_plan');
const AUTO = unnamed('RESET plan_cache_mode');

interface Statement {
  name: string;
  paramTypes: number[];
  rowDescription: BackendMessage | undefined;
}

/**
 * Runs tasks one at a time, in the order they come, with a turn of the event loop before each. Every use of the
 * PGlite instance goes through it (a transaction is one task), so a statement never runs inside another's open
 * transaction and the wire-protocol calls of a prepared statement are never interleaved. PGlite runs in this
 * thread: without the turns, queued statements ran back to back without the server reading its sockets, and under
 * load some requests waited seconds for their turn (p99 ten times p50).
 */
function turns(): <T>(task: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (task) => {
    const run = tail.then(() => new Promise<void>((resolve) => setImmediate(resolve))).then(task);
    tail = run.catch(() => {});
    return run;
  };
}

/**
 * The app store embedded in this process. Hot statements (`prepare`) are prepared once under a name through the wire
 * protocol and run with their generic plan: PGlite's `query` parses and plans every call, which cost the list
 * statement about a third of its time.
 */
export async function openPglite(dir: string): Promise<AppStore> {
  if (!dir.startsWith('memory://')) mkdirSync(dir, { recursive: true });
  // Same value shapes as the server: dates stay 'YYYY-MM-DD', bigint counts become numbers.
  const db = await PGlite.create({
    dataDir: dir,
    extensions: { pg_trgm },
    parsers: { 1082: (v: string) => v, 20: (v: string) => Number(v) },
  });
  const statements = new Map<string, Statement>();
  const statementOf = async (sql: string): Promise<Statement> => {
    let s = statements.get(sql);
    if (!s) {
      const name = `sf_${statements.size + 1}`;
      const messages = await db.execProtocolStream(
        concat(serialize.parse({ name, text: sql }), serialize.describe({ type: 'S', name }), serialize.sync()),
        { syncToFs: false },
      );
      const description = messages.find((m) => m.name === 'parameterDescription') as
        | { dataTypeIDs: number[] }
        | undefined;
      s = {
        name,
        paramTypes: description?.dataTypeIDs ?? [],
        rowDescription: messages.find((m) => m.name === 'rowDescription'),
      };
      statements.set(sql, s);
    }
    return s;
  };
  const prepared = async <T>(sql: string, params: unknown[]): Promise<T[]> => {
    const s = await statementOf(sql);
    const values = params.map((v, i) => {
      if (v === null || v === undefined) return null;
      const serializer = db.serializers[s.paramTypes[i]];
      return serializer ? serializer(v) : String(v);
    });
    const messages = await db.execProtocolStream(
      concat(GENERIC, serialize.bind({ statement: s.name, values }), serialize.execute({}), AUTO, serialize.sync()),
      { syncToFs: false },
    );
    await db.syncToFs();
    // the statement's own messages: its rows and the second command completion (the first is the SET)
    const rows = messages.filter((m) => m.name === 'dataRow');
    const done = messages.filter((m) => m.name === 'commandComplete')[1];
    const own = [...(s.rowDescription ? [s.rowDescription] : []), ...rows, done];
    return parse.parseResults(own, db.parsers)[0].rows as T[];
  };
  const runner = (q: Pick<PGlite, 'query' | 'exec'>): Sql => ({
    async query<T>(sql: string, params?: unknown[]) {
      return (await q.query<T>(sql, params as never[])).rows;
    },
    async exec(sql: string) {
      await q.exec(sql);
    },
  });
  const inTurn = turns();
  const base = runner(db);
  const query = <T>(sql: string, params: unknown[] = [], options?: QueryOptions): Promise<T[]> =>
    inTurn(() => (options?.prepare ? prepared<T>(sql, params) : base.query<T>(sql, params)));
  return {
    kind: 'pglite',
    query,
    exec: (sql) => inTurn(() => base.exec(sql)),
    async one<T>(sql: string, params?: unknown[]) {
      return (await query<T>(sql, params))[0];
    },
    transaction: (work) => inTurn(() => db.transaction((tx) => work(runner(tx)))),
    close: () => inTurn(() => db.close()),
  };
}
