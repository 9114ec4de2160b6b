/** `clean_cotisation`: each amount due spread equally over the months of its period [start, end). */
export const CLEAN_COTISATION = `
CREATE OR REPLACE TABLE clean_cotisation AS
SELECT siret, CAST(p AS DATE) AS periode, round(sum(du / date_diff('month', periode_debut, periode_fin)), 2) AS cotisation
FROM raw_cotisation,
  LATERAL unnest(generate_series(periode_debut, periode_fin - INTERVAL 1 MONTH, INTERVAL 1 MONTH)) AS t(p)
WHERE du IS NOT NULL AND periode_fin > periode_debut
GROUP BY siret, p`;
