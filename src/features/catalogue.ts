/**
 * The feature catalogue: every column of table `panel` besides its keys and target, with its meaning
 * (English for the docs, a short French label for the agents' UI), source, unit, thematic group and kind.
 * The panel SQL produces exactly these columns in this order (a test checks it); `docs/features.md` is
 * generated from this list by `scripts/features-doc.ts`.
 */

export type Group =
  | 'dettes_sociales'
  | 'activite_partielle'
  | 'effectif'
  | 'sante_financiere'
  | 'retards_paiement'
  | 'contexte';

export type Kind = 'numeric' | 'categorical';

export interface Feature {
  name: string;
  group: Group;
  kind: Kind;
  unit: string;
  /** The clean tables it is computed from. */
  source: string;
  meaning: string;
  /** Short French label shown to agents. */
  label: string;
}

export const GROUPS: Record<Group, string> = {
  dettes_sociales: 'Dettes sociales',
  activite_partielle: 'Activité partielle',
  effectif: 'Effectif',
  sante_financiere: 'Santé financière',
  retards_paiement: 'Retards de paiement',
  contexte: 'Contexte',
};

/** Calendar lags (months) and moving-window lengths shared by the SQL and the catalogue. */
export const URSSAF_LAGS = [1, 2, 3, 6, 12, 24, 36] as const;
export const URSSAF_MEANS = [3, 6, 12] as const;
export const AP_LAGS = [1, 3, 6, 12] as const;
export const EFFECTIF_LAGS = [3, 12, 24] as const;
export const PAYDEX_CHANGES = [3, 12] as const;

/**
 * Publication lag of each monthly source, in months: the data of month p is read as known from month p + lag,
 * for every panel month alike. A delivery made at the end of month t holds each source up to t − lag, so
 * the latest (scored) months see every source at the same age as the training months, and a delivery cut
 * at t gives month t exactly as the full delivery does. Debt, plans, CCSF, AP authorisations, judgments and
 * Sirene are known in their own month; accounts count from `disponible_le` (closing month + 7).
 */
export const PUBLICATION_LAG = {
  cotisation: {
    table: 'clean_cotisation',
    months: 3,
    why: 'a call is due the month after its period: 1 month for monthly payers, up to 3 for quarterly ones (the first month of a quarter); one lag for all, so that every company is read alike',
  },
  effectif: { table: 'clean_effectif, clean_effectif_ent', months: 2, why: 'headcount is declared 2 months late' },
  ap_consommation: { table: 'clean_ap (consumption)', months: 1, why: 'consumption is claimed the month after' },
  paydex: { table: 'clean_paydex', months: 1, why: 'payment indices are computed the month after' },
} as const;

/** The base financial values of `clean_comptes`, each also given for the previous fiscal year (`_n1`). */
export const FINANCE_VALUES: { name: string; unit: string; meaning: string; label: string }[] = [
  { name: 'chiffre_d_affaires', unit: 'EUR', meaning: 'turnover', label: "Chiffre d'affaires" },
  { name: 'ebe', unit: 'EUR', meaning: 'EBITDA-like operating surplus (EBE)', label: 'Excédent brut d’exploitation' },
  { name: 'resultat_net', unit: 'EUR', meaning: 'net result', label: 'Résultat net' },
  { name: 'taux_d_endettement', unit: '%', meaning: 'debt ratio', label: "Taux d'endettement" },
  { name: 'ratio_de_liquidite', unit: 'ratio', meaning: 'liquidity ratio', label: 'Ratio de liquidité' },
  {
    name: 'ratio_de_vetuste',
    unit: '%',
    meaning: 'obsolescence of fixed assets',
    label: 'Vétusté des immobilisations',
  },
  {
    name: 'autonomie_financiere',
    unit: '%',
    meaning: 'equity / total liabilities',
    label: 'Autonomie financière',
  },
  {
    name: 'poids_bfr_exploitation_sur_ca',
    unit: '%',
    meaning: 'operating working-capital need / turnover',
    label: 'Poids du BFR d’exploitation',
  },
  { name: 'couverture_des_interets', unit: '%', meaning: 'interest coverage', label: 'Couverture des intérêts' },
  { name: 'caf_sur_ca', unit: '%', meaning: 'self-financing capacity / turnover', label: 'CAF sur chiffre d’affaires' },
  {
    name: 'capacite_de_remboursement',
    unit: 'years',
    meaning: 'debt repayment capacity',
    label: 'Capacité de remboursement',
  },
  { name: 'marge_ebe', unit: '%', meaning: 'EBE / turnover', label: 'Marge d’EBE' },
  {
    name: 'resultat_courant_avant_impots_sur_ca',
    unit: '%',
    meaning: 'pre-tax current result / turnover',
    label: 'Résultat courant avant impôts sur CA',
  },
  {
    name: 'poids_bfr_exploitation_sur_ca_jours',
    unit: 'days',
    meaning: 'operating working-capital need in days of turnover',
    label: 'BFR d’exploitation en jours de CA',
  },
  { name: 'rotation_des_stocks_jours', unit: 'days', meaning: 'stock rotation', label: 'Rotation des stocks' },
  { name: 'credit_clients_jours', unit: 'days', meaning: 'customer credit', label: 'Crédit clients' },
  { name: 'credit_fournisseurs_jours', unit: 'days', meaning: 'supplier credit', label: 'Crédit fournisseurs' },
];

