/**
 * What a raw source module declares: how its files are recognised, the CSV dialect, the columns it needs, and
 * how each value is decoded (SQL over the staged VARCHAR columns). The import engine (src/warehouse/import-file.ts)
 * turns a spec into one DuckDB query per file; adding a source is adding one module that exports a `SourceSpec`.
 */

/** An input column, found in the header by name (case-insensitively unless `exactHeader`), or by position. */
export interface InputColumn {
  /** Header name as documented (the reject report names fields by it). */
  header: string;
  /** SQL alias of the staged VARCHAR value. */
  as: string;
  /** A missing optional column reads as NULL; a missing required one fails the whole file. */
  optional?: boolean;
  /** Read by position instead of by name (files whose header names vary). */
  position?: number;
}

/** A condition (SQL, true = bad) on a line, reported with the field it names and its raw value. */
export interface Check {
  field: string;
  /** SQL of the raw value to report. */
  value: string;
  when: string;
  reason: string;
}

/** One output column of `raw_<source>`: an SQL expression over the staged aliases, and its reject checks. */
export interface Field {
  name: string;
  expr: string;
  rejects: Check[];
  /** Checks over the staged values that only warn (the value is kept, or set to NULL by `expr`). */
  warnings?: Check[];
}

/**
 * The SQL plan for one file, given its header: a SELECT over `sf_stg` (columns `line` and the aliases) yielding
 * `line`, the output columns, `_rejects` and `_warnings` (lists of {field, value, reason} or NULL entries).
 */
export interface Plan {
  columns: InputColumn[];
  select: string;
  /** Optional duplicate rule among the accepted rows: the first occurrence (lowest line) wins. */
  unique?: { key: string[]; field: string; reason: string };
  /** At most one output row per line: lines are counted with count(*), not a hash of every line number. */
  rowPerLine?: boolean;
  /** Each staged part is copied into a temporary table `sf_stg` first, instead of being read as it is decoded. */
  stagedTable?: boolean;
}

export interface SourceSpec {
  id: string;
  /** Raw table, `raw_<…>`; several sources may share one (both paydex variants). */
  table: string;
  description: string;
  /** Recognises a file name (already stripped of `.gz`). */
  match(name: string): boolean;
  delimiter: ';' | ',';
  lazyQuotes: boolean;
  /** false: the first line is data too (filter files may have no header). */
  header?: boolean;
  /** Records may have any number of fields (only the leading ones are read). */
  variableWidth?: boolean;
  exactHeader?: boolean;
  plan(header: string[]): Plan;
  /** Files that must be imported before this one (an account mapping before historical URSSAF files). */
  after?: string[];
}

export const q = (alias: string): string => `"${alias.replaceAll('"', '""')}"`;
export const lit = (text: string): string => `'${text.replaceAll("'", "''")}'`;

/** An SQL entry of a `_rejects`/`_warnings` list. */
export function entry(c: Check): string {
  return `CASE WHEN ${c.when} THEN {'field': ${lit(c.field)}, 'value': CAST(${c.value} AS VARCHAR), 'reason': ${lit(c.reason)}} END`;
}

const EMPTY = `CAST([] AS STRUCT(field VARCHAR, value VARCHAR, reason VARCHAR)[])`;

/** The list of failing checks of a row; built only for rows where one fails (most rows pay one boolean test). */
export function list(checks: Check[]): string {
  if (checks.length === 0) return EMPTY;
  return `CASE WHEN coalesce(${checks.map((c) => `(${c.when})`).join(' OR ')}, false)
    THEN list_filter([${checks.map(entry).join(', ')}], x -> x IS NOT NULL) ELSE ${EMPTY} END`;
}

// Field builders. `col` is the InputColumn the value comes from.

/** Text copied as-is (empty → NULL); `required` rejects an empty value, `pattern` a value that does not match. */
export function text(name: string, col: InputColumn, opts: { required?: boolean; pattern?: string } = {}): Field {
  const raw = q(col.as);
  const rejects: Check[] = [];
  if (opts.required) rejects.push({ field: col.header, value: raw, when: `sf_blank(${raw})`, reason: 'empty value' });
  if (opts.pattern)
    rejects.push({
      field: col.header,
      value: raw,
      when: `NOT sf_blank(${raw}) AND NOT regexp_full_match(${raw}, ${lit(opts.pattern)})`,
      reason: `does not match ${opts.pattern}`,
    });
  return { name, expr: `nullif(${raw}, '')`, rejects };
}

