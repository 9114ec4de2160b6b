import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURES, GROUPS, KEY_COLUMNS, TARGET_COLUMNS } from '../../src/features/catalogue.ts';
import { renderDictionary } from '../../src/features/dictionary.ts';
import { exportPanel } from '../../src/features/export.ts';
import { buildPanel } from '../../src/features/panel.ts';
import { Warehouse } from '../../src/warehouse/db.ts';
import { economy } from './economy.ts';

const ECONOMY = { companies: 40, from: '2015-01', to: '2018-06' };

describe('panel table, catalogue, export and command', () => {
  let dir: string;
  let wh: Warehouse;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sf-features-'));
    wh = await Warehouse.open(':memory:');
    await economy(wh, ECONOMY);
    await buildPanel(wh);
  });
  afterAll(() => {
    wh.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('has exactly the catalogue columns, in order, with numeric features as DOUBLE', async () => {
    const cols = await wh.all<{ column_name: string; column_type: string }>('DESCRIBE panel');
    expect(cols.map((c) => c.column_name)).toEqual([...KEY_COLUMNS, ...FEATURES.map((f) => f.name), ...TARGET_COLUMNS]);
    const type = new Map(cols.map((c) => [c.column_name, c.column_type]));
    for (const f of FEATURES) expect(type.get(f.name), f.name).toBe(f.kind === 'numeric' ? 'DOUBLE' : 'VARCHAR');
    expect([type.get('siren'), type.get('periode')]).toEqual(['VARCHAR', 'DATE']);
  });

  it('declares every feature once, in a known group, with a meaning and a French label', () => {
    expect(new Set(FEATURES.map((f) => f.name)).size).toBe(FEATURES.length);
    expect(FEATURES.length).toBeGreaterThanOrEqual(100);
    for (const f of FEATURES) {
      expect(Object.keys(GROUPS), f.name).toContain(f.group);
      expect(f.meaning.length * f.label.length * f.unit.length * f.source.length, f.name).toBeGreaterThan(0);
    }
    for (const g of Object.keys(GROUPS))
      expect(
        FEATURES.some((f) => f.group === g),
        g,
      ).toBe(true);
  });

  it('has one row per company and month, and no value that is not finite', async () => {
    const [r] = await wh.all<{ n: bigint; d: bigint }>(
      'SELECT count(*) AS n, count(DISTINCT (siren, periode)) AS d FROM panel',
    );
    expect(r.n).toBe(r.d);
    const numeric = FEATURES.filter((f) => f.kind === 'numeric').map((f) => `NOT isfinite(${f.name})`);
    const [bad] = await wh.all<{ n: bigint }>(`SELECT count(*) AS n FROM panel WHERE ${numeric.join(' OR ')}`);
    expect(bad.n).toBe(0n);
  });

  it('gives the same panel when the window step runs in chunks of companies', async () => {
    await wh.run('CREATE TABLE panel_whole AS SELECT * FROM panel');
    await buildPanel(wh, { chunkCompanies: 7 });
    const diff = async (a: string, b: string) =>
      Number((await wh.one<{ n: bigint }>(`SELECT count(*) AS n FROM (FROM ${a} EXCEPT ALL FROM ${b})`))!.n);
    expect([await diff('panel', 'panel_whole'), await diff('panel_whole', 'panel')]).toEqual([0, 0]);
    expect(Number((await wh.one<{ n: bigint }>('SELECT count(*) AS n FROM panel'))!.n)).toBeGreaterThan(500);
    await wh.run('DROP TABLE panel_whole');
  });

  it('keeps docs/features.md generated from the catalogue (run: npx tsx scripts/features-doc.ts)', () => {
    expect(readFileSync('docs/features.md', 'utf8')).toBe(renderDictionary());
  });

  it('exports to Parquet and CSV with months as YYYY-MM', async () => {
    const n = Number((await wh.one<{ n: bigint }>('SELECT count(*) AS n FROM panel'))!.n);
    for (const file of ['panel.parquet', 'panel.csv']) {
      const { path } = await exportPanel(wh, join(dir, file));
      const read = file.endsWith('.csv') ? `read_csv('${path}', all_varchar = true)` : `read_parquet('${path}')`;
      const [r] = await wh.all<{ n: bigint; p: string; c: bigint }>(
        `SELECT count(*) AS n, min(periode) AS p, count(*) FILTER (WHERE len(siren) <> 9) AS c FROM ${read}`,
      );
      expect([Number(r.n), r.p, r.c]).toEqual([n, '2016-01', 0n]);
    }
    await expect(exportPanel(wh, join(dir, 'panel.txt'))).rejects.toThrow(/\.csv or \.parquet/);
  });

  it('runs as `sf features` on a store file, with --json, --export and clear errors', async () => {
    const db = join(dir, 'sf.duckdb');
    const file = await Warehouse.open(db);
    await economy(file, ECONOMY);
    file.close();
    const sf = (...args: string[]) =>
      spawnSync('node', ['bin/sf.js', 'features', '--db', db, ...args], { encoding: 'utf8' });
    const ok = sf('--json', '--from', '2017-01', '--export', join(dir, 'out.parquet'));
    expect(ok.status, ok.stderr).toBe(0);
    const summary = JSON.parse(ok.stdout);
    expect(summary).toMatchObject({ from: '2017-01', to: '2018-06', features: FEATURES.length });
    expect(summary.rows).toBeGreaterThan(500);
    expect(summary.groups.dettes_sociales).toBeGreaterThan(0);
    const late = sf('--to', '2030-01');
    expect(late.status).toBe(1);
    expect(late.stderr).toContain('after the latest month with data (2018-06)');
    expect(sf('--export', join(dir, 'out.xlsx')).status).toBe(2);
    const empty = spawnSync('node', ['bin/sf.js', 'features', '--db', join(dir, 'empty.duckdb')], { encoding: 'utf8' });
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain('run `sf import` first');
  });
});
