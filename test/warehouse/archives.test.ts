/** `.gz` and `.zip` inputs: the source is recognised from the inner name, the content is the same. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { zipSync } from 'fflate';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, importInto } from '../sources/helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'sf-archives-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string) => readFileSync(join(FIXTURES, 'delivery', name));

describe('compressed deliveries', () => {
  it('reads .csv.gz files and every CSV inside a .zip', async () => {
    writeFileSync(join(dir, 'sigfaible_debits.csv.gz'), gzipSync(fixture('sigfaible_debits.csv')));
    writeFileSync(
      join(dir, 'ratios_inpi_bce_2024.zip'),
      zipSync({ 'ratios_inpi_bce.csv': fixture('ratios_inpi_bce.csv'), 'docs/': new Uint8Array(0) }),
    );
    const { db, result } = await importInto([dir]);
    expect(
      result.files.map((f) => [f.path.split('/').slice(-2).join('/'), f.source, f.status, f.rows_imported]),
    ).toEqual([
      ['ratios_inpi_bce_2024.zip/ratios_inpi_bce.csv', 'ratios_inpi_bce', 'imported', 3],
      [`${dir.split('/').pop()}/sigfaible_debits.csv.gz`, 'debit', 'imported', 3],
    ]);
    expect((await db.one<{ n: bigint }>('SELECT count(*) AS n FROM raw_debit'))?.n).toBe(3n);
    db.close();
  });
});
