/**
 * A deliberately corrupted delivery: every defect kind of issue 3, each rejected with its physical line number
 * (or failing its file as a whole), and nothing else lost. The files are written here from the fixtures.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../src/warehouse/db.ts';
import type { ImportResult } from '../../src/warehouse/import.ts';
import { FIXTURES, fileReport, importInto } from '../sources/helpers.ts';

const fixture = (name: string) => readFileSync(join(FIXTURES, 'delivery', name), 'utf8');
const header = (name: string) => fixture(name).split('\n')[0];
const DEBIT_OK =
  '117;75;117000000000000001;000000000;00000000000000;20010101;1;0;201712;659;1;990505;12345;67800;1;2;0';
const debitLine = (patch: Record<number, string>) =>
  DEBIT_OK.split(';')
    .map((v, i) => patch[i] ?? v)
    .join(';');

let dir: string;
let db: Warehouse;
let result: ImportResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sf-corrupt-'));
  const debit = [
    header('sigfaible_debits.csv'), // 1
    debitLine({}), // 2
    debitLine({ 10: '2' }), // 3
    debitLine({ 10: '3' }), // 4
    debitLine({ 12: '' }), // 5 empty amount
    debitLine({ 9: '654",' }), // 6 stray quote
    '', // 7 blank line
    '117;75;117000000000000001;000000000', // 8 wrong field count
    debitLine({ 10: '4' }), // 9
    debitLine({ 2: '"117\n000"' }), // 10–11 quoted multi-line field
    debitLine({ 11: '1180231' }), // 12 impossible date (31/02)
    debitLine({ 13: '12x' }), // 13 letters in a number
    debitLine({ 10: '5' }), // 14
  ];
  // UTF-8 BOM and CRLF line ends.
  writeFileSync(join(dir, 'sigfaible_debits.csv'), `\ufeff${debit.join('\r\n')}\r\n`);
  const ap = fixture('demande_ap.csv').split('\n').filter(Boolean);
  writeFileSync(join(dir, 'demande_ap.csv'), [...ap, ap[1]].join('\n')); // line 5 repeats line 2's ID_DA, no final newline
  const delai = fixture('sigfaible_delais.csv').split('\n');
  delai[2] = delai[2].replace('01/03/2019', '31/02/2019');
  writeFileSync(join(dir, 'sigfaible_delais.csv'), delai.join('\n'));
  // Latin-1 legal units.
  writeFileSync(
    join(dir, 'sireneUL.csv'),
    Buffer.from(fixture('sireneUL.csv').replace('MECA 22', 'MÉCA 22'), 'latin1'),
  );
  // Wide headcount: letters in a cell, a negative value.
  const eff = fixture('sigfaible_effectif_siren.csv').split('\n');
  writeFileSync(
    join(dir, 'sigfaible_effectif_siren.csv'),
    [eff[0], eff[1].replace(';9;', ';9a;').replace(';11;', ';-11;'), ''].join('\n'),
  );
  // Whole-file failures: truncated gzip, missing required column, unreadable encoding.
  const gz = gzipSync(Buffer.from(fixture('sigfaible_cotisdues.csv')));
  writeFileSync(join(dir, 'sigfaible_cotisdues.csv.gz'), gz.subarray(0, gz.length - 12));
  writeFileSync(
    join(dir, 'sigfaible_ccsf.csv'),
    fixture('sigfaible_ccsf.csv').replace('Date_de_traitement', 'Date_traitement'),
  );
  writeFileSync(join(dir, 'sigfaible_pcoll.csv'), Buffer.from(fixture('sigfaible_pcoll.csv'), 'utf16le'));
  ({ db, result } = await importInto([dir]));
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('a corrupted delivery', () => {
  it('rejects each bad debit line with its physical line, field, value and reason; keeps the others', async () => {
    const f = fileReport(result, 'sigfaible_debits.csv');
    expect(f.status).toBe('imported');
    expect(f.rows_read).toBe(11);
    expect(f.rows_imported).toBe(6);
    expect(f.rows_rejected).toBe(5);
    expect(f.rejects).toEqual([
      { line: 5, field: 'Mt_PO', value: null, reason: 'empty value' },
      { line: 6, field: null, value: null, reason: 'bare " in non-quoted-field (column 10)' },
      { line: 8, field: null, value: null, reason: 'wrong number of fields: 4 instead of 17' },
      { line: 12, field: 'Dt_trt_ecn', value: '1180231', reason: 'not a URSSAF date (A)AAMMJJ' },
      { line: 13, field: 'Mt_PP', value: '12x', reason: 'not an amount in cents' },
    ]);
    const lines = await db.json<{ line: string }>('SELECT line FROM raw_debit ORDER BY line');
    expect(lines.map((r) => Number(r.line))).toEqual([2, 3, 4, 9, 10, 14]);
  });

  it('rejects a duplicate request id, keeping the first', () => {
    const f = fileReport(result, 'demande_ap.csv');
    expect(f.rows_imported).toBe(3);
    expect(f.rejects).toEqual([
      { line: 5, field: 'ID_DA', value: 'D0000000001', reason: 'duplicate request id (first on line 2)' },
    ]);
  });

  it('rejects an impossible date (31/02)', () => {
    expect(fileReport(result, 'sigfaible_delais.csv').rejects).toEqual([
      { line: 3, field: 'Date_creation', value: '31/02/2019', reason: 'not a date DD/MM/YYYY' },
    ]);
  });

  it('reads a Latin-1 file, with a warning', async () => {
    const f = fileReport(result, 'sireneUL.csv');
    expect(f.rows_imported).toBe(4);
    expect(f.warnings[0]).toEqual({ line: 1, field: null, value: null, reason: 'file is not UTF-8: read as Latin-1' });
    expect(
      (await db.one<{ r: string }>(`SELECT raison_sociale AS r FROM raw_sirene_ul WHERE siren = '222222222'`))?.r,
    ).toBe('MÉCA 22');
  });

  it('rejects a bad headcount cell only, and warns on a negative one', () => {
    const f = fileReport(result, 'sigfaible_effectif_siren.csv');
    expect(f.rejects).toEqual([{ line: 2, field: 'eff201013', value: '9a', reason: 'not a headcount' }]);
    expect([f.rows_imported, f.rows_rejected]).toEqual([1, 1]);
    expect(f.warnings).toContainEqual({ line: 2, field: 'eff201022', value: '-11.0', reason: 'negative headcount' });
  });

  it('fails unusable files as a whole, naming the cause, and imports nothing of them', async () => {
    const failed = result.files
      .filter((f) => f.status === 'failed')
      .map((f) => [f.path.split('/').pop(), f.error])
      .sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(failed).toEqual([
      ['sigfaible_ccsf.csv', 'field Date_de_traitement: column Date_de_traitement not found in the header'],
      ['sigfaible_cotisdues.csv.gz', expect.stringMatching(/^corrupt or truncated gzip data/)],
      ['sigfaible_pcoll.csv', 'unreadable encoding: binary content or UTF-16 without BOM'],
    ]);
    for (const t of ['raw_ccsf', 'raw_cotisation', 'raw_procol'])
      expect((await db.one<{ n: bigint }>(`SELECT count(*) AS n FROM ${t}`))?.n).toBe(0n);
    expect((await db.one<{ n: bigint }>(`SELECT count(*) AS n FROM import_batch`))?.n).toBe(5n);
  });

  it('sf import exits 1 with the contract report when a file failed', () => {
    const store = join(dir, '_store.duckdb');
    const r = spawnSync('node', ['bin/sf.js', 'import', dir, '--db', store, '--json'], { encoding: 'utf8' });
    expect(r.status).toBe(1);
    const doc = JSON.parse(r.stdout);
    expect(doc.files).toHaveLength(8);
    expect(Object.keys(doc.files[0]).sort()).toEqual(
      [
        'path',
        'source',
        'status',
        'rows_read',
        'rows_imported',
        'rows_rejected',
        'rejects',
        'warnings',
        'error',
      ].sort(),
    );
    expect(r.stderr).toContain('sigfaible_ccsf.csv');
  });
});
