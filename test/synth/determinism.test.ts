// Same seed → same bytes (whatever the number of worker threads); another seed → another economy;
// company i does not depend on how many companies are generated.
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '../../src/synth/generate.ts';

const root = mkdtempSync(join(tmpdir(), 'sf-synth-det-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function delivery(name: string, companies: number, seed: number, threads = 1): Promise<Map<string, string>> {
  const out = join(root, name);
  await generate({ out, companies, seed, threads, from: '2019-01', to: '2023-12' });
  const hashes = new Map<string, string>();
  for (const sub of ['', '_truth']) {
    for (const f of readdirSync(join(out, sub)).filter((x) => x.endsWith('.csv'))) {
      hashes.set(
        join(sub, f),
        createHash('sha256')
          .update(readFileSync(join(out, sub, f)))
          .digest('hex'),
      );
    }
  }
  return hashes;
}

let a: Map<string, string>;
beforeAll(async () => {
  a = await delivery('a', 300, 3);
});

describe('determinism', () => {
  it('gives identical bytes for the same seed, in one thread or two', async () => {
    const b = await delivery('b', 300, 3);
    const c = await delivery('c', 300, 3, 2);
    expect(a.size).toBe(20);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
  });

  it('gives another economy for another seed', async () => {
    const other = await delivery('e', 300, 4);
    for (const f of ['sireneUL.csv', 'sigfaible_debits.csv', 'sigfaible_effectif_siret.csv', '_truth/risk.csv']) {
      expect(other.get(f), f).not.toBe(a.get(f));
    }
  });

  it('simulates company i the same whatever the number of companies', async () => {
    await delivery('small', 120, 3);
    const lines = (name: string) => readFileSync(join(root, name, 'sireneUL.csv'), 'utf8').split('\n');
    expect(lines('small').slice(0, 121)).toEqual(lines('a').slice(0, 121));
  });
});
