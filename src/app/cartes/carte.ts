import {
  accesColumn,
  BLOCS,
  type Bloc,
  type Facts,
  factsColumns,
  followJoin,
  lockedBlock,
  type Viewer,
  viewerParams,
} from '../access/rule.ts';
import { jsonObject, selectList } from '../query.ts';
import type { Sql } from '../store/store.ts';
import { cardRowsSql } from './rows.ts';

/**
 * A card is one statement (one round trip, one plan) that returns the card as JSON text but for its confidential
 * blocks: the company's identity and the viewer's rights on it (CTE `ch`), its establishments as this viewer sees
 * them (`cardRowsSql`), the follow-up, and the parts built at publish (`carte_entreprise`/`carte_etablissement`,
 * cartes/blocs.ts). Each confidential block comes apart, only under `CASE WHEN` the rule allowed it, and is
 * appended here, or why it is locked (`lockedBlock`). The server sends the text as is: nothing is parsed and
 * serialised again. The viewer is `$1`–`$3` (access/rule.ts), the card's key `$4`.
 */

/** The company's identity (public register), as card members, over the aliases of `headSql`. */
const IDENTITY: Record<string, string> = {
  siren: 'e.siren',
  raison_sociale: 'e.raison_sociale',
  categorie_juridique: 'e.categorie_juridique',
  categorie_juridique_libelle: 'cj.libelle',
  naf: 'e.naf',
  naf_libelle: 'n.libelle',
  naf_section: 'e.naf_section',
  adresse: 'hq.adresse',
  code_postal: 'hq.code_postal',
  commune: 'hq.commune',
  naf_section_libelle: 'ns.libelle',
  date_creation: 'e.date_creation',
  est_actif: 'e.est_actif',
  siret_siege: 'e.siret_siege',
  departement_siege: 'e.departement_siege',
  nb_etablissements: 'e.nb_etablissements',
  procol: 'e.procol',
};

/** `members`, as read back from the columns of CTE `alias`. */
const membersOf = (members: Record<string, string>, alias: string) =>
  Object.fromEntries(Object.keys(members).map((k) => [k, `${alias}.${k}`]));

function headSql(sirenExpr: string): string {
  return `SELECT ${selectList(IDENTITY)},
            e.perimetre_inclus, e.perimetre_raison, e.effectif, to_char(e.effectif_periode, 'YYYY-MM') AS effectif_periode,
            ${accesColumn()}, ${factsColumns()}
     FROM entreprise e ${followJoin('e.siren')}
     LEFT JOIN naf n ON n.code = e.naf LEFT JOIN naf ns ON ns.code = e.naf_section
     LEFT JOIN categorie_juridique cj ON cj.code = e.categorie_juridique
     -- the head office's address (public register)
     LEFT JOIN etablissement hq ON hq.siret = e.siret_siege
     WHERE e.siren = ${sirenExpr}`;
}

/** The viewer's (earliest open) follow-up of the company, joined as `s`. */
const FOLLOW_UP = `LEFT JOIN LATERAL (SELECT siret, motif, debut FROM suivi
    WHERE compte_id = $3 AND siren = ch.siren AND actif ORDER BY debut LIMIT 1) s ON true`;
