/**
 * An independent strict reader of the raw files, written from sources.md only (it shares no code with
 * src/synth nor src/sources): Go encoding/csv semantics (§1.2) and the value decoders of §1.5.
 * It throws on anything the spec would reject, naming the file, line and field.
 */

export interface CsvRecord {
  /** 1-based physical line where the record starts (the header is line 1). */
  line: number;
  fields: string[];
}

export interface Csv {
  header: string[];
  records: CsvRecord[];
}

/**
 * Go `encoding/csv` with `Comma = sep`: first record = header; `"` quotes; with `lazy`, quotes inside fields
 * are literal; every record must have as many fields as the header; empty lines skipped; `\r\n` accepted;
 * quoted fields may hold separators and newlines. Errors throw with Go's wording.
 */
export function readCsv(text: string, sep: string, lazy: boolean, file = ''): Csv {
  const records: CsvRecord[] = [];
  let i = 0;
  let line = 1;
  const n = text.length;
  const fail = (msg: string): never => {
    throw new Error(`${file}: ${msg}`);
  };
  while (i < n) {
    // Empty lines are skipped.
    if (text[i] === '\n') {
      i++;
      line++;
      continue;
    }
    if (text[i] === '\r' && text[i + 1] === '\n') {
      i += 2;
      line++;
      continue;
    }
    const start = line;
    const fields: string[] = [];
    for (;;) {
      let value = '';
      if (text[i] === '"') {
        i++;
        for (;;) {
          if (i >= n) {
            if (!lazy) fail(`parse error on line ${start}: extraneous or missing " in quoted-field`);
            break;
          }
          const ch = text[i];
          if (ch === '"') {
            if (text[i + 1] === '"') {
              value += '"';
              i += 2;
              continue;
            }
            const next = text[i + 1];
            if (next === sep || next === '\n' || next === undefined || (next === '\r' && text[i + 2] === '\n')) {
              i++;
              break;
            }
            if (lazy) {
              value += '"';
              i++;
              continue;
            }
            fail(`parse error on line ${line}: extraneous or missing " in quoted-field`);
          }
          if (ch === '\n') line++;
          value += ch;
          i++;
        }
      } else {
        const from = i;
        while (i < n && text[i] !== sep && text[i] !== '\n' && !(text[i] === '\r' && text[i + 1] === '\n')) {
          if (text[i] === '"' && !lazy)
            fail(`parse error on line ${line}, column ${i - from + 1}: bare " in non-quoted-field`);
          i++;
        }
        value = text.slice(from, i);
      }
      fields.push(value);
      if (text[i] === sep) {
        i++;
        continue;
      }
      if (text[i] === '\r') i++;
      if (text[i] === '\n') {
        i++;
        line++;
      }
      break;
    }
    records.push({ line: start, fields });
  }
  if (records.length === 0) fail('empty file: no header');
  const [head, ...rest] = records;
  for (const r of rest) {
    if (r.fields.length !== head.fields.length) fail(`record on line ${r.line}: wrong number of fields`);
  }
  return { header: head.fields, records: rest };
}

/** Header lookup, case-insensitive as the parsers do (§1.3); the last duplicate wins. */
export function columns(header: string[]): (name: string) => number {
  const index = new Map<string, number>();
  for (const [k, h] of header.entries()) index.set(h.toLowerCase(), k);
  return (name) => {
    const k = index.get(name.toLowerCase());
    if (k === undefined) throw new Error(`column ${name} not found`);
    return k;
  };
}

// ---- Decoders of §1.5 -------------------------------------------------------------------------------------

/** A calendar date as `{y, m, d}` after checking it exists. */
export interface Ymd {
  y: number;
  m: number;
  d: number;
}

function validDate(y: number, m: number, d: number, raw: string): Ymd {
  const t = new Date(Date.UTC(y, m - 1, d));
  if (t.getUTCFullYear() !== y || t.getUTCMonth() !== m - 1 || t.getUTCDate() !== d) {
    throw new Error(`invalid date ${JSON.stringify(raw)}`);
  }
  return { y, m, d };
}

/** Month index (year·12 + month − 1) of a date. */
export const monthOfYmd = (x: Ymd): number => x.y * 12 + x.m - 1;

