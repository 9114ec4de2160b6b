/**
 * A raw file being written: text buffered in memory up to ~1 MB, then appended synchronously, so memory stays
 * flat whatever the number of companies. Written under a temporary name and renamed when complete, so a
 * delivery directory never holds a half-written file under its real name.
 */
import { closeSync, openSync, renameSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface FileSummary {
  file: string;
  rows: number;
  bytes: number;
}

const FLUSH_AT = 1 << 20;

export class Sink {
  rows = 0;
  bytes = 0;
  private buffer = '';
  private readonly fd: number;
  private readonly path: string;

  constructor(
    dir: string,
    readonly file: string,
    private readonly encoding: 'utf8' | 'utf16le' = 'utf8',
  ) {
    this.path = join(dir, file);
    this.fd = openSync(`${this.path}.part`, 'w');
    if (encoding === 'utf16le') this.raw(Buffer.from([0xff, 0xfe])); // byte-order mark
  }

  /** The header line (not counted as a row). */
  header(text: string): void {
    this.buffer += text;
  }

  /** One data line (or several joined lines: pass their count). */
  row(text: string, count = 1): void {
    this.rows += count;
    this.buffer += text;
    if (this.buffer.length >= FLUSH_AT) this.flush();
  }

  private raw(bytes: Buffer): void {
    writeSync(this.fd, bytes);
    this.bytes += bytes.length;
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    this.raw(Buffer.from(this.buffer, this.encoding));
    this.buffer = '';
  }

  close(): FileSummary {
    this.flush();
    closeSync(this.fd);
    renameSync(`${this.path}.part`, this.path);
    return { file: this.file, rows: this.rows, bytes: this.bytes };
  }
}

/** A writer turns each simulated company into lines of one or more raw files. */
export interface Writer {
  write(company: import('./company.ts').Company): void;
  close(): FileSummary[];
}
