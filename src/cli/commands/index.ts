import type { Command, CommandGroup } from '../command.ts';

type Entry = { name: string; summary: string; load: () => Promise<Command> } | CommandGroup;

// Lazy imports: `sf --help` must not load DuckDB, PGlite or the learner.
const cmd = (name: string, summary: string, load: () => Promise<{ default: Command }>): Entry => ({
  name,
  summary,
  load: async () => (await load()).default,
});
const sub = (load: () => Promise<{ default: Command }>) => async () => (await load()).default;

export const registry: Record<string, Entry> = {
  generate: cmd('generate', 'write a synthetic economy as a raw delivery', () => import('./generate.ts')),
  import: cmd('import', 'import raw files into the analytical store', () => import('./import.ts')),
  inspect: cmd('inspect', 'everything the store knows about one company', () => import('./inspect.ts')),
  features: cmd('features', 'build the monthly company panel', () => import('./features.ts')),
  train: cmd('train', 'train, evaluate and calibrate the model', () => import('./train.ts')),
  predict: cmd('predict', 'score every company for a month', () => import('./predict.ts')),
  backtest: cmd('backtest', 'monthly evaluation table of the model', () => import('./backtest.ts')),
  publish: cmd('publish', 'publish a detection list into the app store', () => import('./publish.ts')),
  serve: cmd('serve', 'run the web app and API', () => import('./serve.ts')),
  users: {
    name: 'users',
    summary: 'manage agent accounts',
    subcommands: { add: sub(() => import('./users-add.ts')) },
  },
  learn: {
    name: 'learn',
    summary: 'the learning engine on any CSV table',
    subcommands: {
      cv: sub(() => import('./learn-cv.ts')),
      train: sub(() => import('./learn-train.ts')),
      predict: sub(() => import('./learn-predict.ts')),
    },
  },
  demo: cmd('demo', 'run every stage on a synthetic economy and serve the app', () => import('./demo.ts')),
};
