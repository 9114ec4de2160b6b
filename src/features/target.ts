import { WORK } from './context.ts';
import type { Family } from './family.ts';
import { companyKey, mi } from './sql.ts';

/** Months after the month in which the first opening judgment counts as a failure. */
export const HORIZON = 18;

/**
 * Target and perimeter. `already_in_procedure`: the month is on or after the company's first opening judgment
 * (the "strong signals", to leave out of training and default evaluation). `failure_18m`: that judgment falls
 * in the 18 months after the month; NULL for strong signals and when those 18 months are not yet all observed
 * (unless the judgment is already seen). `perimetre_raison`: why the company is out of the perimeter that
 * month (NULL when in): a reason of `clean_perimetre` other than headcount (`hors_filtre` included), else the
 * headcount rule as known at the month, unless an imported `filter` file defined the perimeter (`selon_filtre`):
 * that list replaces the headcount rule (sources.md §5, §8.1), so a listed company under 10 employees stays in.
 */
export const target: Family = {
  prepare: ({ src }) => [
    `CREATE TABLE ${WORK}.jugement AS
       SELECT k.id, min(${mi('date_jugement')}) AS m FROM ${src.clean_premier_jugement} ${companyKey('siren')} GROUP BY k.id`,
  ],
  outerJoins: (rows) => [`LEFT JOIN ${rows('jugement')} j ON j.id = p.id`],
  outer: ({ lastMonth }) => ({
    perimetre_raison: `CASE WHEN c.raison IS NOT NULL AND c.raison <> 'effectif_insuffisant' THEN c.raison
        WHEN NOT c.selon_filtre AND NOT p.e_dans_perimetre THEN 'effectif_insuffisant' END`,
    already_in_procedure: 'coalesce(p.m >= j.m, false)',
    failure_18m: `CASE WHEN p.m >= j.m THEN NULL
        WHEN j.m <= p.m + ${HORIZON} THEN 1
        WHEN p.m + ${HORIZON} <= ${lastMonth} THEN 0 END`,
  }),
};
