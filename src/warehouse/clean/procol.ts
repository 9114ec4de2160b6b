/**
 * Insolvency proceedings (sources.md §8.6). `clean_procol`: the events per SIREN, `solde_procedure` dropped.
 * `clean_procol_mensuel`: the state at each month — an event counts from its own month; per nature the latest
 * event wins; closing stages (fin, inclusion in another procedure, and — our addition — abandon) end it; a
 * continuation plan ends by itself in the month of its 10th anniversary; the most severe nature remains
 * (liquidation > redressement > sauvegarde). Only months with an open proceeding are stored.
 */
const CLOSING = "('fin_procedure', 'inclusion_autre_procedure', 'abandon_procedure')";
export const PLAN_YEARS = 10;

export const CLEAN_PROCOL = `
CREATE OR REPLACE TABLE clean_procol AS
SELECT DISTINCT substr(siret, 1, 9) AS siren, date_effet, action_procol AS action, stade_procol AS stade,
  CASE WHEN stade_procol = 'fin_procedure' THEN 'In bonis'
       WHEN action_procol = 'redressement' AND stade_procol = 'plan_continuation' THEN 'Plan de redressement'
       WHEN action_procol = 'redressement' THEN 'Redressement judiciaire'
       WHEN action_procol = 'liquidation' THEN 'Liquidation judiciaire'
       WHEN action_procol = 'sauvegarde' AND stade_procol = 'plan_continuation' THEN 'Plan de sauvegarde'
       WHEN action_procol = 'sauvegarde' THEN 'Sauvegarde' END AS libelle
FROM raw_procol
WHERE stade_procol <> 'solde_procedure' AND action_procol IN ('liquidation', 'redressement', 'sauvegarde')`;

export const CLEAN_PROCOL_MENSUEL = `
CREATE OR REPLACE TABLE clean_procol_mensuel AS
WITH firsts AS (SELECT siren, CAST(date_trunc('month', min(date_effet)) AS DATE) AS first FROM clean_procol GROUP BY siren),
grid AS (
  SELECT siren, CAST(p AS DATE) AS periode
  FROM firsts, delivery_info,
    LATERAL unnest(generate_series(first, greatest(last_month, first), INTERVAL 1 MONTH)) AS t(p)
), latest AS (
  SELECT g.siren, g.periode, e.action, e.stade, e.date_effet
  FROM grid g JOIN clean_procol e ON e.siren = g.siren AND e.date_effet <= last_day(g.periode)
  QUALIFY row_number() OVER (
    PARTITION BY g.siren, g.periode, e.action
    ORDER BY e.date_effet DESC,
      CASE WHEN e.stade IN ${CLOSING} THEN 3 WHEN e.stade = 'plan_continuation' THEN 2 ELSE 1 END DESC) = 1
), open AS (
  SELECT * FROM latest
  WHERE stade NOT IN ${CLOSING}
    AND NOT (stade = 'plan_continuation' AND date_effet + INTERVAL ${PLAN_YEARS} YEAR <= last_day(periode))
)
SELECT siren, periode,
  CASE WHEN stade = 'plan_continuation' AND action IN ('redressement', 'sauvegarde') THEN 'plan_' || action ELSE action END AS procol,
  date_effet
FROM open
QUALIFY row_number() OVER (
  PARTITION BY siren, periode
  ORDER BY CASE action WHEN 'liquidation' THEN 3 WHEN 'redressement' THEN 2 ELSE 1 END DESC) = 1`;

export const CLEAN_PREMIER_JUGEMENT = `
CREATE OR REPLACE TABLE clean_premier_jugement AS
SELECT siren, date_effet AS date_jugement, action
FROM clean_procol
WHERE stade NOT IN ${CLOSING}
QUALIFY row_number() OVER (
  PARTITION BY siren ORDER BY date_effet, CASE action WHEN 'liquidation' THEN 3 WHEN 'redressement' THEN 2 ELSE 1 END DESC) = 1`;
