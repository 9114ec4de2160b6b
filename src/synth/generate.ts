/**
 * `generate(options)`: the whole synthetic delivery, company by company. Each company is simulated from its
 * own seeded stream, handed to every writer, then dropped: memory stays flat at any scale.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../common/errors.ts';
import { isMonth, monthIndex, monthText } from '../common/months.ts';
import { simulateCompany, type World } from './company.ts';
import { monthOf } from './dates.ts';
import { macroOf } from './macro.ts';
import { geography } from './reference/geo.ts';
import type { FileSummary, Writer } from './sink.ts';
import { AccountsWriter } from './writers/accounts.ts';
import { ApWriter } from './writers/ap.ts';
import { PaydexWriter } from './writers/paydex.ts';
import { SireneWriter } from './writers/sirene.ts';
import { TruthWriter } from './writers/truth.ts';
import { UrssafWriter } from './writers/urssaf.ts';

export interface GenerateOptions {
  out: string;
  companies?: number;
  from?: string;
  to?: string;
  seed?: number;
  /** INSEE region codes (`27` or `R27`); every establishment lies in these regions. Default: all of France. */
  regions?: string[];
  /** Called after each company (for progress bars). */
  onProgress?: (done: number, total: number) => void;
}

export interface Summary {
  out: string;
  companies: number;
  from: string;
  to: string;
  seed: number;
  regions: string[];
  files: (FileSummary & { path: string })[];
  truth: (FileSummary & { path: string })[];
  /** Companies whose first procedure opening is known at `--to`, and all of them including later ones. */
  procedures_known: number;
  procedures_total: number;
  seconds: number;
}

export const DEFAULTS = { companies: 2000, from: '2016-01', to: '2024-06', seed: 1 } as const;

/** Builds the shared world, checking the options (usage errors name the option). */
export function makeWorld(options: GenerateOptions): World {
  const from = options.from ?? DEFAULTS.from;
  const to = options.to ?? DEFAULTS.to;
  if (!isMonth(from)) throw new UsageError(`--from must be a month YYYY-MM, got ${JSON.stringify(from)}`);
  if (!isMonth(to)) throw new UsageError(`--to must be a month YYYY-MM, got ${JSON.stringify(to)}`);
  const f = monthIndex(from);
  const t = monthIndex(to);
  if (t - f < 12) throw new UsageError(`--to must be at least 12 months after --from (got ${from} … ${to})`);
  if (f < 2000 * 12 || t > 2049 * 12 + 11)
    throw new UsageError('--from and --to must lie in 2000–2049 (URSSAF 4-character periods)');
  const seed = options.seed ?? DEFAULTS.seed;
  if (!Number.isInteger(seed) || seed < 0) throw new UsageError(`--seed must be a non-negative integer, got ${seed}`);
  const { departments } = geography();
  const wanted = (options.regions ?? []).map((r) => r.trim().replace(/^R/i, '')).filter(Boolean);
  const all = [...departments.values()];
  const known = new Set(all.map((d) => d.region));
  for (const r of wanted) if (!known.has(r)) throw new UsageError(`--regions: unknown INSEE region code ${r}`);
  const selected = wanted.length ? all.filter((d) => wanted.includes(d.region)) : all;
  const weights = new Float64Array(selected.length);
  let s = 0;
  for (let i = 0; i < selected.length; i++) {
    s += selected[i].population;
    weights[i] = s;
  }
  const start = f - 24;
  const end = t + 24;
  const macro = [];
  for (let m = start; m <= end; m++) macro.push(macroOf(monthText(m)));
  return { seed, from: f, to: t, start, end, macro, departments: selected, departmentWeights: weights };
}

export async function generate(options: GenerateOptions): Promise<Summary> {
  const started = performance.now();
  const companies = options.companies ?? DEFAULTS.companies;
  if (!Number.isInteger(companies) || companies < 1 || companies > 5_000_000)
    throw new UsageError(`--companies must be an integer between 1 and 5000000, got ${companies}`);
  const world = makeWorld(options);
  const truthDir = join(options.out, '_truth');
  mkdirSync(truthDir, { recursive: true });
  const truth = new TruthWriter(truthDir, world);
  const writers: Writer[] = [
    new SireneWriter(options.out, world),
    new UrssafWriter(options.out, world),
    new ApWriter(options.out, world),
    new AccountsWriter(options.out, world),
    new PaydexWriter(options.out, world),
  ];
  let known = 0;
  let total = 0;
  const cutMonth = world.to;
  for (let i = 0; i < companies; i++) {
    const c = simulateCompany(world, i);
    for (const w of writers) w.write(c);
    truth.write(c);
    if (c.procol.length) {
      total++;
      if (monthOf(c.procol[0].day) <= cutMonth) known++;
    }
    if (options.onProgress && (i % 500 === 499 || i === companies - 1)) {
      options.onProgress(i + 1, companies);
      await new Promise((r) => setImmediate(r)); // let a TTY progress bar repaint
    }
  }
  const files = writers.flatMap((w) => w.close()).map((f) => ({ ...f, path: join(options.out, f.file) }));
  const truthFiles = truth.close().map((f) => ({ ...f, path: join(truthDir, f.file) }));
  return {
    out: options.out,
    companies,
    from: monthText(world.from),
    to: monthText(world.to),
    seed: world.seed,
    regions: [...new Set(world.departments.map((d) => d.region))].sort(),
    files,
    truth: truthFiles,
    procedures_known: known,
    procedures_total: total,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}
