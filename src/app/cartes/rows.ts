import { accesColumn, allowed, followJoin, followSiretJoin } from '../access/rule.ts';

/** The latest published list. */
export const LATEST_LISTE = '(SELECT id FROM liste ORDER BY periode DESC, id DESC LIMIT 1)';

/**
 * Establishment rows (search, cards' establishment lists, follow-ups) with the viewer's rights applied:
 * identity and public accounts for everyone; alert, probability and first-alert only where `regle_acces('score', …)`
 * allows; the partial-activity and URSSAF-debt flags only under the `dgefp` and `urssaf` rules.
 * `where` may use `t` (etablissement) and `e` (entreprise).
 */
export function rowsSql(where: string, orderLimit = ''): string {
  const score = allowed('score');
  return `SELECT t.siren, t.siret, e.raison_sociale, t.departement, t.commune, t.siege, t.est_actif, t.naf,
      n.libelle AS naf_libelle, e.naf_section, t.effectif, e.effectif AS effectif_entreprise, e.procol,
      p.chiffre_d_affaires, p.ca_variation, p.ebe,
      CASE WHEN ${allowed('dgefp')} THEN p.ap END AS ap,
      CASE WHEN ${allowed('urssaf')} THEN p.urssaf_hausse END AS urssaf_hausse,
      CASE WHEN ${score} THEN p.alert END AS alert,
      CASE WHEN ${score} THEN p.probability END AS probability,
      CASE WHEN ${score} THEN al.premiere_alerte END AS premiere_alerte,
      CASE WHEN ${allowed('urssaf')} THEN al.has_delai END AS has_delai,
      se.suivi IS NOT NULL AS suivi, ${accesColumn()}
    FROM etablissement t JOIN entreprise e ON e.siren = t.siren
    ${followJoin('t.siren')}
    ${followSiretJoin('t.siret')}
    LEFT JOIN prediction p ON p.siren = t.siren AND p.liste_id = ${LATEST_LISTE}
    LEFT JOIN alerte al ON al.siret = t.siret AND al.liste_id = ${LATEST_LISTE}
    LEFT JOIN naf n ON n.code = t.naf
    WHERE ${where} ${orderLimit}`;
}