/** URSSAF `(A)AAMMJJ`: strict signed integer + 19000000, read as YYYYMMDD. */
export function urssafDate(raw: string): Ymd {
  if (!/^[+-]?\d+$/.test(raw)) throw new Error(`invalid URSSAF date ${JSON.stringify(raw)}`);
  const v = Number(raw) + 19_000_000;
  const s = String(v);
  if (!/^\d{8}$/.test(s)) throw new Error(`invalid URSSAF date ${JSON.stringify(raw)}`);
  return validDate(Number(s.slice(0, 4)), Number(s.slice(4, 6)), Number(s.slice(6, 8)), raw);
}

/** URSSAF period `AAXY`/`AAAAXY` → [start, end) month indexes, with Go's month-overflow normalisation. */
export function urssafPeriod(raw: string): [number, number] {
  let s = raw;
  if (s.length === 4) s = (s.slice(0, 2) < '50' ? '20' : '19') + s;
  if (s.length !== 6) throw new Error(`invalid URSSAF period ${JSON.stringify(raw)}`);
  if (!/^\d{4}/.test(s)) throw new Error(`invalid URSSAF period ${JSON.stringify(raw)}`);
  const year = Number(s.slice(0, 4));
  if (s.slice(4) === '62') return [year * 12, (year + 1) * 12];
  if (!/^\d\d$/.test(s.slice(4))) throw new Error(`invalid URSSAF period ${JSON.stringify(raw)}`);
  const q = Number(s[4]);
  const m = Number(s[5]);
  // time.Date(year, month, 1) with month possibly out of 1..12: index = year·12 + month − 1.
  if (m === 0) return [year * 12 + (q - 1) * 3, year * 12 + (q - 1) * 3 + 3];
  const start = year * 12 + (q - 1) * 3 + m - 1;
  return [start, start + 1];
}

/** `YYYY-MM-DD`. */
export function isoDate(raw: string): Ymd {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  if (!m) throw new Error(`invalid ISO date ${JSON.stringify(raw)}`);
  return validDate(Number(m[1]), Number(m[2]), Number(m[3]), raw);
}

/** `DD/MM/YYYY` with exactly two-digit day and month. */
export function frenchDate(raw: string): Ymd {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(raw);
  if (!m) throw new Error(`invalid DD/MM/YYYY date ${JSON.stringify(raw)}`);
  return validDate(Number(m[3]), Number(m[2]), Number(m[1]), raw);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

/** `DDMonYYYY`, English month matched case-insensitively (`24FEB2014`, `04Oct2017`). */
export function ddMonYYYY(raw: string): Ymd {
  const m = /^(\d{2})([A-Za-z]{3})(\d{4})$/.exec(raw);
  const month = m ? MONTHS.indexOf(m[2].toLowerCase()) : -1;
  if (!m || month < 0) throw new Error(`invalid DDMonYYYY date ${JSON.stringify(raw)}`);
  return validDate(Number(m[3]), month + 1, Number(m[1]), raw);
}

/** `YYYYMMDD`. */
export function compactDate(raw: string): Ymd {
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (!m) throw new Error(`invalid YYYYMMDD date ${JSON.stringify(raw)}`);
  return validDate(Number(m[1]), Number(m[2]), Number(m[3]), raw);
}

/** Decimal with a dot (the port rejects Inf, NaN, hex…); empty → null. */
export function dotFloat(raw: string): number | null {
  if (raw === '') return null;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw)) throw new Error(`invalid number ${JSON.stringify(raw)}`);
  return Number(raw);
}

/** `GetCommaFloat64`: every comma becomes a dot, then the dot parse. */
export function commaFloat(raw: string): number | null {
  return dotFloat(raw.replaceAll(',', '.'));
}

/** `GetInt`: strict integer; empty → null. */
export function strictInt(raw: string): number | null {
  if (raw === '') return null;
  if (!/^[+-]?\d+$/.test(raw)) throw new Error(`invalid integer ${JSON.stringify(raw)}`);
  return Number(raw);
}

/** Go `ParseBool`. */
export function goBool(raw: string): boolean {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(raw)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(raw)) return false;
  throw new Error(`invalid boolean ${JSON.stringify(raw)}`);
}

/** The procol label split of §2.5: first token containing a nature → action; the rest → stage. */
export function splitProcol(raw: string): { action: string; stade: string } {
  const tokens = raw.toLowerCase().split('_');
  const k = tokens.findIndex((t) => /liquidation|redressement|sauvegarde/.test(t));
  if (k < 0) return { action: '', stade: '' };
  return { action: tokens[k], stade: tokens.filter((_, j) => j !== k).join('_') };
}

/** Luhn check (SIREN, SIRET). */
export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
