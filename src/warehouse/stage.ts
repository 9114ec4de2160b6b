/**
 * First pass over one raw file: detect its encoding (UTF-8 with or without BOM, UTF-16 with BOM as in Diane
 * exports, Latin-1 as a fallback), run the Go-semantics scanner, and write the normalized file that DuckDB reads.
 * Whatever makes the file unusable as a whole (binary content, truncated gzip, no header) throws an SfError.
 */

import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, rmSync, writeSync } from 'node:fs';
import { SfError } from '../common/errors.ts';
import { CsvScanner, type StructuralReject } from '../sources/csv-scanner.ts';
import type { SourceSpec } from '../sources/spec.ts';
import type { RawInput } from './input.ts';

export interface Notice {
  line: number;
  field: string | null;
  value: string | null;
  reason: string;
}

export interface Staged {
  header: string[];
  width: number;
  records: number;
  rejects: StructuralReject[];
  warnings: Notice[];
}

const SNIFF = 1 << 16;

function latin1ToUtf8(b: Buffer): Buffer {
  return Buffer.from(b.toString('latin1'), 'utf8');
}

/** Staging in parts: each part is handed over as soon as it is written, while the scan goes on. */
export interface StageParts {
  /** Output bytes after which a part is closed (parts hold whole records). */
  bytes: number;
  /** A written part `<target>.<k>`, with the header and field count (known from the first record on). */
  onPart: (path: string, header: string[], width: number) => void;
}

/**
 * Writes the normalized records of `input` (line number first, then the fields) into `target`, or with `parts`
 * into `<target>.0`, `<target>.1`… (an empty last part is removed, not handed over).
 */
export async function stageFile(
  input: RawInput,
  spec: SourceSpec,
  target: string,
  onRead?: (bytes: number) => void,
  parts?: StageParts,
): Promise<Staged> {
  let part = 0;
  let path = parts ? `${target}.0` : target;
  let fd = openSync(path, 'w');
  let written = 0;
  const warnings: Notice[] = [];
  const scanner: CsvScanner = new CsvScanner(
    {
      delimiter: spec.delimiter,
      lazyQuotes: spec.lazyQuotes,
      header: spec.header !== false,
      fixedFieldCount: !spec.variableWidth,
    },
    (chunk) => {
      writeSync(fd, chunk); // the scanner emits whole records
      written += chunk.length;
      if (parts && written >= parts.bytes) {
        closeSync(fd);
        parts.onPart(path, scanner.header ?? [], scanner.width);
        path = `${target}.${++part}`;
        fd = openSync(path, 'w');
        written = 0;
      }
    },
    true,
  );
  try {
    let mode: 'utf8' | 'latin1' | 'utf16' | null = null;
    // UTF-16 (Diane exports, hundreds of MB at France scale) is decoded chunk by chunk; the decoder drops the BOM.
    let utf16: TextDecoder | null = null;
    let pending: Buffer[] = [];
    let pendingSize = 0;
    const decide = (sample: Buffer): void => {
      if (sample[0] === 0xff && sample[1] === 0xfe) utf16 = new TextDecoder('utf-16le', { fatal: true });
      else if (sample[0] === 0xfe && sample[1] === 0xff) utf16 = new TextDecoder('utf-16be', { fatal: true });
      else if (sample.includes(0)) throw new SfError('unreadable encoding: binary content or UTF-16 without BOM');
      else {
        // Only complete lines are judged, so that a multi-byte character cut by the sample does not count.
        const lastLf = sample.lastIndexOf(0x0a);
        const judged = lastLf > 0 ? sample.subarray(0, lastLf) : sample;
        mode = isUtf8(judged) ? 'utf8' : 'latin1';
        if (mode === 'latin1')
          warnings.push({ line: 1, field: null, value: null, reason: 'file is not UTF-8: read as Latin-1' });
      }
      if (utf16) mode = 'utf16';
    };
    const feed = (b: Buffer): void => {
      if (mode === 'latin1') scanner.push(latin1ToUtf8(b));
      else if (utf16) scanner.push(Buffer.from(utf16.decode(b, { stream: true }), 'utf8'));
      else scanner.push(b);
    };
    let first = true;
    for await (const chunk of input.open(onRead)) {
      let c = chunk;
      if (first && c.length >= 3 && c[0] === 0xef && c[1] === 0xbb && c[2] === 0xbf) c = c.subarray(3);
      first = false;
      if (mode !== null) {
        feed(c);
        continue;
      }
      pending.push(c);
      pendingSize += c.length;
      if (pendingSize >= SNIFF) {
        decide(Buffer.concat(pending));
        for (const p of pending) feed(p);
        pending = [];
      }
    }
    if (mode === null) {
      const all = Buffer.concat(pending);
      if (all.length === 0) throw new SfError('empty file: no header');
      decide(all);
      feed(all);
    }
    if (utf16) scanner.push(Buffer.from((utf16 as TextDecoder).decode(), 'utf8'));
    scanner.end();
  } catch (e) {
    if (e instanceof SfError) throw e;
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'Z_BUF_ERROR' || err.code === 'Z_DATA_ERROR' || /unexpected end of file/i.test(err.message))
      throw new SfError(`corrupt or truncated gzip data (${err.message})`);
    if (err instanceof TypeError) throw new SfError(`unreadable encoding: ${err.message}`);
    throw e;
  } finally {
    closeSync(fd);
  }
  if (spec.header !== false && !scanner.header) throw new SfError('empty file: no header');
  if (parts) {
    if (written > 0) parts.onPart(path, scanner.header ?? [], scanner.width);
    else rmSync(path, { force: true });
  }
  return {
    header: scanner.header ?? [],
    width: scanner.width,
    records: scanner.records,
    rejects: scanner.rejects,
    warnings,
  };
}
