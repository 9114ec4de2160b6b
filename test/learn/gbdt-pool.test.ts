import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));

describe('worker pool', () => {
  it('starts its TypeScript workers in a plain Node process that registers tsx as bin/sf.js does', () => {
    // The same start-up as bin/sf.js: tsx registered from code, no --import flag.
    const script = `
      import { register } from 'tsx/esm/api';
      register();
      const { trainGbdt } = await import('./src/learn/boosting.ts');
      const { WorkerPool } = await import('./src/learn/pool.ts');
      const n = 2000;
      const x = Float64Array.from({ length: n }, (_, r) => (r * 7919) % 1000);
      const y = Float64Array.from(x, (v) => (v > 700 ? 1 : 0));
      const pool = await WorkerPool.create(2);
      const m = await trainGbdt({ data: { nRows: n, featureNames: ['x'], columns: [x] }, y }, { nTrees: 3 }, { pool });
      await pool.close();
      console.log(JSON.stringify({ threads: pool.threads, trees: m.ensemble.trees.length, threshold: m.ensemble.trees[0].threshold[0] }));
    `;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: root, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ threads: 2, trees: 3 });
    // The cut between 700 and 701 (a quantile bin edge: 1000 distinct values, 255 bins).
    expect(out.threshold).toBeGreaterThan(700);
    expect(out.threshold).toBeLessThanOrEqual(701);
  });
});
