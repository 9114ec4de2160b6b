/**
 * URSSAF payment plans per month. `clean_delai`: a plan runs from the month of its creation up to, excluding, the
 * month of its due date (the historical rule); several plans add their amounts. `clean_ccsf`: from the month after
 * a CCSF treatment date, the latest treatment known strictly before the month, and whether its stage leaves the
 * plan open (DEBUT, APPROB), up to `last_month`.
 */
export const CLEAN_DELAI = `
CREATE OR REPLACE TABLE clean_delai AS
SELECT siret, CAST(p AS DATE) AS periode, sum(montant_echeancier) AS montant_echeancier, max(duree_delai) AS duree_delai,
  count(*) AS nb_delais
FROM raw_delai,
  LATERAL unnest(generate_series(date_trunc('month', date_creation), date_trunc('month', date_echeance) - INTERVAL 1 MONTH,
    INTERVAL 1 MONTH)) AS t(p)
GROUP BY siret, p`;

export const CLEAN_CCSF = `
CREATE OR REPLACE TABLE clean_ccsf AS
WITH events AS (
  SELECT siret, date_traitement, stade,
    CAST(date_trunc('month', date_traitement) + INTERVAL 1 MONTH AS DATE) AS m
  FROM raw_ccsf
  QUALIFY row_number() OVER (PARTITION BY siret, date_trunc('month', date_traitement) ORDER BY date_traitement DESC, line DESC) = 1
), spans AS (
  SELECT *, lead(m) OVER (PARTITION BY siret ORDER BY m) AS m_next FROM events
)
SELECT siret, CAST(p AS DATE) AS periode, coalesce(stade IN ('DEBUT', 'APPROB'), false) AS ccsf_en_cours,
  date_traitement, stade
FROM spans, delivery_info,
  LATERAL unnest(generate_series(m, coalesce(m_next - INTERVAL 1 MONTH, greatest(last_month, m)), INTERVAL 1 MONTH)) AS t(p)`;
