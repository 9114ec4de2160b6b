import type { Sql } from '../store/store.ts';
import { CARTE_LIGNE, LATEST_LISTE } from './rows.ts';

/**
 * The blocks of every card, as JSON text, computed once per publish for all companies and establishments
 * (`carte_entreprise`, `carte_etablissement`, migration 005) in set-based SQL: a card read then costs a row lookup,
 * not a dozen aggregates. Everything here changes only when a list is published; what depends on the viewer
 * (rights, follow-ups) stays in the card's query (carte.ts). The cards' establishment rows are built here too
 * (`CARTE_LIGNE`, rows.ts).
 */

/** Statements that are not open data: Banque de France and Diane (private sources). */
const PRIVATE_SOURCES = `('bdf', 'diane')`;

/** `[json_build_object(...), …]` of the group, ordered, or the text `[]` when the group has none. */
const arr = (fields: Record<string, string>, order: string, filter = 'true') =>
  `COALESCE(json_agg(json_build_object(${Object.entries(fields)
    .map(([k, v]) => `'${k}', ${v}`)
    .join(', ')}) ORDER BY ${order}) FILTER (WHERE ${filter}), '[]')`;

const month = (col = 'periode') => `to_char(${col}, 'YYYY-MM')`;

const URSSAF_FIELDS = {
  periode: month(),
  cotisation: 'cotisation',
  dette_ouvriere: 'dette_ouvriere',
  dette_patronale: 'dette_patronale',
  montant_echeancier: 'montant_echeancier',
  duree_delai: 'duree_delai',
  ccsf: 'ccsf',
};
const AP_FIELDS = {
  periode: month(),
  heures_consommees: 'ap_heures_consommees',
  etp_consomme: 'ap_etp_consomme',
  heures_autorisees: 'ap_heures_autorisees',
  etp_autorise: 'ap_etp_autorise',
  effectif_autorise: 'ap_effectif_autorise',
};
const PAYDEX_FIELDS = { periode: month(), paydex: 'paydex', fpi_30: 'fpi_30', fpi_90: 'fpi_90' };
/** The headcount series of a card (the establishment's, or the company's from `serie_entreprise`), as text. */
const HEADCOUNT = `${arr({ periode: month(), effectif: 'effectif' }, 'periode', 'effectif IS NOT NULL')}::text`;
const HAS_AP = 'ap_heures_consommees IS NOT NULL OR ap_heures_autorisees IS NOT NULL';

/**
 * Per `key`, the URSSAF and partial-activity blocks (and `extra` columns) from monthly rows `m` (one row per key
 * and month, `k` = rank from the latest month). `delai_en_cours`: a payment plan at the latest month;
 * `dette_en_hausse`: the social debt of the latest month above that of 3 rows before (the list pictogram of the
 * reference).
 */
const seriesBlocks = (key: string, m: string, extra = '') => `
  SELECT ${key}, ${extra}
    json_build_object('mensuel', ${arr(URSSAF_FIELDS, 'periode')},
      'delai_en_cours', COALESCE(bool_or(COALESCE(montant_echeancier, 0) > 0) FILTER (WHERE k = 1), false),
      'dette_en_hausse', COALESCE(max(dette) FILTER (WHERE k = 1) > max(dette) FILTER (WHERE k = 4), false))::text AS urssaf,
    json_build_object('mensuel', ${arr(AP_FIELDS, 'periode', HAS_AP)})::text AS dgefp
  FROM (SELECT *, COALESCE(dette_ouvriere, 0) + COALESCE(dette_patronale, 0) AS dette,
               row_number() OVER (PARTITION BY ${key} ORDER BY periode DESC) AS k FROM ${m} src) m
  GROUP BY ${key}`;

/** Companies with more than one establishment; the others' company blocks are their establishment's. */
const MULTI = '(SELECT siren FROM etablissement GROUP BY siren HAVING count(*) > 1)';
const SINGLE = 'SELECT siren, min(siret) AS siret FROM etablissement GROUP BY siren HAVING count(*) = 1';

/**
 * The establishments of `MULTI` companies summed per month (their company's series in its URSSAF and
 * partial-activity blocks).
 */
const COMPANY_MONTHS = `(SELECT t.siren, s.periode,
    sum(cotisation) AS cotisation, sum(dette_ouvriere) AS dette_ouvriere, sum(dette_patronale) AS dette_patronale,
    sum(montant_echeancier) AS montant_echeancier, max(duree_delai) AS duree_delai, bool_or(ccsf) AS ccsf,
    sum(ap_heures_consommees) AS ap_heures_consommees, sum(ap_etp_consomme) AS ap_etp_consomme,
    sum(ap_heures_autorisees) AS ap_heures_autorisees, sum(ap_etp_autorise) AS ap_etp_autorise,
    sum(ap_effectif_autorise) AS ap_effectif_autorise
  FROM serie_etablissement s JOIN etablissement t USING (siret)
  WHERE t.siren IN ${MULTI} GROUP BY t.siren, s.periode)`;

const EMPTY_SERIES = {
  urssaf: `'{"mensuel" : [], "delai_en_cours" : false, "dette_en_hausse" : false}'`,
  dgefp: `'{"mensuel" : []}'`,
};