const f = (
  group: Group,
  name: string,
  unit: string,
  source: string,
  meaning: string,
  label: string,
  kind: Kind = 'numeric',
): Feature => ({ name, group, kind, unit, source, meaning, label });

const lagged = (base: Feature, k: number): Feature => ({
  ...base,
  name: `${base.name}_lag${k}m`,
  meaning: `${base.meaning}, ${k} calendar month${k > 1 ? 's' : ''} earlier`,
  label: `${base.label} (il y a ${k} mois)`,
});

const averaged = (base: Feature, n: number): Feature => ({
  ...base,
  name: `${base.name}_mean${n}m`,
  meaning: `mean of ${base.meaning} over the ${n} months ending with the month (known months only)`,
  label: `${base.label} (moyenne ${n} mois)`,
});

const changed = (base: Feature, k: number): Feature => ({
  ...base,
  name: `${base.name}_var${k}m`,
  meaning: `change of ${base.meaning} over ${k} calendar months (value − value ${k} months earlier)`,
  label: `${base.label} (évolution sur ${k} mois)`,
});

const DEBIT = 'clean_debit';
const COTIS = 'clean_cotisation';
const cotisation = f(
  'dettes_sociales',
  'cotisation',
  'EUR',
  COTIS,
  `social contributions called for month t − ${PUBLICATION_LAG.cotisation.months} (the latest month every payer is known for)`,
  'Cotisations appelées',
);
const ouvriere = f(
  'dettes_sociales',
  'dette_ouvriere',
  'EUR',
  DEBIT,
  'outstanding employee-share social debt',
  'Dette sociale part ouvrière',
);
const patronale = f(
  'dettes_sociales',
  'dette_patronale',
  'EUR',
  DEBIT,
  'outstanding employer-share social debt',
  'Dette sociale part patronale',
);
const parEffectif = f(
  'dettes_sociales',
  'dette_par_effectif',
  'EUR/employee',
  `${DEBIT}, clean_effectif_ent`,
  'social debt (both shares) per employee',
  'Dette sociale par salarié',
);

const urssaf: Feature[] = [
  cotisation,
  ...URSSAF_MEANS.map((n) => averaged(cotisation, n)),
  ...URSSAF_LAGS.map((k) => lagged(cotisation, k)),
  ouvriere,
  ...URSSAF_MEANS.map((n) => averaged(ouvriere, n)),
  ...URSSAF_LAGS.map((k) => lagged(ouvriere, k)),
  patronale,
  ...URSSAF_MEANS.map((n) => averaged(patronale, n)),
  ...URSSAF_LAGS.map((k) => lagged(patronale, k)),
  f(
    'dettes_sociales',
    'dette_sur_cotisation_mean12m',
    'ratio',
    `${DEBIT}, ${COTIS}`,
    'social debt (both shares) / mean monthly contributions over 12 months',
    'Dette rapportée aux cotisations mensuelles',
  ),
  parEffectif,
  changed(parEffectif, 3),
  f(
    'dettes_sociales',
    'mois_depuis_sans_dette',
    'months',
    DEBIT,
    'months since the last month without social debt (0 when debt-free now; NULL when never seen debt-free)',
    'Mois depuis la dernière absence de dette',
  ),
  f(
    'dettes_sociales',
    'delai_en_cours',
    'flag',
    'clean_delai',
    'a URSSAF payment plan (délai) is running (1) or not (0)',
    'Délai de paiement en cours',
  ),
  f(
    'dettes_sociales',
    'delai_montant_sur_cotisation',
    'ratio',
    `clean_delai, ${COTIS}`,
    'amount of the running payment plans / mean monthly contributions over 12 months',
    'Montant du délai rapporté aux cotisations',
  ),
  f(
    'dettes_sociales',
    'ccsf_en_cours',
    'flag',
    'clean_ccsf',
    'a CCSF plan is running (1) or not (0)',
    'Plan CCSF en cours',
  ),
];

const AP = 'clean_ap';
const apHeures = f(
  'activite_partielle',
  'ap_heures_consommees',
  'hours',
  AP,
  'partial-activity hours consumed in the previous month (as claimed by the month)',
  "Heures d'activité partielle consommées",
);
const apEtpAutorise = f(
  'activite_partielle',
  'ap_etp_autorise',
  'FTE',
  AP,
  'partial activity authorised for the month, in full-time equivalents',
  'Activité partielle autorisée (ETP)',
);
const ap: Feature[] = [
  apHeures,
  ...AP_LAGS.map((k) => lagged(apHeures, k)),
  f(
    'activite_partielle',
    'ap_etp_consomme',
    'FTE',
    AP,
    'partial activity consumed in the previous month, in full-time equivalents (151.67 h)',
    'Activité partielle consommée (ETP)',
  ),
  apEtpAutorise,
  lagged(apEtpAutorise, 3),
  f(
    'activite_partielle',
    'ap_part_effectif',
    'ratio',
    `${AP}, clean_effectif_ent`,
    'FTE consumed / company headcount',
    "Part de l'effectif en activité partielle",
  ),
  f(
    'activite_partielle',
    'ap_mois_12m',
    'months',
    AP,
    'number of months with partial-activity hours consumed over the last 12 months',
    "Mois de recours à l'activité partielle sur 12 mois",
  ),
];

