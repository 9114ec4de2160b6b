/**
 * Staging of a UTF-16 file read in several chunks (a France-scale Diane export is 450 MB: decoding it in one piece
 * failed): a character whose surrogate pair is cut by a chunk boundary must come out whole.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recognise } from '../../src/sources/registry.ts';
import { inputsOf } from '../../src/warehouse/input.ts';
import { stageFile } from '../../src/warehouse/stage.ts';

const dir = mkdtempSync(join(tmpdir(), 'sf-stage-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CHUNK = 1 << 20; // the read size of src/warehouse/input.ts

describe('staging a UTF-16 file', () => {
  it('decodes it chunk by chunk, a surrogate pair cut by a chunk boundary included', async () => {
    const header = 'Numéro Siren;Nom de l’entreprise\r\n';
    const rows: string[] = [];
    // Bytes so far: BOM (2) + 2 per UTF-16 code unit. Pad the names so that the emoji of one row starts 2 bytes
    // before the first chunk boundary: its high surrogate ends one chunk, its low surrogate starts the next.
    let units = header.length;
    for (let i = 0; units * 2 + 2 < 3 * CHUNK; i++) {
      const prefix = `${String(100000000 + i)};Société ${i} `;
      let name = prefix;
      const at = 2 + (units + prefix.length) * 2; // byte offset of the emoji if placed now
      if (at < CHUNK && at + 200 >= CHUNK - 2) name += 'x'.repeat((CHUNK - 2 - at) / 2);
      const row = `${name}😀\r\n`;
      rows.push(row);
      units += row.length;
    }
    const text = header + rows.join('');
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const cut = bytes.subarray(CHUNK - 2, CHUNK + 2).toString('utf16le');
    expect(cut).toBe('😀'); // the pair straddles the boundary
    const path = join(dir, 'diane_2406.csv');
    writeFileSync(path, bytes);

    const [input] = await inputsOf(path);
    const spec = recognise(input.name)!;
    const target = join(dir, 'staged.csv');
    const staged = await stageFile(input, spec, target);
    expect(staged.header).toEqual(['Numéro Siren', 'Nom de l’entreprise']);
    expect(staged.records).toBe(rows.length);
    expect(staged.rejects).toEqual([]);
    const out = readFileSync(target, 'utf8').split('\n').slice(0, -1);
    expect(out).toEqual(rows.map((r, i) => `${i + 2};${r.slice(0, -2)}`));
  });
});
