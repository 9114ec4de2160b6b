// Maps the API answers (docs/app.md of branch `app`) onto the shapes the components read (types.ts).
// Kept in one place so that a renamed field is fixed here, not in every page.
import { sectionLibelle } from '../naf.ts';
import type { Card, Commentaire, Compte, Etablissement, Locked, Row, ScoreBlock, Suivi } from './types.ts';
import { isLocked } from './types.ts';

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw => (v && typeof v === 'object' ? (v as Raw) : {});
const arr = (v: unknown): Raw[] => (Array.isArray(v) ? (v as Raw[]) : []);
const bool = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined);
const first = <T>(...vs: unknown[]): T | undefined => vs.find((v) => v !== undefined) as T | undefined;

export function normalizeRow(raw: unknown): Row {
  const r = obj(raw);
  const acces = r.acces ? obj(r.acces) : null;
  return {
    ...(r as unknown as Row),
    actif: first<boolean>(r.actif, r.est_actif),
    section_libelle:
      first<string>(r.section_libelle, r.naf_section_libelle) ??
      (r.naf_section ? sectionLibelle(String(r.naf_section)) : undefined),
    score_verrouille: first<boolean>(r.score_verrouille, acces ? acces.score === false : undefined),
    ap: first<boolean | null>(r.ap, r.ap_recent),
    urssaf_hausse: first<boolean | null>(r.urssaf_hausse, r.dette_en_hausse),
    suivi: typeof r.suivi === 'object' && r.suivi !== null ? bool(obj(r.suivi).suivie) : bool(r.suivi),
  };
}

function comptes(list: unknown): Compte[] {
  return arr(list).map((e) => ({ ...obj(e.ratios), ...e, ratios: undefined }) as unknown as Compte);
}

function score(raw: unknown): ScoreBlock | Locked | null {
  if (!raw) return null;
  if (isLocked(raw)) return raw;
  const s = obj(raw);
  if (typeof s.probability !== 'number') return null;
  const liste = obj(s.liste);
  return {
    ...(s as unknown as ScoreBlock),
    liste_id: first<string>(s.liste_id, liste.id),
    liste_label: first<string>(s.liste_label, liste.label),
    periode: String(first(s.periode, liste.periode) ?? ''),
    features: arr(first(s.features, s.variables)) as unknown as ScoreBlock['features'],
    historique: arr(s.historique).map((h) => ({
      ...h,
      liste_label: first<string>(h.liste_label, h.label),
    })) as unknown as ScoreBlock['historique'],
  };
}

export function normalizeCard(raw: unknown): Card {
  const c = obj(raw);
  const suivi = c.suivi;
  const eff = c.effectif;
  const dgefp = c.dgefp;
  const bdf = c.bdf;
  const ent = obj(c.entreprise);
  // A company card without an address shows its head office's.
  const siege = arr(c.etablissements).find((e) => e.siege === true || e.siret === c.siret_siege) as
    | Record<string, string | undefined>
    | undefined;
  return {
    ...(c as unknown as Card),
    raison_sociale: String(first(c.raison_sociale, ent.raison_sociale) ?? ''),
    actif: first<boolean>(c.actif, c.est_actif),
    section_libelle:
      first<string>(c.section_libelle, c.naf_section_libelle, ent.naf_section_libelle) ??
      (c.naf_section ? sectionLibelle(String(c.naf_section)) : undefined),
    naf_libelle: first<string>(c.naf_libelle, ent.naf_libelle),
    date_creation: first<string>(c.date_creation, ent.date_creation),
    categorie_juridique: first<string>(c.categorie_juridique, ent.categorie_juridique),
    departement: first<string>(c.departement, c.departement_siege, siege?.departement),
    adresse: first<string>(c.adresse, siege?.adresse),
    code_postal: first<string>(c.code_postal, siege?.code_postal),
    commune: first<string>(c.commune, siege?.commune),
    suivi: typeof suivi === 'object' && suivi !== null ? !!obj(suivi).suivie : !!suivi,
    suivi_detail:
      typeof suivi === 'object' && suivi !== null && obj(suivi).suivie
        ? { ...obj(suivi), depuis: first<string>(obj(suivi).depuis, obj(suivi).debut) }
        : null,
    effectif: (Array.isArray(eff) ? eff : arr(obj(eff).mensuel)) as Card['effectif'],
    comptes_annuels: comptes(first(c.comptes_annuels, c.exercices)),
    procol:
      typeof c.procol === 'object' && c.procol !== null
        ? (c.procol as Card['procol'])
        : { etat: (c.procol as string) ?? null, evenements: arr(c.procol_evenements) as never },
    etablissements: arr(c.etablissements).map((e) => normalizeRow(e) as Etablissement),
    autres_etablissements: c.autres_etablissements
      ? arr(c.autres_etablissements).map((e) => normalizeRow(e) as Etablissement)
      : undefined,
    score: score(c.score),
    dgefp:
      isLocked(dgefp) || !dgefp
        ? (dgefp as Locked | null)
        : {
            mensuel: arr(obj(dgefp).mensuel).map((m) => ({
              ...m,
              periode: String(m.periode),
              ap_etp_autorise: first<number>(m.ap_etp_autorise, m.etp_autorise),
              ap_etp_consomme: first<number>(m.ap_etp_consomme, m.etp_consomme),
              ap_heures_consommees: first<number>(m.ap_heures_consommees, m.heures_consommees),
            })),
          },
    bdf:
      isLocked(bdf) || !bdf
        ? (bdf as Locked | null)
        : {
            paydex: arr(obj(bdf).paydex).map((p) => ({
              ...p,
              periode: String(p.periode),
              jours: first<number>(p.jours, p.paydex),
            })),
            comptes_annuels: comptes(first(obj(bdf).comptes_annuels, obj(bdf).exercices)),
          },
  } as Card;
}

export function normalizeSuivi(raw: unknown): Suivi {
  const s = obj(raw);
  return {
    ...(s as unknown as Suivi),
    depuis: first<string>(s.depuis, s.debut),
    derniere_alerte: first(s.derniere_alerte, s.alert) ?? null,
  };
}

/** Comments come as a thread (`reponses` nested) or flat with `parent_id`: both become flat. */
export function flattenComments(list: unknown): Commentaire[] {
  const out: Commentaire[] = [];
  const walk = (items: Raw[], parent: unknown) => {
    for (const c of items) {
      out.push({
        ...(c as unknown as Commentaire),
        parent_id: (c.parent_id ?? parent ?? null) as Commentaire['parent_id'],
      });
      if (Array.isArray(c.reponses)) walk(c.reponses as Raw[], c.id);
    }
  };
  walk(Array.isArray(list) ? (list as Raw[]) : arr(obj(list).items), null);
  return out;
}
