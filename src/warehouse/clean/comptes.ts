/**
 * `clean_comptes`: annual accounts per SIREN and closing date, from the public ratios (preferred; complete or
 * simplified accounts before consolidated ones), then Diane (kEUR converted to euros), then Banque de France.
 * `disponible_le` = closing month + 7 months: accounts are never used before they could have been filed.
 */
import { RATIOS } from '../../sources/ratios.ts';

export const AVAILABILITY_MONTHS = 7;

export const CLEAN_COMPTES = `
CREATE OR REPLACE TABLE clean_comptes AS
WITH ratios AS (
  SELECT siren, date_cloture, 'ratios_inpi_bce' AS source, 1 AS priorite,
    chiffre_d_affaires, ebe, resultat_net, marge_brute, ebit, ${RATIOS.join(', ')}, type_bilan
  FROM raw_ratios
  QUALIFY row_number() OVER (
    PARTITION BY siren, date_cloture
    ORDER BY CASE type_bilan WHEN 'C' THEN 1 WHEN 'S' THEN 2 WHEN 'K' THEN 4 ELSE 3 END, line DESC) = 1
), diane AS (
  SELECT numero_siren AS siren, arrete_bilan_diane AS date_cloture, 'diane' AS source, 2 AS priorite,
    ca * 1000 AS chiffre_d_affaires, excedent_brut_d_exploitation * 1000 AS ebe, benefice_ou_perte * 1000 AS resultat_net,
    resultat_expl * 1000 AS ebit, taux_endettement AS taux_d_endettement, liquidite_generale AS ratio_de_liquidite,
    degre_immo_corporelle AS ratio_de_vetuste, autonomie_financiere,
    capacite_remboursement AS capacite_de_remboursement,
    CASE WHEN ca <> 0 THEN excedent_brut_d_exploitation / ca * 100 END AS marge_ebe,
    CASE WHEN ca <> 0 THEN resultat_avant_impot / ca * 100 END AS resultat_courant_avant_impots_sur_ca,
    couverture_ca_besoin_fdr AS poids_bfr_exploitation_sur_ca_jours, rotation_stocks AS rotation_des_stocks_jours,
    credit_client AS credit_clients_jours, credit_fournisseur AS credit_fournisseurs_jours
  FROM raw_diane
  WHERE arrete_bilan_diane IS NOT NULL AND regexp_full_match(numero_siren, '[0-9]{9}')
  QUALIFY row_number() OVER (PARTITION BY numero_siren, arrete_bilan_diane ORDER BY batch_id DESC, line DESC) = 1
), bdf AS (
  SELECT siren, arrete_bilan AS date_cloture, poids_frng, taux_marge, delai_fournisseur, dette_fiscale,
    financier_court_terme, frais_financier
  FROM raw_bdf
  QUALIFY row_number() OVER (PARTITION BY siren, arrete_bilan ORDER BY batch_id DESC, line DESC) = 1
), all_sources AS (
  SELECT * FROM ratios
  UNION ALL BY NAME SELECT * FROM diane
  UNION ALL BY NAME SELECT siren, date_cloture, 'bdf' AS source, 3 AS priorite,
    delai_fournisseur AS credit_fournisseurs_jours FROM bdf
), best AS (
  SELECT * FROM all_sources QUALIFY row_number() OVER (PARTITION BY siren, date_cloture ORDER BY priorite) = 1
)
SELECT best.siren, best.date_cloture,
  CAST(date_trunc('month', best.date_cloture) + INTERVAL ${AVAILABILITY_MONTHS} MONTH AS DATE) AS disponible_le,
  best.source, best.chiffre_d_affaires, best.ebe, best.resultat_net, best.marge_brute, best.ebit,
  ${RATIOS.map((r) => `best.${r}`).join(', ')}, best.type_bilan,
  bdf.poids_frng, bdf.taux_marge, bdf.delai_fournisseur, bdf.dette_fiscale, bdf.financier_court_terme, bdf.frais_financier
FROM best LEFT JOIN bdf USING (siren, date_cloture)`;
