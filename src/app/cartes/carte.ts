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

interface Head extends Facts {
  acces: Record<Bloc, boolean>;
  [k: string]: unknown;
}

/** Identity of a company with the viewer's rights on it (null when unknown). */
async function head(sql: Sql, viewer: Viewer, siren: string): Promise<Head | undefined> {
  const rows = await sql.query<Head>(
    `SELECT e.siren, e.raison_sociale, e.categorie_juridique, cj.libelle AS categorie_juridique_libelle, e.naf,
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
     WHERE e.siren = $4`,
    [...viewerParams(viewer), siren],
  );
  return rows[0];
}

const month = (col = 'periode') => `to_char(${col}, 'YYYY-MM') AS periode`;

/** The detection block: latest list, contributions, sentences and the alert history over every list. */
async function scoreBlock(sql: Sql, siren: string): Promise<Row> {
  const [latest] = await sql.query<{ id: number; label: string; periode: string }>(
    `SELECT id, label, to_char(periode, 'YYYY-MM') AS periode FROM liste WHERE id = ${LATEST_LISTE}`,
  );
  const [p] = latest
    ? await sql.query<Row>(
        `SELECT p.probability, p.alert, p.base_rate,
                (SELECT bool_or(premiere_alerte) FROM alerte WHERE liste_id = p.liste_id AND siren = p.siren) AS premiere_alerte
         FROM prediction p WHERE p.liste_id = $1 AND p.siren = $2`,
        [latest.id, siren],
      )
    : [];
  const [groupes, variables, historique] = await Promise.all([
    p
      ? sql.query(
          'SELECT groupe, points FROM prediction_groupe WHERE liste_id = $1 AND siren = $2 ORDER BY points DESC',
          [latest.id, siren],
        )
      : [],
    p
      ? sql.query(
          'SELECT feature, valeur, points, rang, phrase FROM prediction_variable WHERE liste_id = $1 AND siren = $2 ORDER BY rang',
          [latest.id, siren],
        )
      : [],
    sql.query(
      `SELECT l.id AS liste_id, l.label, to_char(l.periode, 'YYYY-MM') AS periode, p.alert, p.probability
       FROM prediction p JOIN liste l ON l.id = p.liste_id WHERE p.siren = $1 ORDER BY l.periode DESC, l.id DESC`,
      [siren],
    ),
  ]);
  return {
    liste: latest ?? null,
    probability: p?.probability ?? null,
    alert: p?.alert ?? null,
    base_rate: p?.base_rate ?? null,
    premiere_alerte: p?.premiere_alerte ?? null,
    groupes,
    variables,
    historique,
  };
}

/** URSSAF series of a set of establishments (summed per month for a company). */
async function urssafBlock(sql: Sql, where: string, key: string): Promise<Row> {
  const mensuel = await sql.query<Row>(
    `SELECT ${month()}, sum(cotisation) AS cotisation, sum(dette_ouvriere) AS dette_ouvriere,
            sum(dette_patronale) AS dette_patronale, sum(montant_echeancier) AS montant_echeancier,
            max(duree_delai) AS duree_delai, bool_or(ccsf) AS ccsf
     FROM serie_etablissement s WHERE ${where} GROUP BY periode ORDER BY periode`,
    [key],
  );
  const dette = (r?: Row) => (r ? Number(r.dette_ouvriere ?? 0) + Number(r.dette_patronale ?? 0) : 0);
  const last = mensuel.at(-1);
  return {
    mensuel,
    delai_en_cours: last ? Number(last.montant_echeancier ?? 0) > 0 : false,
    // social debt rose over the last 3 months (the list pictogram of the reference)
    dette_en_hausse: mensuel.length >= 4 ? dette(last) > dette(mensuel.at(-4)) : false,
  };
}

async function dgefpBlock(sql: Sql, where: string, key: string): Promise<Row> {
  return {
    mensuel: await sql.query(
      `SELECT ${month()}, sum(ap_heures_consommees) AS heures_consommees, sum(ap_etp_consomme) AS etp_consomme,
              sum(ap_heures_autorisees) AS heures_autorisees, sum(ap_etp_autorise) AS etp_autorise,
              sum(ap_effectif_autorise) AS effectif_autorise
       FROM serie_etablissement s WHERE ${where}
         AND (ap_heures_consommees IS NOT NULL OR ap_heures_autorisees IS NOT NULL)
       GROUP BY periode ORDER BY periode`,
      [key],
    ),
  };
}

async function bdfBlock(sql: Sql, siren: string): Promise<Row> {
  const [exercices, paydex] = await Promise.all([
    sql.query(
      `SELECT date_cloture, source, chiffre_d_affaires, ebe, resultat_net, ratios FROM exercice
       WHERE siren = $1 AND source IN ${PRIVATE_SOURCES} ORDER BY date_cloture DESC`,
      [siren],
    ),
    sql.query(
      `SELECT ${month()}, paydex, fpi_30, fpi_90 FROM serie_entreprise
       WHERE siren = $1 AND (paydex IS NOT NULL OR fpi_30 IS NOT NULL) ORDER BY periode`,
      [siren],
    ),
  ]);
  return { exercices, paydex };
}

