/**
 * `npm run bench -- features`: the panel on a generated delivery (`sf generate` → `sf import` → panel),
 * 2016-01 to 2024-06. Environment:
 * - SF_BENCH_FEATURES_COMPANIES: size of the generated economy (default 5000; France scale is 350000);
 * - SF_BENCH_FEATURES_DB: an already imported store to use instead (e.g. a France-scale one), left untouched:
 *   the bench works on a copy;
 * - SF_BENCH_FEATURES_RERUN=0: build the full panel once, without the run to 2024-05 before it (halves the time
 *   at France scale; no incremental ratio then).
 * Figures printed, as ratios against reference runs in this same process:
 * - panel build time / copying every clean input table once (the floor for any job reading them);
 * - re-run after one more month of data / the run before it (incremental target: no slower than a full run);
 * - peak resident memory (target < 8 GB at France scale) and a linear extrapolation of the time to 350,000
 *   companies (target < 10 min).
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INPUTS } from '../src/features/inputs.ts';
import { buildPanel } from '../src/features/panel.ts';
import { generate } from '../src/synth/generate.ts';
import { Warehouse } from '../src/warehouse/db.ts';
import { importPaths } from '../src/warehouse/import.ts';

const FRANCE = 350_000;
const dir = mkdtempSync(join(tmpdir(), 'sf-bench-features-'));
const seconds = (t0: number) => (performance.now() - t0) / 1000;
/** CPU seconds of this process (all DuckDB threads): unlike wall time, barely affected by other load. */
const cpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
const path = join(dir, 'sf.duckdb');

try {
  const given = process.env.SF_BENCH_FEATURES_DB;
  if (given) copyFileSync(given, path);
  else {
    const companies = Number(process.env.SF_BENCH_FEATURES_COMPANIES ?? 5000);
    const t0 = performance.now();
    await generate({ out: join(dir, 'delivery'), companies, seed: 1 });
    const wh = await Warehouse.open(path);
    await importPaths(wh, [join(dir, 'delivery')]);
    wh.close();
    rmSync(join(dir, 'delivery'), { recursive: true, force: true });
    console.log(`generated and imported ${companies} companies in ${seconds(t0).toFixed(0)} s`);
  }
  const wh = await Warehouse.open(path);
  const size = await wh.one<{ companies: bigint; rows: bigint }>(
    `SELECT (SELECT count(*) FROM clean_perimetre) AS companies,
       ${Object.keys(INPUTS)
         .map((t) => `(SELECT count(*) FROM ${t})`)
         .join(' + ')} AS rows`,
  );
  const companies = Number(size?.companies);
  console.log(`store: ${companies} companies, ${Number(size?.rows).toLocaleString('en')} clean rows`);

  let t0 = performance.now();
  for (const t of Object.keys(INPUTS)) await wh.run(`CREATE OR REPLACE TABLE bench_copy_${t} AS SELECT * FROM ${t}`);
  const reference = seconds(t0);
  for (const t of Object.keys(INPUTS)) await wh.run(`DROP TABLE bench_copy_${t}`);

  const rerun = process.env.SF_BENCH_FEATURES_RERUN !== '0';
  t0 = performance.now();
  let c0 = cpu();
  const before = rerun ? await buildPanel(wh, { to: '2024-05' }) : undefined;
  const previous = seconds(t0);
  const previousCpu = cpu() - c0;
  t0 = performance.now();
  c0 = cpu();
  const full = await buildPanel(wh);
  const panel = seconds(t0);
  const panelCpu = cpu() - c0;
  const rss = process.resourceUsage().maxRSS / 1024 / 1024;
  wh.close();

  console.log(`reference (copy the clean inputs once): ${reference.toFixed(2)} s`);
  if (before) console.log(`panel to 2024-05: ${before.rows.toLocaleString('en')} rows in ${previous.toFixed(2)} s`);
  console.log(
    `panel to 2024-06: ${full.rows.toLocaleString('en')} rows × ${full.features} features in ${panel.toFixed(2)} s ` +
      `(${Math.round(full.rows / panel).toLocaleString('en')} rows/s)`,
  );
  console.log(`panel CPU time: ${panelCpu.toFixed(1)} s (wall on an idle 2-core machine ≈ CPU / 2 when parallel)`);
  console.log(`ratio panel / reference: ${(panel / reference).toFixed(1)}`);
  if (before)
    console.log(
      `ratio re-run with one more month / previous run: ${(panel / previous).toFixed(2)} wall, ` +
        `${(panelCpu / previousCpu).toFixed(2)} CPU`,
    );
  console.log(`peak RSS: ${rss.toFixed(2)} GB`);
  console.log(
    `linear extrapolation to ${FRANCE.toLocaleString('en')} companies: ` +
      `${((panel * FRANCE) / companies / 60).toFixed(1)} min wall here, ` +
      `${((panelCpu * FRANCE) / companies / 60).toFixed(1)} min of CPU (target < 10 min wall)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
