/**
 * `npm run bench -- features`: builds the panel on a toy economy written straight into the clean layer
 * (test/features/economy.ts), 2016-01 to 2024-06, in a DuckDB file.
 * SF_BENCH_COMPANIES (default 20000; France scale is 350000) sets the size. Figures printed:
 * - panel build time, as a ratio to a reference run in the same process: copying every clean input table once
 *   (the floor for any job reading them), and the same ratio per panel row;
 * - the re-run after one more month of data, as a ratio to the run before it (target ≤ ~1: no slower);
 * - peak resident memory of the process (target < 8 GB at France scale), and a linear extrapolation of the
 *   time to 350,000 companies (target < 10 min).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INPUTS } from '../src/features/inputs.ts';
import { buildPanel } from '../src/features/panel.ts';
import { Warehouse } from '../src/warehouse/db.ts';
import { economy } from '../test/features/economy.ts';

const companies = Number(process.env.SF_BENCH_COMPANIES ?? 20_000);
const FRANCE = 350_000;
const dir = mkdtempSync(join(tmpdir(), 'sf-bench-features-'));
const seconds = (t0: number) => (performance.now() - t0) / 1000;

try {
  const wh = await Warehouse.open(join(dir, 'sf.duckdb'));
  let t0 = performance.now();
  await economy(wh, { companies, from: '2014-01', to: '2024-06' });
  const inputRows = await wh.one<{ n: bigint }>(
    `SELECT ${Object.keys(INPUTS)
      .map((t) => `(SELECT count(*) FROM ${t})`)
      .join(' + ')} AS n`,
  );
  console.log(
    `economy: ${companies} companies, ${Number(inputRows?.n).toLocaleString('en')} clean rows (${seconds(t0).toFixed(1)} s)`,
  );

  t0 = performance.now();
  for (const t of Object.keys(INPUTS)) await wh.run(`CREATE OR REPLACE TABLE bench_copy_${t} AS SELECT * FROM ${t}`);
  const reference = seconds(t0);
  for (const t of Object.keys(INPUTS)) await wh.run(`DROP TABLE bench_copy_${t}`);

  t0 = performance.now();
  const before = await buildPanel(wh, { to: '2024-05' });
  const previous = seconds(t0);
  t0 = performance.now();
  const full = await buildPanel(wh);
  const panel = seconds(t0);
  const rss = process.resourceUsage().maxRSS / 1024 / 1024;

  console.log(`reference (copy the clean inputs once): ${reference.toFixed(2)} s`);
  console.log(`panel to 2024-05: ${before.rows.toLocaleString('en')} rows in ${previous.toFixed(2)} s`);
  console.log(
    `panel to 2024-06: ${full.rows.toLocaleString('en')} rows × ${full.features} features in ${panel.toFixed(2)} s ` +
      `(${Math.round(full.rows / panel).toLocaleString('en')} rows/s)`,
  );
  console.log(`ratio panel / reference: ${(panel / reference).toFixed(1)}`);
  console.log(`ratio re-run with one more month / previous run: ${(panel / previous).toFixed(2)}`);
  console.log(`peak RSS: ${rss.toFixed(2)} GB`);
  console.log(
    `linear extrapolation to ${FRANCE.toLocaleString('en')} companies: ${((panel * FRANCE) / companies / 60).toFixed(1)} min (target < 10)`,
  );
  wh.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
