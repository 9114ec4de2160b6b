/**
 * One company's whole life, simulated month by month from its own random stream: identity and establishments,
 * a latent distress (mean-reverting, plus sector exposure to the macro calendar) that drives, with noise and
 * delays, headcount, URSSAF debts, payment plans, CCSF, partial activity, accounts, payment delays and the
 * collective procedure. The writers turn the result into raw files; nothing here knows about file formats.
 */
import { addDays, type Day, day, endOfMonth, lastDom, monthOf } from './dates.ts';
import { buildAccounts } from './financials.ts';
import { drawIdentity } from './identity.ts';
import type { ApDemande, CcsfLine, Company, Cotisation, Delai, Ecn, PaydexPoint, ProcolEvent, World } from './model.ts';
import { Rng } from './rng.ts';

/** Monthly failure hazard at distress 0, and its sensitivity; sudden failures have their own small hazard. */
const BASE_HAZARD = 0.0009;
const HAZARD_SLOPE = 1.45;
const SUDDEN_HAZARD = 0.00022;

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const clamp = (x: number, a: number, b: number) => Math.min(Math.max(x, a), b);

/** Simulates company `index` of the world. Deterministic: depends only on (seed, index, window, places). */
export function simulateCompany(world: World, index: number): Company {
  const rng = new Rng(world.seed, index + 1);
  const n = world.end - world.start + 1;
  const {
    siren,
    publique,
    legal,
    naf,
    section,
    traits,
    soleTrader,
    size,
    denomination,
    nom,
    prenom,
    sigle,
    createdMonth,
    created,
    youngAtStart,
    abroad,
    etabs,
  } = drawIdentity(world, index, rng);

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
      if (ap.length < 26 && rng.chance(pWave + pDistress)) {
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
          r < (severity > 1.5 ? 0.72 : 0.6)
            ? 'liquidation'
            : r < (size >= 20 ? 0.9 : 0.96)
              ? 'redressement'
              : 'sauvegarde';
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
