/**
 * One company's whole life, simulated month by month from its own random stream: identity and establishments,
 * a latent distress (mean-reverting, plus sector exposure to the macro calendar) that drives, with noise and
 * delays, headcount, URSSAF debts, payment plans, CCSF, partial activity, accounts, payment delays and the
 * collective procedure. The writers turn the result into raw files; nothing here knows about file formats.
 */
import { addDays, type Day, day, endOfMonth, lastDom, monthOf } from './dates.ts';
import { compteOf, pseudoSiretOf, sirenOf, siretOf } from './ids.ts';
import type { MacroMonth } from './macro.ts';
import { type Commune, type Department, FOREIGN_COUNTRIES } from './reference/geo.ts';
import { LEGAL_CATEGORIES, PUBLIC_BODIES } from './reference/legal.ts';
import { NAF_BY_SECTION, PSEUDO_SIRET_NAF, SECTIONS, type SectionTraits, sectionOf } from './reference/naf.ts';
import { FIRST_NAMES, NAME_SUFFIXES, SECTION_WORDS, STREET_NAMES, STREET_TYPES, SURNAMES } from './reference/names.ts';
import { cumulate, Rng } from './rng.ts';

/** What every company shares: the time window, the macro calendar and the places it may be located in. */
export interface World {
  seed: number;
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

const SECTION_LIST = Object.keys(SECTIONS).filter((s) => NAF_BY_SECTION[s]?.length);
const SECTION_CUM = cumulate(SECTION_LIST.map((s) => SECTIONS[s].weight));
const PRIVATE_LEGAL = LEGAL_CATEGORIES.filter((c) => c.weight > 0);
const PRIVATE_LEGAL_CUM = cumulate(PRIVATE_LEGAL.map((c) => c.weight));
const PUBLIC_CUM = cumulate(PUBLIC_BODIES.map((p) => p.weight));

/** Monthly failure hazard at distress 0, and its sensitivity; sudden failures have their own small hazard. */
const BASE_HAZARD = 0.0009;
const HAZARD_SLOPE = 1.45;
const SUDDEN_HAZARD = 0.00022;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const clamp = (x: number, a: number, b: number) => Math.min(Math.max(x, a), b);

function poisson(rng: Rng, lambda: number): number {
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = rng.next();
  while (p > l) {
    k++;
    p *= rng.next();
  }
  return k;
}

/** Long-tailed target headcount: ~15% of companies stay below 10 employees, the rest follow a Pareto tail. */
function drawSize(rng: Rng): number {
  if (rng.chance(0.15)) return rng.between(1, 9);
  return Math.min(25_000, Math.floor(10 / rng.next() ** (1 / 1.25)));
}

function pickCommune(rng: Rng, dept: Department): Commune {
  return dept.communes[rng.weighted(dept.cumulative)];
}

function companyName(rng: Rng, section: string): string {
  const words = SECTION_WORDS[section] ?? SECTION_WORDS.S;
  const r = rng.next();
  if (r < 0.45) return `${rng.pick(words)} ${rng.pick(SURNAMES)}${rng.pick(NAME_SUFFIXES)}`;
  if (r < 0.7) return `${rng.pick(SURNAMES)}${rng.pick(NAME_SUFFIXES)}`;
  if (r < 0.8) return `${rng.pick(SURNAMES)}, ${rng.pick(SURNAMES)} ET ASSOCIES`;
  const a = String.fromCharCode(65 + rng.int(26), 65 + rng.int(26), 65 + rng.int(26));
  return `${a} ${rng.pick(words)}`;
}

/** Simulates company `index` of the world. Deterministic: depends only on (seed, index, window, places). */
export function simulateCompany(world: World, index: number): Company {
  const rng = new Rng(world.seed, index + 1);
  const n = world.end - world.start + 1;
  const siren = sirenOf(index, world.seed);

  // Identity: public body (excluded from the perimeter) or private company.
  const publique = rng.chance(0.015);
  let legal: string;
  let naf: string;
  if (publique) {
    const body = PUBLIC_BODIES[rng.weighted(PUBLIC_CUM)];
    legal = body.code;
    naf = body.naf;
  } else {
    legal = PRIVATE_LEGAL[rng.weighted(PRIVATE_LEGAL_CUM)].code;
    const section = SECTION_LIST[rng.weighted(SECTION_CUM)];
    naf = rng.pick(NAF_BY_SECTION[section]).code;
  }
  const section = sectionOf(naf);
  const traits: SectionTraits = SECTIONS[section] ?? SECTIONS.S;
  const soleTrader = legal === '1000';
  let size = drawSize(rng);
  if (soleTrader) size = Math.min(size, rng.between(1, 15));
  if (publique) size = Math.max(size, rng.between(10, 400));

  let denomination = publique
    ? `${rng.pick(['COMMUNE DE', 'SYNDICAT', 'ETABLISSEMENT PUBLIC', 'REGIE'])} ${rng.pick(SURNAMES)}`
    : companyName(rng, section);
  let nom = '';
  let prenom = '';
  if (soleTrader) {
    nom = rng.pick(SURNAMES);
    prenom = rng.pick(FIRST_NAMES);
    denomination = '';
  }
  const sigle =
    !soleTrader && rng.chance(0.1)
      ? denomination
          .replace(/[^A-Z ]/g, '')
          .split(' ')
          .filter(Boolean)
          .map((w) => w[0])
          .join('')
      : '';

  // Creation: most companies exist before the window; ~12% are born inside it (at least 6 months before `to`).
  let createdMonth: number;
  if (rng.chance(0.12)) createdMonth = rng.between(world.from - 24, world.to - 6);
  else createdMonth = world.from - 25 - Math.floor(-Math.log(1 - rng.next()) * 150);
  createdMonth = Math.max(createdMonth, 1950 * 12);
  const created = day(createdMonth, rng.between(1, 28));
  // Young companies start small and grow towards their size.
  const youngAtStart = createdMonth >= world.start;

  // Places: the head office in an allowed department (weighted by population), a few abroad.
  const home = world.departments[rng.weighted(world.departmentWeights)];
  const abroad = !publique && size >= 10 && rng.chance(0.004);
  const nSecondary = Math.min(40, poisson(rng, publique ? 0.5 : size / 45)) + (abroad ? 1 : 0);
  const urssafCode = `${home.region.padStart(2, '0')}${rng.between(1, 9)}`;

  const etabs: Establishment[] = [];
  const newEtab = (siege: boolean, commune: Commune | null, etabCreated: Day, nicBody: number): Establishment => {
    const dept = commune ? world.departments.find((d) => d.code === commune.departement) : undefined;
    const siret = siretOf(siren, nicBody);
    return {
      siret,
      siege,
      pseudo: false,
      commune,
      country: null,
      numeroVoie: rng.chance(0.85) ? String(rng.between(1, 180)) : '',
      indiceRepetition: rng.chance(0.04) ? rng.pick(['B', 'T']) : '',
      typeVoie: rng.pick(STREET_TYPES),
      libelleVoie: rng.pick(STREET_NAMES),
      lat: (dept?.lat ?? 0) + 0.35 * rng.normal(),
      lon: (dept?.lon ?? 0) + 0.45 * rng.normal(),
      created: etabCreated,
      closed: null,
      compte: compteOf(siret, urssafCode, 1),
      urssafCode,
      share: siege ? 2 + rng.next() : Math.exp(0.6 * rng.normal()),
      effectif: new Int32Array(n).fill(-1),
    };
  };
  let nic = 1 + rng.int(3);
  const siege = newEtab(true, abroad ? null : pickCommune(rng, home), created, nic);
  if (abroad) {
    siege.country = rng.pick(FOREIGN_COUNTRIES);
    siege.share = 0;
    siege.lat = 0;
    siege.lon = 0;
  }
  etabs.push(siege);
  for (let k = 0; k < nSecondary; k++) {
    nic += 1 + rng.int(2);
    const dept = rng.chance(0.7) ? home : world.departments[rng.weighted(world.departmentWeights)];
    const etabMonth = rng.chance(0.6) ? createdMonth : rng.between(Math.min(createdMonth, world.to - 1), world.to - 1);
    etabs.push(newEtab(false, pickCommune(rng, dept), day(Math.max(etabMonth, createdMonth), rng.between(1, 28)), nic));
  }
  if (!publique && PSEUDO_SIRET_NAF.has(naf) && size >= 5) {
    const first = naf === '78.20Z' ? 5 : naf.startsWith('59') ? 9 : rng.pick([6, 7] as const);
    const p = newEtab(false, siege.commune ?? etabs[1]?.commune ?? null, created, 0);
    p.siret = pseudoSiretOf(siren, first, rng.between(0, 9999));
    p.pseudo = true;
    p.compte = compteOf(p.siret, urssafCode, 2);
    etabs.push(p);
  }

  // The latent distress: company mean, sector exposure, AR(1) noise, rare persistent shocks.
  const mu = 0.55 * rng.normal() - (publique ? 1.5 : 0);
  const theta = 0.07;
  const sigma = 0.24;
  let z = mu + rng.normal() * (sigma / Math.sqrt(2 * theta - theta * theta));
  const exposure = traits.exposure * Math.exp(0.25 * rng.normal());
  const smallFactor = size < 10 ? 1.4 : 1;

  const latent = new Float64Array(n);
  const hazard = new Float64Array(n);
  const effectif = new Int32Array(n).fill(-1);
  const procol: ProcolEvent[] = [];
  let sudden = false;
  let ceased: Day | null = null;
  let ceasedMonth = Number.POSITIVE_INFINITY;
  let openingMonth = -1;
  let procState: 'none' | 'observation' | 'plan' | 'liquidation' = 'none';
  let closedEffMonth = Number.POSITIVE_INFINITY;
  let planFrom = -1;
  let liquidationFrom = -1;
  let backInBonis = false;

  const ecns: Ecn[] = [];
  const openEcns: Ecn[] = [];
  const cotisations: Cotisation[] = [];
  const delais: Delai[] = [];
  const ccsf: CcsfLine[] = [];
  const ap: ApDemande[] = [];
  const paydex: PaydexPoint[] = [];
  const payCovered = !publique && rng.chance(0.72);
  const fpiCovered = payCovered && rng.chance(0.7);
  let delaiEnd = -1;
  let delaiMonthly = 0;
  let ccsfUntil = -1;
  let apUntil = -1;
  let currentAp: ApDemande | null = null;
  let logSize = youngAtStart ? Math.log(Math.max(1, size * 0.3)) : Math.log(size) + 0.1 * rng.normal();
  const targetLog = Math.log(size);
  let paydexDays = 3 + 4 * rng.next();
  const wage = traits.wage * Math.exp(0.15 * rng.normal());
  const quarterlyPayer = size < 11;

  const eventDay = (m: number) => day(m, rng.between(1, 28));

  for (let t = 0; t < n; t++) {
    const m = world.start + t;
    if (m < createdMonth || m >= ceasedMonth) continue;
    const macro = world.macro[t];

    // Latent distress and failure hazard.
    if (rng.chance(0.003)) z += 1.2 + 0.5 * rng.normal();
    z += theta * (mu - z) + sigma * rng.normal();
    const x = z + exposure * macro.distress;
    latent[t] = x;
    const alive = procState !== 'liquidation';
    let h = 0;
    if (!publique && (procState === 'none' || procState === 'plan')) {
      // State support absorbs most of the macro shock on failures (not on the other signals).
      h = BASE_HAZARD * Math.exp(HAZARD_SLOPE * (z + 0.3 * exposure * macro.distress)) * macro.support * smallFactor;
      if (m - createdMonth < 36) h *= 1.5; // young companies fail more
      if (procState === 'plan') h *= 0.6;
    }
    hazard[t] = h + (publique || procState !== 'none' ? 0 : SUDDEN_HAZARD * macro.support);

    // Headcount: grows towards its target when healthy, shrinks under distress, falls during a procedure.
    if (procState === 'liquidation') logSize -= 0.5 + rng.next();
    else if (procState === 'observation') logSize -= 0.03 + 0.03 * rng.next();
    else {
      logSize += 0.04 * (targetLog - logSize) - 0.015 * Math.max(0, x - 0.3) + 0.012 * rng.normal();
      if (macro.distress > 1 && exposure > 1.5) logSize -= 0.01;
    }
    let total = m >= closedEffMonth ? 0 : Math.max(0, Math.round(Math.exp(logSize)));
    if (procState === 'liquidation' && total < 1) total = 0;
    let shares = 0;
    for (const e of etabs) {
      if (monthOf(e.created) <= m && (e.closed === null || monthOf(e.closed) > m)) shares += e.share;
    }
    let sum = 0;
    for (let k = 0; k < etabs.length; k++) {
      const e = etabs[k];
      if (monthOf(e.created) > m || (e.closed !== null && monthOf(e.closed) <= m)) continue;
      const v = shares > 0 ? Math.round((total * e.share) / shares) : 0;
      e.effectif[t] = e.country ? -1 : v;
      sum += e.country ? 0 : v;
    }
    effectif[t] = sum;

    // Contributions due and unpaid amounts (écarts négatifs), per establishment with staff.
    // A month goes unpaid (in part) with a probability rising with distress; in 2020 many defer everything.
    const deferred = rng.chance(clamp(macro.deferral * exposure, 0, 0.95));
    const unpaidRate = deferred ? 1 : rng.chance(sigmoid(2.5 * (x - 1.7))) ? 0.3 + 0.7 * rng.next() : 0;
    for (let k = 0; k < etabs.length; k++) {
      const e = etabs[k];
      const eff = e.effectif[t];
      if (eff <= 0) continue;
      const due = eff * wage * 0.42 * (1 + 0.03 * rng.normal());
      const inProcedure = procState === 'observation' || procState === 'liquidation';
      const unpaid = inProcedure ? (rng.chance(0.2) ? due * 0.5 : 0) : due * unpaidRate;
      const quarterEnd = !quarterlyPayer || m % 3 === 2;
      if (quarterEnd) {
        const months = quarterlyPayer ? 3 : 1;
        cotisations.push({
          etab: k,
          period: m,
          quarterly: quarterlyPayer,
          due: Math.round(due * months * 100) / 100,
          paid: Math.round((due - unpaid) * months * 100) / 100,
          called: unpaid > 0 ? Math.round(unpaid * months * 100) / 100 : 0,
        });
      }
      if (unpaid * (quarterlyPayer ? 3 : 1) >= 30 && quarterEnd) {
        const cents = Math.round(unpaid * (quarterlyPayer ? 3 : 1) * 100);
        const po = Math.round(cents * 0.3);
        const motif = x > 2.2 && rng.chance(0.3) ? 3 : rng.pick([2, 24, 25, 1, 26, 27]);
        const ecn: Ecn = {
          etab: k,
          period: quarterlyPayer ? m - 2 : m,
          quarterly: quarterlyPayer,
          numEcn: '101',
          motif,
          recours: rng.chance(0.02),
          lines: [],
          balance: cents,
        };
        ecn.lines.push({
          hist: 1,
          day: day(m + 1, rng.between(16, 28)),
          po,
          pp: cents - po,
          op: 1,
          cdProCol: procState === 'none' ? 0 : 1,
          etatCpte: 1,
        });
        ecns.push(ecn);
        openEcns.push(ecn);
      }
    }

    // Repayments of open debts: fast when healthy, by instalments under a plan, frozen during a procedure.
    let totalDebt = 0;
    for (const ecn of openEcns) totalDebt += ecn.balance;
    if (openEcns.length) {
      const covidHold = macro.deferral > 0 || (macro.support < 0.5 && rng.chance(0.5));
      let budget = 0;
      if (procState === 'plan') budget = totalDebt / 96;
      else if (procState === 'none' && !covidHold) {
        if (m <= delaiEnd) budget = rng.chance(0.9) && x < 2.3 ? delaiMonthly : 0;
        else {
          const p = sigmoid(-2.2 * (x - 1.1));
          budget = rng.chance(p) ? totalDebt * (x < 0.6 ? 1 : 0.15 + 0.5 * rng.next()) : 0;
        }
      }
      if (budget > 0) {
        for (let j = 0; j < openEcns.length && budget > 0; j++) {
          const ecn = openEcns[j];
          const last = ecn.lines[ecn.lines.length - 1];
          if (monthOf(last.day) >= m) continue; // booked this month: payments come later
          const pay = Math.min(ecn.balance, Math.ceil(budget));
          budget -= pay;
          ecn.balance -= pay;
          const po = Math.round((ecn.balance * last.po) / Math.max(1, last.po + last.pp));
          ecn.lines.push({
            hist: last.hist + 1,
            day: day(m, rng.between(1, 28)),
            po,
            pp: ecn.balance - po,
            op: 2,
            cdProCol: procState === 'plan' ? 2 : 0,
            etatCpte: 1,
          });
        }
        for (let j = openEcns.length - 1; j >= 0; j--) if (openEcns[j].balance <= 0) openEcns.splice(j, 1);
      }
    }

    // Payment plans (délais) and CCSF for lasting debts.
    const monthlyDue = Math.max(1, total * wage * 0.42 * 100);
    if (procState === 'none' && totalDebt > 2 * monthlyDue && m > delaiEnd) {
      const covidPlans = m >= 2020 * 12 + 8 && m <= 2022 * 12 + 5;
      if (rng.chance(covidPlans ? 0.3 : 0.1) && x < 2.6) {
        const months = rng.between(covidPlans ? 12 : 3, covidPlans ? 36 : 24);
        const created0 = eventDay(m);
        const echeance = day(m + months, Math.min(28, created0 % 100));
        const d: Delai = {
          etab: 0,
          numero: String(1_000_000_000_000 + ((index * 97 + delais.length * 13 + world.seed) % 8_999_999_999_999)),
          created: created0,
          echeance,
          days: Math.round((months * 365.25) / 12),
          amount: Math.round(totalDebt) / 100,
          stade: 'APPROB',
          action: covidPlans ? 'PLAN_APUREMENT' : 'ECHEANCIER',
          months,
        };
        d.etab = Math.max(
          0,
          etabs.findIndex((e) => e.effectif[t] > 0),
        );
        delais.push(d);
        delaiEnd = m + months;
        delaiMonthly = totalDebt / months;
      }
    }
    if (procState === 'none' && totalDebt > 5_000_000 && m > ccsfUntil && x > 0.8 && rng.chance(0.02)) {
      const etab = Math.max(
        0,
        etabs.findIndex((e) => e.effectif[t] > 0),
      );
      ccsf.push({ etab, day: eventDay(m), stade: 'DEBUT' });
      const decision = m + rng.between(1, 3);
      const approved = rng.chance(0.65);
      ccsf.push({ etab, day: eventDay(decision), stade: approved ? 'APPROB' : rng.chance(0.8) ? 'REFUS' : 'REJ' });
      ccsfUntil = decision + (approved ? rng.between(12, 36) : 6);
      if (approved) {
        ccsf.push({ etab, day: eventDay(ccsfUntil), stade: 'FIN' });
        delaiEnd = Math.max(delaiEnd, ccsfUntil);
        delaiMonthly = totalDebt / (ccsfUntil - m);
      }
    }

    // Partial activity (activité partielle): requests under distress, and the 2020–2021 waves everywhere.
    if (!publique && alive && procState !== 'liquidation' && m > apUntil && total > 0) {
      const pWave = clamp(macro.apWave * exposure, 0, 0.95);
      const pDistress = x > 1.2 ? 0.02 * exposure : 0;
      if (rng.chance(pWave + pDistress)) {
        const covid = macro.apWave > 0;
        const len = covid ? rng.between(2, exposure > 1.5 ? 8 : 4) : rng.between(2, 6);
        const etabIdx = Math.max(
          0,
          etabs.findIndex((e) => e.effectif[t] > 0),
        );
        const effEtab = Math.max(1, etabs[etabIdx].effectif[t]);
        const effAuto = Math.max(1, Math.round(effEtab * (covid ? 0.6 + 0.4 * rng.next() : 0.2 + 0.5 * rng.next())));
        const hoursAuto = Math.round(effAuto * 151.67 * len * (covid ? 0.7 : 0.4) * 100) / 100;
        const rate = 7.23 + rng.next() * 1.5;
        const debut = day(m, 1);
        const fin = endOfMonth(m + len - 1);
        const dem: ApDemande = {
          etab: etabIdx,
          id: `${String.fromCharCode(97 + (ap.length % 26))}${String(index).padStart(8, '0')}${world.seed % 10}`,
          statut: addDays(debut, rng.between(2, 25)),
          debut,
          fin,
          hours: hoursAuto,
          amount: Math.round(hoursAuto * rate * 100) / 100,
          effAuto,
          effEnt: Math.max(1, total),
          effEtab,
          motif: covid ? 5 : m >= 2022 * 12 && rng.chance(0.4) ? 2 : rng.chance(0.9) ? 1 : rng.pick([3, 4]),
          perimetre: covid && rng.chance(0.3) ? 3 : rng.chance(0.7) ? 1 : 2,
          recoursAnterieur: m >= 2021 * 12 ? 2 : rng.pick([1, 1, 3]),
          conso: [],
        };
        ap.push(dem);
        currentAp = dem;
        apUntil = m + len - 1;
      }
    }
    if (currentAp && m <= apUntil) {
      const use = clamp((macro.apWave > 0 ? 0.5 : 0.25) + 0.3 * rng.normal() * 0.5, 0.05, 1);
      const hours = Math.round(currentAp.effAuto * 151.67 * use * 100) / 100;
      if (hours > 0) {
        currentAp.conso.push({
          month: m,
          hours,
          amount: Math.round(hours * (currentAp.amount / currentAp.hours) * 100) / 100,
          effectif: Math.max(1, Math.round(currentAp.effAuto * clamp(use + 0.2, 0, 1))),
        });
      }
    }

    // Supplier payment delays (Altares): follow the distress with some smoothing.
    if (payCovered && total >= 3) {
      paydexDays += 0.35 * (Math.max(0, 4 + 11 * x + 3 * rng.normal()) - paydexDays);
      const days = Math.max(0, paydexDays);
      paydex.push({
        month: m,
        days,
        fpi30: clamp(100 * sigmoid(0.09 * days - 2.2) + 4 * rng.normal(), 0, 100),
        fpi90: clamp(100 * sigmoid(0.09 * days - 3.6) + 2 * rng.normal(), 0, 100),
        suppliers: Math.max(3, Math.round(3 + Math.sqrt(total) * 2 + rng.int(5))),
        encours: Math.round(total * 4200 * Math.exp(0.4 * rng.normal())),
      });
    }

    // Collective procedure or voluntary cessation.
    if (procState === 'none' && !publique) {
      const suddenNow = rng.chance(SUDDEN_HAZARD * macro.support);
      if (suddenNow || rng.chance(h)) {
        sudden = suddenNow;
        openingMonth = m;
        const opening = eventDay(m);
        const severity = suddenNow ? 2 : x;
        const r = rng.next();
        const action: ProcolEvent['action'] =
          r < (severity > 1.5 ? 0.55 : 0.35) ? 'liquidation' : r < 0.9 || size < 50 ? 'redressement' : 'sauvegarde';
        procol.push({ day: opening, action, stade: 'ouverture' });
        if (action === 'liquidation') {
          procState = 'liquidation';
          closedEffMonth = m + rng.between(0, 2);
        } else {
          procState = 'observation';
          const decision = m + rng.between(4, 14);
          const rr = rng.next();
          if (rr < (action === 'sauvegarde' ? 0.75 : 0.35)) {
            procol.push({ day: eventDay(decision), action, stade: 'plan_continuation' });
            planFrom = decision;
          } else if (rr < 0.95) {
            procol.push({ day: eventDay(decision), action: 'liquidation', stade: 'ouverture' });
            if (rng.chance(0.5)) procol.push({ day: eventDay(decision), action, stade: 'inclusion_autre_procedure' });
            liquidationFrom = decision;
          } else {
            procol.push({ day: eventDay(decision), action, stade: 'fin_procedure' });
            planFrom = decision;
            backInBonis = true;
          }
        }
      } else if (!publique && rng.chance(size < 10 ? 0.0012 : 0.0004) && totalDebt === 0) {
        ceasedMonth = m + 1;
        ceased = day(m, rng.between(1, 28));
      }
    } else if (procState === 'plan' && rng.chance(h)) {
      // The plan fails: the court converts to a liquidation.
      procol.push({ day: eventDay(m), action: 'liquidation', stade: 'ouverture' });
      procState = 'liquidation';
      closedEffMonth = m + rng.between(0, 2);
    } else if (procState === 'observation') {
      if (m === planFrom) {
        procState = backInBonis ? 'none' : 'plan';
        z = mu + 0.3;
      } else if (m === liquidationFrom) {
        procState = 'liquidation';
        closedEffMonth = m + rng.between(0, 2);
      }
    }
    if (procState === 'liquidation' && ceased === null) {
      const closing = Math.max(closedEffMonth, openingMonth) + rng.between(1, 4);
      ceased = day(closing, rng.between(1, lastDom(closing)));
      ceasedMonth = closing + 1;
      const liq = procol.find((p) => p.action === 'liquidation' && p.stade === 'ouverture');
      const base = liq ? monthOf(liq.day) : m;
      if (rng.chance(0.7))
        procol.push({
          day: eventDay(base + rng.between(10, 36)),
          action: 'liquidation',
          stade: 'cloture_insuffisance_actif',
        });
    }
  }

  // Closing: establishments close with the company; some secondary ones close earlier.
  for (const e of etabs) {
    if (ceased !== null) e.closed = ceased;
    else if (!e.siege && !e.pseudo && rng.chance(0.15)) {
      const cm = rng.between(monthOf(e.created) + 6, world.end);
      if (cm <= world.end) e.closed = day(cm, rng.between(1, 28));
    }
    if (e.closed !== null && e.closed < e.created) e.closed = e.created;
  }
  for (const e of etabs) {
    if (e.closed === null) continue;
    const cm = monthOf(e.closed);
    for (let t = Math.max(0, cm - world.start + 1); t < n; t++) e.effectif[t] = -1;
  }
  // URSSAF closes each establishment's file after the liquidation: a solde_procedure per establishment.
  if (procol.some((p) => p.action === 'liquidation') && ceased !== null) {
    procol.push({ day: addDays(ceased, rng.between(20, 200)), action: 'liquidation', stade: 'solde_procedure' });
  }
  procol.sort((a, b) => a.day - b.day);
  // Procedure status on debit lines booked after the opening; write-off once the liquidation is closed.
  const openingDay = procol[0]?.day ?? Number.POSITIVE_INFINITY;
  const cloture = procol.find((p) => p.stade === 'cloture_insuffisance_actif');
  for (const ecn of ecns) {
    for (const l of ecn.lines) if (l.day >= openingDay && l.cdProCol === 0) l.cdProCol = 1;
    if (cloture && ecn.balance > 0) {
      const last = ecn.lines[ecn.lines.length - 1];
      ecn.lines.push({ hist: last.hist + 1, day: cloture.day, po: 0, pp: 0, op: 3, cdProCol: 1, etatCpte: 3 });
      ecn.balance = 0;
    }
    if (ceased !== null) for (const l of ecn.lines) if (l.day > ceased) l.etatCpte = 3;
  }

  const accounts = buildAccounts(
    rng,
    world,
    latent,
    effectif,
    createdMonth,
    ceased,
    traits,
    legal,
    publique,
    soleTrader,
  );
  return {
    index,
    siren,
    denomination,
    nom,
    prenom,
    sigle,
    legal,
    publique,
    naf,
    section,
    created,
    ceased,
    abroad,
    etabs,
    latent,
    hazard,
    effectif,
    procol,
    sudden,
    ecns,
    cotisations,
    delais,
    ccsf,
    ap,
    accounts,
    diane: accounts.length > 0 && size >= 10 && rng.chance(0.25),
    paydex,
    fpiCovered,
  };
}

/** Yearly accounts from the year's average distress and headcount, for companies that file them. */
function buildAccounts(
  rng: Rng,
  world: World,
  latent: Float64Array,
  effectif: Int32Array,
  createdMonth: number,
  ceased: Day | null,
  traits: SectionTraits,
  legal: string,
  publique: boolean,
  soleTrader: boolean,
): Accounts[] {
  if (publique || soleTrader || legal === '9220' || !rng.chance(0.8)) return [];
  const closingMonth = rng.chance(0.8) ? 11 : rng.pick([2, 5, 8]);
  const out: Accounts[] = [];
  const ceasedMonth = ceased === null ? Number.POSITIVE_INFINITY : monthOf(ceased);
  for (let end = world.start + 11; end <= world.to; end++) {
    if (((end % 12) + 12) % 12 !== closingMonth) continue;
    const begin = end - 11;
    if (begin < createdMonth || end >= ceasedMonth) continue;
    let xs = 0;
    let effs = 0;
    let k = 0;
    for (let m = begin; m <= end; m++) {
      const t = m - world.start;
      if (t < 0 || effectif[t] < 0) continue;
      xs += latent[t];
      effs += effectif[t];
      k++;
    }
    if (k < 12) continue;
    const x = xs / k;
    if (x > 1.4 && rng.chance(0.5)) continue; // companies in trouble often file late or not at all
    const eff = effs / k;
    const ca = Math.max(
      10_000,
      eff * traits.productivity * Math.exp(0.25 * rng.normal()) * (1 - 0.08 * Math.max(0, x)),
    );
    const margeEbe = 7 - 4.5 * x + 2 * rng.normal();
    const ebe = (ca * margeEbe) / 100;
    const dotations = ca * (0.02 + 0.02 * rng.next());
    const debt = ca * clamp(0.25 + 0.15 * x + 0.1 * rng.normal(), 0.01, 2);
    const interets = debt * (0.025 + 0.01 * rng.next());
    const ebit = ebe - dotations;
    const rcai = ebit - interets;
    const resultatNet = rcai > 0 ? rcai * 0.75 : rcai;
    const charges = eff * traits.wage * 12 * 1.42;
    const fonds = Math.max(ca * 0.02, ca * (0.3 - 0.08 * x + 0.08 * rng.normal()));
    out.push({
      closing: endOfMonth(end),
      months: 12,
      effectif: Math.round(eff),
      ca: Math.round(ca),
      margeBrute: Math.round(ca * (0.3 + 0.1 * rng.next())),
      ebe: Math.round(ebe),
      ebit: Math.round(ebit),
      resultatNet: Math.round(resultatNet),
      interets: Math.round(interets),
      chargesPersonnel: Math.round(charges),
      valeurAjoutee: Math.round(charges + ebe),
      dettesFiscalesSociales: Math.round(charges * (0.12 + 0.06 * Math.max(0, x))),
      tauxEndettement: Math.max(0, (100 * debt) / fonds),
      liquidite: clamp(1.4 - 0.3 * x + 0.2 * rng.normal(), 0.05, 6),
      vetuste: clamp(50 + 15 * rng.normal(), 1, 99),
      autonomie: clamp((100 * fonds) / (fonds + debt + ca * 0.2), -50, 95),
      bfrPct: 10 + 3 * x + 5 * rng.normal(),
      stocksJours: traits.stock > 0.03 ? Math.max(0, 365 * traits.stock * Math.exp(0.3 * rng.normal())) : null,
      clientsJours: Math.max(0, 45 + 8 * x + 12 * rng.normal()),
      fournisseursJours: Math.max(0, 50 + 14 * x + 12 * rng.normal()),
      typeBilan: eff >= 50 ? 'C' : 'S',
      consolidated: eff >= 250 && rng.chance(0.3),
    });
  }
  return out;
}
