/**
 * `clean_perimetre` (sources.md §8.1, with our fixes): a company is in the perimeter when it had at least 10
 * employees in the last 36 months of the headcount file (or is listed in an imported `filter` file, which then
 * replaces that rule), is known to Sirene, is not a public body (legal category 4xxx/7xxx) nor in an excluded
 * activity, and has its head office in France. The first failing rule is the reason, the structural ones (register,
 * legal category, activity, head office) before headcount: later stages replace `effectif_insuffisant` by their
 * month-by-month headcount rule, which must not hide a structural exclusion. A company left out of
 * an imported filter gets `hors_filtre`, not `effectif_insuffisant`, so that later stages, which re-apply the
 * headcount rule month by month, keep the filter's exclusions. `selon_filtre` tells them when a filter, not
 * headcount, defined the perimeter (the headcount rule must then not be re-applied).
 */
export const EXCLUDED_NAF = [
  '84.11Z',
  '84.12Z',
  '84.13Z',
  '84.21Z',
  '84.22Z',
  '84.23Z',
  '84.24Z',
  '84.25Z',
  '84.30A',
  '84.30B',
  '84.30C',
  '85.10Z',
  '85.20Z',
  '85.31Z',
  '85.32Z',
  '85.41Z',
  '85.42Z',
  '94.11Z',
  '94.12Z',
  '94.20Z',
  '94.91Z',
  '94.92Z',
  '64.11Z',
  '64.19Z',
  '64.30Z',
  '64.91Z',
  '64.92Z',
  '64.99Z',
  '65.11Z',
  '65.12Z',
  '65.20Z',
  '65.30Z',
  '66.11Z',
  '66.12Z',
  '66.19A',
  '66.19B',
  '66.21Z',
  '66.22Z',
  '66.29Z',
  '66.30Z',
  '99.00Z',
];

export const MIN_EFFECTIF = 10;
export const WINDOW_MONTHS = 36;

export const CLEAN_PERIMETRE = `
CREATE OR REPLACE TABLE clean_perimetre AS
WITH lm AS (SELECT max(periode) AS m FROM raw_effectif_ent),
eff AS (
  SELECT siren, max(effectif) AS effectif_max_36m FROM raw_effectif_ent, lm
  WHERE periode > lm.m - INTERVAL ${WINDOW_MONTHS} MONTH GROUP BY siren
),
flt AS (SELECT DISTINCT siren FROM raw_filter),
candidates AS (
  SELECT siren FROM clean_entreprise UNION SELECT siren FROM raw_effectif_ent UNION SELECT siren FROM flt
)
SELECT siren, raison IS NULL AS inclus, raison, effectif_max_36m, selon_filtre FROM (
  SELECT c.siren, eff.effectif_max_36m, has_filter.used AS selon_filtre, CASE
    WHEN has_filter.used AND f.siren IS NULL THEN 'hors_filtre'
    WHEN e.siren IS NULL THEN 'absent_sirene'
    WHEN coalesce(cj.publique, substr(e.categorie_juridique, 1, 1) IN ('4', '7'), false) THEN 'categorie_juridique_publique'
    WHEN e.naf IN (${EXCLUDED_NAF.map((n) => `'${n}'`).join(', ')}) THEN 'naf_exclu'
    WHEN e.departement_siege IS NULL THEN 'siege_etranger'
    WHEN NOT has_filter.used AND coalesce(eff.effectif_max_36m, 0) < ${MIN_EFFECTIF} THEN 'effectif_insuffisant'
  END AS raison
  FROM candidates c
  LEFT JOIN eff USING (siren)
  LEFT JOIN flt f USING (siren)
  LEFT JOIN clean_entreprise e USING (siren)
  LEFT JOIN ref_categorie_juridique cj ON cj.code = e.categorie_juridique
  CROSS JOIN (SELECT count(*) > 0 AS used FROM flt) AS has_filter
)`;
