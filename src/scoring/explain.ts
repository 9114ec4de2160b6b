/**
 * Explanations in probability points that add up exactly and never flip sign.
 *
 * TreeSHAP gives, for one company, contributions φ_i in margin units with base margin m0 + Σφ_i = m (the
 * model's margin). What the agent sees is the calibrated probability p = f(m), with f monotone
 * (sigmoid/identity, then isotonic or Platt), and the base rate b = f(m0): the probability of a company whose
 * every feature is at its training average, in the SHAP sense.
 *
 * Scheme ("straight path"): walk the margin from m0 to m along the straight line m0 + t·Σφ. Each feature
 * moves the margin by the same share φ_i/Σφ of every step, so it receives that share of the probability
 * change: points_i = φ_i · (p − b) / Σφ. Because f is monotone, (p − b) and Σφ have the same sign, the factor
 * (p − b)/Σφ is ≥ 0, so a feature that raises the margin raises the probability (no sign flips, unlike the
 * reference's 100·p/ΣM rescaling), and the points add up to p − b by construction. Groups are sums of their
 * features; the last floating-point residue goes to the largest group so the sum is exact to the last bit
 * that matters (|Σ − (p − b)| ≤ 1e-15).
 */
import { GROUPS as GROUP_LABELS, type Group } from '../features/catalogue.ts';

/** The thematic groups, in the catalogue's order; `GROUP_LABELS` gives their French names. */
export const GROUPS = Object.keys(GROUP_LABELS) as Group[];
export { GROUP_LABELS, type Group };

/**
 * The factor that turns margin contributions into probability points: (p − b)/Σφ, never negative.
 * When Σφ is (numerically) zero the margin did not move, so p = b and nothing is to be shared.
 */
export function pointsFactor(sumPhi: number, probability: number, baseRate: number): number {
  const dp = probability - baseRate;
  if (Math.abs(sumPhi) < 1e-12 || dp === 0) return 0;
  const k = dp / sumPhi;
  // A monotone calibrator cannot give k < 0; if rounding does (p ≈ b), treat the move as nil.
  return Math.max(k, 0);
}

/** Per-feature probability points of one row (margin contributions φ, already summing to m − m0). */
export function featurePoints(phi: ArrayLike<number>, probability: number, baseRate: number): Float64Array {
  let s = 0;
  for (let i = 0; i < phi.length; i++) s += phi[i];
  const k = pointsFactor(s, probability, baseRate);
  const out = new Float64Array(phi.length);
  if (k > 0) for (let i = 0; i < phi.length; i++) out[i] = phi[i] * k;
  return out;
}

/**
 * Sums feature points per group (groupOf[i] = index into GROUPS) and puts the rounding residue on the
 * largest group, so that the groups add up to `probability − baseRate`. When the points are all zero
 * (the margin did not move) the whole difference, itself ~0, goes to the largest group as well.
 */
export function groupPoints(points: ArrayLike<number>, groupOf: ArrayLike<number>, target: number): Float64Array {
  const g = new Float64Array(GROUPS.length);
  for (let i = 0; i < points.length; i++) g[groupOf[i]] += points[i];
  let sum = 0;
  let largest = 0;
  for (let j = 0; j < g.length; j++) {
    sum += g[j];
    if (Math.abs(g[j]) > Math.abs(g[largest])) largest = j;
  }
  g[largest] += target - sum;
  return g;
}

export interface FamilyPoints {
  family: string;
  points: number;
}

/**
 * The top aggravating families of features (a base variable with its lags, means and changes, summed as the
 * reference does), largest positive points first. Only families that raise the risk are returned.
 */
export function topAggravating(points: ArrayLike<number>, familyOf: readonly string[], k = 3): FamilyPoints[] {
  const byFamily = new Map<string, number>();
  for (let i = 0; i < points.length; i++) byFamily.set(familyOf[i], (byFamily.get(familyOf[i]) ?? 0) + points[i]);
  return [...byFamily]
    .filter(([, p]) => p > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, k)
    .map(([family, p]) => ({ family, points: p }));
}

// The catalogue's derived columns: calendar lags, moving means, changes, previous fiscal year.
const DERIVED = /(_(lag|mean|var)\d+m|_n1)$/;

/**
 * `dette_patronale_lag12m` → `dette_patronale`: the base variable a derived feature belongs to, when that base
 * variable is itself a feature (`dette_sur_cotisation_mean12m` stays whole).
 */
export function familyOf(feature: string, features: ReadonlySet<string>): string {
  const base = feature.replace(DERIVED, '');
  return features.has(base) ? base : feature;
}
