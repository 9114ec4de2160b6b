/** `clean_etablissement` and `clean_entreprise`: the Sirene register, latest delivery, with labels. */

export const CLEAN_ETABLISSEMENT = `
CREATE OR REPLACE TABLE clean_etablissement AS
SELECT s.siret, s.siren, coalesce(s.siege, false) AS siege, s.est_actif,
  nullif(trim(concat_ws(' ', s.numero_voie, s.indrep, s.type_voie, s.voie)
    || CASE WHEN s.complement_adresse IS NOT NULL THEN ' (' || s.complement_adresse || ')' ELSE '' END
    || chr(10) || concat_ws(' ', s.code_postal, coalesce(s.commune, s.commune_etranger))
    || CASE WHEN s.pays_etranger IS NOT NULL THEN chr(10) || s.pays_etranger ELSE '' END), '') AS adresse,
  s.code_postal, coalesce(s.commune, s.commune_etranger) AS commune, s.code_commune, s.departement, d.region,
  s.ape AS naf, s.date_creation, s.longitude, s.latitude
FROM (SELECT * FROM raw_sirene QUALIFY row_number() OVER (PARTITION BY siret ORDER BY batch_id DESC, line DESC) = 1) s
LEFT JOIN ref_departement d ON d.code = s.departement`;

export const CLEAN_ENTREPRISE = `
CREATE OR REPLACE TABLE clean_entreprise AS
WITH ul AS (
  SELECT * FROM raw_sirene_ul QUALIFY row_number() OVER (PARTITION BY siren ORDER BY batch_id DESC, line DESC) = 1
), etab AS (
  SELECT siren, count(*) AS nb, count(*) FILTER (WHERE est_actif) AS nb_actifs, bool_or(est_actif) AS actif
  FROM clean_etablissement GROUP BY siren
), siege AS (
  SELECT siren, siret, departement, region, naf FROM clean_etablissement WHERE siege
  QUALIFY row_number() OVER (PARTITION BY siren ORDER BY est_actif DESC, siret) = 1
), sirens AS (SELECT siren FROM ul UNION SELECT siren FROM etab)
SELECT s.siren,
  coalesce(ul.raison_sociale,
    CASE WHEN ul.nom IS NOT NULL
      THEN concat_ws(' ', ul.nom, ul.nom_usage, ul.prenom1, ul.prenom2, ul.prenom3, ul.prenom4) || ' EI' END) AS raison_sociale,
  ul.categorie_juridique,
  coalesce(cj.libelle, cj2.libelle) AS categorie_juridique_libelle,
  coalesce(ul.activite_principale, siege.naf) AS naf,
  n.section AS naf_section,
  substr(coalesce(ul.activite_principale, siege.naf), 1, 2) AS naf_division,
  n.libelle AS naf_libelle,
  ul.date_creation,
  coalesce(ul.est_actif, etab.actif, false) AS est_actif,
  siege.siret AS siret_siege,
  siege.departement AS departement_siege,
  siege.region AS region_siege,
  coalesce(etab.nb, 0) AS nb_etablissements,
  coalesce(etab.nb_actifs, 0) AS nb_etablissements_actifs
FROM sirens s
LEFT JOIN ul USING (siren)
LEFT JOIN etab USING (siren)
LEFT JOIN siege USING (siren)
LEFT JOIN ref_categorie_juridique cj ON cj.code = ul.categorie_juridique
LEFT JOIN ref_categorie_juridique cj2 ON cj2.code = substr(ul.categorie_juridique, 1, 2)
LEFT JOIN ref_naf n ON n.code = coalesce(ul.activite_principale, siege.naf)`;
