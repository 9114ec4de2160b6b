/**
 * The simulated economy as data: the world every company shares, and one company's whole history
 * (establishments, monthly series, URSSAF, partial activity, procedures, accounts, payment delays).
 * `company.ts` fills it, the writers read it.
 */
import type { Day } from './dates.ts';
import type { MacroMonth } from './macro.ts';
import type { Commune, Department, FOREIGN_COUNTRIES } from './reference/geo.ts';

/** What every company shares: the time window, the macro calendar and the places it may be located in. */
export interface World {
  seed: number;
  /** This process writes a later shard of the files (no headers): see `generate.ts`. */
  part: boolean;
  /** First and last month of the delivery (month indexes); `to` is the "present". */
  from: number;
  to: number;
  /** Simulation window: two years of history before `from`, two years of future after `to` (truth only). */
  start: number;
  end: number;
  macro: MacroMonth[];
  departments: Department[];
  departmentWeights: Float64Array;
}

export interface Establishment {
  siret: string;
  siege: boolean;
  /** ACOSS pseudo-SIRET: known to URSSAF only, absent from Sirene. */
  pseudo: boolean;
  commune: Commune | null;
  country: (typeof FOREIGN_COUNTRIES)[number] | null;
  numeroVoie: string;
  indiceRepetition: string;
  typeVoie: string;
  libelleVoie: string;
  lat: number;
  lon: number;
  created: Day;
  closed: Day | null;
  compte: string;
  urssafCode: string;
  share: number;
  /** Headcount per simulated month (index = month − world.start); −1 when the establishment does not exist. */
  effectif: Int32Array;
}

export interface EcnLine {
  hist: number;
  day: Day;
  /** Remaining balance after the operation, cents. */
  po: number;
  pp: number;
  op: number;
  cdProCol: number;
  etatCpte: number;
}

export interface Ecn {
  etab: number;
  period: number;
  quarterly: boolean;
  numEcn: string;
  motif: number;
  recours: boolean;
  lines: EcnLine[];
  balance: number;
}

export interface Cotisation {
  etab: number;
  period: number;
  quarterly: boolean;
  due: number;
  paid: number;
  called: number;
}

export interface Delai {
  etab: number;
  numero: string;
  created: Day;
  echeance: Day;
  days: number;
  amount: number;
  stade: string;
  action: string;
  months: number;
}

export interface CcsfLine {
  etab: number;
  day: Day;
  stade: 'DEBUT' | 'REFUS' | 'APPROB' | 'FIN' | 'REJ';
}

export interface ApDemande {
  etab: number;
  id: string;
  statut: Day;
  debut: Day;
  fin: Day;
  hours: number;
  amount: number;
  effAuto: number;
  effEnt: number;
  effEtab: number;
  motif: number;
  perimetre: number;
  recoursAnterieur: number;
  conso: { month: number; hours: number; amount: number; effectif: number }[];
}

export interface ProcolEvent {
  day: Day;
  action: 'sauvegarde' | 'redressement' | 'liquidation';
  stade: string;
}

export interface Accounts {
  closing: Day;
  months: number;
  effectif: number;
  ca: number;
  margeBrute: number;
  ebe: number;
  ebit: number;
  resultatNet: number;
  interets: number;
  chargesPersonnel: number;
  valeurAjoutee: number;
  dettesFiscalesSociales: number;
  tauxEndettement: number;
  liquidite: number;
  vetuste: number;
  autonomie: number;
  bfrPct: number;
  stocksJours: number | null;
  clientsJours: number;
  fournisseursJours: number;
  typeBilan: 'C' | 'S';
  consolidated: boolean;
}

export interface PaydexPoint {
  month: number;
  days: number;
  fpi30: number;
  fpi90: number;
  suppliers: number;
  encours: number;
}

export interface Company {
  index: number;
  siren: string;
  denomination: string;
  nom: string;
  prenom: string;
  sigle: string;
  legal: string;
  publique: boolean;
  naf: string;
  section: string;
  created: Day;
  /** Cessation (voluntary, or the end of a liquidation), if any, even after `to`. */
  ceased: Day | null;
  abroad: boolean;
  etabs: Establishment[];
  /** Per simulated month: latent distress, monthly failure hazard, company headcount (−1 before creation). */
  latent: Float64Array;
  hazard: Float64Array;
  effectif: Int32Array;
  procol: ProcolEvent[];
  /** The failure came without the usual warning signs (a sudden shock). */
  sudden: boolean;
  ecns: Ecn[];
  cotisations: Cotisation[];
  delais: Delai[];
  ccsf: CcsfLine[];
  ap: ApDemande[];
  accounts: Accounts[];
  diane: boolean;
  paydex: PaydexPoint[];
  fpiCovered: boolean;
}
