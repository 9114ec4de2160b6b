/**
 * `clean_paydex`: one value per SIREN and month of the FPI file (`raw_paydex`) and the plain history
 * (`raw_paydex_retro`): the latest value date; the FPI file first.
 */
export const CLEAN_PAYDEX = `
CREATE OR REPLACE TABLE clean_paydex AS
SELECT siren, CAST(date_trunc('month', date_valeur) AS DATE) AS periode, paydex, fpi_30, fpi_90, date_valeur
FROM (SELECT batch_id, line, siren, date_valeur, paydex, fpi_30, fpi_90, variante FROM raw_paydex
      UNION ALL
      SELECT batch_id, line, siren, date_valeur, paydex, NULL, NULL, 'paydex' FROM raw_paydex_retro)
QUALIFY row_number() OVER (
  PARTITION BY siren, date_trunc('month', date_valeur)
  ORDER BY date_valeur DESC, variante = 'paydex_fpi' DESC, batch_id DESC, line DESC) = 1`;
