import {
  accesColumn,
  BLOCS,
  type Bloc,
  type Facts,
  factsColumns,
  followJoin,
  type Locked,
  lockedBlock,
  type Viewer,
  viewerParams,
} from '../access/rule.ts';
import type { Sql } from '../store/store.ts';
import { LATEST_LISTE, rowsSql } from './rows.ts';

/** Statements that are not open data: Banque de France and Diane (private sources). */
const PRIVATE_SOURCES = `('bdf', 'diane')`;

type Row = Record<string, unknown>;

/**
 * A card is one statement (one round trip, one plan): the company's identity and the viewer's rights on it (CTE
 * `ch`), its open blocks, and each confidential block only under `CASE WHEN` the rule allowed it, as JSON.
 * The viewer is `$1`–`$3` (access/rule.ts), the card's key `$4`.
 */
function headSql(sirenExpr: string): string {
  return `SELECT e.siren, e.raison_sociale, e.categorie_juridique, cj.libelle AS categorie_juridique_libelle, e.naf,
            n.libelle AS naf_libelle, e.naf_section, hq.adresse, hq.code_postal, hq.commune,
            ns.libelle AS naf_section_libelle, e.date_creation, e.est_actif, e.siret_siege, e.departement_siege,
            e.nb_etablissements, e.perimetre_inclus, e.perimetre_raison, e.procol,
            e.effectif, to_char(e.effectif_periode, 'YYYY-MM') AS effectif_periode,
            ${accesColumn()}, ${factsColumns()}
     FROM entreprise e ${followJoin('e.siren')}
     LEFT JOIN naf n ON n.code = e.naf LEFT JOIN naf ns ON ns.code = e.naf_section
     LEFT JOIN categorie_juridique cj ON cj.code = e.categorie_juridique
     -- the head office's address (public register)
     LEFT JOIN etablissement hq ON hq.siret = e.siret_siege
     WHERE e.siren = ${sirenExpr}`;
}

/** The rows of `select` as a JSON array (`[]` when none), in `order` (over the columns of `x`). */
const agg = (select: string, order: string) =>
  `COALESCE((SELECT json_agg(x ORDER BY ${order}) FROM (${select}) x), '[]'::json)`;

const month = (col = 'periode') => `to_char(${col}, 'YYYY-MM') AS periode`;

/** The detection block: latest list, contributions, sentences and the alert history over every list. */
const scoreSql = `(SELECT json_build_object(
    'liste', CASE WHEN l.id IS NOT NULL THEN json_build_object('id', l.id, 'label', l.label, 'periode', to_char(l.periode, 'YYYY-MM')) END,
    'probability', p.probability, 'alert', p.alert, 'base_rate', p.base_rate,
    'premiere_alerte', (SELECT bool_or(premiere_alerte) FROM alerte WHERE liste_id = p.liste_id AND siren = p.siren),
    'groupes', ${agg('SELECT groupe, points FROM prediction_groupe WHERE liste_id = p.liste_id AND siren = p.siren', 'x.points DESC')},
    'variables', ${agg('SELECT feature, valeur, points, rang, phrase FROM prediction_variable WHERE liste_id = p.liste_id AND siren = p.siren', 'x.rang')},
    'historique', ${agg(
      `SELECT l.id AS liste_id, l.label, to_char(l.periode, 'YYYY-MM') AS periode, p.alert, p.probability
       FROM prediction p JOIN liste l ON l.id = p.liste_id WHERE p.siren = ch.siren`,
      'x.periode DESC, x.liste_id DESC',
    )})
  FROM (SELECT 1) one LEFT JOIN liste l ON l.id = ${LATEST_LISTE}
  LEFT JOIN prediction p ON p.liste_id = l.id AND p.siren = ch.siren)`;

/** URSSAF series of the establishments `where` selects (summed per month for a company). */
const urssafSql = (where: string) =>
  agg(
    `SELECT ${month()}, sum(cotisation) AS cotisation, sum(dette_ouvriere) AS dette_ouvriere,
            sum(dette_patronale) AS dette_patronale, sum(montant_echeancier) AS montant_echeancier,
            max(duree_delai) AS duree_delai, bool_or(ccsf) AS ccsf
     FROM serie_etablissement s WHERE ${where} GROUP BY s.periode`,
    'x.periode',
  );

