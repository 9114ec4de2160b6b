/**
 * Import speed: each big raw file of a generated delivery is imported by `sf import` (scanner + validation +
 * decoding + atomic insert) and read by a bare DuckDB `read_csv` (all VARCHAR, into a table) in the same process.
 * Reports the throughput ratio (target ≥ 0.5), the whole delivery's import time (clean layer included) and peak RSS.
 *
 *   npm run bench -- import                       # 3,000 companies (quick check)
 *   SF_BENCH_COMPANIES=350000 npm run bench -- import   # France scale
 *   SF_BENCH_DELIVERY=DIR npm run bench -- import       # an existing delivery
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recognise } from '../src/sources/registry.ts';
import { generate } from '../src/synth/generate.ts';
import { rebuildClean } from '../src/warehouse/clean/index.ts';
import { Warehouse } from '../src/warehouse/db.ts';
import { importPaths } from '../src/warehouse/import.ts';
import { listFiles } from '../src/warehouse/input.ts';
import { ensureSchema } from '../src/warehouse/schema.ts';

const companies = Number(process.env.SF_BENCH_COMPANIES ?? 3000);
const work = mkdtempSync(join(tmpdir(), 'sf-bench-import-'));
const now = () => performance.now() / 1000;

try {
  let delivery = process.env.SF_BENCH_DELIVERY;
  if (!delivery) {
    delivery = join(work, 'delivery');
    const t = now();
    await generate({ out: delivery, companies, seed: 1 });
    console.log(`generated ${companies} companies in ${(now() - t).toFixed(1)} s`);
  }
  const files = listFiles([delivery])
    .map((path) => ({ path, size: statSync(path).size, spec: recognise(path.split('/').pop()!.replace(/\.gz$/i, '')) }))
    .filter((f) => f.spec)
    .sort((a, b) => b.size - a.size);
  // Diane (UTF-16) is left out: a bare read_csv cannot read it.
  const big = files.filter((f) => f.spec?.id !== 'diane').slice(0, 5);

  console.log('\nfile                                      MB   bare read_csv   sf import   ratio (≥ 0.5)');
  for (const f of big) {
    const spec = f.spec!;
    const bare = await Warehouse.open(join(work, 'bare.duckdb'));
    let t = now();
    await bare.run(
      `CREATE TABLE t AS SELECT * FROM read_csv('${f.path}', delim='${spec.delimiter}', header=${spec.header !== false}, all_varchar=true, quote='"', escape='"')`,
    );
    const bareSeconds = now() - t;
    bare.close();
    rmSync(join(work, 'bare.duckdb'), { force: true });
    const ours = await Warehouse.open(join(work, 'ours.duckdb'));
    await ensureSchema(ours); // once per store, not per file: left out of the timing
    t = now();
    const r = await importPaths(ours, [f.path], { rebuildClean: false });
    const ourSeconds = now() - t;
    ours.close();
    rmSync(join(work, 'ours.duckdb'), { force: true });
    if (r.files[0]?.status !== 'imported') throw new Error(`${f.path}: ${r.files[0]?.error}`);
    const name = f.path.split('/').pop()!;
    console.log(
      `${name.padEnd(40)} ${(f.size / 1e6).toFixed(1).padStart(5)}   ${bareSeconds.toFixed(2).padStart(9)} s   ${ourSeconds.toFixed(2).padStart(7)} s   ${(bareSeconds / ourSeconds).toFixed(2)}`,
    );
  }

  const db = await Warehouse.open(join(work, 'all.duckdb'));
  const t = now();
  const r = await importPaths(db, [delivery], { rebuildClean: false });
  const raw = now() - t;
  await rebuildClean(db);
  const total = now() - t;
  db.close();
  const rows = r.files.reduce((a, f) => a + f.rows_read, 0);
  const failed = r.files.filter((f) => f.status !== 'imported').length;
  const mb = files.reduce((a, f) => a + f.size, 0) / 1e6;
  console.log(
    `\nwhole delivery: ${r.files.length} files, ${mb.toFixed(0)} MB, ${rows.toLocaleString('en')} lines in ${total.toFixed(1)} s (raw ${raw.toFixed(1)} s + clean layer ${(total - raw).toFixed(1)} s), ${failed} failed`,
  );
  console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
