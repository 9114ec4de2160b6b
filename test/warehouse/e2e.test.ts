/** End to end on a `sf generate` delivery: every file recognised, zero rejects, row counts as generated. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, type Summary } from '../../src/synth/generate.ts';
import { Warehouse } from '../../src/warehouse/db.ts';
import { type ImportResult, importPaths } from '../../src/warehouse/import.ts';
import { inspectCompany } from '../../src/warehouse/inspect.ts';

let dir: string;
let db: Warehouse;
let summary: Summary;
let result: ImportResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sf-e2e-'));
  summary = await generate({ out: join(dir, 'delivery'), companies: 300, seed: 7 });
  db = await Warehouse.open(':memory:');
  result = await importPaths(db, [join(dir, 'delivery')]);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('import of a generated delivery', () => {
  it('recognises every file and imports every generated row, with zero rejects', () => {
    expect(result.ignored).toEqual([]);
    const byName = new Map(result.files.map((f) => [f.path.split('/').pop(), f]));
    for (const g of summary.files) {
      const f = byName.get(g.file);
      expect(f, g.file).toBeDefined();
      expect([g.file, f?.status, f?.rows_read, f?.rows_rejected, f?.rejects]).toEqual([
        g.file,
        'imported',
        g.rows,
        0,
        [],
      ]);
      // A Diane line is a company; one without any closing date has no accounts to import.
      if (g.file.startsWith('diane')) expect(f?.rows_imported).toBeLessThanOrEqual(g.rows);
      else expect(f?.rows_imported, g.file).toBe(g.rows);
    }
    expect(result.files).toHaveLength(summary.files.length);
  });

  it('re-importing is a no-op', async () => {
    const again = await importPaths(db, [join(dir, 'delivery')]);
    expect(again.files.map((f) => f.status)).toEqual(result.files.map(() => 'unchanged'));
  });

  it('builds a clean layer that inspect can read for every company', async () => {
    const info = await db.one<{ m: string }>(`SELECT strftime(last_month, '%Y-%m') AS m FROM delivery_info`);
    expect(info?.m).toBe(summary.to);
    const perimetre = await db.one<{ n: bigint }>(`SELECT count(*) AS n FROM clean_perimetre WHERE inclus`);
    expect(Number(perimetre?.n)).toBeGreaterThan(0);
    const siren = (await db.one<{ s: string }>(
      `SELECT siren AS s FROM clean_perimetre WHERE inclus ORDER BY siren LIMIT 1`,
    ))!.s;
    const doc = await inspectCompany(db, siren, {});
    expect(doc.mensuel.length).toBeGreaterThan(0);
    expect(doc.mensuel.at(-1)?.periode).toBe(summary.to);
  });
});
