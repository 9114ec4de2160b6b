/**
 * Raw files as the importer sees them: a display path, the name used to recognise the source, the size and
 * sha256 of the delivered bytes, and a stream of decompressed bytes. `.gz` is gunzipped on the fly; each entry
 * of a `.zip` is one input. Directories are read at the top level only (like the reference), skipping names that
 * start with `.` or `_` (`_truth/` of a generated delivery).
 */
import { createHash } from 'node:crypto';
import { createReadStream, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { unzipSync } from 'fflate';
import { SfError } from '../common/errors.ts';

export interface RawInput {
  path: string;
  /** File name without `.gz` (for a zip entry: the entry's base name). */
  name: string;
  size: number;
  sha256: string;
  /** The decompressed bytes; `onRead` gets how many of the `size` delivered bytes have been read so far. */
  open(onRead?: (bytes: number) => void): AsyncIterable<Buffer>;
}

async function hashFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Every file named by `paths` (directories expanded one level), sorted, without duplicates. */
export function listFiles(paths: string[]): string[] {
  const out = new Set<string>();
  for (const p of paths) {
    let st: ReturnType<typeof statSync>;
    try {
      st = statSync(p);
    } catch {
      throw new SfError('no such file or directory', { file: p });
    }
    if (st.isDirectory()) {
      for (const f of readdirSync(p).sort()) {
        if (f.startsWith('.') || f.startsWith('_')) continue;
        const full = join(p, f);
        if (statSync(full).isFile()) out.add(full);
      }
    } else out.add(p);
  }
  return [...out];
}

async function* chunksOf(data: Uint8Array, onRead?: (bytes: number) => void): AsyncIterable<Buffer> {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  for (let i = 0; i < buf.length; i += 1 << 20) {
    onRead?.(Math.min(i + (1 << 20), buf.length));
    yield buf.subarray(i, i + (1 << 20));
  }
}

/** The inputs held by one file: itself, or the entries of a zip archive. */
export async function inputsOf(path: string): Promise<RawInput[]> {
  const base = basename(path);
  if (/\.zip$/i.test(base)) {
    let entries: Record<string, Uint8Array>;
    try {
      entries = unzipSync(readFileSync(path));
    } catch (e) {
      throw new SfError(`unreadable zip archive: ${(e as Error).message}`, { file: path });
    }
    return Object.entries(entries)
      .filter(([name]) => !name.endsWith('/'))
      .map(([name, data]) => ({
        path: `${path}/${name}`,
        name: basename(name).replace(/\.gz$/i, ''),
        size: data.byteLength,
        sha256: createHash('sha256').update(data).digest('hex'),
        open: (onRead) => (/\.gz$/i.test(name) ? gunzipStream(chunksOf(data, onRead)) : chunksOf(data, onRead)),
      }));
  }
  const size = statSync(path).size;
  const sha256 = await hashFile(path);
  const gz = /\.gz$/i.test(base);
  return [
    {
      path,
      name: base.replace(/\.gz$/i, ''),
      size,
      sha256,
      open: (onRead) => {
        const raw = createReadStream(path, { highWaterMark: 1 << 20 });
        if (onRead) raw.on('data', () => onRead(raw.bytesRead));
        return gz ? raw.pipe(createGunzip({ chunkSize: 1 << 20 })) : raw;
      },
    },
  ];
}

async function* gunzipStream(source: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  const gunzip = createGunzip();
  const feed = (async () => {
    for await (const c of source) if (!gunzip.write(c)) await new Promise((r) => gunzip.once('drain', r));
    gunzip.end();
  })();
  for await (const c of gunzip) yield c as Buffer;
  await feed;
}
