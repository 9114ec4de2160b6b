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
import { RawJson } from '../json.ts';
import type { Sql } from '../store/store.ts';
import { rowsSql } from './rows.ts';

type Row = Record<string, unknown>;

/**
 * A card is one statement (one round trip, one plan): the company's identity and the viewer's rights on it (CTE
 * `ch`), its establishments and follow-up as this viewer sees them, and the blocks built at publish
 * (`carte_entreprise`/`carte_etablissement`, cartes/blocs.ts), each confidential one only under `CASE WHEN` the
 * rule allowed it. JSON text columns reach the response unparsed (`RawJson`).
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

/** The rows of `select` as JSON text (`[]` when none), in `order` (over the columns of `x`). */
const agg = (select: string, order: string) =>
  `COALESCE((SELECT json_agg(x ORDER BY ${order}) FROM (${select}) x)::text, '[]')`;

/** The viewer's follow-up of the company (open columns of both cards). */
const SUIVI = `(SELECT json_build_object('siret', siret, 'motif', motif,
            'depuis', to_char(debut AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
   FROM suivi WHERE compte_id = $3 AND siren = ch.siren AND actif ORDER BY debut LIMIT 1) AS suivi`;

/**
 * Columns `b_<bloc>`: each confidential block (JSON text built at publish, cartes/blocs.ts), served only where
 * the rule allows it. `from` names, per block, the alias of the `carte_*` row that holds it.
 */
const blocColumns = (from: Record<Bloc, string>) =>
  BLOCS.map((b) => `CASE WHEN (ch.acces->>'${b}')::boolean THEN ${from[b]}.${b} END AS b_${b}`).join(',\n');

const ESTABLISHMENTS_ORDER = 'x.siege DESC, x.effectif DESC NULLS LAST, x.siret';

const CARTE_ENTREPRISE = `WITH ch AS (${headSql('$4')})
  SELECT ch.*, c.mensuel, c.procol_evenements, c.exercices, ${SUIVI},
    ${agg(rowsSql('t.siren = ch.siren'), ESTABLISHMENTS_ORDER)} AS etablissements,
    ${blocColumns({ score: 'c', urssaf: 'c', dgefp: 'c', bdf: 'c' })}
  FROM ch LEFT JOIN carte_entreprise c ON c.siren = ch.siren`;

const CARTE_ETABLISSEMENT = `WITH ct AS (
    SELECT t.siret, t.siren, t.siege, t.est_actif, t.adresse, t.code_postal, t.commune, t.code_commune,
           t.departement, d.libelle AS departement_libelle, t.region, t.naf, n.libelle AS naf_libelle,
           t.date_creation, t.longitude, t.latitude, t.effectif
    FROM etablissement t LEFT JOIN departement d ON d.code = t.departement LEFT JOIN naf n ON n.code = t.naf
    WHERE t.siret = $4),
  ch AS (${headSql('(SELECT siren FROM ct)')})
  SELECT ch.*, (SELECT row_to_json(ct) FROM ct) AS etablissement, ce.mensuel, c.procol_evenements, c.exercices,
    ${SUIVI},
    ${agg(rowsSql('t.siren = ch.siren AND t.siret <> $4'), ESTABLISHMENTS_ORDER)} AS autres_etablissements,
    EXISTS (SELECT 1 FROM suivi WHERE compte_id = $3 AND siret = $4 AND actif) AS etablissement_suivi,
    ${blocColumns({ score: 'c', urssaf: 'ce', dgefp: 'ce', bdf: 'c' })}
  FROM ch LEFT JOIN carte_entreprise c ON c.siren = ch.siren LEFT JOIN carte_etablissement ce ON ce.siret = $4`;

/** JSON text columns of a card row (built at publish or aggregated by the query), passed through unparsed. */
type Text = string | null;
interface CardRow extends Facts {
  acces: Record<Bloc, boolean>;
  procol_evenements: Text;
  exercices: Text;
  mensuel: Text;
  etablissements?: Text;
  autres_etablissements?: Text;
  suivi: Row | null;
  b_score: Text;
  b_urssaf: Text;
  b_dgefp: Text;
  b_bdf: Text;
  [k: string]: unknown;
}

const raw = (t: Text) => (t === null ? null : new RawJson(t));

/** Each confidential block, or why it is locked. */
function blocks(viewer: Viewer, r: CardRow): Record<Bloc, RawJson | null | Locked> {
  const text: Record<Bloc, Text> = { score: r.b_score, urssaf: r.b_urssaf, dgefp: r.b_dgefp, bdf: r.b_bdf };
  return Object.fromEntries(BLOCS.map((b) => [b, r.acces[b] ? raw(text[b]) : lockedBlock(b, viewer, r)])) as Record<
    Bloc,
    RawJson | null | Locked
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
    procol_evenements: raw(procol_evenements),
    exercices: raw(exercices),
    suivi: suivi ? { suivie: true, ...suivi } : { suivie: false, siret: null, motif: null, depuis: null },
    mensuel: raw(mensuel),
    rest: {
      etablissements: raw(etablissements ?? null),
      autres_etablissements: raw(autres_etablissements ?? null),
      etablissement,
      etablissement_suivi,
    },
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
  return Object.fromEntries(BLOCS.map((b) => [b, !(card[b] as Locked | null)?.locked]));
}
