// Shapes the front end reads from the API (cli.md "The HTTP API", plus the extensions listed in web/API.md).
// Optional fields are shown as "n/c" when absent, so the UI degrades instead of breaking.

export type Role = 'score' | 'urssaf' | 'dgefp' | 'bdf';
export type AlertLevel = 'fort' | 'modere' | 'aucune';

export interface Me {
  email: string;
  roles: string[];
  zone: string[];
  csrf_token: string;
  admin?: boolean;
}

export interface AuthConfig {
  oidc: boolean;
  oidc_label?: string;
  oidc_url?: string;
}

export interface Liste {
  id: string;
  label: string;
  periode: string;
  nb_fort: number;
  nb_modere: number;
  description?: string;
}

/** One row of a detection list, of the search results and of "other establishments" (app.md §1.4). */
export interface Row {
  siren: string;
  siret?: string;
  raison_sociale: string;
  departement?: string;
  commune?: string;
  alert?: AlertLevel | null;
  probability?: number | null;
  naf?: string;
  naf_libelle?: string;
  section?: string;
  section_libelle?: string;
  siege?: boolean;
  effectif?: number | null;
  effectif_entreprise?: number | null;
  premiere_alerte?: boolean;
  suivi?: boolean;
  procol?: string | null;
  actif?: boolean;
  /** true/false when the user holds the permission, null/absent otherwise */
  ap?: boolean | null;
  urssaf_hausse?: boolean | null;
  chiffre_d_affaires?: number | null;
  ca_variation?: number | null;
  ebe?: number | null;
  resultat_net?: number | null;
  score_verrouille?: boolean;
  has_delai?: boolean | null;
}

export interface Page<T> {
  total: number;
  nb_fort?: number;
  nb_modere?: number;
  items: T[];
}

export interface Locked {
  locked: true;
  reason: string;
  /** 'follow': following an establishment opens it; null: the user lacks the data role */
  unlock?: 'follow' | null;
}

export interface ScoreBlock {
  liste_id?: string;
  liste_label?: string;
  periode: string;
  probability: number;
  alert: AlertLevel;
  base_rate?: number;
  seuils?: { fort: number; modere: number };
  groupes?: { groupe: string; libelle?: string; points: number }[];
  features?: { feature: string; phrase: string; points?: number; valeur?: number | null; rang?: number }[];
  historique?: { liste_id?: string; liste_label?: string; periode: string; alert: AlertLevel; probability?: number }[];
}

export interface UrssafMonth {
  periode: string;
  cotisation?: number | null;
  dette_ouvriere?: number | null;
  dette_patronale?: number | null;
  montant_echeancier?: number | null;
  delai_en_cours?: boolean | null;
}

export interface ApMonth {
  periode: string;
  ap_etp_autorise?: number | null;
  ap_etp_consomme?: number | null;
  ap_heures_consommees?: number | null;
}

export interface Paydex {
  periode: string;
  jours?: number | null;
  fpi_30?: number | null;
  fpi_90?: number | null;
}

export interface Compte {
  date_cloture: string;
  chiffre_d_affaires?: number | null;
  ebe?: number | null;
  resultat_net?: number | null;
  [ratio: string]: unknown;
}

export interface Procol {
  etat?: string | null;
  evenements?: { date_effet: string; action?: string; stade?: string; libelle?: string }[];
}

export interface Etablissement {
  siret: string;
  siren?: string;
  siege?: boolean;
  adresse?: string;
  code_postal?: string;
  commune?: string;
  departement?: string;
  actif?: boolean;
  effectif?: number | null;
  alert?: AlertLevel | null;
  suivi?: boolean;
}

export interface Card {
  siren: string;
  siret?: string;
  raison_sociale: string;
  categorie_juridique?: string;
  categorie_juridique_libelle?: string;
  naf?: string;
  naf_libelle?: string;
  section_libelle?: string;
  date_creation?: string;
  siege?: boolean;
  siret_siege?: string;
  adresse?: string;
  code_postal?: string;
  commune?: string;
  departement?: string;
  actif?: boolean;
  suivi?: boolean;
  /** which confidential blocks the user may open (comments follow `score`) */
  acces?: Partial<Record<'score' | 'urssaf' | 'dgefp' | 'bdf', boolean>>;
  suivi_detail?: { motif?: string; commentaire?: string; depuis?: string } | null;
  etablissements?: Etablissement[];
  autres_etablissements?: Etablissement[];
  entreprise?: { siren: string; raison_sociale: string };
  effectif?: { periode: string; effectif: number | null }[];
  comptes_annuels?: Compte[];
  procol?: Procol | string | null;
  score?: ScoreBlock | Locked | null;
  urssaf?: { mensuel?: UrssafMonth[]; hausse?: boolean } | Locked | null;
  dgefp?: { mensuel?: ApMonth[] } | Locked | null;
  bdf?: { paydex?: Paydex[]; comptes_annuels?: Compte[] } | Locked | null;
}

export interface Suivi {
  siret: string;
  siren: string;
  raison_sociale?: string;
  departement?: string;
  motif?: string;
  commentaire?: string;
  depuis?: string;
  derniere_alerte?: { alert?: AlertLevel; liste_label?: string; periode?: string } | AlertLevel | null;
}

export interface Commentaire {
  id: string | number;
  parent_id?: string | number | null;
  auteur?: string;
  email?: string;
  message: string;
  cree_le?: string;
  created_at?: string;
}

export interface ModelCard {
  algo?: string;
  periode?: string;
  periode_max_train?: string;
  auc?: number;
  ap?: number;
  precision?: number | { fort?: number; modere?: number };
  recall?: number | { fort?: number; modere?: number };
  thresholds?: { high: number; moderate: number };
  n_train?: number;
  n_test?: number;
  base_rate?: number;
  [k: string]: unknown;
}

export interface AdminUser {
  email: string;
  roles: string[];
  zone: string[];
  admin?: boolean;
  actif?: boolean;
  disabled?: boolean;
  derniere_connexion?: string | null;
  last_login?: string | null;
}

export function isLocked(b: unknown): b is Locked {
  return !!b && typeof b === 'object' && (b as Locked).locked === true;
}