function urssafBlock(mensuel: Row[]): Row {
  const dette = (r?: Row) => (r ? Number(r.dette_ouvriere ?? 0) + Number(r.dette_patronale ?? 0) : 0);
  const last = mensuel.at(-1);
  return {
    mensuel,
    delai_en_cours: last ? Number(last.montant_echeancier ?? 0) > 0 : false,
    // social debt rose over the last 3 months (the list pictogram of the reference)
    dette_en_hausse: mensuel.length >= 4 ? dette(last) > dette(mensuel.at(-4)) : false,
  };
}

const dgefpSql = (where: string) =>
  `json_build_object('mensuel', ${agg(
    `SELECT ${month()}, sum(ap_heures_consommees) AS heures_consommees, sum(ap_etp_consomme) AS etp_consomme,
            sum(ap_heures_autorisees) AS heures_autorisees, sum(ap_etp_autorise) AS etp_autorise,
            sum(ap_effectif_autorise) AS effectif_autorise
     FROM serie_etablissement s WHERE ${where}
       AND (ap_heures_consommees IS NOT NULL OR ap_heures_autorisees IS NOT NULL)
     GROUP BY s.periode`,
    'x.periode',
  )})`;

const bdfSql = `json_build_object(
  'exercices', ${agg(
    `SELECT date_cloture, source, chiffre_d_affaires, ebe, resultat_net, ratios FROM exercice
     WHERE siren = ch.siren AND source IN ${PRIVATE_SOURCES}`,
    'x.date_cloture DESC',
  )},
  'paydex', ${agg(
    `SELECT ${month()}, paydex, fpi_30, fpi_90 FROM serie_entreprise
     WHERE siren = ch.siren AND (paydex IS NOT NULL OR fpi_30 IS NOT NULL)`,
    'x.periode',
  )})`;

/** Columns of the identity blocks open to every authenticated user, plus the viewer's follow-up of the company. */
const OPEN_COLUMNS = `
  ${agg('SELECT date_effet, action, stade FROM procol_evenement WHERE siren = ch.siren', 'x.date_effet')} AS procol_evenements,
  ${agg(
    `SELECT date_cloture, source, chiffre_d_affaires, ebe, resultat_net FROM exercice
     WHERE siren = ch.siren AND source NOT IN ${PRIVATE_SOURCES}`,
    'x.date_cloture DESC',
  )} AS exercices,
  (SELECT json_build_object('siret', siret, 'motif', motif,
            'depuis', to_char(debut AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
   FROM suivi WHERE compte_id = $3 AND siren = ch.siren AND actif ORDER BY debut LIMIT 1) AS suivi`;

/** Columns `b_<bloc>`: each confidential block, computed only where the rule allows it. */
const blocColumns = (series: string) => {
  const sql: Record<Bloc, string> = {
    score: scoreSql,
    urssaf: urssafSql(series),
    dgefp: dgefpSql(series),
    bdf: bdfSql,
  };
  return BLOCS.map((b) => `CASE WHEN (ch.acces->>'${b}')::boolean THEN ${sql[b]} END AS b_${b}`).join(',\n');
};

const ESTABLISHMENTS_ORDER = 'x.siege DESC, x.effectif DESC NULLS LAST, x.siret';

const CARTE_ENTREPRISE = `WITH ch AS (${headSql('$4')})
  SELECT ch.*,
    ${agg(`SELECT ${month()}, effectif FROM serie_entreprise WHERE siren = ch.siren AND effectif IS NOT NULL`, 'x.periode')} AS mensuel,
    ${agg(rowsSql('t.siren = ch.siren'), ESTABLISHMENTS_ORDER)} AS etablissements,
    ${OPEN_COLUMNS},
    ${blocColumns('s.siret IN (SELECT siret FROM etablissement WHERE siren = ch.siren)')}
  FROM ch`;

const CARTE_ETABLISSEMENT = `WITH ct AS (
    SELECT t.siret, t.siren, t.siege, t.est_actif, t.adresse, t.code_postal, t.commune, t.code_commune,
           t.departement, d.libelle AS departement_libelle, t.region, t.naf, n.libelle AS naf_libelle,
           t.date_creation, t.longitude, t.latitude, t.effectif
    FROM etablissement t LEFT JOIN departement d ON d.code = t.departement LEFT JOIN naf n ON n.code = t.naf
    WHERE t.siret = $4),
  ch AS (${headSql('(SELECT siren FROM ct)')})
  SELECT ch.*, (SELECT row_to_json(ct) FROM ct) AS etablissement,
    ${agg(`SELECT ${month()}, effectif FROM serie_etablissement WHERE siret = $4 AND effectif IS NOT NULL`, 'x.periode')} AS mensuel,
    ${agg(rowsSql('t.siren = ch.siren AND t.siret <> $4'), ESTABLISHMENTS_ORDER)} AS autres_etablissements,
    EXISTS (SELECT 1 FROM suivi WHERE compte_id = $3 AND siret = $4 AND actif) AS etablissement_suivi,
    ${OPEN_COLUMNS},
    ${blocColumns('s.siret = $4')}
  FROM ch`;

