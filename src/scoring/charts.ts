/**
 * Small self-contained SVG charts for the model card: no scripts, no external fonts or CDNs, so the card
 * opens offline in any browser and prints well.
 */

export interface Series {
  label: string;
  points: [number, number][];
  color: string;
  dashed?: boolean;
}

const W = 420;
const H = 300;
const M = { left: 52, right: 16, top: 16, bottom: 44 };

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function fmt(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}

/** A line chart on [0, xMax] × [0, yMax] with ticks every quarter, a legend and axis titles. */
export function lineChart(
  title: string,
  series: Series[],
  axes: { x: string; y: string; xMax?: number; yMax?: number },
): string {
  const xMax = axes.xMax ?? 1;
  const yMax = axes.yMax ?? 1;
  const pw = W - M.left - M.right;
  const ph = H - M.top - M.bottom;
  const sx = (x: number) => M.left + (Math.min(Math.max(x, 0), xMax) / xMax) * pw;
  const sy = (y: number) => M.top + ph - (Math.min(Math.max(y, 0), yMax) / yMax) * ph;
  const parts: string[] = [];
  for (let i = 0; i <= 4; i++) {
    const x = (xMax * i) / 4;
    const y = (yMax * i) / 4;
    parts.push(
      `<line x1="${sx(x)}" y1="${M.top}" x2="${sx(x)}" y2="${M.top + ph}" stroke="#ddd"/>`,
      `<line x1="${M.left}" y1="${sy(y)}" x2="${M.left + pw}" y2="${sy(y)}" stroke="#ddd"/>`,
      `<text x="${sx(x)}" y="${M.top + ph + 14}" font-size="10" text-anchor="middle">${fmt(x)}</text>`,
      `<text x="${M.left - 4}" y="${sy(y) + 3}" font-size="10" text-anchor="end">${fmt(y)}</text>`,
    );
  }
  series.forEach((s, k) => {
    const d = s.points.map(([x, y], i) => `${i ? 'L' : 'M'}${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join('');
    parts.push(
      `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2"${s.dashed ? ' stroke-dasharray="4 3"' : ''}/>`,
      `<text x="${M.left + 8}" y="${M.top + 14 + 14 * k}" font-size="11" fill="${s.color}">${escapeXml(s.label)}</text>`,
    );
  });
  parts.push(
    `<text x="${M.left + pw / 2}" y="${H - 8}" font-size="11" text-anchor="middle">${escapeXml(axes.x)}</text>`,
    `<text x="12" y="${M.top + ph / 2}" font-size="11" text-anchor="middle" transform="rotate(-90 12 ${M.top + ph / 2})">${escapeXml(axes.y)}</text>`,
  );
  return svg(title, W, H, parts);
}

/** Horizontal bars, one per item, longest first as given; values ≥ 0. */
export function barChart(title: string, items: { label: string; value: number; color?: string }[], unit = ''): string {
  const rowH = 20;
  const labelW = 230;
  const width = 560;
  const height = 16 + rowH * items.length;
  const max = Math.max(1e-12, ...items.map((i) => i.value));
  const parts = items.map((it, k) => {
    const y = 8 + k * rowH;
    const w = ((width - labelW - 80) * it.value) / max;
    return [
      `<text x="${labelW - 6}" y="${y + 13}" font-size="11" text-anchor="end">${escapeXml(it.label)}</text>`,
      `<rect x="${labelW}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowH - 6}" fill="${it.color ?? '#000091'}"/>`,
      `<text x="${(labelW + w + 4).toFixed(1)}" y="${y + 13}" font-size="11">${escapeXml(formatBar(it.value))}${escapeXml(unit)}</text>`,
    ].join('');
  });
  return svg(title, width, height, parts);
}

function formatBar(v: number): string {
  if (v >= 100)
    return Math.round(v)
      .toLocaleString('fr-FR')
      .replace(/\u202f|\u00a0/g, ' ');
  return v >= 1 ? v.toFixed(1) : v.toPrecision(2);
}

function svg(title: string, width: number, height: number, parts: string[]): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${escapeXml(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Marianne, Arial, sans-serif"><title>${escapeXml(title)}</title>${parts.join('')}</svg>`;
}
