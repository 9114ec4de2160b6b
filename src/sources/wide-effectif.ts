/**
 * The plan shared by the two wide headcount files (sources.md §2.6–2.7): one column per month `effYYYYXY`
 * (URSSAF period), unpivoted into one row per non-empty cell. A bad cell rejects that cell only (its line and
 * column are reported); the other months of the line are kept.
 *
 * These files hold about a hundred cells per line, so the plan keeps per-cell work to one decode: the key is
 * checked once per line (before the unpivot), each month column's period is decoded once (a join on the column
 * name), and a cell's headcount is decoded once and then only referred to by the checks.
 */
import { type Check, entry, type InputColumn, list, type Plan, q, withLookups } from './spec.ts';

const PERIOD_COLUMN = /^eff[0-9]{6}$/i;

const NO_NOTICES = `CAST([] AS STRUCT(field VARCHAR, value VARCHAR, reason VARCHAR)[])`;

/** A cell check's entry reports the month column it came from (`col`), not a fixed field name. */
const byColumn = (sql: string): string => sql.replaceAll(`'field': 'col'`, `'field': col`);

export function widePlan(
  key: InputColumn & { name: 'siret' | 'siren' },
  others: InputColumn[],
  header: string[],
  keyWarnings: Check[],
): Plan {
  const months = [...new Set(header.map((h) => h.toLowerCase()).filter((h) => PERIOD_COLUMN.test(h)))];
  const columns: InputColumn[] = [key, ...others, ...months.map((h) => ({ header: h, as: h }))];
  const keep = [q(key.as), ...others.map((o) => q(o.as))].join(', ');
  const keyCheck: Check = {
    field: key.header,
    value: q(key.as),
    when: `${q(key.as)} IS NULL OR NOT regexp_full_match(${q(key.as)}, '[0-9]{${key.name === 'siret' ? 14 : 9}}')`,
    reason: key.name === 'siret' ? 'not a SIRET (14 digits)' : 'not a SIREN (9 digits)',
  };
  // Per line: the key's reject (NULL when fine) and warnings (NULL when none, so that cells carry no list).
  const keyWarningList = keyWarnings.length
    ? `CASE WHEN coalesce(${keyWarnings.map((c) => `(${c.when})`).join(' OR ')}, false) THEN ${list(keyWarnings)} END`
    : 'NULL';
  const lines = withLookups(
    `s.*, ${entry(keyCheck)} AS _key_reject, ${keyWarningList} AS _key_warnings`,
    'sf_stg',
    'lw',
  );
  const cells =
    months.length === 0
      ? `SELECT line, ${keep}, _key_reject, _key_warnings, CAST(NULL AS VARCHAR) AS col, CAST(NULL AS VARCHAR) AS raw FROM (${lines}) WHERE false`
      : `SELECT line, ${keep}, _key_reject, _key_warnings, col, raw
         FROM (UNPIVOT (${lines}) ON ${months.map(q).join(', ')} INTO NAME col VALUE raw) WHERE raw <> ''`;
  const periods =
    months.length === 0
      ? `SELECT CAST(NULL AS VARCHAR) AS col, CAST(NULL AS DATE) AS periode WHERE false`
      : `SELECT col, sf_period_start(substr(col, 4)) AS periode FROM (VALUES ${months.map((m) => `('${m}')`).join(', ')}) AS t(col)`;
  const decodedCells = `SELECT c.*, p.periode, sf_effectif(raw) AS effectif FROM (${cells}) AS c JOIN (${periods}) AS p USING (col)`;
  const cellCheck: Check = { field: 'col', value: 'raw', when: 'effectif IS NULL', reason: 'not a headcount' };
  const cellWarnings: Check[] = [
    { field: 'col', value: 'effectif', when: 'effectif < 0', reason: 'negative headcount' },
    { field: 'col', value: 'effectif', when: 'effectif > 500000', reason: 'implausible headcount' },
  ];
  const rejects = `CASE WHEN _key_reject IS NOT NULL OR ${cellCheck.when}
      THEN list_filter([_key_reject, ${byColumn(entry(cellCheck))}], x -> x IS NOT NULL) ELSE ${NO_NOTICES} END`;
  const warnings = `CASE WHEN _key_warnings IS NOT NULL OR ${cellWarnings.map((c) => `(${c.when})`).join(' OR ')}
      THEN list_concat(coalesce(_key_warnings, ${NO_NOTICES}), ${byColumn(list(cellWarnings))}) ELSE ${NO_NOTICES} END`;
  const select = `SELECT line, ${q(key.as)} AS ${key.name}, ${others.map((o) => `nullif(${q(o.as)}, '') AS ${q(o.as)}`).join(', ')}${others.length ? ', ' : ''}
      periode, effectif, ${rejects} AS _rejects, ${warnings} AS _warnings
    FROM (${decodedCells})`;
  // DuckDB's UNPIVOT is several times slower over a CSV scan than over a table (measured on the France file)
  return { columns, select, stagedTable: true };
}
