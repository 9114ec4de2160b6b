import { type SourceSpec, text } from './spec.ts';

/**
 * An explicit perimeter (sources.md §5): the first column of a `;` file, header optional. When a filter has been
 * imported it replaces the headcount rule of the perimeter (§8.1 step 1).
 */
const first = { header: 'siren', as: 'siren', position: 0 };

const filter: SourceSpec = {
  id: 'filter',
  table: 'raw_filter',
  description: 'perimeter SIREN list, filter*',
  match: (name) => /^filter/i.test(name),
  delimiter: ';',
  lazyQuotes: false,
  header: false,
  variableWidth: true,
  plan: () => ({
    columns: [first],
    unique: { key: ['siren'], field: 'siren', reason: 'duplicate SIREN' },
    // The literal header cell `siren` is not data.
    select: `SELECT line, siren, _rejects, CAST([] AS STRUCT(field VARCHAR, value VARCHAR, reason VARCHAR)[]) AS _warnings
      FROM (SELECT line, ${text('siren', first, { required: true, pattern: '[0-9]{9}' }).expr} AS siren,
              list_filter([CASE WHEN NOT regexp_full_match(coalesce(siren, ''), '[0-9]{9}') THEN {'field': 'siren', 'value': siren, 'reason': 'not a SIREN (9 digits)'} END], x -> x IS NOT NULL) AS _rejects
            FROM sf_stg WHERE lower(coalesce(siren, '')) <> 'siren')`,
  }),
};

export default filter;
