/**
 * A file staged in many parts (loaded while the scan goes on) imports exactly as in one part: same rows, same line
 * numbers, same rejects, structural and decoded.
 */
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recognise } from '../../src/sources/registry.ts';
import { Warehouse } from '../../src/warehouse/db.ts';
import { importFile } from '../../src/warehouse/import-file.ts';
import { inputsOf } from '../../src/warehouse/input.ts';
import { ensureSchema } from '../../src/warehouse/schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'sf-parts-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = ['SIREN;NB_JOURS;NB_JOURS_LIB;DATE_VALEUR'];
// big enough for several parts: the scanner hands over its output once per 1 MB read
for (let i = 0; i < 200_000; i++) {
  if (i === 37)
    lines.push('732829320;x;x jours;31/01/2020'); // not a number of days
  else if (i === 211)
    lines.push('732829320;5;5 jours'); // a field missing
  else if (i === 402)
    lines.push('732829320;5;5 jours;31/02/2020'); // no such date
  else lines.push(`732829320;${i};${i} jours;${String((i % 28) + 1).padStart(2, '0')}/01/2020`);
}
const path = join(dir, 'E_202407050800_Retro-Paydex_20240705.csv');
writeFileSync(path, `${lines.join('\n')}\n`);

async function importWith(partBytes: number | undefined) {
  const db = await Warehouse.open(':memory:');
  try {
    await ensureSchema(db);
    const [input] = await inputsOf(path);
    const tmp = mkdtempSync(join(dir, 'tmp-'));
    const steps: [string, number | undefined, number | undefined][] = [];
    const report = await importFile(db, input, recognise(input.name)!, {
      replace: true,
      tmpFile: join(tmp, 'staged.csv'),
      partBytes,
      onStep: (step, done, total) => steps.push([step, done, total]),
    });
    expect(readdirSync(tmp)).toEqual([]); // every part removed
    const rows = await db.json('SELECT * FROM raw_paydex_retro ORDER BY line');
    return { report, rows, steps };
  } finally {
    db.close();
  }
}

describe('staging in parts', () => {
  it('imports the same rows and rejects as a single part', async () => {
    const whole = await importWith(undefined);
    const parts = await importWith(100); // a part per chunk the scanner hands over
    expect(whole.report.status).toBe('imported');
    expect(whole.report.rows_imported).toBe(199_997);
    expect(whole.report.rejects.map((r) => r.line)).toEqual([39, 213, 404]);
    expect(parts.report).toEqual(whole.report);
    expect(parts.rows).toEqual(whole.rows);
    // progress: the scan, then the parts decoded up to the last one, then the checks and the store
    expect([...new Set(parts.steps.map(([step]) => step))]).toEqual(['scanning', 'decoding', 'checking', 'storing']);
    const decoding = parts.steps.filter(([step]) => step === 'decoding');
    expect(decoding.at(-1)?.[1]).toBe(decoding.at(-1)?.[2]);
    expect(decoding.at(-1)?.[2]).toBeGreaterThan(3);
  });
});
