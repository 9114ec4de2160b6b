import { allowed, FOLLOWED_SIRENS, followSiretTest, followTest, type Viewer } from '../access/rule.ts';
import { parseZone, zoneDepartements } from '../access/zones.ts';
import { badRequest, S } from '../http.ts';
import { jsonMembers, jsonMembersLive, likeContains, Params, selectList } from '../query.ts';
import { PROCOL } from '../routes/references.ts';

/** Filters of a detection list (app.md §1.3), as query parameters. */
export interface Filtres {
  zone?: string;
  toutes_implantations?: boolean;
  naf?: string;
  effectif_min?: number;
  procol?: string;
  premiere_alerte?: boolean;
  sans_delai?: boolean;
  sans_recentes?: boolean;
  exclure_suivis?: boolean;
  fermes?: boolean;
  siege?: boolean;
  q?: string;
}

export const filtresSchema = {
  zone: S.zones,
  toutes_implantations: S.bool,
  naf: S.nafSections,
  effectif_min: { type: 'number', minimum: 0, maximum: 1e7 },
  procol: { type: 'string', maxLength: 200, pattern: `^(${PROCOL.join('|')})(,(${PROCOL.join('|')}))*$` },
  premiere_alerte: S.bool,
  sans_delai: S.bool,
  sans_recentes: S.bool,
  exclure_suivis: S.bool,
  fermes: S.bool,
  siege: S.bool,
  q: { type: 'string', maxLength: 100 },
} as const;

/** Zone codes of a parameter as departments; `mine` is the viewer's own zone. */
export function zoneParam(zone: string, viewer: Viewer): string[] {
  const codes = zone.split(',');
  if (codes.includes('mine')) return viewer.departements;
  try {
    return zoneDepartements(parseZone(codes));
  } catch (e) {
    throw badRequest('querystring/zone', (e as Error).message.replace(/^zone: /, ''));
  }
}

/** A list's rows for a viewer, as SQL over the same `Params`. */
export interface ListeSql {
  /** FROM/WHERE of the rows: columns `a` (alerte), `sv.suivie` (company followed), `se.suivi` (establishment followed). */
  sql: string;
  params: Params;
  /**
   * The rows `offset` to `offset + limit` in list order, narrow: `liste_id, siret, rang, suivi, suivie`. Each part of
   * the scope is read in `rang` order (a department at a time, from index `alerte_rang_couvrant`) and stops once the
   * page is full, so a page costs about its own rows, not the zone's.
   */
  keys(limit: string, offset: string): string;
  /**
   * The rows' `alert`, for the counters: the scope's branches one after the other, each answered from index
   * `alerte_rang_couvrant` alone (migration 010), where the whole scope at once (an `OR`) read every row from the
   * table.
   */
  alerts: string;
}

/** Where a part of the scope comes from: departments read one at a time in order, or any other condition. */
type Branch = { departements: string } | { where: string };

/**
 * A list's rows for a viewer: the access rule for `score` first, then the filters, within the scope (the zone
 * asked for, or the viewer's zone plus the head offices of followed companies, or every company with an
 * establishment in the viewer's zone).
 */
