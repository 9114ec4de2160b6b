/**
 * `npm run bench generate`: wall time and peak memory of `sf generate`, run as a child process
 * (`/usr/bin/time -v` gives its maximum resident set size, worker threads included).
 * Scale: SF_BENCH_COMPANIES (default 20,000), plus a reference run at a tenth of it in the same script:
 * the time ratio shows that cost grows linearly, the memory ratio that it stays flat (streaming).
 * Figures are extrapolated to France scale (350,000 companies, 2016-01 … 2024-06) against the targets
 * of issue 2: under 10 minutes and 4 GB. SF_BENCH_COMPANIES=350000 measures France scale directly.
 */
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';

const FRANCE = 350_000;
const TARGET_SECONDS = 600;
const TARGET_BYTES = 4 * 2 ** 30;
const n = Number(process.env.SF_BENCH_COMPANIES ?? 20_000);
const out = join('bench', '_out', 'generate');

interface Run {
  companies: number;
  seconds: number;
  /** User + system CPU seconds of the child (all threads). */
  cpuSeconds: number;
  peakBytes: number;
  bytes: number;
  files: { file: string; rows: number; bytes: number }[];
}

function run(companies: number): Run {
  rmSync(out, { recursive: true, force: true });
  const started = performance.now();
  const r = spawnSync(
    '/usr/bin/time',
    ['-v', process.execPath, 'bin/sf.js', 'generate', '--out', out, '--companies', String(companies), '--json'],
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  const seconds = (performance.now() - started) / 1000;
  if (r.status !== 0) throw new Error(`sf generate failed (${r.status}): ${r.stderr}`);
  const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(r.stderr);
  if (!rss) throw new Error(`no peak memory reported by /usr/bin/time:\n${r.stderr}`);
  const cpu = (label: string) => Number(new RegExp(`${label} time \\(seconds\\): ([0-9.]+)`).exec(r.stderr)?.[1] ?? 0);
  const summary = JSON.parse(r.stdout);
  const files = [...summary.files, ...summary.truth];
  rmSync(out, { recursive: true, force: true });
  return {
    companies,
    seconds,
    cpuSeconds: cpu('User') + cpu('System'),
    peakBytes: Number(rss[1]) * 1024,
    bytes: files.reduce((s: number, f: { bytes: number }) => s + f.bytes, 0),
    files,
  };
}

const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MB`;
const reference = run(Math.max(1000, Math.round(n / 10)));
const main = run(n);
const perCompany = main.seconds / main.companies;
const franceSeconds = n >= FRANCE ? main.seconds : perCompany * FRANCE;

console.log(`sf generate, 2016-01 … 2024-06, ${main.companies.toLocaleString('en')} companies`);
console.log(`  wall time        ${main.seconds.toFixed(1)} s (${(perCompany * 1000).toFixed(2)} ms per company)`);
console.log(
  `  CPU time         ${main.cpuSeconds.toFixed(1)} s (all threads; machine load average ${loadavg()[0].toFixed(1)})`,
);
console.log(`  peak memory      ${mb(main.peakBytes)}`);
console.log(`  written          ${mb(main.bytes)}`);
for (const f of main.files.sort((a, b) => b.bytes - a.bytes)) {
  console.log(`    ${f.file.padEnd(44)} ${String(f.rows).padStart(12)} rows ${mb(f.bytes).padStart(9)}`);
}
console.log(
  `reference run, ${reference.companies.toLocaleString('en')} companies: ${reference.seconds.toFixed(1)} s, peak ${mb(reference.peakBytes)}`,
);
console.log(
  `  ratios (main / reference): companies ${(main.companies / reference.companies).toFixed(1)}×, time ${(main.seconds / reference.seconds).toFixed(1)}×, peak memory ${(main.peakBytes / reference.peakBytes).toFixed(2)}×`,
);
// On a machine shared with other work, wall time overstates; CPU time / cores is the idle-machine estimate.
const cpuBound = (main.cpuSeconds / Math.min(2, availableParallelism()) / main.companies) * FRANCE;
console.log(
  `France scale, CPU-bound estimate on an idle ${Math.min(2, availableParallelism())}-core machine: ${(cpuBound / 60).toFixed(1)} min`,
);
console.log(
  `France scale (${FRANCE.toLocaleString('en')} companies)${n >= FRANCE ? ' measured' : ' extrapolated linearly'}: ${(franceSeconds / 60).toFixed(1)} min (${((100 * franceSeconds) / TARGET_SECONDS).toFixed(0)}% of the 10-minute target), ~${mb((main.bytes * FRANCE) / n)} on disk; peak memory ${mb(main.peakBytes)} (${((100 * main.peakBytes) / TARGET_BYTES).toFixed(0)}% of 4 GB; flat in the number of companies)`,
);
