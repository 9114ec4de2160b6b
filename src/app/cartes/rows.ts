import {
  accesColumn,
  allowed,
  BLOCS,
  type Bloc,
  FOLLOWED_SIRETS,
  followJoin,
  followSiretJoin,
} from '../access/rule.ts';
import { jsonMembers, jsonMembersLive, selectList } from '../query.ts';

/** The latest published list. */
export const LATEST_LISTE = '(SELECT id FROM liste ORDER BY periode DESC, id DESC LIMIT 1)';

/**
 * The columns of an establishment row, over the aliases of `rowFrom`: identity and public accounts for everyone,
 * then per data role the columns that only `regle_acces(<role>, …)` opens (`bdf` opens none here). Defined once for
 * the live rows (`rowsSql`) and the card rows built at publish (`CARTE_LIGNE`).
 */
const PUBLIC_COLUMNS: Record<string, string> = {
  siren: 't.siren',
  siret: 't.siret',
  raison_sociale: 'e.raison_sociale',
  departement: 't.departement',
  commune: 't.commune',
  siege: 't.siege',
  est_actif: 't.est_actif',
  naf: 't.naf',
  naf_libelle: 'n.libelle',
  naf_section: 'e.naf_section',
  effectif: 't.effectif',
  effectif_entreprise: 'e.effectif',
  procol: 'e.procol',
  chiffre_d_affaires: 'p.chiffre_d_affaires',
  ca_variation: 'p.ca_variation',
  ebe: 'p.ebe',
};
const GATED_COLUMNS: Record<Bloc, Record<string, string>> = {
  score: { alert: 'p.alert', probability: 'p.probability', premiere_alerte: 'al.premiere_alerte' },
  urssaf: { urssaf_hausse: 'p.urssaf_hausse', has_delai: 'al.has_delai' },
  dgefp: { ap: 'p.ap' },
  bdf: {},
};

/**
 * `t` establishment, `e` company (then `joins`), `p` its prediction and `al` its alert in the latest list, `n` its
 * NAF label.
 */
const rowFrom = (joins = '') => `etablissement t JOIN entreprise e ON e.siren = t.siren ${joins}
    LEFT JOIN prediction p ON p.siren = t.siren AND p.liste_id = ${LATEST_LISTE}
    LEFT JOIN alerte al ON al.siret = t.siret AND al.liste_id = ${LATEST_LISTE}
    LEFT JOIN naf n ON n.code = t.naf`;

/** The roles that open columns of a row. */
const ROW_ROLES = BLOCS.filter((b) => Object.keys(GATED_COLUMNS[b]).length);

/**
 * Establishment rows (search, follow-ups) with the viewer's rights applied: identity and public accounts for
 * everyone; alert, probability and first-alert only where `regle_acces('score', …)` allows; the partial-activity
 * and URSSAF-debt flags only under the `dgefp` and `urssaf` rules. `where` may use `t` (etablissement) and `e`
 * (entreprise).
 */
export function rowsSql(where: string, orderLimit = ''): string {
  const gated = ROW_ROLES.flatMap((b) =>
    Object.entries(GATED_COLUMNS[b]).map(([k, v]) => `CASE WHEN ${allowed(b)} THEN ${v} END AS ${k}`),
  );
  return `SELECT ${selectList(PUBLIC_COLUMNS)}, ${gated.join(', ')},
      se.suivi IS NOT NULL AS suivi, ${accesColumn()}
    FROM ${rowFrom(`${followJoin('t.siren')} ${followSiretJoin('t.siret')}`)}
    WHERE ${where} ${orderLimit}`;
}

/**
 * The establishment rows of the cards, built at publish (`carte_ligne`, migration 008): per establishment the JSON
 * members of its public columns and of each role's columns, and its rank in the card (head office first, then by
 * headcount). A card puts them together with the viewer's rights (`cardRowsSql`) instead of running `rowsSql`:
 * that took half of a card's time in PostgreSQL.
 */
export const CARTE_LIGNE = `
  INSERT INTO carte_ligne (siret, siren, rang, public, ${ROW_ROLES.join(', ')})
  SELECT t.siret, t.siren,
    row_number() OVER (PARTITION BY t.siren ORDER BY t.siege DESC, t.effectif DESC NULLS LAST, t.siret),
    ${jsonMembers(PUBLIC_COLUMNS)}, ${ROW_ROLES.map((b) => jsonMembers(GATED_COLUMNS[b])).join(', ')}
  FROM ${rowFrom()}`;

/**
 * SQL text: the JSON array of the card rows of company `sirenExpr` (but `exceptSiret`), as `rowsSql` gives them to
 * the viewer (`$3`, for the follow-ups) whose rights on the company are `acces` (a `json` value from `accesColumn`:
 * every row of a company has its company's rights).
 */
export function cardRowsSql(sirenExpr: string, acces: string, exceptSiret?: string): string {
  const gated = ROW_ROLES.map((b) => {
    const nulls = Object.keys(GATED_COLUMNS[b]).map((k) => `"${k}" : null`);
    return `CASE WHEN (${acces}->>'${b}')::boolean THEN l.${b} ELSE '${nulls.join(', ')}' END`;
  });
  const live = jsonMembersLive({ suivi: `COALESCE(l.siret = ANY(${FOLLOWED_SIRETS}::text[]), false)`, acces });
  return `COALESCE((SELECT '[' || string_agg('{' || ${['l.public', ...gated, live].join(" || ', ' || ")} || '}', ','
        ORDER BY l.rang) || ']'
    FROM carte_ligne l WHERE l.siren = ${sirenExpr}${exceptSiret ? ` AND l.siret <> ${exceptSiret}` : ''}), '[]')`;
}
