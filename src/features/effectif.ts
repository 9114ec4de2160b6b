import { EFFECTIF_LAGS, PUBLICATION_LAG } from './catalogue.ts';
import { WORK } from './context.ts';
import type { Family } from './family.ts';
import { companyKey, knownFrom, lag, lastMonths, latestWithin } from './sql.ts';

/**
 * Headcount counts from its publication (PUBLICATION_LAG), and may come later still: a month without a figure
 * takes the latest one within 6.
 */
const CARRY = 6;
const known = (col: string) => knownFrom(col, PUBLICATION_LAG.effectif.months);
/** Perimeter rule, as known at the month: at least 10 employees in one of the last 36 months known. */
const PERIMETER_MONTHS = 36;
const PERIMETER_MIN = 10;

/**
 * Headcount of the company (`clean_effectif_ent`, else the sum of its establishments that month) and of its
 * head office (for the context family), plus the month-level perimeter test and the activity test.
 */
export const effectif: Family = {
  prepare: ({ src, end }) => [
    `CREATE TABLE ${WORK}.effectif AS
       WITH ent AS (
         SELECT k.id, ${known('periode')} AS m, sum(effectif) AS e
         FROM ${src.clean_effectif_ent} ${companyKey('siren')} WHERE ${known('periode')} <= ${end} GROUP BY ALL),
       -- A SIRET is its SIREN + NIC (the import builds it so): the head office is among the company's SIRETs,
       -- and one scan of the establishments' headcount gives both sums.
       etab AS (
         SELECT k.id, ${known('s.periode')} AS m, sum(s.effectif) AS e,
                sum(s.effectif) FILTER (WHERE s.siret = k.siret_siege) AS e_siege
         FROM ${src.clean_effectif} s JOIN ${WORK}.company k ON k.siren = left(s.siret, 9)
         WHERE ${known('s.periode')} <= ${end} GROUP BY ALL)
       SELECT id, m, coalesce(ent.e, etab.e) AS effectif, etab.e_siege FROM ent FULL JOIN etab USING (id, m)`,
  ],
  joins: (rows) => [`LEFT JOIN ${rows('effectif')} ef ON ef.id = g.id AND ef.m = g.m`],
  raw: () => ({ e_mois: 'ef.effectif', e_siege_mois: 'ef.e_siege' }),
  filled: {
    effectif: latestWithin('e_mois', CARRY),
    e_siege: latestWithin('e_siege_mois', CARRY),
  },
  windowed: () => ({
    effectif: 'effectif',
    ...Object.fromEntries(EFFECTIF_LAGS.map((k) => [`effectif_lag${k}m`, lag('effectif', k)])),
    part_effectif_siege: `e_siege / NULLIF(effectif, 0)`,
    e_dans_perimetre: `coalesce(max(e_mois) OVER (${lastMonths(PERIMETER_MONTHS)}), 0) >= ${PERIMETER_MIN}`,
    // A company is followed while it declares contributions or headcount: 12 silent months end its rows.
    e_actif: `count(coalesce(cotisation, e_mois)) OVER (${lastMonths(12)}) > 0`,
  }),
  // Changes from the lag columns, not from a second window each.
  outer: () => Object.fromEntries(EFFECTIF_LAGS.map((k) => [`effectif_var${k}m`, `p.effectif - p.effectif_lag${k}m`])),
};
