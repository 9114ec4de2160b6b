// Pure geometry for the inline SVG charts: scales, "nice" ticks, paths. No DOM here.

export interface Scale {
  (v: number): number;
  ticks: number[];
}

/** Round tick values covering [min, max] (about `count` of them). */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0];
  if (min === max) {
    if (min === 0) return [0, 1];
    min = Math.min(0, min);
    max = Math.max(0, max);
  }
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const start = Math.floor(min / step) * step;
  const ticks: number[] = [];
  for (let v = start; v <= max + step * 1e-9; v += step) ticks.push(Math.round(v / step) * step);
  if (ticks[ticks.length - 1] < max) ticks.push(ticks[ticks.length - 1] + step);
  return ticks;
}

/** Linear scale from the domain covered by nice ticks to the pixel range [r0, r1]. */
export function linear(values: number[], r0: number, r1: number, includeZero = true): Scale {
  const finite = values.filter(Number.isFinite);
  let lo = finite.length ? Math.min(...finite) : 0;
  let hi = finite.length ? Math.max(...finite) : 1;
  if (includeZero) {
    lo = Math.min(0, lo);
    hi = Math.max(0, hi);
  }
  const ticks = niceTicks(lo, hi);
  const d0 = ticks[0];
  const d1 = ticks[ticks.length - 1];
  const f = ((v: number) => (d1 === d0 ? r0 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0))) as Scale;
  f.ticks = ticks;
  return f;
}

/** SVG path through points, skipping gaps (null values) and optionally drawn as steps. */
export function linePath(xs: number[], ys: (number | null)[], step = false): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i];
    if (y === null || !Number.isFinite(y)) {
      pen = false;
      continue;
    }
    if (!pen) d += `M${xs[i].toFixed(1)},${y.toFixed(1)}`;
    else if (step) d += `H${xs[i].toFixed(1)}V${y.toFixed(1)}`;
    else d += `L${xs[i].toFixed(1)},${y.toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** Closed area between a lower and an upper line (for stacked areas). */
export function areaPath(xs: number[], lower: number[], upper: number[]): string {
  if (!xs.length) return '';
  let d = `M${xs[0].toFixed(1)},${upper[0].toFixed(1)}`;
  for (let i = 1; i < xs.length; i++) d += `L${xs[i].toFixed(1)},${upper[i].toFixed(1)}`;
  for (let i = xs.length - 1; i >= 0; i--) d += `L${xs[i].toFixed(1)},${lower[i].toFixed(1)}`;
  return `${d}Z`;
}

/** Short French label for an axis value (1 200 000 → "1,2 M"). */
export function shortNumber(v: number): string {
  const a = Math.abs(v);
  const fmt = (x: number) => new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 }).format(x);
  if (a >= 1e6) return `${fmt(v / 1e6)} M`;
  if (a >= 1e3) return `${fmt(v / 1e3)} k`;
  return fmt(v);
}

export interface WaterfallBar {
  label: string;
  start: number;
  end: number;
  kind: 'base' | 'up' | 'down' | 'total';
  points: number;
}

/**
 * Waterfall of the thematic contributions: from the base rate, each group adds its points
 * (aggravating first, by decreasing size, then mitigating), ending on the predicted probability.
 * Contributions that do not add up exactly (rounding) are absorbed by the final bar.
 */
export function waterfall(
  baseRate: number,
  groups: { label: string; points: number }[],
  probability: number,
): WaterfallBar[] {
  const sorted = [...groups].sort((a, b) => {
    if (a.points >= 0 !== b.points >= 0) return a.points >= 0 ? -1 : 1;
    return Math.abs(b.points) - Math.abs(a.points);
  });
  const bars: WaterfallBar[] = [{ label: 'Taux de base', start: 0, end: baseRate, kind: 'base', points: baseRate }];
  let level = baseRate;
  for (const g of sorted) {
    bars.push({
      label: g.label,
      start: level,
      end: level + g.points,
      kind: g.points >= 0 ? 'up' : 'down',
      points: g.points,
    });
    level += g.points;
  }
  bars.push({ label: 'Probabilité', start: 0, end: probability, kind: 'total', points: probability });
  return bars;
}
