// The test reader itself, checked against the examples of sources.md (so that a passing delivery test means
// "readable by the spec", not "readable by a reader with the same bugs as the writer").
import { describe, expect, it } from 'vitest';
import { ddMonYYYY, goBool, readCsv, splitProcol, urssafDate, urssafPeriod } from './reader.ts';

const ym = (index: number) => `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;

describe('independent reader', () => {
  it('decodes URSSAF dates as in §1.5', () => {
    expect(urssafDate('990505')).toEqual({ y: 1999, m: 5, d: 5 });
    expect(urssafDate('1180130')).toEqual({ y: 2018, m: 1, d: 30 });
    expect(urssafDate('1050824')).toEqual({ y: 2005, m: 8, d: 24 });
    expect(urssafDate('9990101')).toEqual({ y: 2899, m: 1, d: 1 });
    for (const bad of ['', '1180230', ' 990505', '99.0505']) expect(() => urssafDate(bad)).toThrow();
  });

  it('decodes URSSAF periods with month overflow as in §1.5', () => {
    const p = (s: string) => urssafPeriod(s).map(ym);
    expect(p('1031')).toEqual(['2010-07', '2010-08']);
    expect(p('0232')).toEqual(['2002-08', '2002-09']);
    expect(p('2110')).toEqual(['2021-01', '2021-04']);
    expect(p('1820')).toEqual(['2018-04', '2018-07']);
    expect(p('0162')).toEqual(['2001-01', '2002-01']);
    expect(p('5062')).toEqual(['1950-01', '1951-01']);
    expect(p('201011')).toEqual(['2010-01', '2010-02']);
    expect(p('201631')).toEqual(['2016-07', '2016-08']);
    expect(p('201712')).toEqual(['2017-02', '2017-03']);
    expect(p('199904')[0]).toBe('1999-01');
    expect(() => urssafPeriod('20101')).toThrow();
  });

  it('decodes DDMonYYYY case-insensitively, booleans and procol labels', () => {
    expect(ddMonYYYY('26MAY2014')).toEqual({ y: 2014, m: 5, d: 26 });
    expect(ddMonYYYY('04Oct2017')).toEqual({ y: 2017, m: 10, d: 4 });
    expect(() => ddMonYYYY('4OCT2017')).toThrow();
    expect(goBool('True')).toBe(true);
    expect(() => goBool('')).toThrow();
    expect(splitProcol('Solde_procedure_redressement')).toEqual({ action: 'redressement', stade: 'solde_procedure' });
    expect(splitProcol('Ouverture_Liquidation')).toEqual({ action: 'liquidation', stade: 'ouverture' });
  });

  it('follows Go encoding/csv: field counts, bare quotes, lazy quotes, quoted newlines, empty lines', () => {
    expect(() => readCsv('a;b\n1;2;3\n', ';', false)).toThrow('record on line 2: wrong number of fields');
    expect(() => readCsv('a\n654",x\n', ';', false)).toThrow('bare " in non-quoted-field');
    expect(readCsv('a\n654",x\n', ';', true).records[0].fields).toEqual(['654",x']);
    const r = readCsv('a,b\r\n\r\n"x,\ny",2\r\n"q""q",3\n', ',', false);
    expect(r.records.map((x) => x.fields)).toEqual([
      ['x,\ny', '2'],
      ['q"q', '3'],
    ]);
    expect(r.records.map((x) => x.line)).toEqual([3, 5]);
  });
});
