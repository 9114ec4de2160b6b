import { AP_LAGS, PUBLICATION_LAG } from './catalogue.ts';
import { WORK } from './context.ts';
import type { Family } from './family.ts';
import { companyKey, knownFrom, lag, lastMonths, mi, ratio } from './sql.ts';

/**
 * Partial activity (DGEFP), summed over the company's SIRETs. The administration records every request and
 * consumption, so from the first month the source covers, no record means no partial activity: 0, not NULL.
 * Authorisations count in their own month (decided beforehand); consumption from its claim (PUBLICATION_LAG).
 */
const consumed = knownFrom('periode', PUBLICATION_LAG.ap_consommation.months);
export const ap: Family = {
  prepare: ({ src, end }) => [
    `CREATE TABLE ${WORK}.ap_source AS
       SELECT left(siret, 9) AS siren, ${consumed} AS m, heures_consommees AS heures, etp_consomme,
              NULL::DOUBLE AS etp_autorise
       FROM ${src.clean_ap} WHERE (heures_consommees IS NOT NULL OR etp_consomme IS NOT NULL) AND ${consumed} <= ${end}
       UNION ALL
       SELECT left(siret, 9), ${mi('periode')}, NULL, NULL, etp_autorise FROM ${src.clean_ap}
       WHERE etp_autorise IS NOT NULL AND ${mi('periode')} <= ${end}`,
    `CREATE TABLE ${WORK}.ap AS
       SELECT k.id, m, sum(heures) AS heures, sum(etp_consomme) AS etp_consomme, sum(etp_autorise) AS etp_autorise
       FROM ${WORK}.ap_source ${companyKey('siren')} GROUP BY ALL`,
    // The source's coverage, from every company's records (perimeter or not).
    `CREATE TABLE ${WORK}.ap_debut AS
       SELECT min(m) FILTER (WHERE heures IS NOT NULL OR etp_consomme IS NOT NULL) AS conso,
              min(m) FILTER (WHERE etp_autorise IS NOT NULL) AS autorise
       FROM ${WORK}.ap_source`,
  ],
  joins: (rows) => [`LEFT JOIN ${rows('ap')} a ON a.id = g.id AND a.m = g.m`, `CROSS JOIN ${WORK}.ap_debut a0`],
  raw: () => ({
    ap_heures_consommees: 'CASE WHEN g.m >= a0.conso THEN coalesce(a.heures, 0) END',
    ap_etp_consomme: 'CASE WHEN g.m >= a0.conso THEN coalesce(a.etp_consomme, 0) END',
    ap_etp_autorise: 'CASE WHEN g.m >= a0.autorise THEN coalesce(a.etp_autorise, 0) END',
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
