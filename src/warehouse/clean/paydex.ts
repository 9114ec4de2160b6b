/**
 * `clean_paydex`: one value per SIREN and month (the latest value date; the FPI file before the plain history).
 * An arg_max aggregate rather than a row_number() window: the window sorted every partition.
 */
export const CLEAN_PAYDEX = `
CREATE OR REPLACE TABLE clean_paydex AS
SELECT siren, periode, best.paydex, best.fpi_30, best.fpi_90, best.date_valeur
FROM (
  SELECT siren, CAST(date_trunc('month', date_valeur) AS DATE) AS periode,
    arg_max({'paydex': paydex, 'fpi_30': fpi_30, 'fpi_90': fpi_90, 'date_valeur': date_valeur},
      (date_valeur, variante = 'paydex_fpi', batch_id, line)) AS best
  FROM raw_paydex GROUP BY ALL
)`;
