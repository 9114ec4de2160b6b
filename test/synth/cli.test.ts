// `sf generate` through the command line: the contract's options, `--json`, usage errors, `--regions`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = mkdtempSync(join(tmpdir(), 'sf-synth-cli-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const sf = (...args: string[]) => spawnSync('node', ['bin/sf.js', 'generate', ...args], { encoding: 'utf8' });

describe('sf generate (command line)', () => {
  it('prints a JSON summary of the files written and their row counts', () => {
    const out = join(root, 'json');
    const r = sf('--out', out, '--companies', '40', '--seed', '5', '--regions', 'R27,84', '--json');
    expect(r.status, r.stderr).toBe(0);
    const summary = JSON.parse(r.stdout);
    expect(summary.companies).toBe(40);
    expect(summary.from).toBe('2016-01');
    expect(summary.to).toBe('2024-06');
    expect(summary.regions).toEqual(['27', '84']);
    const ul = summary.files.find((f: { file: string }) => f.file === 'sireneUL.csv');
    expect(ul.rows).toBe(40);
    expect(readFileSync(ul.path, 'utf8').trim().split('\n')).toHaveLength(41);
    // Every establishment lies in Bourgogne-Franche-Comté or Auvergne-Rhône-Alpes.
    const depts = new Set([
      '21',
      '25',
      '39',
      '58',
      '70',
      '71',
      '89',
      '90',
      '01',
      '03',
      '07',
      '15',
      '26',
      '38',
      '42',
      '43',
      '63',
      '69',
      '73',
      '74',
    ]);
    const etabs = readFileSync(join(out, 'StockEtablissement_utf8_geo.csv'), 'utf8').trim().split('\n').slice(1);
    for (const line of etabs) {
      const commune = line.split(',')[20];
      if (commune) expect(depts).toContain(commune.slice(0, 2));
    }
  });

  it('exits 2 on bad usage, naming the option', () => {
    const noOut = sf('--companies', '10');
    expect(noOut.status).toBe(2);
    expect(noOut.stderr).toContain('--out');
    const badMonth = sf('--out', join(root, 'bad'), '--from', '2016-13');
    expect(badMonth.status).toBe(2);
    expect(badMonth.stderr).toContain('--from');
    const badRegion = sf('--out', join(root, 'bad'), '--regions', '99');
    expect(badRegion.status).toBe(2);
    expect(badRegion.stderr).toContain('99');
  });
});
