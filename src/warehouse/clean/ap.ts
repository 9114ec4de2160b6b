/**
 * `clean_ap`: short-time work per SIRET and month, in hours and FTE (151.67 h a month). Our fix of §8.4: the
 * authorised hours of a request are spread over its days (as the data lake does), not repeated whole on every
 * month; consumption months are truncated to the month.
 */
export const HOURS_PER_FTE = 151.67;

export const CLEAN_AP = `
CREATE OR REPLACE TABLE clean_ap AS
WITH demande AS (
  SELECT siret, CAST(p AS DATE) AS periode,
    heures * (date_diff('day', greatest(periode_debut, p), least(periode_fin, CAST(p + INTERVAL 1 MONTH AS DATE) - 1)) + 1)
      / (date_diff('day', periode_debut, periode_fin) + 1) AS heures_autorisees,
    effectif_autorise
  FROM raw_apdemande,
    LATERAL unnest(generate_series(date_trunc('month', periode_debut), date_trunc('month', periode_fin), INTERVAL 1 MONTH)) AS t(p)
), d AS (
  SELECT siret, periode, sum(heures_autorisees) AS heures_autorisees, sum(effectif_autorise) AS effectif_autorise
  FROM demande GROUP BY siret, periode
), c AS (
  SELECT siret, CAST(date_trunc('month', periode) AS DATE) AS periode, sum(heures) AS heures_consommees,
    sum(montant) AS montant_consomme, sum(effectif) AS effectif_consomme
  FROM raw_apconso GROUP BY ALL
)
SELECT siret, periode,
  c.heures_consommees, c.heures_consommees / ${HOURS_PER_FTE} AS etp_consomme,
  d.heures_autorisees, d.heures_autorisees / ${HOURS_PER_FTE} AS etp_autorise,
  d.effectif_autorise, c.montant_consomme, c.effectif_consomme
FROM d FULL OUTER JOIN c USING (siret, periode)`;
