/**
 * SQL fragments shared by the feature families. Time is a month index `m` (year × 12 + month − 1), and every
 * window runs over the named window `w`: one company's dense month grid (one row per calendar month, built by
 * `range()`, no gap), ordered by month. So a window of n rows is a window of n calendar months and the k-th
 * previous row is month m − k: a month without data is a row of NULLs, never skipped (the reference counted
 * rows of a gappy series, caveat C4).
 */
import { WORK } from './context.ts';

/** `DATE` column → month index. */
export const mi = (col: string): string => `CAST(year(${col}) * 12 + month(${col}) - 1 AS INTEGER)`;

/** `DATE` column of a source published `lag` months late → the month index from which it is known. */
export const knownFrom = (col: string, lag: number): string => `${mi(col)} + ${lag}`;

/** Month index → first day of the month. */
export const monthDate = (m: string): string =>
  `make_date(CAST(${m} // 12 AS BIGINT), CAST(${m} % 12 + 1 AS BIGINT), 1)`;

/**
 * The value of `expr` exactly `k` calendar months earlier (the grid is dense), NULL before the company's first
 * grid month. A plain row lag: checking `lag(m, k) = m − k` as well would double the window work for nothing.
 */
export const lag = (expr: string, k: number): string => `lag(${expr}, ${k}) OVER w`;

/** Window frame of the `n` months ending with the current one. */
export const lastMonths = (n: number): string => `w ROWS BETWEEN ${n - 1} PRECEDING AND CURRENT ROW`;

/** Mean of the known values of `expr` over the `n` months ending with the current one. */
export const mean = (expr: string, n: number): string => `avg(${expr}) OVER (${lastMonths(n)})`;

/**
 * The latest non-NULL value of `expr` within the `n` months ending with the current one (a coalesce of
 * calendar lags: much cheaper in DuckDB than `last_value(… IGNORE NULLS)` over a frame).
 */
export const latestWithin = (expr: string, n: number): string =>
  `coalesce(${expr}, ${Array.from({ length: n - 1 }, (_, i) => lag(expr, i + 1)).join(', ')})`;

/**
 * The rows of work table `table` (keyed by company `id`) for the companies of one chunk, as a subquery: the
 * chunk's joins then build hash tables of that chunk only.
 */
export type ChunkRows = (table: string) => string;

/** {@link ChunkRows} for the companies whose `id` is in [lo, hi). */
export const chunkRows =
  (lo: number, hi: number): ChunkRows =>
  (table) =>
    `(FROM ${WORK}.${table} WHERE id >= ${lo} AND id < ${hi})`;

/**
 * Sparse events `(id, m, …)` of a work table, aggregated onto the grid: an event dated before the company's
 * first grid month lands on that month, so that running windows over the grid still see it.
 */
export const eventsOnGrid = (rows: ChunkRows, table: string, aggregates: string): string =>
  `(SELECT x.id, greatest(x.m, d.m) AS m, ${aggregates}
    FROM ${rows(table)} x JOIN ${rows('debut')} d USING (id) GROUP BY ALL)`;

/**
 * Join mapping the SIREN expression `siren` to the integer company key `k.id`: work tables are keyed by it
 * (cheaper to hash and compare than text). Rows of SIRENs outside the perimeter table drop out: no grid row
 * would read them.
 */
export const companyKey = (siren: string): string =>
  `JOIN (SELECT id, siren AS k_siren FROM ${WORK}.company) k ON k.k_siren = ${siren}`;

/** a / b, NULL when b is 0 or NULL (DuckDB would give ±Infinity). */
export const ratio = (a: string, b: string): string => `(${a}) / NULLIF(${b}, 0)`;

/** A SQL string literal. */
export const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** `expr AS name` for every entry of a name → expression map. */
export const selectList = (columns: Record<string, string>): string[] =>
  Object.entries(columns).map(([name, expr]) => `${expr} AS ${name}`);
