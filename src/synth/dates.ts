/**
 * Dates inside the generator: a calendar day is the integer YYYYMMDD (easy to compare and to format in every
 * raw encoding); a month is the project's month index (`src/common/months.ts`).
 */

export type Day = number;

export function day(month: number, dom: number): Day {
  const y = Math.floor(month / 12);
  return y * 10000 + (month - y * 12 + 1) * 100 + dom;
}

export function monthOf(d: Day): number {
  const y = Math.floor(d / 10000);
  return y * 12 + (Math.floor(d / 100) % 100) - 1;
}

export function yearOf(d: Day): number {
  return Math.floor(d / 10000);
}

const LAST_DOM = new Map<number, number>();

export function lastDom(month: number): number {
  let d = LAST_DOM.get(month);
  if (d === undefined) {
    const y = Math.floor(month / 12);
    d = new Date(Date.UTC(y, month - y * 12 + 1, 0)).getUTCDate();
    LAST_DOM.set(month, d);
  }
  return d;
}

export function endOfMonth(month: number): Day {
  return day(month, lastDom(month));
}

export function addDays(d: Day, n: number): Day {
  const t = new Date(Date.UTC(Math.floor(d / 10000), (Math.floor(d / 100) % 100) - 1, d % 100) + n * 86_400_000);
  return t.getUTCFullYear() * 10000 + (t.getUTCMonth() + 1) * 100 + t.getUTCDate();
}

export function daysBetween(a: Day, b: Day): number {
  const ta = Date.UTC(Math.floor(a / 10000), (Math.floor(a / 100) % 100) - 1, a % 100);
  const tb = Date.UTC(Math.floor(b / 10000), (Math.floor(b / 100) % 100) - 1, b % 100);
  return Math.round((tb - ta) / 86_400_000);
}
