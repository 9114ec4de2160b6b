import { PAYDEX_CHANGES, PUBLICATION_LAG } from './catalogue.ts';
import { WORK } from './context.ts';
import type { Family } from './family.ts';
import { companyKey, knownFrom, lag, latestWithin } from './sql.ts';

/**
 * Payment behaviour (Altares), monthly with gaps, counted from its publication (PUBLICATION_LAG): the latest
 * value within 3 months. Absent = unknown (NULL).
 */
const CARRY = 3;
const known = knownFrom('periode', PUBLICATION_LAG.paydex.months);
const VARS = ['paydex', 'fpi_30', 'fpi_90'] as const;

export const paydex: Family = {
  prepare: ({ src, end }) => [
    `CREATE TABLE ${WORK}.paydex AS
       SELECT k.id, ${known} AS m, avg(paydex) AS paydex, avg(fpi_30) AS fpi_30, avg(fpi_90) AS fpi_90
       FROM ${src.clean_paydex} ${companyKey('siren')} WHERE ${known} <= ${end} GROUP BY ALL`,
  ],
  joins: (rows) => [`LEFT JOIN ${rows('paydex')} px ON px.id = g.id AND px.m = g.m`],
  raw: () => Object.fromEntries(VARS.map((v) => [`p_${v}`, `px.${v}`])),
  filled: Object.fromEntries(VARS.map((v) => [v, latestWithin(`p_${v}`, CARRY)])),
  windowed: () =>
    Object.fromEntries(
      VARS.flatMap((v) => [[v, v], ...PAYDEX_CHANGES.map((k) => [`${v}_var${k}m`, `${v} - ${lag(v, k)}`])]),
    ),
};
