import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readCsvTable } from '../../src/cli/csv-table.ts';
import { SfError } from '../../src/common/errors.ts';

const dir = mkdtempSync(join(tmpdir(), 'sf-csv-'));
function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('CSV table reader', () => {
  it('reads numbers, missing markers, categories and the target', () => {
    const p = file(
      'a.csv',
      '\ufeffx,naf,y,siren\r\n1.5,"C, industrie",1,001\r\n?,A,0,002\r\nNA,,1,001\r\n-2e3,C,0,003\r\nNaN,A,0,004\r\n',
    );
    const t = readCsvTable(p, { target: 'y', group: 'siren' });
    expect(t.data.featureNames).toEqual(['x', 'naf']);
    expect(t.data.nRows).toBe(5);
    expect(Array.from(t.data.columns[0])).toEqual([1.5, Number.NaN, Number.NaN, -2000, Number.NaN]);
    expect(t.categories).toEqual({ naf: ['A', 'C', 'C, industrie'] });
    expect(Array.from(t.data.columns[1])).toEqual([2, 0, Number.NaN, 1, 0]);
    expect(t.data.categorical).toEqual([false, true]);
    expect(Array.from(t.target!)).toEqual([1, 0, 1, 0, 0]);
    expect(t.group).toEqual(['001', '002', '001', '003', '004']);
  });

  it("codes a new file with the model's features and categories", () => {
    const p = file('b.csv', 'naf,extra,x\nC,zz,3\nB,zz,4\n');
    const t = readCsvTable(p, { features: ['x', 'naf'], categories: { naf: ['A', 'C'] } });
    expect(t.data.featureNames).toEqual(['x', 'naf']);
    expect(Array.from(t.data.columns[1])).toEqual([1, Number.NaN]);
    expect(() => readCsvTable(p, { features: ['x', 'extra'] })).toThrow(/"zz" is not a number/);
    expect(() => readCsvTable(p, { features: ['x', 'nope'] })).toThrow(/no column "nope"/);
  });

  it('names the file, line and field of bad input', () => {
    const bad = (text: string, opts = { target: 'y' }) => {
      try {
        readCsvTable(file('bad.csv', text), opts);
      } catch (e) {
        return (e as SfError).describe();
      }
      return 'no error';
    };
    expect(bad('x,y\n1,0\n2\n')).toMatch(/bad\.csv:3: 1 fields where the header has 2/);
    expect(bad('x,y\n1,0\n2,yes\n')).toMatch(/bad\.csv:3, field y: the target must be 0 or 1, got "yes"/);
    expect(bad('x,y\n1,0\n')).toBe('no error');
    expect(bad('x,y\n"1,0\n')).toMatch(/bad\.csv:2: unterminated quoted field/);
    expect(bad('')).toMatch(/empty/);
    expect(bad('x,x\n1,2\n')).toMatch(/appears twice/);
    expect(() => readCsvTable(join(dir, 'missing.csv'))).toThrow(SfError);
  });

  it('reads a file larger than its read buffer', () => {
    const rows = ['a,b'];
    for (let i = 0; i < 400_000; i++) rows.push(`${i},${i % 3 === 0 ? 'NA' : i * 0.5}`);
    const t = readCsvTable(file('big.csv', `${rows.join('\n')}\n`));
    expect(t.data.nRows).toBe(400_000);
    expect(t.data.columns[0][399_999]).toBe(399_999);
    expect(t.data.columns[1][399_998]).toBe(199_999);
    expect(t.data.columns[1][399_999]).toBeNaN();
  });
});
