import { isUtf8 } from 'node:buffer';

/**
 * A byte-level CSV scanner with Go `encoding/csv` semantics (sources.md §1.2), used only to do what DuckDB's
 * reader cannot: give every record its 1-based physical line number, and reject structural errors (bare quotes,
 * wrong field counts) with that line. Good records are copied, prefixed with their line number, into a
 * normalized file that DuckDB's parallel `read_csv` then parses and types. No value is decoded here.
 */

const QUOTE = 0x22;
const LF = 0x0a;
const CR = 0x0d;

export interface StructuralReject {
  line: number;
  reason: string;
}

export interface ScanOptions {
  delimiter: string;
  lazyQuotes: boolean;
  /** Whether the first record is a header (else every record is data and fields are c0…). */
  header: boolean;
  /** Enforce the header's field count on every record (Go's default). */
  fixedFieldCount: boolean;
}

/** One record's fields, split with Go semantics (used for the header and for the rare lazy-quoted records). */
export function splitRecord(text: string, delimiter: string, lazy: boolean): string[] {
  const fields: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) {
          value += text.slice(i);
          i = n;
          break;
        }
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else if (q + 1 >= n || text[q + 1] === delimiter) {
          i = q + 1;
          break;
        } else if (lazy) {
          value += '"';
          i = q + 1;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
    } else {
      const d = text.indexOf(delimiter, i);
      const end = d < 0 ? n : d;
      fields.push(text.slice(i, end));
      i = end;
    }
    if (i >= n) break;
    i++; // the delimiter
    if (i >= n) {
      fields.push('');
      break;
    }
  }
  return fields;
}

function quoteField(value: string, delimiter: string): string {
  if (value.includes('"') || value.includes(delimiter) || value.includes('\n') || value.includes('\r'))
    return `"${value.replaceAll('"', '""')}"`;
  return value;
}

/**
 * Streaming scanner: feed it chunks (UTF-8 bytes), it calls `emit` with normalized output bytes and collects
 * structural rejects. State is reset at each record start, so an incomplete record at the end of a chunk is
 * simply carried over and rescanned with the next chunk.
 */
export class CsvScanner {
  header: string[] | null = null;
  records = 0;
  readonly rejects: StructuralReject[] = [];
  private carry: Buffer | null = null;
  private line = 1;
  private readonly delim: number;
  private readonly prefixDelim: string;
  private outBuf = Buffer.allocUnsafe(1 << 22);
  private outPos = 0;

  constructor(
    private readonly options: ScanOptions,
    private readonly emit: (chunk: Buffer) => void,
    private readonly checkUtf8: boolean,
  ) {
    if (Buffer.byteLength(options.delimiter) !== 1) throw new Error('delimiter must be one byte');
    this.delim = options.delimiter.charCodeAt(0);
    this.prefixDelim = options.delimiter;
  }

  push(chunk: Buffer): void {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    this.carry = null;
    const consumed = this.scan(buf, false);
    if (consumed < buf.length) this.carry = buf.subarray(consumed);
    this.flushOut();
  }

  end(): void {
    if (this.carry) {
      const buf = Buffer.concat([this.carry, Buffer.from('\n')]);
      this.carry = null;
      this.scan(buf, true);
    }
    this.flushOut();
  }

  /** Field count of the records: the header's, or the first record's when there is no header. */
  private expected = -1;

  private chunkIsUtf8 = true;

