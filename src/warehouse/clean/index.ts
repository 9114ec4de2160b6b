/**
 * The clean monthly layer (docs/architecture.md): rebuilt from the raw tables after each import that changed
 * something. Each step is one `CREATE OR REPLACE TABLE <table> AS …`; a step that reads another step's table
 * (`delivery_info`, the register, `clean_procol`) runs after it. Independent steps run concurrently on separate
 * connections (most of a step's time is spent in phases DuckDB runs on one thread), into build tables that
 * replace the layer in one transaction once every step has succeeded: a failing step leaves the layer as it was.
 */
import type { Warehouse } from '../db.ts';
import { loadReference } from '../reference/index.ts';
import { ensureSchema } from '../schema.ts';
import { CLEAN_AP } from './ap.ts';
import { CLEAN_COMPTES } from './comptes.ts';
import { CLEAN_COTISATION } from './cotisation.ts';
import { CLEAN_DEBIT } from './debit.ts';
import { DELIVERY_INFO } from './delivery.ts';
import { CLEAN_EFFECTIF, CLEAN_EFFECTIF_ENT } from './effectif.ts';
import { CLEAN_ENTREPRISE, CLEAN_ETABLISSEMENT } from './etablissement.ts';
import { CLEAN_PAYDEX } from './paydex.ts';
import { CLEAN_PERIMETRE } from './perimetre.ts';
import { CLEAN_CCSF, CLEAN_DELAI } from './plans.ts';
import { CLEAN_PREMIER_JUGEMENT, CLEAN_PROCOL, CLEAN_PROCOL_MENSUEL } from './procol.ts';

/** The steps, longest first at France scale, so that the long ones start early (the order of a sequential run). */
export const CLEAN_STEPS: [string, string][] = [
  ['delivery_info', DELIVERY_INFO],
  ['clean_debit', CLEAN_DEBIT],
  ['clean_cotisation', CLEAN_COTISATION],
  ['clean_effectif', CLEAN_EFFECTIF],
  ['clean_paydex', CLEAN_PAYDEX],
  ['clean_procol', CLEAN_PROCOL],
  ['clean_procol_mensuel', CLEAN_PROCOL_MENSUEL],
  ['clean_effectif_ent', CLEAN_EFFECTIF_ENT],
  ['clean_etablissement', CLEAN_ETABLISSEMENT],
  ['clean_entreprise', CLEAN_ENTREPRISE],
  ['clean_perimetre', CLEAN_PERIMETRE],
  ['clean_comptes', CLEAN_COMPTES],
  ['clean_ap', CLEAN_AP],
  ['clean_delai', CLEAN_DELAI],
  ['clean_ccsf', CLEAN_CCSF],
  ['clean_premier_jugement', CLEAN_PREMIER_JUGEMENT],
];

/** Where a step's table is built before the swap. */
const building = (table: string): string => `${table}__building`;

/** Rebuilds the reference tables and every clean table; the clean layer is replaced atomically. */
export async function rebuildClean(db: Warehouse, onStep?: (table: string) => void): Promise<void> {
  await ensureSchema(db);
  // The reference tables are the code's constants, not data: reloading them before the steps (which read them
  // from other connections, so they must be committed) changes nothing if a step then fails.
  await db.transaction(() => loadReference(db));
  const threads = await db.one<{ n: bigint }>(`SELECT CAST(current_setting('threads') AS BIGINT) AS n`);
  await runSteps(db, CLEAN_STEPS, Math.max(1, Number(threads?.n ?? 1)), onStep);
}

/**
 * Runs `steps` on up to `lanes` connections, each step once the steps whose tables it names are built, then
 * replaces the tables in one transaction. On failure, drops what was built and rethrows the first error.
 */
export async function runSteps(
  db: Warehouse,
  steps: [string, string][],
  lanes: number,
  onStep?: (table: string) => void,
): Promise<void> {
  const tables = steps.map(([table]) => table);
  const names = new RegExp(`\\b(${tables.join('|')})\\b`, 'g');
  // Each step reads and writes the build tables: its SQL with every step table renamed.
  const plan = steps.map(([table, sql]) => ({
    table,
    sql: sql.replace(names, (name) => building(name)),
    needs: [...new Set(sql.match(names) ?? [])].filter((name) => name !== table),
  }));
  const forks = await Promise.all(Array.from({ length: lanes - 1 }, () => db.fork()));
  const free = [db, ...forks];
  // A freed lane goes to the waiting step that comes first in `steps` (the long ones), not the first to wait.
  const waiting: { rank: number; take: (lane: Warehouse) => void }[] = [];
  const acquire = (rank: number): Promise<Warehouse> =>
    new Promise((take) => {
      const lane = free.pop();
      if (lane) take(lane);
      else waiting.push({ rank, take });
    });
  const release = (lane: Warehouse): void => {
    if (waiting.length === 0) {
      free.push(lane);
      return;
    }
    const next = waiting.reduce((a, b) => (b.rank < a.rank ? b : a));
    waiting.splice(waiting.indexOf(next), 1);
    next.take(lane);
  };
  const done = new Map<string, Promise<void>>();
  let failure: { error: unknown } | null = null;
  for (const [rank, step] of plan.entries()) {
    const needs = step.needs.map((name) => done.get(name));
    if (needs.some((p) => p === undefined))
      throw new Error(`clean step ${step.table} reads a table built after it: ${step.needs.join(', ')}`);
    done.set(
      step.table,
      Promise.all(needs).then(async () => {
        const lane = await acquire(rank);
        try {
          if (failure) return; // not started once a step has failed
          onStep?.(step.table);
          await lane.run(step.sql);
        } catch (error) {
          failure ??= { error };
          throw error;
        } finally {
          // Once this step's dependents are waiting too (they wait on its promise, settled after this).
          setImmediate(() => release(lane));
        }
      }),
    );
  }
  await Promise.allSettled(done.values());
  for (const fork of forks) fork.close();
  if (failure) {
    for (const table of tables) await db.run(`DROP TABLE IF EXISTS ${building(table)}`);
    throw (failure as { error: unknown }).error;
  }
  await db.transaction(async () => {
    for (const table of tables) {
      await db.run(`DROP TABLE IF EXISTS ${table}`);
      await db.run(`ALTER TABLE ${building(table)} RENAME TO ${table}`);
    }
  });
}
