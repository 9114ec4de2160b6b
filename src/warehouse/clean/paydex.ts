/** `clean_paydex`: one value per SIREN and month (the latest value date; the FPI file before the plain history). */
export const CLEAN_PAYDEX = `
CREATE OR REPLACE TABLE clean_paydex AS
SELECT siren, CAST(date_trunc('month', date_valeur) AS DATE) AS periode, paydex, fpi_30, fpi_90, date_valeur
FROM raw_paydex
QUALIFY row_number() OVER (
  PARTITION BY siren, date_trunc('month', date_valeur)
  ORDER BY date_valeur DESC, variante = 'paydex_fpi' DESC, batch_id DESC, line DESC) = 1`;
