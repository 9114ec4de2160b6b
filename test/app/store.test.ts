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
});
