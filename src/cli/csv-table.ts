/**
 * Reads any CSV table into a learner `Dataset`: header line, comma-separated, double quotes allowed around a field
 * (not across lines). Empty, `?`, `NA` and `NaN` are missing. A column with any other non-numeric value is
 * categorical: its values are coded 0, 1, 2 … in sorted order, and the code lists travel with the model so that
 * prediction codes the same text the same way (an unseen value is missing).
 *
 * The file is streamed two or three times (column kinds, category lists if any, values), so memory holds only the
 * numbers.
 */
import { closeSync, openSync, readSync } from 'node:fs';
import { SfError } from '../common/errors.ts';
import type { Dataset } from '../learn/dataset.ts';

export interface CsvTableOptions {
  /** 0/1 column to return apart as the label. */
  target?: string;
  /** Column to return apart as text (e.g. a SIREN for grouped cross-validation). */
  group?: string;
  /** Columns to leave out of the features. */
  exclude?: string[];
  /** Exactly these feature columns, in this order (prediction with a trained model); others are ignored. */
  features?: string[];
  /** Category lists of categorical features (from the model); with `features`, fixes which columns are categorical. */
  categories?: Record<string, string[]>;
}

export interface CsvTable {
  data: Dataset;
  target?: Float64Array;
  group?: string[];
  /** Category lists of the categorical features, by column name. */
  categories: Record<string, string[]>;
}

const MISSING = new Set(['', '?', 'NA', 'NaN']);
const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Calls `onRecord(fields, line)` for each line of a CSV file, line 1 being the header. */
function forEachRecord(path: string, onRecord: (fields: string[], line: number) => void): void {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    throw new SfError(`cannot read the file: ${(e as Error).message}`, { file: path });
  }
  try {
    const buf = Buffer.allocUnsafe(1 << 22);
    const decoder = new TextDecoder('utf-8');
    let rest = '';
    let line = 0;
    const emit = (text: string) => {
      line++;
      if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      if (text.endsWith('\r')) text = text.slice(0, -1);
      if (text === '' && line > 1) return;
      onRecord(text.includes('"') ? splitQuoted(text, path, line) : text.split(','), line);
    };
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      const chunk = rest + decoder.decode(buf.subarray(0, n), { stream: n > 0 });
      let start = 0;
      for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', start)) {
        emit(chunk.slice(start, nl));
        start = nl + 1;
      }
      rest = chunk.slice(start);
      if (n === 0) break;
    }
    if (rest !== '') emit(rest);
    if (line === 0) throw new SfError('the file is empty (a header line is expected)', { file: path });
  } finally {
    closeSync(fd);
  }
}

function splitQuoted(text: string, file: string, line: number): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new SfError('unterminated quoted field (quotes cannot span lines)', { file, line });
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
        } else {
          i = q + 1;
          break;
        }
      }
      fields.push(value);
      if (i < text.length && text[i] !== ',') throw new SfError('text after a closing quote', { file, line });
    } else {
      const c = text.indexOf(',', i);
      fields.push(text.slice(i, c < 0 ? text.length : c));
      i = c < 0 ? text.length : c;
    }
    if (i >= text.length) return fields;
    i++; // the comma
    if (i === text.length) {
      fields.push('');
      return fields;
    }
  }
}

export function readCsvTable(path: string, options: CsvTableOptions = {}): CsvTable {
  let header: string[] = [];
  let nRows = 0;
  // Pass 1: header, row count, and which columns hold text.
  let isText: boolean[] = [];
  forEachRecord(path, (fields, line) => {
    if (line === 1) {
      header = fields.map((h) => h.trim());
      const seen = new Set<string>();
      for (const h of header) {
        if (seen.has(h)) throw new SfError(`column "${h}" appears twice in the header`, { file: path, line: 1 });
        seen.add(h);
      }
      isText = header.map(() => false);
      return;
    }
    if (fields.length !== header.length) {
      throw new SfError(`${fields.length} fields where the header has ${header.length}`, { file: path, line });
    }
    nRows++;
    for (let c = 0; c < fields.length; c++) {
      const v = fields[c].trim();
      if (MISSING.has(v)) continue;
      if (!isText[c] && !NUMBER.test(v)) isText[c] = true;
    }
  });

  const column = (name: string, setting: string) => {
    const c = header.indexOf(name);
    if (c < 0) throw new SfError(`no column "${name}" in the header`, { file: path, line: 1, setting });
    return c;
  };
  const targetCol = options.target === undefined ? -1 : column(options.target, 'target');
  const groupCol = options.group === undefined ? -1 : column(options.group, 'group');
  let featureCols: number[];
  if (options.features) {
    featureCols = options.features.map((f) => column(f, 'model features'));
  } else {
    const excluded = new Set([targetCol, groupCol, ...(options.exclude ?? []).map((e) => column(e, 'exclude'))]);
    featureCols = header.map((_, c) => c).filter((c) => !excluded.has(c));
  }

  // Category codes: from the model when given, else the sorted text values (numbers among them sort as text).
  const textCols = options.features ? [] : featureCols.filter((c) => isText[c]);
  const found = collectCategories(path, textCols);
  const codes = new Map<number, Map<string, number>>();
  const categories: Record<string, string[]> = {};
  for (const c of featureCols) {
    const list = options.categories?.[header[c]] ?? found.get(c);
    if (!list) continue;
    categories[header[c]] = list;
    codes.set(c, new Map(list.map((v, k) => [v, k])));
  }

  const columns = featureCols.map(() => new Float64Array(nRows));
  const target = targetCol >= 0 ? new Float64Array(nRows) : undefined;
  const group = groupCol >= 0 ? new Array<string>(nRows) : undefined;
  let row = -1;
  forEachRecord(path, (fields, line) => {
    if (line === 1) return;
    row++;
    for (let k = 0; k < featureCols.length; k++) {
      const c = featureCols[k];
      const v = fields[c].trim();
      const code = codes.get(c);
      if (MISSING.has(v)) columns[k][row] = Number.NaN;
      else if (code) columns[k][row] = code.get(v) ?? Number.NaN;
      else if (NUMBER.test(v)) columns[k][row] = Number(v);
      else
        throw new SfError(`"${v}" is not a number (the model has this feature as numeric)`, {
          file: path,
          line,
          field: header[c],
        });
    }
    if (target) {
      const v = fields[targetCol].trim();
      if (v !== '0' && v !== '1') {
        throw new SfError(`the target must be 0 or 1, got "${v}"`, { file: path, line, field: header[targetCol] });
      }
      target[row] = v === '1' ? 1 : 0;
    }
    if (group) group[row] = fields[groupCol].trim();
  });

  return {
    data: {
      nRows,
      featureNames: featureCols.map((c) => header[c]),
      columns,
      categorical: featureCols.map((c) => codes.has(c)),
    },
    target,
    group,
    categories,
  };
}

/** The sorted distinct non-missing values of each of `cols` (one more pass over the file, if any). */
function collectCategories(path: string, cols: number[]): Map<number, string[]> {
  const sets = new Map(cols.map((c) => [c, new Set<string>()]));
  if (cols.length) {
    forEachRecord(path, (fields, line) => {
      if (line === 1) return;
      for (const c of cols) {
        const v = fields[c].trim();
        if (!MISSING.has(v)) sets.get(c)!.add(v);
      }
    });
  }
  return new Map([...sets].map(([c, set]) => [c, [...set].sort()]));
}
