/**
 * One shard of a generation: companies [lo, hi) written by every writer into `dir`. Shards are independent
 * (each company has its own random stream), so files of consecutive shards concatenate into the same bytes
 * as a single-process run.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { simulateCompany } from './company.ts';
import { monthOf } from './dates.ts';
import type { World } from './model.ts';
import type { FileSummary, Writer } from './sink.ts';
import { AccountsWriter } from './writers/accounts.ts';
import { ApWriter } from './writers/ap.ts';
import { PaydexWriter } from './writers/paydex.ts';
import { SireneWriter } from './writers/sirene.ts';
import { type MacroTally, TruthWriter } from './writers/truth.ts';
import { UrssafWriter } from './writers/urssaf.ts';

export interface ShardResult {
  files: FileSummary[];
  truth: FileSummary[];
  tally: MacroTally;
  proceduresKnown: number;
  proceduresTotal: number;
}

export function runShard(
  world: World,
  lo: number,
  hi: number,
  dir: string,
  onProgress?: (done: number) => void,
): ShardResult {
  const truthDir = join(dir, '_truth');
  mkdirSync(truthDir, { recursive: true });
  const truth = new TruthWriter(truthDir, world);
  const writers: Writer[] = [
    new SireneWriter(dir, world),
    new UrssafWriter(dir, world),
    new ApWriter(dir, world),
    new AccountsWriter(dir, world),
    new PaydexWriter(dir, world),
  ];
  let known = 0;
  let total = 0;
  for (let i = lo; i < hi; i++) {
    const c = simulateCompany(world, i);
    for (const w of writers) w.write(c);
    truth.write(c);
    if (c.procol.length) {
      total++;
      if (monthOf(c.procol[0].day) <= world.to) known++;
    }
    if (onProgress && ((i - lo) % 500 === 499 || i === hi - 1)) onProgress(i - lo + 1);
  }
  return {
    files: writers.flatMap((w) => w.close()),
    truth: truth.close(),
    tally: truth.tally,
    proceduresKnown: known,
    proceduresTotal: total,
  };
}