/** How reject and warning checks of a row plan refer to an already decoded field. */
export const decodedRef = (name: string): string => q(`f:${name}`);

/** A value decoded by an SQL macro of decoders.ts; undecodable non-empty input rejects the line. */
export function decoded(
  name: string,
  col: InputColumn,
  macro: string,
  what: string,
  opts: { required?: boolean } = {},
): Field {
  const raw = q(col.as);
  const expr = `${macro}(${raw})`;
  // The condition reads the decoded column (`decodedRef`), so the decoder runs once per line, not twice.
  const rejects: Check[] = [
    {
      field: col.header,
      value: raw,
      when: `NOT sf_blank(${raw}) AND ${decodedRef(name)} IS NULL`,
      reason: `not ${what}`,
    },
  ];
  if (opts.required)
    rejects.unshift({ field: col.header, value: raw, when: `sf_blank(${raw})`, reason: 'empty value' });
  return { name, expr, rejects };
}

/** Like `decoded`, but an undecodable value only warns and reads as NULL (the line is kept). */
export function lenient(name: string, col: InputColumn, macro: string, what: string): Field {
  const raw = q(col.as);
  const expr = `${macro}(${raw})`;
  return {
    name,
    expr,
    rejects: [],
    warnings: [
      {
        field: col.header,
        value: raw,
        when: `NOT sf_blank(${raw}) AND ${expr} IS NULL`,
        reason: `not ${what}: ignored`,
      },
    ],
  };
}

/** A SIRET key: required, 14 digits; warns on a failing check digit and on pseudo-SIRETs. */
export function siret(name: string, col: InputColumn): Field {
  return key(name, col, 'sf_is_siret', 'not a SIRET (14 digits)', siretWarnings(col, col.as));
}

/** A SIREN key: required, 9 digits; warns on a failing check digit. */
export function siren(name: string, col: InputColumn): Field {
  return key(name, col, 'sf_is_siren', 'not a SIREN (9 digits)', sirenWarnings(col, col.as));
}

/** An identifier column: required, shape-checked once per distinct value (the macro is a lookup). */
function key(name: string, col: InputColumn, isValid: string, reason: string, warnings: Check[]): Field {
  const raw = q(col.as);
  const base = text(name, col, { required: true });
  const shape = { field: col.header, value: raw, when: `NOT sf_blank(${raw}) AND NOT ${isValid}(${raw})`, reason };
  return { ...base, rejects: [...base.rejects, shape], warnings };
}

/** Warnings on a SIRET column: failing check digit (La Poste's own rule), pseudo-SIRET. */
export function siretWarnings(col: InputColumn, name: string): Check[] {
  const v = q(name);
  return [
    {
      field: col.header,
      value: v,
      when: `sf_is_siret(${v}) AND NOT sf_siret_check_ok(${v})`,
      reason: 'SIRET check digit fails',
    },
    { field: col.header, value: v, when: `sf_is_siret(${v}) AND sf_pseudo_siret(${v})`, reason: 'pseudo-SIRET' },
  ];
}

export function sirenWarnings(col: InputColumn, name: string): Check[] {
  const v = q(name);
  return [
    { field: col.header, value: v, when: `sf_is_siren(${v}) AND NOT sf_luhn(${v})`, reason: 'SIREN check digit fails' },
  ];
}

/** A warning when a decoded code is not in its code table. */
export function unknownCode(col: InputColumn, name: string, codes: (string | number)[]): Check {
  const v = q(name);
  const values = codes.map((c) => (typeof c === 'number' ? String(c) : lit(c))).join(', ');
  return { field: col.header, value: v, when: `${v} IS NOT NULL AND ${v} NOT IN (${values})`, reason: 'unknown code' };
}

/**
 * The usual plan: one output row per line. `fields` are decoded from the staged columns, `computed` are SQL over
 * the decoded names, `warnings` are checks over decoded names.
 */
