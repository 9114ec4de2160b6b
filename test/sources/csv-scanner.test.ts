import { describe, expect, it } from 'vitest';
import { CsvScanner, splitRecord } from '../../src/sources/csv-scanner.ts';

function scan(text: string | Buffer, opts: Partial<{ lazy: boolean; chunk: number; delimiter: string }> = {}) {
  const out: Buffer[] = [];
  const s = new CsvScanner(
    { delimiter: opts.delimiter ?? ';', lazyQuotes: opts.lazy ?? false, header: true, fixedFieldCount: true },
    (b) => out.push(b),
    true,
  );
  const buf = typeof text === 'string' ? Buffer.from(text) : text;
  const step = opts.chunk ?? buf.length;
  for (let i = 0; i < buf.length; i += step) s.push(buf.subarray(i, i + step));
  s.end();
  return { header: s.header, records: s.records, rejects: s.rejects, out: Buffer.concat(out).toString() };
}

describe('CSV scanner (Go encoding/csv semantics, physical line numbers)', () => {
  const text = 'a;b;c\r\n1;x;3\r\n\r\n2;"y\nz";4\n3;q"q;5\n4;r\n5;"s;""t""";6\n6;t;7;8\n7;"u"v;9\n8;w;9';

  it('numbers records by their first physical line, skips blank lines, rejects structural errors', () => {
    for (const chunk of [1, 3, 7, 1000]) {
      const r = scan(text, { chunk });
      expect(r.header).toEqual(['a', 'b', 'c']);
      expect(r.records).toBe(8);
      expect(r.rejects).toEqual([
        { line: 6, reason: 'bare " in non-quoted-field (column 2)' },
        { line: 7, reason: 'wrong number of fields: 2 instead of 3' },
        { line: 9, reason: 'wrong number of fields: 4 instead of 3' },
        { line: 10, reason: 'extraneous or missing " in quoted-field (column 2)' },
      ]);
      expect(r.out).toBe('2;1;x;3\n4;2;"y\nz";4\n8;5;"s;""t""";6\n11;8;w;9\n');
    }
  });

  it('keeps lazy quotes literally and re-encodes those records', () => {
    const r = scan('a;b\n1;q"q\n2;"u"v"\n', { lazy: true });
    expect(r.rejects).toEqual([]);
    expect(r.out).toBe('2;1;"q""q"\n3;2;"u""v"\n');
    expect(splitRecord('2;"u"v"', ';', true)).toEqual(['2', 'u"v']);
  });

  it('rejects an unterminated quoted field at the end of the file', () => {
    const r = scan('a;b\n1;"open\n2;x\n');
    expect(r.rejects).toEqual([
      { line: 2, reason: 'extraneous or missing " in quoted-field: unterminated quoted field' },
    ]);
  });

  it('rejects invalid UTF-8 on the line where it occurs', () => {
    const r = scan(Buffer.concat([Buffer.from('a;b\n1;ok\n2;'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]));
    expect(r.rejects).toEqual([{ line: 3, reason: 'invalid UTF-8 byte sequence' }]);
  });
});