export function listeFrom(viewer: Viewer, listeId: number, f: Filtres): ListeSql {
  const ps = new Params(viewer);
  // A list row is an alert: the company "is or has been in alert" by construction; its departments are those
  // recorded with the row. The rule itself is unchanged.
  const w: string[] = [
    `a.liste_id = ${ps.p(listeId)}`,
    allowed('score', 'a', 'sv', { departements: 'a.departements_entreprise', dejaAlertee: 'true' }),
  ];
  if (f.naf) w.push(`a.naf_section = ANY(${ps.p(f.naf.split(','))}::text[])`);
  if (f.effectif_min !== undefined) w.push(`a.effectif_entreprise >= ${ps.p(f.effectif_min)}`);
  if (f.procol) w.push(`a.procol = ANY(${ps.p(f.procol.split(','))}::text[])`);
  if (f.premiere_alerte) w.push('a.premiere_alerte');
  if (f.sans_delai) w.push('NOT a.has_delai');
  if (f.sans_recentes) w.push("(a.date_creation IS NULL OR a.date_creation <= l.periode - interval '2 years')");
  if (f.exclure_suivis) w.push('sv.suivie IS NULL');
  if (!f.fermes) w.push('a.est_actif IS NOT FALSE');
  if (f.siege) w.push('a.siege');
  const q = f.q?.trim();
  if (q) {
    if (/^[0-9 ]+$/.test(q)) w.push(`a.siret LIKE ${ps.p(q.replaceAll(' ', ''))} || '%'`);
    else w.push(`a.raison_sociale ILIKE ${ps.p(likeContains(q))}`);
  }
  // The scope, written so that PostgreSQL can answer it from the indexes of `alerte`, and as disjoint branches.
  let scope: string;
  let branches: Branch[];
  if (f.zone) {
    const zone = ps.p(zoneParam(f.zone, viewer));
    scope = `a.departement = ANY(${zone}::text[])`;
    branches = [{ departements: zone }];
  } else if (f.toutes_implantations) {
    scope = `(a.departements_entreprise && $2::text[] OR a.siren = ANY(${FOLLOWED_SIRENS}::text[]))`;
    branches = [{ where: scope }];
  } else {
    const followed = `a.siege AND a.siren = ANY(${FOLLOWED_SIRENS}::text[])`;
    scope = `(a.departement = ANY($2::text[]) OR (${followed}))`;
    branches = [{ departements: '$2' }, { where: `${followed} AND (a.departement = ANY($2::text[])) IS NOT TRUE` }];
  }
  // the list itself only for the one filter that reads it
  const from = `FROM alerte a ${f.sans_recentes ? 'JOIN liste l ON l.id = a.liste_id' : ''}
    ${followTest('a.siren')}
    ${followSiretTest('a.siret')}`;
  const key = 'SELECT a.liste_id, a.siret, a.rang, se.suivi IS NOT NULL AS suivi, sv.suivie';
  const branch = (b: Branch, n: string) =>
    'departements' in b
      ? `SELECT k.* FROM unnest(${b.departements}::text[]) AS z(departement) CROSS JOIN LATERAL (
           ${key} ${from} WHERE a.departement = z.departement AND ${w.join(' AND ')} ORDER BY a.rang LIMIT ${n}) k`
      : `(${key} ${from} WHERE ${b.where} AND ${w.join(' AND ')} ORDER BY a.rang LIMIT ${n})`;
  const alerts = (b: Branch) =>
    `SELECT a.alert ${from} WHERE ${'departements' in b ? `a.departement = ANY(${b.departements}::text[])` : b.where}
       AND ${w.join(' AND ')}`;
  return {
    sql: `${from} WHERE ${scope} AND ${w.join(' AND ')}`,
    params: ps,
    alerts: branches.map(alerts).join(' UNION ALL '),
    keys: (limit, offset) =>
      `SELECT * FROM (${branches.map((b) => branch(b, `${limit}::bigint + ${offset}::bigint`)).join(' UNION ALL ')}) u
       ORDER BY rang LIMIT ${limit} OFFSET ${offset}`,
  };
}

/** The order of a list, red first, then by probability, then SIRET, over any three columns (publish writes it as `rang`). */
export const listOrder = (alert: string, probability: string, siret: string) =>
  `(${alert} = 'fort') DESC, ${probability} DESC, ${siret}`;

/** The order of a list over `alias`, a row of `alerte` or of `f`. */
export const order = (alias = 'a') => listOrder(`${alias}.alert`, `${alias}.probability`, `${alias}.siret`);

/** The filtered rows as a CTE `f` (alerte columns plus `suivi` and `suivie`), for counters, pages and exports. */
export function filteredCte(sql: string): string {
  return `WITH f AS (SELECT a.*, se.suivi IS NOT NULL AS suivi, sv.suivie ${sql})`;
}

