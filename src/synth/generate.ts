/**
 * `generate(options)`: the whole synthetic delivery, company by company. Each company is simulated from its
 * own seeded stream, handed to every writer, then dropped: memory stays flat at any scale.
 */
import { closeSync, mkdirSync, openSync, readSync, renameSync, rmSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { UsageError } from '../common/errors.ts';
import { isMonth, monthIndex, monthText } from '../common/months.ts';
import { macroOf } from './macro.ts';
import type { World } from './model.ts';
import { geography } from './reference/geo.ts';
import { runShard, type ShardResult } from './shard.ts';
import { type FileSummary, PARTIAL_DIR } from './sink.ts';
import { writeMacro } from './writers/truth.ts';

export interface GenerateOptions {
  out: string;
  companies?: number;
  from?: string;
  to?: string;
  seed?: number;
  /** INSEE region codes (`27` or `R27`); every establishment lies in these regions. Default: all of France. */
  regions?: string[];
  /** Worker threads (default: one per core from 20,000 companies on, else 1). Output bytes do not depend on it. */
  threads?: number;
  /** Called every few hundred companies (for progress bars). */
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
  threads: number;
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
  return { seed, part: false, from: f, to: t, start, end, macro, departments: selected, departmentWeights: weights };
}

/** Shards run in worker threads from this many companies on (below, one thread is faster). */
const PARALLEL_FROM = 20_000;

export async function generate(options: GenerateOptions): Promise<Summary> {
  const started = performance.now();
  const companies = options.companies ?? DEFAULTS.companies;
  if (!Number.isInteger(companies) || companies < 1 || companies > 5_000_000)
    throw new UsageError(`--companies must be an integer between 1 and 5000000, got ${companies}`);
  const world = makeWorld(options);
  mkdirSync(options.out, { recursive: true });
  const threads = Math.max(
    1,
    Math.min(options.threads ?? (companies >= PARALLEL_FROM ? availableParallelism() : 1), 8, companies),
  );
  let results: ShardResult[];
  if (threads === 1) {
    results = [runShard(world, 0, companies, options.out, (done) => options.onProgress?.(done, companies))];
  } else {
    results = await runInWorkers(options, companies, threads);
  }
  const truthDir = join(options.out, '_truth');
  const macro = writeMacro(
    truthDir,
    world,
    results.map((r) => r.tally),
  );
  for (const dir of [options.out, truthDir]) rmSync(join(dir, PARTIAL_DIR), { recursive: true, force: true });
  const sum = (pick: (r: ShardResult) => number) => results.reduce((s, r) => s + pick(r), 0);
  const merged = (pick: (r: ShardResult) => FileSummary[], dir: string) =>
    pick(results[0]).map((f, k) => ({
      file: f.file,
      rows: results.reduce((s, r) => s + pick(r)[k].rows, 0),
      bytes: results.reduce((s, r) => s + pick(r)[k].bytes, 0),
      path: join(dir, f.file),
    }));
  return {
    out: options.out,
    companies,
    from: monthText(world.from),
    to: monthText(world.to),
    seed: world.seed,
    regions: [...new Set(world.departments.map((d) => d.region))].sort(),
    files: merged((r) => r.files, options.out),
    truth: [...merged((r) => r.truth, truthDir), { ...macro, path: join(truthDir, macro.file) }],
    procedures_known: sum((r) => r.proceduresKnown),
    procedures_total: sum((r) => r.proceduresTotal),
    threads,
    seconds: Math.round((performance.now() - started) / 100) / 10,
  };
}

/** Runs `threads` shards in worker threads, each in `out/.shard-k/`, then concatenates them in order. */
async function runInWorkers(options: GenerateOptions, companies: number, threads: number): Promise<ShardResult[]> {
  const { onProgress, ...plain } = options;
  const done = new Array<number>(threads).fill(0);
  // Workers load TypeScript through tsx, as the main process does (bin/sf.js).
  const entry = new URL('./shard-worker.ts', import.meta.url).href;
  // (resolved from tsx's package.json: `import.meta.resolve` is missing under vitest, `require.resolve` gives CJS)
  const tsxRoot = dirname(createRequire(import.meta.url).resolve('tsx/package.json'));
  const tsx = pathToFileURL(join(tsxRoot, 'dist/esm/api/index.mjs')).href;
  const code = `import(${JSON.stringify(tsx)}).then((m) => { m.register(); return import(${JSON.stringify(entry)}); })`;
  const bounds = (k: number) => Math.round((companies * k) / threads);
  const dirs = Array.from({ length: threads }, (_, k) => join(options.out, `.shard-${k}`));
  const results = await Promise.all(
    dirs.map(
      (dir, k) =>
        new Promise<ShardResult>((resolve, reject) => {
          const worker = new Worker(code, {
            eval: true,
            workerData: { options: plain, lo: bounds(k), hi: bounds(k + 1), dir },
          });
          worker.on('message', (msg: { progress?: number; result?: ShardResult }) => {
            if (msg.progress !== undefined) {
              done[k] = msg.progress;
              onProgress?.(
                done.reduce((a, b) => a + b, 0),
                companies,
              );
            }
            if (msg.result) resolve(msg.result);
          });
          worker.on('error', reject);
          worker.on('exit', (code) => {
            if (code !== 0) reject(new Error(`generation worker ${k} exited with code ${code}`));
          });
        }),
    ),
  );
  // Shard 0 carries the headers; later shards are appended to it in order, then it takes the real name.
  for (const [sub, pick] of [
    ['', (r: ShardResult) => r.files],
    ['_truth', (r: ShardResult) => r.truth],
  ] as const) {
    mkdirSync(join(options.out, sub), { recursive: true });
    for (const f of pick(results[0])) {
      const first = join(dirs[0], sub, f.file);
      for (let k = 1; k < threads; k++) appendFile(first, join(dirs[k], sub, f.file));
      renameSync(first, join(options.out, sub, f.file));
    }
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  return results;
}

function appendFile(target: string, source: string): void {
  const out = openSync(target, 'a');
  const input = openSync(source, 'r');
  const chunk = Buffer.allocUnsafe(16 << 20);
  for (;;) {
    const n = readSync(input, chunk, 0, chunk.length, null);
    if (n === 0) break;
    writeSync(out, chunk, 0, n);
  }
  closeSync(input);
  closeSync(out);
}