  private scan(buf: Buffer, final: boolean): number {
    const { delim } = this;
    // One native check per chunk; records are checked one by one only in a chunk that fails it.
    if (this.checkUtf8) this.chunkIsUtf8 = isUtf8(buf);
    const lazy = this.options.lazyQuotes;
    const n = buf.length;
    let pos = 0;
    // Position of the next quote at or after `pos` (n when none): records before it cannot hold a quote.
    let nextQuote = -1;
    while (pos < n) {
      // One record starts at `pos`.
      const start = pos;
      const startLine = this.line;
      // Fast path, nearly every record of the big files: no quote before the line end. Native searches find
      // the line end and the next quote; only the delimiters are counted byte by byte.
      const lf = buf.indexOf(LF, pos);
      if (lf >= 0) {
        if (nextQuote < pos) {
          nextQuote = buf.indexOf(QUOTE, pos);
          if (nextQuote < 0) nextQuote = n;
        }
        if (nextQuote > lf) {
          let fields = 1;
          for (let i = pos; i < lf; i++) if (buf[i] === delim) fields++;
          const end = lf > start && buf[lf - 1] === CR ? lf - 1 : lf;
          pos = lf + 1;
          this.line++;
          if (end > start) this.record(buf, start, end, startLine, fields, null, false);
          continue;
        }
      }
      let lines = 0;
      let fields = 1;
      let error: string | null = null;
      let reencode = false;
      let quoted = false;
      let i = pos;
      let fieldStart = true;
      let complete = false;
      while (i < n) {
        const b = buf[i];
        if (quoted) {
          if (b === QUOTE) {
            const next = i + 1 < n ? buf[i + 1] : -1;
            if (next === QUOTE) {
              i += 2;
              continue;
            }
            if (next === -1 && !final) break; // need more bytes to decide
            if (next === delim || next === LF || next === -1 || (next === CR && (i + 2 >= n || buf[i + 2] === LF))) {
              quoted = false;
              i++;
              continue;
            }
            if (lazy) {
              reencode = true;
              i++;
              continue;
            }
            error ??= `extraneous or missing " in quoted-field (column ${fields})`;
            quoted = false;
            i++;
            continue;
          }
          if (b === LF) lines++;
          i++;
          continue;
        }
        if (b === LF) {
          complete = true;
          break;
        }
        if (b === delim) {
          fields++;
          fieldStart = true;
          i++;
          continue;
        }
        if (b === QUOTE) {
          if (fieldStart) quoted = true;
          else if (lazy) reencode = true;
          else error ??= `bare " in non-quoted-field (column ${fields})`;
        }
        fieldStart = false;
        i++;
      }
      if (!complete) {
        if (!final) return start;
        if (quoted) error ??= 'extraneous or missing " in quoted-field: unterminated quoted field';
        i = n;
      }
      // The record is buf[start, end) without its line end.
      let end = i;
      if (end > start && buf[end - 1] === CR) end--;
      pos = i + 1;
      this.line += lines + 1;
      if (end === start) continue; // blank line: skipped, not a record
      this.record(buf, start, end, startLine, fields, error, reencode);
    }
    return pos;
  }

  private record(
    buf: Buffer,
    start: number,
    end: number,
    line: number,
    fields: number,
    error: string | null,
    reencode: boolean,
  ): void {
    const { options } = this;
    if (this.expected < 0) {
      this.expected = fields;
      if (options.header) {
        this.header = splitRecord(buf.toString('utf8', start, end), options.delimiter, true);
        return;
      }
    }
    this.records++;
    if (this.checkUtf8 && !this.chunkIsUtf8 && !isUtf8(buf.subarray(start, end)))
      error ??= 'invalid UTF-8 byte sequence';
    if (!error && options.fixedFieldCount && fields !== this.expected)
      error = `wrong number of fields: ${fields} instead of ${this.expected}`;
    if (error) {
      this.rejects.push({ line, reason: error });
      return;
    }
    if (!options.fixedFieldCount && fields !== this.expected) reencode = true;
    if (!reencode) {
      // Hot path: copy the record's bytes behind its line number into the output buffer. Digits and short
      // records are copied in JS: a native call per record costs more than the bytes.
      const need = 17 + (end - start);
      if (this.outPos + need > this.outBuf.length) this.flushOut(need);
      const out = this.outBuf;
      let o = this.outPos;
      let digits = 1;
      for (let v = line; v >= 10; v = Math.floor(v / 10)) digits++;
      for (let v = line, k = o + digits - 1; k >= o; k--, v = Math.floor(v / 10)) out[k] = 48 + (v % 10);
      o += digits;
      out[o++] = this.delim;
      if (end - start <= 256) for (let i = start; i < end; i++) out[o++] = buf[i];
      else o += buf.copy(out, o, start, end);
      out[o++] = LF;
      this.outPos = o;
      return;
    }
    const prefix = `${line}${this.prefixDelim}`;
    const values = splitRecord(buf.toString('utf8', start, end), options.delimiter, options.lazyQuotes);
    while (values.length < this.expected) values.push('');
    const text = values
      .slice(0, options.fixedFieldCount ? values.length : this.expected)
      .map((v) => quoteField(v, options.delimiter))
      .join(options.delimiter);
    this.write(Buffer.from(`${prefix}${text}\n`));
  }

  /** For a headerless, variable-width file: the number of columns written. */
  get width(): number {
    return this.expected;
  }

  private write(b: Buffer): void {
    if (this.outPos + b.length > this.outBuf.length) this.flushOut(b.length);
    this.outPos += b.copy(this.outBuf, this.outPos);
  }

  /** Hands the buffered output to `emit`; makes room for at least `need` more bytes. */
  private flushOut(need = 0): void {
    if (this.outPos > 0) this.emit(Buffer.from(this.outBuf.subarray(0, this.outPos)));
    this.outPos = 0;
    if (need > this.outBuf.length) this.outBuf = Buffer.allocUnsafe(need);
  }
}