const suivi = (extra: Record<string, string> = {}) =>
  jsonObject({
    suivie: 's.siret IS NOT NULL',
    siret: 's.siret',
    motif: 's.motif',
    depuis: `to_char(s.debut AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    ...extra,
  });

const perimetre = jsonObject({ inclus: 'ch.perimetre_inclus', raison: 'ch.perimetre_raison' });

/**
 * Columns `b_<bloc>`: each confidential block (JSON text built at publish, cartes/blocs.ts), served only where
 * the rule allows it. `from` names, per block, the alias of the `carte_*` row that holds it.
 */
const blocColumns = (from: Record<Bloc, string>) =>
  BLOCS.map((b) => `CASE WHEN (ch.acces->>'${b}')::boolean THEN ${from[b]}.${b} END AS b_${b}`).join(',\n');

const CARTE_ENTREPRISE = `WITH ch AS (${headSql('$4')})
  SELECT ${jsonObject({
    ...membersOf(IDENTITY, 'ch'),
    perimetre,
    procol_evenements: 'c.procol_evenements::json',
    exercices: 'c.exercices::json',
    suivi: suivi(),
    effectif: jsonObject({ dernier: 'ch.effectif', periode: 'ch.effectif_periode', mensuel: 'c.mensuel::json' }),
    etablissements: `${cardRowsSql('ch.siren', 'ch.acces')}::json`,
    acces: 'ch.acces',
  })}::text AS carte,
    ch.acces, ch.dans_zone, ch.deja_alertee, ch.suivie,
    ${blocColumns({ score: 'c', urssaf: 'c', dgefp: 'c', bdf: 'c' })}
  FROM ch LEFT JOIN carte_entreprise c ON c.siren = ch.siren ${FOLLOW_UP}`;

/** The establishment's own members (public register), over the aliases of the card's `ct`. */
const ESTABLISHMENT: Record<string, string> = {
  siret: 't.siret',
  siren: 't.siren',
  siege: 't.siege',
  est_actif: 't.est_actif',
  adresse: 't.adresse',
  code_postal: 't.code_postal',
  commune: 't.commune',
  code_commune: 't.code_commune',
  departement: 't.departement',
  departement_libelle: 'd.libelle',
  region: 't.region',
  naf: 't.naf',
  naf_libelle: 'n.libelle',
  date_creation: 't.date_creation',
  longitude: 't.longitude',
  latitude: 't.latitude',
};

const CARTE_ETABLISSEMENT = `WITH ct AS (
    SELECT ${selectList(ESTABLISHMENT)}, t.effectif
    FROM etablissement t LEFT JOIN departement d ON d.code = t.departement LEFT JOIN naf n ON n.code = t.naf
    WHERE t.siret = $4),
  ch AS (${headSql('(SELECT siren FROM ct)')})
  SELECT ${jsonObject({
    ...membersOf(ESTABLISHMENT, 'ct'),
    effectif: jsonObject({ dernier: 'ct.effectif', mensuel: 'ce.mensuel::json' }),
    entreprise: jsonObject({ ...membersOf(IDENTITY, 'ch'), perimetre }),
    procol: 'ch.procol',
    procol_evenements: 'c.procol_evenements::json',
    suivi: suivi({
      etablissement_suivi: 'EXISTS (SELECT 1 FROM suivi WHERE compte_id = $3 AND siret = $4 AND actif)',
    }),
    autres_etablissements: `${cardRowsSql('ch.siren', 'ch.acces', '$4')}::json`,
    acces: 'ch.acces',
  })}::text AS carte,
    ch.acces, ch.dans_zone, ch.deja_alertee, ch.suivie,
    ${blocColumns({ score: 'c', urssaf: 'ce', dgefp: 'ce', bdf: 'c' })}
  FROM ct CROSS JOIN ch LEFT JOIN carte_entreprise c ON c.siren = ch.siren LEFT JOIN carte_etablissement ce ON ce.siret = $4
  ${FOLLOW_UP}`;

type Text = string | null;
interface CardRow extends Facts {
  carte: string;
  acces: Record<Bloc, boolean>;
  b_score: Text;
  b_urssaf: Text;
  b_dgefp: Text;
  b_bdf: Text;
}

/** A card: its JSON text, and which blocks it shows (for the audit log). */
export interface Card {
  json: string;
  shown: Record<Bloc, boolean>;
}

/** The card's text with each confidential block appended: its text, or why it is locked. */
function card(viewer: Viewer, r: CardRow): Card {
  const text: Record<Bloc, Text> = { score: r.b_score, urssaf: r.b_urssaf, dgefp: r.b_dgefp, bdf: r.b_bdf };
  const blocks = BLOCS.map(
    (b) => `, "${b}" : ${r.acces[b] ? (text[b] ?? 'null') : JSON.stringify(lockedBlock(b, viewer, r))}`,
  );
  return { json: `${r.carte.slice(0, -1)}${blocks.join('')}}`, shown: r.acces };
}

/** `GET /api/entreprises/:siren`. */
export async function carteEntreprise(sql: Sql, viewer: Viewer, siren: string): Promise<Card | undefined> {
  const [r] = await sql.query<CardRow>(CARTE_ENTREPRISE, [...viewerParams(viewer), siren], { prepare: true });
  return r && card(viewer, r);
}

/** `GET /api/etablissements/:siret`: the establishment, its company, and the blocks for this establishment. */
export async function carteEtablissement(sql: Sql, viewer: Viewer, siret: string): Promise<Card | undefined> {
  const [r] = await sql.query<CardRow>(CARTE_ETABLISSEMENT, [...viewerParams(viewer), siret], { prepare: true });
  return r && card(viewer, r);
}