const SCORE = `
  SELECT e.siren, json_build_object(
    'liste', CASE WHEN l.id IS NOT NULL THEN json_build_object('id', l.id, 'label', l.label, 'periode', ${month('l.periode')}) END,
    'probability', p.probability, 'alert', p.alert, 'base_rate', p.base_rate,
    'premiere_alerte', a.premiere_alerte,
    'groupes', COALESCE(g.groupes, '[]'), 'variables', COALESCE(v.variables, '[]'),
    'historique', COALESCE(h.historique, '[]'))::text AS score
  FROM entreprise e
  LEFT JOIN liste l ON l.id = ${LATEST_LISTE}
  LEFT JOIN prediction p ON p.liste_id = l.id AND p.siren = e.siren
  LEFT JOIN (SELECT siren, bool_or(premiere_alerte) AS premiere_alerte FROM alerte
             WHERE liste_id = ${LATEST_LISTE} GROUP BY siren) a ON a.siren = p.siren
  LEFT JOIN (SELECT siren, ${arr({ groupe: 'groupe', points: 'points' }, 'points DESC')} AS groupes
             FROM prediction_groupe WHERE liste_id = ${LATEST_LISTE} GROUP BY siren) g ON g.siren = p.siren
  LEFT JOIN (SELECT siren, ${arr(
    { feature: 'feature', valeur: 'valeur', points: 'points', rang: 'rang', phrase: 'phrase' },
    'rang',
  )} AS variables
             FROM prediction_variable WHERE liste_id = ${LATEST_LISTE} GROUP BY siren) v ON v.siren = p.siren
  LEFT JOIN (SELECT p.siren, ${arr(
    { liste_id: 'l.id', label: 'l.label', periode: month('l.periode'), alert: 'p.alert', probability: 'p.probability' },
    'l.periode DESC, l.id DESC',
  )} AS historique
             FROM prediction p JOIN liste l ON l.id = p.liste_id GROUP BY p.siren) h ON h.siren = e.siren`;

const exercices = (where: string, fields: Record<string, string>) =>
  `SELECT siren, ${arr(fields, 'date_cloture DESC')} AS exercices FROM exercice WHERE ${where} GROUP BY siren`;
const PUBLIC_STATEMENT = {
  date_cloture: 'date_cloture',
  source: 'source',
  chiffre_d_affaires: 'chiffre_d_affaires',
  ebe: 'ebe',
  resultat_net: 'resultat_net',
};

const CARTE_ENTREPRISE = `
  INSERT INTO carte_entreprise (siren, mensuel, procol_evenements, exercices, score, urssaf, dgefp, bdf)
  SELECT e.siren, COALESCE(h.mensuel, '[]'), COALESCE(pe.evenements::text, '[]'), COALESCE(ex.exercices::text, '[]'),
    sc.score, COALESCE(ce.urssaf, s.urssaf, ${EMPTY_SERIES.urssaf}), COALESCE(ce.dgefp, s.dgefp, ${EMPTY_SERIES.dgefp}),
    json_build_object('exercices', COALESCE(bx.exercices, '[]'), 'paydex', COALESCE(h.paydex, '[]'))::text
  FROM entreprise e
  JOIN (${SCORE}) sc ON sc.siren = e.siren
  LEFT JOIN (${seriesBlocks('siren', COMPANY_MONTHS)}) s ON s.siren = e.siren
  -- a sum over one establishment is that establishment's series: its blocks, already built, are the company's
  LEFT JOIN (${SINGLE}) seul ON seul.siren = e.siren LEFT JOIN carte_etablissement ce ON ce.siret = seul.siret
  LEFT JOIN (SELECT siren, ${HEADCOUNT} AS mensuel,
                    ${arr(PAYDEX_FIELDS, 'periode', 'paydex IS NOT NULL OR fpi_30 IS NOT NULL')} AS paydex
             FROM serie_entreprise GROUP BY siren) h ON h.siren = e.siren
  LEFT JOIN (SELECT siren, ${arr({ date_effet: 'date_effet', action: 'action', stade: 'stade' }, 'date_effet')} AS evenements
             FROM procol_evenement GROUP BY siren) pe ON pe.siren = e.siren
  LEFT JOIN (${exercices(`source NOT IN ${PRIVATE_SOURCES}`, PUBLIC_STATEMENT)}) ex ON ex.siren = e.siren
  LEFT JOIN (${exercices(`source IN ${PRIVATE_SOURCES}`, { ...PUBLIC_STATEMENT, ratios: 'ratios' })}) bx ON bx.siren = e.siren`;

const CARTE_ETABLISSEMENT = `
  INSERT INTO carte_etablissement (siret, mensuel, urssaf, dgefp)
  SELECT t.siret, COALESCE(s.mensuel, '[]'), COALESCE(s.urssaf, ${EMPTY_SERIES.urssaf}), COALESCE(s.dgefp, ${EMPTY_SERIES.dgefp})
  FROM etablissement t
  LEFT JOIN (${seriesBlocks('siret', 'serie_etablissement', `${HEADCOUNT} AS mensuel,`)}) s ON s.siret = t.siret`;

/** Rebuilds every card's blocks and establishment rows from the published tables (inside the publish transaction). */
export async function buildCartes(sql: Sql): Promise<{ entreprises: number; etablissements: number }> {
  await sql.exec('TRUNCATE carte_entreprise, carte_etablissement, carte_ligne');
  await sql.exec(CARTE_ETABLISSEMENT);
  await sql.exec(CARTE_ENTREPRISE);
  await sql.exec(CARTE_LIGNE);
  const [n] = await sql.query<{ entreprises: number; etablissements: number }>(
    `SELECT (SELECT count(*) FROM carte_entreprise) AS entreprises, (SELECT count(*) FROM carte_etablissement) AS etablissements`,
  );
  return n;
}
