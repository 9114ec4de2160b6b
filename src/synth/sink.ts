/**
 * A raw file being written: text buffered in memory up to ~1 MB, then appended synchronously, so memory stays
 * flat whatever the number of companies. Written in `.partial/` and moved to its real name when complete, so a
 * delivery directory never holds a half-written file that an importer could pick up.
 */
import { closeSync, mkdirSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Company } from './model.ts';

export interface FileSummary {
  file: string;
  rows: number;
  bytes: number;
}

const BUFFER_BYTES = 4 << 20;

/** Where files are written before they are complete (removed by `generate` at the end). */
export const PARTIAL_DIR = '.partial';

export class Sink {
  rows = 0;
  bytes = 0;
  // Text is encoded straight into one reusable buffer: building a long string and converting it later would
  // cost far more in string flattening and garbage collection.
  private readonly buffer = Buffer.allocUnsafe(BUFFER_BYTES);
  private pos = 0;
  private readonly fd: number;
  private readonly path: string;
  private readonly partial: string;
  private readonly bytesPerChar: number;

  /**
   * `part`: this file is a later shard of a file being generated in parallel; it gets no header and no
   * byte-order mark, so that the shards can simply be concatenated in order.
   */
  constructor(
    dir: string,
    readonly file: string,
    private readonly part: boolean,
    private readonly encoding: 'utf8' | 'utf16le' = 'utf8',
  ) {
    this.path = join(dir, file);
    // Written in a hidden folder first: a half-written `sigfaible_effectif_siret.csv.part` left by a crash
    // would otherwise match the importer's `effectif_` name rule.
    this.partial = join(dir, PARTIAL_DIR, file);
    mkdirSync(join(dir, PARTIAL_DIR), { recursive: true });
    this.fd = openSync(this.partial, 'w');
    this.bytesPerChar = encoding === 'utf8' ? 3 : 2;
    if (encoding === 'utf16le' && !part) this.append('\ufeff'); // byte-order mark FF FE
  }

  /** The header line (not counted as a row). */
  header(text: string): void {
    if (!this.part) this.append(text);
  }

  /** One data line (or several joined lines: pass their count). */
  row(text: string, count = 1): void {
    this.rows += count;
    this.append(text);
  }

  private append(text: string): void {
    const worst = text.length * this.bytesPerChar;
    if (this.pos + worst > BUFFER_BYTES) this.flush();
    if (worst > BUFFER_BYTES) {
      const bytes = Buffer.from(text, this.encoding);
      writeSync(this.fd, bytes);
      this.bytes += bytes.length;
      return;
    }
    this.pos += this.buffer.write(text, this.pos, this.encoding);
  }

  private flush(): void {
    if (this.pos === 0) return;
    writeSync(this.fd, this.buffer, 0, this.pos);
    this.bytes += this.pos;
    this.pos = 0;
  }

  close(): FileSummary {
    this.flush();
    closeSync(this.fd);
    renameSync(this.partial, this.path);
    return { file: this.file, rows: this.rows, bytes: this.bytes };
  }
}

/** A writer turns each simulated company into lines of one or more raw files. */
export interface Writer {
  write(company: Company): void;
  close(): FileSummary[];
}
