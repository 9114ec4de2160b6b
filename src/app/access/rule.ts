/**
 * How routes apply the access rule. The rule itself is the SQL function `regle_acces` (migration 001); this module
 * only feeds it, the same way everywhere: the viewer's roles, departments and id are always `$1`, `$2`, `$3`.
 */
export interface Viewer {
  id: number;
  email: string;
  roles: string[];
  zone: string[];
  departements: string[];
  admin: boolean;
}

export const BLOCS = ['score', 'urssaf', 'dgefp', 'bdf'] as const;
export type Bloc = (typeof BLOCS)[number];

/** The first three parameters of every query that applies the rule. */
export function viewerParams(v: Viewer): unknown[] {
  return [v.roles, v.departements, v.id];
}

/**
 * `<alias>.suivie` is true when the viewer actively follows one of the establishments of company `sirenExpr`.
 * A join on the viewer's (few) follow-ups, for the statements about one company (cards, comments); lists use
 * `followTest`.
 */
export function followJoin(sirenExpr: string, alias = 'sv'): string {
  return `LEFT JOIN (SELECT DISTINCT siren, true AS suivie FROM suivi WHERE compte_id = $3 AND actif) ${alias}
            ON ${alias}.siren = ${sirenExpr}`;
}

/** `<alias>.suivi` is true when the viewer actively follows establishment `siretExpr`. */
export function followSiretJoin(siretExpr: string, alias = 'se'): string {
  return `LEFT JOIN (SELECT siret, true AS suivi FROM suivi WHERE compte_id = $3 AND actif) ${alias}
            ON ${alias}.siret = ${siretExpr}`;
}

/**
 * `followJoin` for a list's rows: the same `<alias>.suivie` (true, else NULL), as a test against the array of the
 * viewer's follow-ups built once per statement (an init-plan). Over a department's rows it is cheaper than the
 * join (the counters of a list page 0.54 → 0.50 ms, docs/app.md); on a card's single company it made the statement
 * slower, hence two forms.
 */
export function followTest(sirenExpr: string, alias = 'sv'): string {
  return `CROSS JOIN LATERAL (SELECT CASE WHEN ${sirenExpr} = ANY(${FOLLOWED_SIRENS}::text[]) THEN true END AS suivie) ${alias}`;
}

/** `followSiretJoin` for a list's rows: `<alias>.suivi` true, else NULL. */
export function followSiretTest(siretExpr: string, alias = 'se'): string {
  return `CROSS JOIN LATERAL (SELECT CASE WHEN ${siretExpr} = ANY(${FOLLOWED_SIRETS}::text[]) THEN true END AS suivi) ${alias}`;
}

/** Where the company-side inputs of the rule come from (default: an `entreprise` row aliased `e`). */
export interface RuleInputs {
  departements: string;
  dejaAlertee: string;
}

/** Boolean SQL: may the viewer see block `bloc` of company alias `e` (joined with `followJoin`)? */
export function allowed(bloc: Bloc, e = 'e', follow = 'sv', inputs?: RuleInputs): string {
  const deps = inputs?.departements ?? `${e}.departements`;
  const alerted = inputs?.dejaAlertee ?? `${e}.deja_alertee`;
  return `regle_acces('${bloc}', $1::text[], $2::text[], ${follow}.suivie IS NOT NULL, ${deps}, ${alerted})`;
}

/** The companies the viewer follows, as an array (an init-plan: lets list queries use their indexes). */
export const FOLLOWED_SIRENS = '(SELECT array_agg(siren) FROM suivi WHERE compte_id = $3 AND actif)';

/** The establishments the viewer follows, as an array. */
export const FOLLOWED_SIRETS = '(SELECT array_agg(siret) FROM suivi WHERE compte_id = $3 AND actif)';

/** `acces` JSON column `{score, urssaf, dgefp, bdf}` for company alias `e`. */
export function accesColumn(e = 'e', follow = 'sv'): string {
  return `json_build_object(${BLOCS.map((b) => `'${b}', ${allowed(b, e, follow)}`).join(', ')}) AS acces`;
}

/** The facts behind a decision, to tell the user why a block is locked and how to unlock it. */
export interface Facts {
  dans_zone: boolean;
  deja_alertee: boolean;
  suivie: boolean;
}
export function factsColumns(e = 'e', follow = 'sv'): string {
  return `${e}.departements && $2::text[] AS dans_zone, ${e}.deja_alertee, ${follow}.suivie IS NOT NULL AS suivie`;
}

export interface Locked {
  locked: true;
  reason: string;
  unlock: 'follow' | null;
}

const LIBELLE: Record<Bloc, string> = {
  score: 'de détection',
  urssaf: 'URSSAF (cotisations, dettes, délais)',
  dgefp: "d'activité partielle",
  bdf: 'Banque de France (bilans, délais de paiement)',
};

/** Why block `bloc` is locked for this viewer (called only when `regle_acces` said no). */
export function lockedBlock(bloc: Bloc, viewer: Viewer, f: Facts): Locked {
  if (!viewer.roles.includes(bloc))
    return {
      locked: true,
      reason: `Votre compte n'a pas l'habilitation « ${bloc} » : les données ${LIBELLE[bloc]} ne vous sont pas accessibles. Demandez-la à votre administrateur.`,
      unlock: null,
    };
  const why = !f.dans_zone
    ? "Cette entreprise n'a aucun établissement dans votre zone"
    : "Cette entreprise n'a jamais été en alerte dans une liste de détection";
  return {
    locked: true,
    reason: `${why}. Pour consulter les données ${LIBELLE[bloc]}, suivez l'un de ses établissements en indiquant le motif.`,
    unlock: 'follow',
  };
}
