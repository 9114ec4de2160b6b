import { type OptionSpec, type OptionValues, str } from './command.ts';

/** `--db FILE`, else `$SF_DB`, else `./data/sf.duckdb` (the contract's analytical store). */
export const dbOption: OptionSpec = { db: { type: 'string' } };
export function dbPath(values: OptionValues): string {
  return str(values, 'db') ?? process.env.SF_DB ?? './data/sf.duckdb';
}

/** `--database-url URL`, else `$DATABASE_URL`, else the embedded PGlite directory `./data/app`. */
export const appStoreOption: OptionSpec = { 'database-url': { type: 'string' } };
export function appStoreUrl(values: OptionValues): string {
  return str(values, 'database-url') ?? process.env.DATABASE_URL ?? './data/app';
}
