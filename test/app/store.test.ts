import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scratchDatabase } from '../../src/app/store/scratch.ts';
import { type AppStore, openAppStore } from '../../src/app/store/store.ts';
import { PG_URL } from './fixture.ts';

describe('app store on a PostgreSQL server', () => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>>;
  let store: AppStore;
  beforeAll(async () => {
    scratch = await scratchDatabase(PG_URL, 'sf_test_store');
    store = await openAppStore(scratch.url);
  });
  afterAll(async () => {
    await store.close();
    await scratch.drop();
  });

  it('survives the server ending its idle connections, and answers the next query', async () => {
    expect(await store.one<{ n: number }>('SELECT 1 AS n')).toEqual({ n: 1 });
    const errors: unknown[] = [];
    const onError = (e: unknown) => errors.push(e);
    process.on('uncaughtException', onError);
    try {
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      const killed = await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [new URL(scratch.url).pathname.slice(1)],
      );
      await admin.end();
      expect(killed.rowCount).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 200));
      expect(await store.one<{ n: number }>('SELECT 2 AS n')).toEqual({ n: 2 });
    } finally {
      process.off('uncaughtException', onError);
    }
    expect(errors).toEqual([]);
  });

  it('builds the cards of a store published before the cards were built at publish (migration 005)', async () => {
    await store.exec(
      `INSERT INTO entreprise (siren, raison_sociale, departements) VALUES ('552100554', 'ANCIENNE', '{21}')`,
    );
    await store.exec(`DROP TABLE carte_entreprise, carte_etablissement;
                      DELETE FROM schema_migration WHERE name = '005-cartes.sql'`);
    const reopened = await openAppStore(scratch.url);
    try {
      const [c] = await reopened.query<{ urssaf: string; score: string }>(
        `SELECT urssaf, score FROM carte_entreprise WHERE siren = '552100554'`,
      );
      expect(JSON.parse(c.urssaf)).toEqual({ mensuel: [], delai_en_cours: false, dette_en_hausse: false });
      expect(JSON.parse(c.score)).toMatchObject({ liste: null, probability: null, historique: [] });
    } finally {
      await reopened.close();
    }
  });
});

/** The same statement, ad hoc and prepared (`prepare: true`), on both engines. */
describe.each(['pglite', 'postgres'] as const)('prepared statements on %s', (kind) => {
  let scratch: Awaited<ReturnType<typeof scratchDatabase>> | null = null;
  let store: AppStore;
  beforeAll(async () => {
    if (kind === 'postgres') scratch = await scratchDatabase(PG_URL, 'sf_test_prepared');
    store = await openAppStore(scratch ? scratch.url : 'memory://');
    await store.exec('CREATE TABLE t (id bigint PRIMARY KEY, d date, a text[], j jsonb, x double precision)');
  });
  afterAll(async () => {
    await store.close();
    await scratch?.drop();
  });

  it('returns the same values as the ad-hoc statement, for every parameter and column type', async () => {
    const sql = `INSERT INTO t VALUES ($1, $2, $3, $4, $5) RETURNING id, d, a, j, x`;
    const row = await store.query(sql, [1, '2024-02-29', ['59', '62'], JSON.stringify({ k: [1] }), 0.1], {
      prepare: true,
    });
    expect(row).toEqual([{ id: 1, d: '2024-02-29', a: ['59', '62'], j: { k: [1] }, x: 0.1 }]);
    expect(await store.query('SELECT count(*) AS n FROM t', [], { prepare: true })).toEqual([{ n: 1 }]);
    await store.query(sql, [2, null, [], null, null], { prepare: true });
    const select = 'SELECT id, d, a, j, x FROM t WHERE id = ANY($1::bigint[]) OR d IS NULL ORDER BY id';
    expect(await store.query(select, [[1, 2]], { prepare: true })).toEqual(await store.query(select, [[1, 2]]));
    expect(await store.query('SELECT id FROM t WHERE false', [], { prepare: true })).toEqual([]);
  });

  it('runs with its generic plan, while ad-hoc statements keep the default', async () => {
    const mode = 'SELECT current_setting($1) AS m';
    expect(await store.query(mode, ['plan_cache_mode'], { prepare: true })).toEqual([{ m: 'force_generic_plan' }]);
    expect(await store.query(mode, ['plan_cache_mode'])).toEqual([{ m: 'auto' }]);
  });

  it('fails with the database error and leaves the store as it was', async () => {
    const insert = 'INSERT INTO t (id) VALUES ($1)';
    await expect(store.query(insert, [1], { prepare: true })).rejects.toMatchObject({ code: '23505' });
    await expect(store.query('SELECT 1 / $1::int AS v', [0], { prepare: true })).rejects.toMatchObject({
      code: '22012',
    });
    expect(await store.query('SELECT current_setting($1) AS m', ['plan_cache_mode'])).toEqual([{ m: 'auto' }]);
    expect(await store.query('SELECT 1 / $1::int AS v', [1], { prepare: true })).toEqual([{ v: 1 }]);
  });

  it('waits for an open transaction and sees only what it committed', async () => {
    let release = () => {};
    const held = new Promise<void>((r) => {
      release = r;
    });
    const tx = store.transaction(async (t) => {
      await t.query('INSERT INTO t (id) VALUES (100)');
      await held;
    });
    await new Promise((r) => setTimeout(r, 50));
    const count = store.query<{ n: number }>('SELECT count(*) AS n FROM t WHERE id = $1', [100], { prepare: true });
    let answered = false;
    void count.then(() => {
      answered = true;
    });
    await new Promise((r) => setTimeout(r, 50));
    // PostgreSQL answers at once from the committed state; PGlite waits for the transaction to end
    if (kind === 'pglite') expect(answered).toBe(false);
    else expect(await count).toEqual([{ n: 0 }]);
    release();
    await tx;
    if (kind === 'pglite') expect(await count).toEqual([{ n: 1 }]);
    expect(await store.query('SELECT count(*) AS n FROM t WHERE id = $1', [100], { prepare: true })).toEqual([
      { n: 1 },
    ]);
  });
});

describe('PGlite in the server thread', () => {
  it('lets the event loop turn between queued statements, so requests are read while others queue', async () => {
    const store = await openAppStore('memory://');
    try {
      const done: string[] = [];
      const queries = Array.from({ length: 20 }, (_, i) =>
        store.query('SELECT $1::int AS i', [i], { prepare: i % 2 === 0 }).then(() => done.push(`q${i}`)),
      );
      // a timer stands for a socket read: it must come before the queue has drained
      setTimeout(() => done.push('timer'), 0);
      await Promise.all(queries);
      const timer = done.indexOf('timer');
      expect(timer).toBeGreaterThanOrEqual(0);
      expect(timer).toBeLessThan(5);
      // and statements are answered in the order they came
      expect(done.filter((d) => d !== 'timer')).toEqual(Array.from({ length: 20 }, (_, i) => `q${i}`));
    } finally {
      await store.close();
    }
  });
});
