/**
 * Months as used everywhere in the project: the text form `YYYY-MM` at the edges (CLI, API, files),
 * and a month index (months since 0000-01, an integer) for arithmetic. Calendar lags are index differences.
 */

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function isMonth(text: string): boolean {
  return MONTH_RE.test(text);
}

/** `2024-06` → month index. Throws on anything else. */
export function monthIndex(text: string): number {
  const m = MONTH_RE.exec(text);
  if (!m) throw new RangeError(`not a month (YYYY-MM): ${JSON.stringify(text)}`);
  return Number(m[1]) * 12 + Number(m[2]) - 1;
}

export function monthText(index: number): string {
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function addMonths(text: string, n: number): string {
  return monthText(monthIndex(text) + n);
}

/** Months from `from` to `to`, both included. */
export function monthRange(from: string, to: string): string[] {
  const out: string[] = [];
  for (let i = monthIndex(from); i <= monthIndex(to); i++) out.push(monthText(i));
  return out;
}

/** The first day of the month as an ISO date, `2024-06` → `2024-06-01`. */
export function monthStart(text: string): string {
  monthIndex(text);
  return `${text}-01`;
}
