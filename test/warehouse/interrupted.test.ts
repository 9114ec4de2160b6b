/**
 * A file's rows are written part by part before its batch is made `imported` (src/warehouse/journal.ts): a file
 * that fails after some parts were written, and a process killed in the middle of a file, leave nothing behind.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { recognise } from '../../src/sources/registry.ts';
import { Warehouse } from '../../src/warehouse/db.ts';
import { importHistory } from '../../src/warehouse/history.ts';
import { importPaths } from '../../src/warehouse/import.ts';
import { importFile } from '../../src/warehouse/import-file.ts';
import { inputsOf } from '../../src/warehouse/input.ts';
import { ensureSchema } from '../../src/warehouse/schema.ts';
import { snapshot } from '../sources/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'sf-interrupted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const NAME = 'E_202407050800_Retro-Paydex_20240705.csv';
const paydex = (n: number, from = 0) =>
  Array.from(
    { length: n },
    (_, i) => `732829320;${from + i};${from + i} jours;${String((i % 28) + 1).padStart(2, '0')}/01/2020`,
  );
const csv = (rows: string[]) => `SIREN;NB_JOURS;NB_JOURS_LIB;DATE_VALEUR\n${rows.join('\n')}\n`;

describe('interrupted imports', () => {
  it('a file that fails after some of its parts were stored leaves the store as before', async () => {
    const db = await Warehouse.open(join(dir, 'failing.duckdb'));
    try {
      await ensureSchema(db);
      const good = join(dir, 'good', NAME);
      mkdirSync(join(dir, 'good'));
      writeFileSync(good, csv(paydex(20)));
      await importPaths(db, [good]);
      const before = await snapshot(db);
      // a truncated gzip: its first thousands of records decode, then the stream breaks
      const whole = gzipSync(csv(paydex(20_000, 100)));
      const bad = join(dir, 'bad', `${NAME}.gz`);
      mkdirSync(join(dir, 'bad'));
      writeFileSync(bad, whole.subarray(0, Math.floor(whole.length * 0.8)));
      const [input] = await inputsOf(bad);
      const report = await importFile(db, input, recognise(NAME)!, {
        replace: true,
        tmpFile: join(dir, 'staged.csv'),
        partBytes: 4096, // many parts are stored before the break
      });
      expect(report.status).toBe('failed');
      expect(report.error).toMatch(/truncated gzip/);
      expect(await snapshot(db)).toEqual(before);
    } finally {
      db.close();
    }
  });

  it('an import killed in the middle of a file is undone when the store is next opened for an import', async () => {
    const store = join(dir, 'killed.duckdb');
    const delivery = join(dir, 'killed');
    mkdirSync(delivery);
    writeFileSync(join(delivery, NAME), csv(paydex(5000)));
    // a separate process, killed once the file's rows are stored but before its batch is made `imported`
    const script = join(dir, 'kill.mts');
    const src = new URL('../../src/', import.meta.url).pathname;
    writeFileSync(
      script,
      `import { Warehouse } from '${src}warehouse/db.ts';
       import { importPaths } from '${src}warehouse/import.ts';
       const db = await Warehouse.open(${JSON.stringify(store)});
       await importPaths(db, [${JSON.stringify(delivery)}], {
         onFileStep: (step) => { if (step === 'checking') process.kill(process.pid, 'SIGKILL'); },
       });`,
    );
    const child = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8' });
    expect(child.signal).toBe('SIGKILL');

    const db = await Warehouse.open(store);
    try {
      // what the killed process left: rows of a batch still `importing`
      const left = await db.all<{ status: string; n: bigint }>(
        `SELECT b.status, count(r.line) AS n FROM import_batch b LEFT JOIN raw_paydex_retro r USING (batch_id) GROUP BY ALL`,
      );
      expect(left).toEqual([{ status: 'importing', n: 5000n }]);
      expect(await importHistory(db)).toEqual([]); // opening the store for an import deletes them
      expect((await db.one<{ n: bigint }>('SELECT count(*) AS n FROM raw_paydex_retro'))?.n).toBe(0n);
      const again = await importPaths(db, [delivery]);
      expect(again.files[0]).toMatchObject({ status: 'imported', rows_imported: 5000 });
      expect((await db.one<{ n: bigint }>('SELECT count(*) AS n FROM raw_paydex_retro'))?.n).toBe(5000n);
    } finally {
      db.close();
    }
  });
});
