/**
 * The plan shared by the two wide headcount files (sources.md §2.6–2.7): one column per month `effYYYYXY`
 * (URSSAF period), unpivoted into one row per non-empty cell. A bad cell rejects that cell only (its line and
 * column are reported); the other months of the line are kept.
 */
import { type Check, type InputColumn, list, type Plan, q } from './spec.ts';

const PERIOD_COLUMN = /^eff[0-9]{6}$/i;

export function widePlan(
  key: InputColumn & { name: 'siret' | 'siren' },
  others: InputColumn[],
  header: string[],
  keyWarnings: Check[],
): Plan {
  const months = [...new Set(header.map((h) => h.toLowerCase()).filter((h) => PERIOD_COLUMN.test(h)))];
  const columns: InputColumn[] = [key, ...others, ...months.map((h) => ({ header: h, as: h }))];
  const keep = [q(key.as), ...others.map((o) => q(o.as))].join(', ');
  const cells =
    months.length === 0
      ? `SELECT line, ${keep}, CAST(NULL AS VARCHAR) AS col, CAST(NULL AS VARCHAR) AS raw FROM sf_stg WHERE false`
      : `SELECT line, ${keep}, col, raw FROM (UNPIVOT sf_stg ON ${months.map(q).join(', ')} INTO NAME col VALUE raw) WHERE raw <> ''`;
  const keyCheck: Check = {
    field: key.header,
    value: q(key.as),
    when: `${q(key.as)} IS NULL OR NOT regexp_full_match(${q(key.as)}, '[0-9]{${key.name === 'siret' ? 14 : 9}}')`,
    reason: key.name === 'siret' ? 'not a SIRET (14 digits)' : 'not a SIREN (9 digits)',
  };
  const cellCheck: Check = {
    field: 'col',
    value: 'raw',
    when: 'sf_effectif(raw) IS NULL',
    reason: 'not a headcount',
  };
  const rejects = list([keyCheck, cellCheck]).replace(`'field': 'col'`, `'field': col`);
  const warnings: Check[] = [
    ...keyWarnings,
    { field: 'col', value: 'effectif', when: 'effectif < 0', reason: 'negative headcount' },
    { field: 'col', value: 'effectif', when: 'effectif > 500000', reason: 'implausible headcount' },
  ];
  const select = `SELECT line, ${q(key.as)} AS ${key.name}, ${others.map((o) => `nullif(${q(o.as)}, '') AS ${q(o.as)}`).join(', ')}${others.length ? ', ' : ''}
      sf_period_start(substr(col, 4)) AS periode, sf_effectif(raw) AS effectif, ${rejects} AS _rejects,
      ${list(warnings).replaceAll(`'field': 'col'`, `'field': col`)} AS _warnings
    FROM (${cells})`;
  return { columns, select };
}