const effectifBase = f(
  'effectif',
  'effectif',
  'employees',
  'clean_effectif_ent',
  `company headcount of month t − ${PUBLICATION_LAG.effectif.months}, else the latest within 6 months before`,
  "Effectif de l'entreprise",
);
const effectif: Feature[] = [
  effectifBase,
  ...EFFECTIF_LAGS.map((k) => lagged(effectifBase, k)),
  ...EFFECTIF_LAGS.map((k) => changed(effectifBase, k)),
];

const FIN = 'clean_comptes';
const finBase = FINANCE_VALUES.map((v) =>
  f('sante_financiere', v.name, v.unit, FIN, `${v.meaning}, latest fiscal year known at the month`, v.label),
);
const finance: Feature[] = [
  ...finBase,
  ...FINANCE_VALUES.map((v) =>
    f(
      'sante_financiere',
      `${v.name}_n1`,
      v.unit,
      FIN,
      `${v.meaning}, fiscal year before the latest known one`,
      `${v.label} (exercice précédent)`,
    ),
  ),
  f(
    'sante_financiere',
    'croissance_chiffre_d_affaires',
    'ratio',
    FIN,
    'turnover growth between the two latest known fiscal years (NULL unless they close 6 to 18 months apart)',
    "Croissance du chiffre d'affaires",
  ),
  f(
    'sante_financiere',
    'croissance_ebe',
    'ratio',
    FIN,
    'EBE change between the two latest known fiscal years, relative to |previous EBE|',
    "Évolution de l'EBE",
  ),
  f(
    'sante_financiere',
    'anciennete_comptes',
    'months',
    FIN,
    'months between the closing of the latest known fiscal year and the month',
    'Ancienneté des derniers comptes connus',
  ),
];

const PAYDEX = 'clean_paydex';
const paydexBase = [
  f(
    'retards_paiement',
    'paydex',
    'days',
    PAYDEX,
    'average supplier payment delay (paydex) of the previous month, else the latest within 3 months before',
    'Retard moyen de paiement fournisseurs',
  ),
  f(
    'retards_paiement',
    'fpi_30',
    '%',
    PAYDEX,
    'share of supplier payments more than 30 days late, previous month, else latest within 3 months before',
    'Paiements à plus de 30 jours de retard',
  ),
  f(
    'retards_paiement',
    'fpi_90',
    '%',
    PAYDEX,
    'share of supplier payments more than 90 days late, previous month, else latest within 3 months before',
    'Paiements à plus de 90 jours de retard',
  ),
];
const paydex: Feature[] = paydexBase.flatMap((b) => [b, ...PAYDEX_CHANGES.map((k) => changed(b, k))]);

const SIRENE = 'clean_entreprise';
const contexte: Feature[] = [
  f(
    'contexte',
    'naf_section',
    'code',
    SIRENE,
    'NAF section (letter)',
    "Secteur d'activité (section NAF)",
    'categorical',
  ),
  f('contexte', 'naf_division', 'code', SIRENE, 'NAF division (2 digits)', 'Division NAF', 'categorical'),
  f('contexte', 'departement', 'code', SIRENE, 'department of the head office', 'Département du siège', 'categorical'),
  f('contexte', 'region', 'code', SIRENE, 'region of the head office (INSEE code)', 'Région du siège', 'categorical'),
  f(
    'contexte',
    'categorie_juridique',
    'code',
    SIRENE,
    'legal category (INSEE code)',
    'Catégorie juridique',
    'categorical',
  ),
  f('contexte', 'age_entreprise', 'years', SIRENE, 'company age at the month', "Âge de l'entreprise"),
  f(
    'contexte',
    'nb_etablissements',
    'count',
    'clean_etablissement',
    'number of establishments created by the month',
    "Nombre d'établissements",
  ),
  f(
    'contexte',
    'part_effectif_siege',
    'ratio',
    'clean_effectif, clean_effectif_ent',
    'share of the company headcount employed in the head office',
    "Part de l'effectif au siège",
  ),
];

export const FEATURES: readonly Feature[] = [...urssaf, ...ap, ...effectif, ...finance, ...paydex, ...contexte];

/** Panel columns that are not features: keys first, then perimeter and target. */
export const KEY_COLUMNS = ['siren', 'periode'] as const;
export const TARGET_COLUMNS = ['perimetre_raison', 'already_in_procedure', 'failure_18m'] as const;

export function featuresByGroup(): Record<Group, Feature[]> {
  const out = Object.fromEntries(Object.keys(GROUPS).map((g) => [g, [] as Feature[]])) as Record<Group, Feature[]>;
  for (const feat of FEATURES) out[feat.group].push(feat);
  return out;
}