/**
 * One page of a list with the counters of the whole filtered list, in one statement and one row. The counters read
 * every matching row, from an index (`alerts`); the page's keys come in list order without sorting the zone
 * (`keys`), and only the page's rows are read in full, as one JSON array, `items`, put together by the store from
 * each row's text written at publish (`alerte.ligne`) and the members that depend on the viewer, and sent on as is.
 * `liste_existe` tells an unknown list from an empty page. Placeholders `limit` and `offset` come from the same
 * `Params` as `liste`.
 */
export function pageSql(liste: ListeSql, listeId: string, limit: string, offset: string): string {
  return `SELECT c.liste_existe, c.total, c.nb_fort, c.nb_modere, p.items FROM
      (SELECT EXISTS (SELECT 1 FROM liste WHERE id = ${listeId}) AS liste_existe, count(*) AS total,
              count(*) FILTER (WHERE a.alert = 'fort') AS nb_fort, count(*) FILTER (WHERE a.alert = 'modere') AS nb_modere
       FROM (${liste.alerts}) a) c,
      (SELECT COALESCE('[' || string_agg('{' || a.ligne || ', ' || ${jsonMembersLive(READ_MEMBERS)} || '}', ','
                                         ORDER BY a.rang) || ']', '[]') AS items
        FROM (SELECT k.suivi, k.suivie, a.* FROM (${liste.keys(limit, offset)}) k
              JOIN alerte a ON a.liste_id = k.liste_id AND a.siret = k.siret) a) p`;
}

/** The rule for a confidential block of list row `a` (a row of `f`): its recorded departments, alerted by construction. */
const rowAllowed = (bloc: 'dgefp' | 'urssaf') =>
  allowed(bloc, 'a', 'a', { departements: 'a.departements_entreprise', dejaAlertee: 'true' });

/**
 * The members of a list row that are the same for everyone who sees the row, over `a` (a row of `alerte`): a list
 * row is shown only where the `score` rule allows, so its alert is part of it, and the NAF wording is published with
 * the list. Written once per row at publish (`alerte.ligne`, `LIGNES`): looking the wording up at each read cost
 * ~8 % of a page.
 */
const STORED_MEMBERS: Record<string, string> = {
  ...Object.fromEntries(
    [
      'siren',
      'siret',
      'raison_sociale',
      'departement',
      'commune',
      'siege',
      'est_actif',
      'naf',
      'naf_section',
      'effectif',
      'effectif_entreprise',
      'procol',
      'alert',
      'probability',
      'premiere_alerte',
      'has_delai',
      'chiffre_d_affaires',
      'ca_variation',
      'ebe',
    ].map((k) => [k, `a.${k}`]),
  ),
  naf_libelle: 'n.libelle',
};

/** The members that depend on the viewer, computed at each read, over `a` (a row of `alerte` plus `suivi` and `suivie`). */
const READ_MEMBERS: Record<string, string> = {
  suivi: 'a.suivi',
  ap: `CASE WHEN ${rowAllowed('dgefp')} THEN a.ap END`,
  urssaf_hausse: `CASE WHEN ${rowAllowed('urssaf')} THEN a.urssaf_hausse END`,
};

/** Columns of a list row (exports), from `a` (a row of `alerte`, plus `suivi` and `suivie`) and `ROW_JOINS`. */
export const ROW_COLUMNS = selectList({ ...STORED_MEMBERS, ...READ_MEMBERS });

/** What a row reads besides `alerte`: the NAF wording (a join: a lookup per row made a France export 0.5 s slower). */
export const ROW_JOINS = 'LEFT JOIN naf n ON n.code = a.naf';

/** Writes the stored text of the list rows that have none (the rows of a list being published; migration 009). */
export const LIGNES = `UPDATE alerte u SET ligne = r.ligne
  FROM (SELECT a.liste_id, a.siret, ${jsonMembers(STORED_MEMBERS)} AS ligne FROM alerte a ${ROW_JOINS}
        WHERE a.ligne IS NULL) r
  WHERE u.liste_id = r.liste_id AND u.siret = r.siret`;
