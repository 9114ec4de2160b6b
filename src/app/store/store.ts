import { buildCartes } from '../cartes/blocs.ts';
import { LIGNES } from '../listes/filtres.ts';
import { migrate } from './migrations.ts';
import { openPglite } from './pglite.ts';
import { openServer } from './postgres.ts';
import { seedReferences } from './references.ts';

/** One statement runner: the whole app speaks PostgreSQL through this, whatever the engine. */
export interface Sql {
  /**
   * Rows of one parameterised statement (`$1`, `$2` …). `prepare`: a hot statement of fixed text, prepared once per
   * connection and run with its generic plan, never planned again (outside a transaction).
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
    await upgrade(store);
    await seedReferences(store);
  } catch (e) {
    await store.close();
    throw e;
  }
  return store;
}

/**
 * Applies the pending migrations, then writes what they add but only TypeScript computes, for what was published
 * before them: the cards' blocks and establishment rows (migrations 005, 008) and the list rows' text (009). Each is
 * written whenever it is missing, not only right after its migration, so that a process stopped in between leaves
 * it to the next opening. Returns the migrations applied.
 */
export async function upgrade(store: AppStore): Promise<string[]> {
  const applied = await migrate(store);
  const [missing] = await store.query<{ cartes: boolean; lignes: boolean }>(
    // built together, in one transaction: one of them empty while there is something to build means none is built
    `SELECT EXISTS (SELECT 1 FROM entreprise) AND NOT EXISTS (SELECT 1 FROM carte_entreprise)
            OR EXISTS (SELECT 1 FROM etablissement) AND NOT EXISTS (SELECT 1 FROM carte_ligne) AS cartes,
            EXISTS (SELECT 1 FROM alerte WHERE ligne IS NULL) AS lignes`,
  );
  if (missing.cartes) await store.transaction((tx) => buildCartes(tx));
  if (missing.lignes) {
    await store.exec(LIGNES);
    // every row was rewritten: the old versions cleared and statistics fresh before the first list is read
    await store.exec('VACUUM ANALYZE alerte');
  }
  return applied;
}