/** Identity blocks open to every authenticated user, plus the viewer's follow-up of the company. */
async function openBlocks(sql: Sql, viewer: Viewer, siren: string) {
  const [procol_evenements, exercices, suivi] = await Promise.all([
    sql.query('SELECT date_effet, action, stade FROM procol_evenement WHERE siren = $1 ORDER BY date_effet', [siren]),
    sql.query(
      `SELECT date_cloture, source, chiffre_d_affaires, ebe, resultat_net FROM exercice
       WHERE siren = $1 AND source NOT IN ${PRIVATE_SOURCES} ORDER BY date_cloture DESC`,
      [siren],
    ),
    sql.query<Row>(
      'SELECT siret, motif, debut AS depuis FROM suivi WHERE compte_id = $1 AND siren = $2 AND actif ORDER BY debut LIMIT 1',
      [viewer.id, siren],
    ),
  ]);
  return {
    procol_evenements,
    exercices,
    suivi: suivi[0] ? { suivie: true, ...suivi[0] } : { suivie: false, siret: null, motif: null, depuis: null },
  };
}

/** Fills each confidential block, or explains why it is locked. */
async function blocks(
  viewer: Viewer,
  h: Head,
  build: Record<Bloc, () => Promise<Row>>,
): Promise<Record<Bloc, Row | Locked>> {
  const built = await Promise.all(BLOCS.map((b) => (h.acces[b] ? build[b]() : lockedBlock(b, viewer, h))));
  return Object.fromEntries(BLOCS.map((b, i) => [b, built[i]])) as Record<Bloc, Row | Locked>;
}

function identity(h: Head) {
  const {
    acces,
    dans_zone: _z,
    deja_alertee: _a,
    suivie: _s,
    perimetre_inclus,
    perimetre_raison,
    effectif,
    effectif_periode,
    ...id
  } = h;
  return { id, acces, perimetre: { inclus: perimetre_inclus, raison: perimetre_raison }, effectif, effectif_periode };
}

/** `GET /api/entreprises/:siren`. */
export async function carteEntreprise(sql: Sql, viewer: Viewer, siren: string): Promise<Row | undefined> {
  const h = await head(sql, viewer, siren);
  if (!h) return undefined;
  const { id, acces, perimetre, effectif, effectif_periode } = identity(h);
  const where = 's.siret IN (SELECT siret FROM etablissement WHERE siren = $1)';
  const [mensuel, etablissements, open, confidential] = await Promise.all([
    sql.query(
      `SELECT ${month()}, effectif FROM serie_entreprise WHERE siren = $1 AND effectif IS NOT NULL ORDER BY periode`,
      [siren],
    ),
    sql.query(rowsSql('t.siren = $4', 'ORDER BY t.siege DESC, t.effectif DESC NULLS LAST, t.siret'), [
      ...viewerParams(viewer),
      siren,
    ]),
    openBlocks(sql, viewer, siren),
    blocks(viewer, h, {
      score: () => scoreBlock(sql, siren),
      urssaf: () => urssafBlock(sql, where, siren),
      dgefp: () => dgefpBlock(sql, where, siren),
      bdf: () => bdfBlock(sql, siren),
    }),
  ]);
  return {
    ...id,
    perimetre,
    ...open,
    effectif: { dernier: effectif, periode: effectif_periode, mensuel },
    etablissements,
    acces,
    ...confidential,
  };
}

/** `GET /api/etablissements/:siret`: the establishment, its company, and the blocks for this establishment. */
export async function carteEtablissement(sql: Sql, viewer: Viewer, siret: string): Promise<Row | undefined> {
  const [t] = await sql.query<Row & { siren: string }>(
    `SELECT t.siret, t.siren, t.siege, t.est_actif, t.adresse, t.code_postal, t.commune, t.code_commune,
            t.departement, d.libelle AS departement_libelle, t.region, t.naf, n.libelle AS naf_libelle,
            t.date_creation, t.longitude, t.latitude, t.effectif
     FROM etablissement t LEFT JOIN departement d ON d.code = t.departement LEFT JOIN naf n ON n.code = t.naf
     WHERE t.siret = $1`,
    [siret],
  );
  if (!t) return undefined;
  const h = (await head(sql, viewer, t.siren))!;
  const { id, acces, perimetre } = identity(h);
  const where = 's.siret = $1';
  const [mensuel, autres, { procol_evenements, suivi }, [me], confidential] = await Promise.all([
    sql.query(
      `SELECT ${month()}, effectif FROM serie_etablissement WHERE siret = $1 AND effectif IS NOT NULL ORDER BY periode`,
      [siret],
    ),
    sql.query(rowsSql('t.siren = $4 AND t.siret <> $5', 'ORDER BY t.siege DESC, t.effectif DESC NULLS LAST, t.siret'), [
      ...viewerParams(viewer),
      t.siren,
      siret,
    ]),
    openBlocks(sql, viewer, t.siren),
    sql.query<{ n: number }>('SELECT count(*) AS n FROM suivi WHERE compte_id = $1 AND siret = $2 AND actif', [
      viewer.id,
      siret,
    ]),
    blocks(viewer, h, {
      score: () => scoreBlock(sql, t.siren),
      urssaf: () => urssafBlock(sql, where, siret),
      dgefp: () => dgefpBlock(sql, where, siret),
      bdf: () => bdfBlock(sql, t.siren),
    }),
  ]);
  return {
    ...t,
    effectif: { dernier: t.effectif, mensuel },
    entreprise: { ...id, perimetre },
    procol: h.procol,
    procol_evenements,
    suivi: { ...suivi, etablissement_suivi: me.n > 0 },
    autres_etablissements: autres,
    acces,
    ...confidential,
  };
}

/** What the audit log keeps of a card read: which blocks were shown. */
export function shownBlocks(card: Row): Record<string, boolean> {
  return Object.fromEntries(BLOCS.map((b) => [b, !(card[b] as Locked).locked]));
}
