/**
 * Legal categories (INSEE "catégories juridiques", level 3), a small real subset. `publique` marks the codes
 * that the import perimeter excludes (sources.md §8.1); a few other public bodies (public hospitals) are not
 * on that list, as in reality.
 */
export interface LegalCategory {
  code: string;
  libelle: string;
  publique: boolean;
  /** Relative frequency among private companies (0 for public bodies). */
  weight: number;
}

export const LEGAL_CATEGORIES: readonly LegalCategory[] = [
  { code: '5710', libelle: 'SAS, société par actions simplifiée', publique: false, weight: 34 },
  { code: '5720', libelle: 'Société par actions simplifiée à associé unique', publique: false, weight: 8 },
  { code: '5499', libelle: 'Société à responsabilité limitée (sans autre indication)', publique: false, weight: 34 },
  { code: '5498', libelle: 'SARL unipersonnelle', publique: false, weight: 6 },
  { code: '5599', libelle: "SA à conseil d'administration (s.a.i.)", publique: false, weight: 5 },
  { code: '5699', libelle: 'SA à directoire (s.a.i.)', publique: false, weight: 1 },
  { code: '5202', libelle: 'Société en nom collectif', publique: false, weight: 1 },
  { code: '5485', libelle: "Société d'exercice libéral à responsabilité limitée", publique: false, weight: 1 },
  { code: '5785', libelle: "Société d'exercice libéral par action simplifiée", publique: false, weight: 1 },
  { code: '6540', libelle: 'Société civile immobilière', publique: false, weight: 1 },
  { code: '5460', libelle: 'Autre SARL coopérative', publique: false, weight: 0.5 },
  { code: '9220', libelle: 'Association déclarée', publique: false, weight: 5 },
  { code: '1000', libelle: 'Entrepreneur individuel', publique: false, weight: 2.5 },
  {
    code: '4110',
    libelle: "Établissement public national à caractère industriel ou commercial doté d'un comptable public",
    publique: true,
    weight: 0,
  },
  {
    code: '4120',
    libelle: "Établissement public national à caractère industriel ou commercial non doté d'un comptable public",
    publique: true,
    weight: 0,
  },
  {
    code: '4140',
    libelle: 'Établissement public local à caractère industriel ou commercial',
    publique: true,
    weight: 0,
  },
  { code: '7210', libelle: 'Commune et commune nouvelle', publique: true, weight: 0 },
  { code: '7220', libelle: 'Département', publique: true, weight: 0 },
  { code: '7346', libelle: 'Communauté de communes', publique: true, weight: 0 },
  { code: '7348', libelle: "Communauté d'agglomération", publique: true, weight: 0 },
  { code: '7366', libelle: 'Établissement public local social et médico-social', publique: true, weight: 0 },
  { code: '7373', libelle: "Établissement public local d'enseignement", publique: true, weight: 0 },
  { code: '7379', libelle: '(Autre) Établissement public administratif local', publique: true, weight: 0 },
  { code: '7389', libelle: 'Établissement public national à caractère administratif', publique: true, weight: 0 },
  { code: '7410', libelle: "Groupement d'intérêt public (GIP)", publique: true, weight: 0 },
  { code: '7490', libelle: 'Autre personne morale de droit administratif', publique: true, weight: 0 },
  { code: '7364', libelle: "Établissement d'hospitalisation", publique: false, weight: 0 },
];

/** Public bodies generated as such: their category and the NAF code that goes with it. */
export const PUBLIC_BODIES: readonly { code: string; naf: string; weight: number }[] = [
  { code: '7210', naf: '84.11Z', weight: 30 },
  { code: '7220', naf: '84.11Z', weight: 2 },
  { code: '7346', naf: '84.11Z', weight: 6 },
  { code: '7348', naf: '84.11Z', weight: 3 },
  { code: '7366', naf: '87.30A', weight: 8 },
  { code: '7373', naf: '85.31Z', weight: 12 },
  { code: '7379', naf: '84.12Z', weight: 4 },
  { code: '7389', naf: '84.13Z', weight: 3 },
  { code: '7410', naf: '84.13Z', weight: 2 },
  { code: '4110', naf: '49.10Z', weight: 1 },
  { code: '4120', naf: '35.11Z', weight: 1 },
  { code: '4140', naf: '36.00Z', weight: 3 },
  { code: '7490', naf: '84.11Z', weight: 1 },
  { code: '7364', naf: '86.10Z', weight: 4 },
];
