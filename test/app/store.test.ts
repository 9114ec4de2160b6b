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
