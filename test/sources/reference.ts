/**
 * Small pure TypeScript twins of the SQL decoders (sources.md §1.5), written straight from the spec, used as the
 * oracle of the property-based tests. Dates are returned as `YYYY-MM-DD`, or null when the input does not decode.
 */

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** A valid calendar date, or null (also null for years outside 1–9999, which DATE cannot hold). */
export function ymd(y: number, m: number, d: number): string | null {
  if (!(y >= 1 && y <= 9999 && m >= 1 && m <= 12 && d >= 1)) return null;
  const days = new Date(Date.UTC(2000, m, 0)).getUTCDate(); // month length in a leap year
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (m === 2 && !leap ? 28 : days)) return null;
  return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

export function urssafDate(s: string): string | null {
  if (!/^[+-]?[0-9]{1,12}$/.test(s)) return null;
  const v = String(Number.parseInt(s, 10) + 19000000);
  if (!/^[0-9]{8}$/.test(v)) return null;
  return ymd(Number(v.slice(0, 4)), Number(v.slice(4, 6)), Number(v.slice(6, 8)));
}

/** Month arithmetic with Go's `time.Date` normalisation: month 0 is December of the year before, 13 is January… */
function monthStart(year: number, month: number): string {
  const idx = year * 12 + (month - 1);
  const y = Math.floor(idx / 12);
  return `${pad(y, 4)}-${pad(idx - y * 12 + 1)}-01`;
}

export function urssafPeriod(s: string): [string, string] | null {
  let p = s;
  if (p.length === 4) p = (p.slice(0, 2) < '50' ? '20' : '19') + p;
  if (p.length !== 6 || !/^([0-9]{4}|[+-][0-9]{3})[0-9]{2}$/.test(p)) return null;
  const year = Number(p.slice(0, 4));
  if (p.slice(4) === '62') return [monthStart(year, 1), monthStart(year + 1, 1)];
  const q = Number(p[4]);
  const m = Number(p[5]);
  if (m === 0) return [monthStart(year, (q - 1) * 3 + 1), monthStart(year, (q - 1) * 3 + 4)];
  return [monthStart(year, (q - 1) * 3 + m), monthStart(year, (q - 1) * 3 + m + 1)];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

export function ddMonYyyy(s: string): string | null {
  const m = /^([0-9]{2})([A-Za-z]{3})([0-9]{4})$/.exec(s);
  if (!m) return null;
  const month = MONTHS.indexOf(m[2].toLowerCase()) + 1;
  return month === 0 ? null : ymd(Number(m[3]), month, Number(m[1]));
}

export function dmy(s: string): string | null {
  const m = /^([0-9]{2})\/([0-9]{2})\/([0-9]{4})$/.exec(s);
  return m ? ymd(Number(m[3]), Number(m[2]), Number(m[1])) : null;
}

export function float(s: string): number | null {
  if (!/^[+-]?([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][+-]?[0-9]+)?$/.test(s)) return null;
  const v = Number(s);
  return Number.isFinite(v) ? v : null;
}

export const commaFloat = (s: string): number | null => float(s.replaceAll(',', '.'));

/** A headcount cell: spaces (also no-break and narrow no-break) as thousands separators, then a comma float. */
export const effectif = (s: string): number | null => commaFloat(s.replace(/[ \u00a0\u202f]/g, ''));

export function int(s: string): number | null {
  return /^[+-]?[0-9]{1,18}$/.test(s) ? Number(s) : null;
}

export function luhn(s: string): boolean {
  let sum = 0;
  for (let k = 0; k < s.length; k++) {
    let d = Number(s[s.length - 1 - k]);
    if (k % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

export function siretCheckOk(s: string): boolean {
  if (s.startsWith('356000000')) return [...s].reduce((a, c) => a + Number(c), 0) % 5 === 0;
  return luhn(s);
}
