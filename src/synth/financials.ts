/**
 * Yearly accounts, from each fiscal year's average latent distress and headcount: turnover, margins, results,
 * debt, liquidity, working capital, customer and supplier days. Only for companies that file their accounts.
 */

import { type Day, endOfMonth, monthOf } from './dates.ts';
import type { Accounts, World } from './model.ts';
import type { SectionTraits } from './reference/naf.ts';
import type { Rng } from './rng.ts';

const clamp = (x: number, a: number, b: number) => Math.min(Math.max(x, a), b);

/** Yearly accounts from the year's average distress and headcount, for companies that file them. */
export function buildAccounts(
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