interface CardRow extends Facts {
  acces: Record<Bloc, boolean>;
  procol_evenements: Row[];
  exercices: Row[];
  suivi: Row | null;
  mensuel: Row[];
  b_score: Row | null;
  b_urssaf: Row[] | null;
  b_dgefp: Row | null;
  b_bdf: Row | null;
  [k: string]: unknown;
}

/** Each confidential block, or why it is locked. */
function blocks(viewer: Viewer, r: CardRow): Record<Bloc, Row | Locked> {
  const built: Record<Bloc, () => Row> = {
    score: () => r.b_score!,
    urssaf: () => urssafBlock(r.b_urssaf!),
    dgefp: () => r.b_dgefp!,
    bdf: () => r.b_bdf!,
  };
  return Object.fromEntries(BLOCS.map((b) => [b, r.acces[b] ? built[b]() : lockedBlock(b, viewer, r)])) as Record<
    Bloc,
    Row | Locked
  >;
}

/** Splits a card row: identity, rights, open blocks and the rest (the card-specific columns). */
function split(r: CardRow) {
  const {
    acces,
    dans_zone: _z,
    deja_alertee: _a,
    suivie: _s,
    perimetre_inclus,
    perimetre_raison,
    effectif,
    effectif_periode,
    procol_evenements,
    exercices,
    suivi,
    mensuel,
    b_score: _bs,
    b_urssaf: _bu,
    b_dgefp: _bd,
    b_bdf: _bb,
    etablissements,
    autres_etablissements,
    etablissement,
    etablissement_suivi,
    ...id
  } = r;
  return {
    id,
    acces,
    perimetre: { inclus: perimetre_inclus, raison: perimetre_raison },
    effectif,
    effectif_periode,
    procol_evenements,
    exercices,
    suivi: suivi ? { suivie: true, ...suivi } : { suivie: false, siret: null, motif: null, depuis: null },
    mensuel,
    rest: { etablissements, autres_etablissements, etablissement, etablissement_suivi },
  };
}

/** `GET /api/entreprises/:siren`. */
export async function carteEntreprise(sql: Sql, viewer: Viewer, siren: string): Promise<Row | undefined> {
  const [r] = await sql.query<CardRow>(CARTE_ENTREPRISE, [...viewerParams(viewer), siren], { prepare: true });
  if (!r) return undefined;
  const c = split(r);
  return {
    ...c.id,
    perimetre: c.perimetre,
    procol_evenements: c.procol_evenements,
    exercices: c.exercices,
    suivi: c.suivi,
    effectif: { dernier: c.effectif, periode: c.effectif_periode, mensuel: c.mensuel },
    etablissements: c.rest.etablissements,
    acces: c.acces,
    ...blocks(viewer, r),
  };
}

/** `GET /api/etablissements/:siret`: the establishment, its company, and the blocks for this establishment. */
export async function carteEtablissement(sql: Sql, viewer: Viewer, siret: string): Promise<Row | undefined> {
  const [r] = await sql.query<CardRow>(CARTE_ETABLISSEMENT, [...viewerParams(viewer), siret], { prepare: true });
  if (!r) return undefined;
  const c = split(r);
  const t = c.rest.etablissement as Row;
  return {
    ...t,
    effectif: { dernier: t.effectif, mensuel: c.mensuel },
    entreprise: { ...c.id, perimetre: c.perimetre },
    procol: r.procol,
    procol_evenements: c.procol_evenements,
    suivi: { ...c.suivi, etablissement_suivi: c.rest.etablissement_suivi },
    autres_etablissements: c.rest.autres_etablissements,
    acces: c.acces,
    ...blocks(viewer, r),
  };
}

/** What the audit log keeps of a card read: which blocks were shown. */
export function shownBlocks(card: Row): Record<string, boolean> {
  return Object.fromEntries(BLOCS.map((b) => [b, !(card[b] as Locked).locked]));
}
