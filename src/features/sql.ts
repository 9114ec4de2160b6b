/**
 * SQL fragments shared by the feature families. Time is a month index `m` (year × 12 + month − 1), so that
 * calendar lags and windows are plain arithmetic on `m` inside `RANGE` frames: a month missing from a series
 * leaves its lag NULL instead of shifting it (the reference counted rows, caveat C4).
 * Every window expression runs over the named window `w` (one company, ordered by month).
 */

/** `DATE` column → month index. */
export const mi = (col: string): string => `CAST(year(${col}) * 12 + month(${col}) - 1 AS INTEGER)`;

/** Month index → first day of the month. */
export const monthDate = (m: string): string =>
  `make_date(CAST(${m} // 12 AS BIGINT), CAST(${m} % 12 + 1 AS BIGINT), 1)`;

/** The value of `expr` exactly `k` calendar months earlier, NULL when that month is absent. */
export const lag = (expr: string, k: number): string =>
  `max(${expr}) OVER (w RANGE BETWEEN ${k} PRECEDING AND ${k} PRECEDING)`;

/** Mean of the known values of `expr` over the `n` months ending with the current one. */
export const mean = (expr: string, n: number): string =>
  `avg(${expr}) OVER (w RANGE BETWEEN ${n - 1} PRECEDING AND CURRENT ROW)`;

/** The latest non-NULL value of `expr` within the `n` months ending with the current one. */
export const latestWithin = (expr: string, n: number): string =>
  `last_value(${expr} IGNORE NULLS) OVER (w RANGE BETWEEN ${n - 1} PRECEDING AND CURRENT ROW)`;

/** a / b, NULL when b is 0 or NULL (DuckDB would give ±Infinity). */
export const ratio = (a: string, b: string): string => `(${a}) / NULLIF(${b}, 0)`;

/** A SQL string literal. */
export const literal = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** `expr AS name` for every entry of a name → expression map. */
export const selectList = (columns: Record<string, string>): string[] =>
  Object.entries(columns).map(([name, expr]) => `${expr} AS ${name}`);
