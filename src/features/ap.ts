import { AP_LAGS } from './catalogue.ts';
import { WORK } from './context.ts';
import type { Family } from './family.ts';
import { lag, lastMonths, mi, ratio } from './sql.ts';

/**
 * Partial activity (DGEFP), summed over the company's SIRETs. The administration records every request and
 * consumption, so from the first month the source covers, no record means no partial activity: 0, not NULL.
 */
export const ap: Family = {
  prepare: ({ src, end }) => [
    `CREATE TABLE ${WORK}.ap AS
       SELECT left(siret, 9) AS siren, ${mi('periode')} AS m, sum(heures_consommees) AS heures,
              sum(etp_consomme) AS etp_consomme, sum(etp_autorise) AS etp_autorise
       FROM ${src.clean_ap} WHERE ${mi('periode')} <= ${end} GROUP BY ALL`,
    `CREATE TABLE ${WORK}.ap_debut AS SELECT min(m) AS m FROM ${WORK}.ap`,
  ],
  joins: () => [`LEFT JOIN ${WORK}.ap a ON a.siren = g.siren AND a.m = g.m`, `CROSS JOIN ${WORK}.ap_debut a0`],
  raw: () => ({
    ap_heures_consommees: 'CASE WHEN g.m >= a0.m THEN coalesce(a.heures, 0) END',
    ap_etp_consomme: 'CASE WHEN g.m >= a0.m THEN coalesce(a.etp_consomme, 0) END',
    ap_etp_autorise: 'CASE WHEN g.m >= a0.m THEN coalesce(a.etp_autorise, 0) END',
  }),
  windowed: () => ({
    ap_heures_consommees: 'ap_heures_consommees',
    ...Object.fromEntries(AP_LAGS.map((k) => [`ap_heures_consommees_lag${k}m`, lag('ap_heures_consommees', k)])),
    ap_etp_consomme: 'ap_etp_consomme',
    ap_etp_autorise: 'ap_etp_autorise',
    ap_etp_autorise_lag3m: lag('ap_etp_autorise', 3),
    ap_part_effectif: ratio('ap_etp_consomme', 'effectif'),
    ap_mois_12m: `CASE WHEN ap_heures_consommees IS NOT NULL THEN
        count(CASE WHEN ap_heures_consommees > 0 THEN 1 END) OVER (${lastMonths(12)}) END`,
  }),
};
