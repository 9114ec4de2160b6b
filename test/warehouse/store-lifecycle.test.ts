/** Atomicity (a failing file leaves the store exactly as before) and idempotence (same content → no change). */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../src/warehouse/db.ts';
import { importHistory } from '../../src/warehouse/history.ts';
import { importPaths } from '../../src/warehouse/import.ts';
import { FIXTURES, snapshot as storeSnapshot } from '../sources/helpers.ts';

let dir: string;
let db: Warehouse;

const snapshot = () => storeSnapshot(db);

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sf-lifecycle-'));
  cpSync(join(FIXTURES, 'delivery'), join(dir, 'delivery'), { recursive: true });
  db = await Warehouse.open(join(dir, 'sf.duckdb'));
  await importPaths(db, [join(dir, 'delivery')]);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('store lifecycle', () => {
  it('re-importing the same delivery is a no-op', async () => {
    const before = await snapshot();
    const again = await importPaths(db, [join(dir, 'delivery')]);
    expect(again.files.every((f) => f.status === 'unchanged')).toBe(true);
    expect(await snapshot()).toEqual(before);
  });

  it('a file that fails as a whole leaves the store exactly as before, even when it would replace a source', async () => {
    const before = await snapshot();
    const bad = join(dir, 'bad');
    cpSync(join(dir, 'delivery', 'sigfaible_debits.csv'), join(bad, 'sigfaible_debits.csv'));
    writeFileSync(
      join(bad, 'sigfaible_debits.csv'),
      readFileSync(join(bad, 'sigfaible_debits.csv'), 'utf8').replace('Mt_PO', 'Mt_XX'),
    );
    writeFileSync(join(bad, 'sigfaible_delais.csv.gz'), Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x01]));
    const r = await importPaths(db, [bad]);
    expect(r.files.map((f) => f.status)).toEqual(['failed', 'failed']);
    expect(r.files[0].error).toBe('field Mt_PO: column Mt_PO not found in the header');
    expect(await snapshot()).toEqual(before);
  });

  it('a new delivery of a stock file replaces that source only, and the history lists both', async () => {
    const next = join(dir, 'next');
    const lines = readFileSync(join(dir, 'delivery', 'sigfaible_debits.csv'), 'utf8')
      .trim()
      .split('\n');
    cpSync(join(dir, 'delivery', 'sigfaible_debits.csv'), join(next, 'sigfaible_debits.csv'));
    writeFileSync(join(next, 'sigfaible_debits.csv'), `${lines.slice(0, 2).join('\n')}\n`);
    const cotisBefore = await db.json('SELECT * FROM raw_cotisation ORDER BY ALL');
    const r = await importPaths(db, [next]);
    expect(r.files[0]).toMatchObject({ status: 'imported', rows_imported: 1 });
    expect((await db.one<{ n: bigint }>('SELECT count(*) AS n FROM raw_debit'))?.n).toBe(1n);
    expect(await db.json('SELECT * FROM raw_cotisation ORDER BY ALL')).toEqual(cotisBefore);
    const debits = (await importHistory(db)).filter((b) => b.source === 'debit');
    expect(debits.map((b) => [b.active, b.rows_imported])).toEqual([
      [true, 1],
      [false, 3],
    ]);
    expect(debits[0].sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(debits[1].file_name).toBe('sigfaible_debits.csv');
  });
});
