/** Scheduling of the clean layer's steps: dependencies, concurrency on forked connections, atomic swap. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSteps } from '../../src/warehouse/clean/index.ts';
import { Warehouse } from '../../src/warehouse/db.ts';

let db: Warehouse;
const value = async (table: string) => (await db.one<{ x: number }>(`SELECT x FROM ${table}`))?.x;
const tables = async () =>
  (await db.all<{ t: string }>('SELECT table_name AS t FROM information_schema.tables ORDER BY t')).map((r) => r.t);

beforeEach(async () => {
  db = await Warehouse.open(':memory:');
  // The layer as a previous import left it.
  await db.run('CREATE TABLE step_a AS SELECT 100 AS x; CREATE TABLE step_b AS SELECT 200 AS x');
});
afterEach(() => db.close());

describe('runSteps', () => {
  it('runs a step after the steps it reads, on the new tables, and swaps them in', async () => {
    const started: string[] = [];
    await runSteps(
      db,
      [
        ['step_slow', 'CREATE OR REPLACE TABLE step_slow AS SELECT count(*)::INT AS x FROM range(3000000)'],
        ['step_a', 'CREATE OR REPLACE TABLE step_a AS SELECT 1 AS x'],
        ['step_b', 'CREATE OR REPLACE TABLE step_b AS SELECT x + 1 AS x FROM step_a'],
      ],
      2,
      (t) => started.push(t),
    );
    expect(await value('step_b')).toBe(2);
    expect(await value('step_a')).toBe(1);
    expect(await value('step_slow')).toBe(3000000);
    expect(started.indexOf('step_b')).toBeGreaterThan(started.indexOf('step_a'));
    expect(await tables()).toEqual(['step_a', 'step_b', 'step_slow']);
  });

  it('leaves the layer as it was when a step fails, and reports that step’s error', async () => {
    await expect(
      runSteps(
        db,
        [
          ['step_a', 'CREATE OR REPLACE TABLE step_a AS SELECT 1 AS x'],
          ['step_b', 'CREATE OR REPLACE TABLE step_b AS SELECT x + no_such_column AS x FROM step_a'],
          ['step_c', 'CREATE OR REPLACE TABLE step_c AS SELECT 3 AS x'],
        ],
        2,
      ),
    ).rejects.toThrow(/no_such_column/);
    expect(await value('step_a')).toBe(100);
    expect(await value('step_b')).toBe(200);
    expect(await tables()).toEqual(['step_a', 'step_b']);
  });

  it('refuses a step that reads a table built after it', async () => {
    await expect(
      runSteps(
        db,
        [
          ['step_b', 'CREATE OR REPLACE TABLE step_b AS SELECT x FROM step_a'],
          ['step_a', 'CREATE OR REPLACE TABLE step_a AS SELECT 1 AS x'],
        ],
        2,
      ),
    ).rejects.toThrow(/built after it/);
  });

  it('gives forked connections the settings applied with withSettings', async () => {
    await db.withSettings({ preserve_insertion_order: 'false' }, async () => {
      const fork = await db.fork();
      try {
        expect(await fork.settings(['preserve_insertion_order'])).toEqual({ preserve_insertion_order: 'false' });
      } finally {
        fork.close();
      }
    });
    expect(await value('step_a')).toBe(100); // closing a fork leaves the store open
  });
});
