/**
 * `delivery_info`: one row. `last_month` is the latest month with URSSAF debt or contribution data (the month
 * the delivery describes); forward-filled series stop there. Each source's latest month is kept beside it.
 */
const month = (expr: string) => `CAST(date_trunc('month', ${expr}) AS DATE)`;

export const DELIVERY_INFO = `
CREATE OR REPLACE TABLE delivery_info AS
WITH m AS (
  SELECT
    (SELECT ${month('max(date_traitement)')} FROM raw_debit) AS debit_last_month,
    (SELECT max(periode_debut) FROM raw_cotisation) AS cotisation_last_month,
    (SELECT max(periode) FROM raw_effectif) AS effectif_last_month,
    (SELECT max(periode) FROM raw_effectif_ent) AS effectif_ent_last_month,
    (SELECT ${month('max(date_creation)')} FROM raw_delai) AS delai_last_month,
    (SELECT ${month('max(date_traitement)')} FROM raw_ccsf) AS ccsf_last_month,
    (SELECT ${month('max(date_effet)')} FROM raw_procol) AS procol_last_month,
    (SELECT ${month('max(periode_debut)')} FROM raw_apdemande) AS apdemande_last_month,
    (SELECT ${month('max(periode)')} FROM raw_apconso) AS apconso_last_month,
    (SELECT ${month('max(d)')} FROM (SELECT date_cloture AS d FROM raw_ratios UNION ALL
       SELECT arrete_bilan_diane FROM raw_diane UNION ALL SELECT arrete_bilan FROM raw_bdf)) AS comptes_last_month,
    (SELECT ${month('max(d)')} FROM (SELECT date_valeur AS d FROM raw_paydex UNION ALL
       SELECT date_valeur FROM raw_paydex_retro)) AS paydex_last_month
)
SELECT coalesce(
    greatest(debit_last_month, cotisation_last_month),
    greatest(effectif_last_month, effectif_ent_last_month, delai_last_month, ccsf_last_month, procol_last_month,
             apconso_last_month, paydex_last_month),
    ${month('current_date')}) AS last_month,
  *
FROM m`;
