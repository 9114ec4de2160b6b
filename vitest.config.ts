import { defineConfig } from 'vitest/config';

// Forks, not threads: DuckDB's native addon and our own worker_threads pools
// are only safe in a process of their own.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 120_000,
    hookTimeout: 300_000,
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