export function rowPlan(
  columns: InputColumn[],
  fields: Field[],
  options: {
    computed?: { name: string; expr: string }[];
    warnings?: Check[];
    extraRejects?: Check[];
    unique?: Plan['unique'];
  } = {},
): Plan {
  const rejects = [...fields.flatMap((f) => f.rejects), ...(options.extraRejects ?? [])];
  const rawWarnings = fields.flatMap((f) => f.warnings ?? []);
  // Level 1 decodes each field once (as "f:<name>"); level 2 checks raw and decoded values; level 3 adds the
  // computed columns and the warnings over the decoded names.
  const level1 = withLookups(
    `s.*, ${fields.map((f) => `${f.expr} AS ${decodedRef(f.name)}`).join(', ')}`,
    'sf_stg',
    'la',
  );
  const level2 = withLookups(
    `line, ${fields.map((f) => `${decodedRef(f.name)} AS ${q(f.name)}`).join(', ')}, ${list(rejects)} AS _rejects, ${list(rawWarnings)} AS _raw_warnings`,
    `(${level1})`,
    'lb',
  );
  const computed = (options.computed ?? []).map((c) => `, ${c.expr} AS ${q(c.name)}`).join('');
  // without warnings over decoded names, the raw warnings are the warnings (no per-line list concatenation)
  const warnings = options.warnings?.length ? `list_concat(_raw_warnings, ${list(options.warnings)})` : '_raw_warnings';
  const select = `SELECT * EXCLUDE (_rejects, _raw_warnings), _rejects, ${warnings} AS _warnings FROM (SELECT *${computed} FROM (${level2}))`;
  return { columns, select, unique: options.unique, rowPerLine: true };
}

/** Date, period and identifier checks: costly per line, but the columns they read hold few distinct values. */
const LOOKUP =
  /\b(sf_(?:urssaf_date|period_start|period_end|date_dmony|date_dmy|date_iso|date_ymd_any|date_dmy_or_iso|siret_check_ok|luhn|pseudo_siret|is_siret|is_siren))\("([a-z0-9_]+)"\)/g;

/**
 * Rewrites `SELECT … FROM sf_stg` so that each date/period decoder runs once per distinct value of its column
 * (a small lookup table joined back), instead of once per line.
 */
export function withLookups(selectList: string, from: string, prefix: string): string {
  // One lookup table per column, with one value per decoder used on it: one join per column.
  const byAlias = new Map<string, { name: string; calls: string[] }>();
  const body = selectList.replace(LOOKUP, (_m, macro: string, alias: string) => {
    let entry = byAlias.get(alias);
    if (!entry) {
      entry = { name: `${prefix}${byAlias.size}`, calls: [] };
      byAlias.set(alias, entry);
    }
    let j = entry.calls.indexOf(macro);
    if (j < 0) j = entry.calls.push(macro) - 1;
    return `${entry.name}.v${j}`;
  });
  const joins = [...byAlias.entries()]
    .map(([alias, { name, calls }]) => {
      const values = calls.map((macro, j) => `${macro}(k) AS v${j}`).join(', ');
      // DISTINCT first, in its own subquery, so that each decoder runs once per value. The staged column holds
      // the same values at every level of a plan.
      return `LEFT JOIN (SELECT k, ${values} FROM (SELECT DISTINCT "${alias}" AS k FROM sf_stg)) AS ${name} ON s."${alias}" IS NOT DISTINCT FROM ${name}.k`;
    })
    .join(' ');
  return `SELECT ${body} FROM ${from} AS s ${joins}`;
}

/** Shorthand for declaring input columns: `cols({siret: 'Siret', …})`. */
export function cols<K extends string>(
  map: Record<K, string | Omit<InputColumn, 'as'>>,
): Record<K, InputColumn> & { all: InputColumn[] } {
  const out = {} as Record<K, InputColumn>;
  for (const [as, v] of Object.entries(map) as [K, string | Omit<InputColumn, 'as'>][])
    out[as] = typeof v === 'string' ? { header: v, as } : { ...v, as };
  return Object.assign(out, { all: Object.values(out) as InputColumn[] });
}
