/**
 * Import speed: the whole delivery is imported by `importPaths` (scanner + validation + decoding + atomic insert,
 * then the clean layer), timing each file; each big raw file is also read by a bare DuckDB `read_csv` (all
 * VARCHAR, into a table, same DuckDB settings as the import) in the same process. Reports, per big file, the
 * throughput ratio bare / ours (target ≥ 0.5) in wall time and in CPU time (process CPU: our JS and DuckDB's
 * threads; less sensitive than wall time to other work on a shared machine), the whole delivery's time and peak RSS.
 *
 *   npm run bench -- import                              # 3,000 companies (quick check)
 *   SF_BENCH_COMPANIES=350000 npm run bench -- import    # France scale
 *   SF_BENCH_DELIVERY=DIR npm run bench -- import        # an existing delivery
 *   SF_BENCH_JSON=FILE                                   # also write the figures as JSON
 *   SF_BENCH_TMP=DIR                                     # where the stores go (default: the OS temp dir)
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recognise } from '../src/sources/registry.ts';
import { lit } from '../src/sources/spec.ts';
import { generate } from '../src/synth/generate.ts';
import { rebuildClean } from '../src/warehouse/clean/index.ts';
import { Warehouse } from '../src/warehouse/db.ts';
import { IMPORT_SETTINGS, importPaths } from '../src/warehouse/import.ts';
import { listFiles } from '../src/warehouse/input.ts';

const companies = Number(process.env.SF_BENCH_COMPANIES ?? 3000);
const work = mkdtempSync(join(process.env.SF_BENCH_TMP ?? tmpdir(), 'sf-bench-import-'));

interface Clock {
  wall: number;
  cpu: number;
}
const clock = (): Clock => {
  const c = process.cpuUsage();
  return { wall: performance.now() / 1000, cpu: (c.user + c.system) / 1e6 };
};
const since = (t: Clock): Clock => {
  const n = clock();
  return { wall: n.wall - t.wall, cpu: n.cpu - t.cpu };
};

try {
  let delivery = process.env.SF_BENCH_DELIVERY;
  if (!delivery) {
    delivery = join(work, 'delivery');
    const t = clock();
    await generate({ out: delivery, companies, seed: 1 });
    console.log(`generated ${companies} companies in ${since(t).wall.toFixed(1)} s`);
  }
  const files = listFiles([delivery])
    .map((path) => ({ path, size: statSync(path).size, spec: recognise(path.split('/').pop()!.replace(/\.gz$/i, '')) }))
    .filter((f) => f.spec)
    .sort((a, b) => b.size - a.size);
  // Diane (UTF-16) is left out: a bare read_csv cannot read it.
  const big = files.filter((f) => f.spec?.id !== 'diane').slice(0, 5);

  // The reference: a bare read_csv of each big file into a table, in a store of its own.
  const bare = new Map<string, Clock>();
  for (const f of big) {
    const spec = f.spec!;
    const db = await Warehouse.open(join(work, 'bare.duckdb'));
    for (const [name, value] of Object.entries(IMPORT_SETTINGS)) await db.run(`SET ${name} = ${lit(value)}`);
    const t = clock();
    await db.run(
      `CREATE TABLE t AS SELECT * FROM read_csv(${lit(f.path)}, delim=${lit(spec.delimiter)}, header=${spec.header !== false}, all_varchar=true, quote='"', escape='"')`,
    );
    bare.set(f.path, since(t));
    db.close();
    rmSync(join(work, 'bare.duckdb'), { force: true });
    rmSync(join(work, 'bare.duckdb.wal'), { force: true });
  }

  // Ours: the whole delivery, each file timed from its start to its report.
  const ours = new Map<string, Clock>();
  const db = await Warehouse.open(join(work, 'all.duckdb'));
  let fileStart = clock();
  const t = clock();
  const r = await importPaths(db, [delivery], {
    rebuildClean: false,
    onFile: ({ path, report }) => {
      if (report) ours.set(path, since(fileStart));
      else fileStart = clock();
    },
  });
  const raw = since(t);
  await db.withSettings(IMPORT_SETTINGS, () => rebuildClean(db)); // as `sf import` rebuilds it
  const total = since(t);
  db.close();

  const failed = r.files.filter((f) => f.status !== 'imported');
  if (failed.length > 0) throw new Error(failed.map((f) => `${f.path}: ${f.error}`).join('\n'));
  const rows = r.files.reduce((a, f) => a + f.rows_read, 0);
  const mb = files.reduce((a, f) => a + f.size, 0) / 1e6;
  const table = big.map((f) => {
    const b = bare.get(f.path)!;
    const o = ours.get(f.path)!;
    return {
      file: f.path.split('/').pop()!,
      mb: f.size / 1e6,
      bare_s: b.wall,
      bare_cpu_s: b.cpu,
      ours_s: o.wall,
      ours_cpu_s: o.cpu,
      ratio: b.wall / o.wall,
      cpu_ratio: b.cpu / o.cpu,
    };
  });
  console.log(
    '\nfile                                         MB   bare read_csv (cpu)   sf import (cpu)   ratio (cpu ratio), target ≥ 0.5',
  );
  for (const x of table)
    console.log(
      `${x.file.padEnd(42)} ${x.mb.toFixed(1).padStart(7)}   ${x.bare_s.toFixed(1).padStart(7)} s (${x.bare_cpu_s.toFixed(1).padStart(6)})   ${x.ours_s.toFixed(1).padStart(7)} s (${x.ours_cpu_s.toFixed(1).padStart(6)})   ${x.ratio.toFixed(2)} (${x.cpu_ratio.toFixed(2)})`,
    );
  console.log('\nother files (our import only):');
  for (const f of files.filter((x) => !big.includes(x))) {
    const o = ours.get(f.path);
    if (o)
      console.log(
        `${f.path.split('/').pop()!.padEnd(42)} ${(f.size / 1e6).toFixed(1).padStart(7)}   ${o.wall.toFixed(1).padStart(7)} s (cpu ${o.cpu.toFixed(1)})`,
      );
  }
  const peakMb = process.resourceUsage().maxRSS / 1024;
  console.log(
    `\nwhole delivery: ${r.files.length} files, ${mb.toFixed(0)} MB, ${rows.toLocaleString('en')} lines in ${total.wall.toFixed(1)} s, cpu ${total.cpu.toFixed(1)} s (raw ${raw.wall.toFixed(1)} s + clean layer ${(total.wall - raw.wall).toFixed(1)} s)`,
  );
  console.log(`peak RSS (whole bench process): ${peakMb.toFixed(0)} MB`);
  if (process.env.SF_BENCH_JSON)
    writeFileSync(
      process.env.SF_BENCH_JSON,
      `${JSON.stringify({ delivery, mb, rows, files: table, total, raw, peak_rss_mb: peakMb, others: Object.fromEntries([...ours].map(([p, c]) => [p.split('/').pop(), c])) }, null, 2)}\n`,
    );
} finally {
  rmSync(work, { recursive: true, force: true });
}
