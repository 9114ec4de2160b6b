/**
 * The raw encodings of sources.md, as writers need them (the importer decodes them with its own code).
 */
import type { Day } from './dates.ts';

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const MON = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** Memoises a day formatter: a delivery only holds a few thousand distinct days. */
function memo(format: (d: Day) => string): (d: Day) => string {
  const cache = new Map<Day, string>();
  return (d) => {
    let s = cache.get(d);
    if (s === undefined) {
      s = format(d);
      cache.set(d, s);
    }
    return s;
  };
}

/** `YYYY-MM-DD`. */
export const iso = memo((d) => `${Math.floor(d / 10000)}-${pad2(Math.floor(d / 100) % 100)}-${pad2(d % 100)}`);

/** `YYYYMMDD`. */
export function compact(d: Day): string {
  return String(d);
}

/** `DD/MM/YYYY`. */
export const dmy = memo((d) => `${pad2(d % 100)}/${pad2(Math.floor(d / 100) % 100)}/${Math.floor(d / 10000)}`);

/** URSSAF `(A)AAMMJJ`: the date minus 19000000 (`2018-01-30` → `1180130`, `1999-05-05` → `990505`). */
export function urssafDate(d: Day): string {
  return String(d - 19_000_000);
}

/** `DDMonYYYY` with an upper-case English month (`24FEB2014`), as in the procol file. */
export function ddMonYYYY(d: Day): string {
  return `${pad2(d % 100)}${MON[(Math.floor(d / 100) % 100) - 1]}${Math.floor(d / 10000)}`;
}

/** URSSAF period of one month: X = quarter, Y = month within the quarter. `long` gives `AAAAXY`, else `AAXY`. */
export function urssafMonth(month: number, long: boolean): string {
  const y = Math.floor(month / 12);
  const m = month - y * 12;
  const xy = `${Math.floor(m / 3) + 1}${(m % 3) + 1}`;
  return long ? `${y}${xy}` : `${pad2(y % 100)}${xy}`;
}

/** URSSAF period of one quarter (`AAX0`/`AAAAX0`); `month` is any month of the quarter. */
export function urssafQuarter(month: number, long: boolean): string {
  const y = Math.floor(month / 12);
  const q = Math.floor((month - y * 12) / 3) + 1;
  return long ? `${y}${q}0` : `${pad2(y % 100)}${q}0`;
}

/** Decimal with a comma (`1234,56`); two decimals by integer arithmetic (the hot path), else via toFixed. */
export function comma(x: number, digits = 2): string {
  if (digits !== 2) return x.toFixed(digits).replace('.', ',');
  const cents = Math.round(x * 100);
  const abs = cents < 0 ? -cents : cents;
  const units = Math.floor(abs / 100);
  const frac = abs - units * 100;
  return `${cents < 0 ? '-' : ''}${units},${frac < 10 ? '0' : ''}${frac}`;
}

/** Decimal with a dot, trailing zeros kept as the real exports do (`311.54`, `0.0`). */
export function dot(x: number, digits = 2): string {
  return x.toFixed(digits);
}

/** One CSV field, quoted only when needed (separator, quote, CR or LF inside). */
export function field(value: string, sep: string): string {
  if (value.includes(sep) || value.includes('"') || value.includes('\n') || value.includes('\r')) {
    return `"${value.replaceAll('"', '""')}"`;
  }
  return value;
}

/** Always quoted (DGEFP strings, Diane cells). */
export function quoted(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

/** One CSV line with minimal quoting, `\n`-terminated. */
export function line(values: readonly string[], sep: string): string {
  let out = '';
  for (let i = 0; i < values.length; i++) {
    if (i) out += sep;
    out += field(values[i], sep);
  }
  return `${out}\n`;
}
