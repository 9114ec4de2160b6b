import { chromium } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { evaluate, jsonSafe, prCurve } from '../../src/scoring/evaluation.ts';
import { renderModelCard, type TrainReport } from '../../src/scoring/model-card.ts';
import { chooseThresholds } from '../../src/scoring/thresholds.ts';

function toy(n: number, shift: number) {
  const y: number[] = [];
  const p: number[] = [];
  for (let i = 0; i < n; i++) {
    const score = ((i * 7919) % n) / n;
    p.push(0.2 * score ** 3 + shift);
    y.push((i * 31) % 97 < 100 * 0.2 * score ** 3 ? 1 : 0);
  }
  return { y, p };
}

describe('evaluation block and model card', () => {
  it('evaluates both levels, the top 1/2/5 % and calibration', () => {
    const { y, p } = toy(5000, 0);
    const t = chooseThresholds(y, p);
    const m = evaluate(y, p, { high: t.high.threshold, moderate: t.moderate.threshold });
    expect(m.n).toBe(5000);
    expect(m.auc).toBeGreaterThan(0.7);
    expect(m.top.map((x) => x.k)).toEqual([50, 100, 250]);
    expect(m.high.flagged).toBeLessThanOrEqual(m.moderate.flagged);
    expect(m.ece).toBeGreaterThanOrEqual(0);
    const curve = prCurve(y, p);
    expect(curve.length).toBeGreaterThan(10);
    expect(curve[curve.length - 1][0]).toBe(1);
    expect(jsonSafe({ a: Number.NaN }).a).toBeNull();
  });

  it('renders a self-contained HTML page with the four figures and both protocols', () => {
    const html = sampleCard();
    expect(html.match(/<svg /g)?.length).toBe(4);
    for (const s of [
      'Courbe précision-rappel',
      'Courbe de calibration',
      'dette_patronale',
      'Risque fort',
      'Référence 80/20',
      'Décalage de la calibration : +0,26 en log-cote',
    ])
      expect(html).toContain(s);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
  });

  it('opens in a real browser with every figure drawn', async () => {
    const browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    });
    try {
      const page = await browser.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('requestfailed', (r) => errors.push(r.url()));
      await page.setContent(sampleCard(), { waitUntil: 'load' });
      const areas = await page.$$eval('svg', (els) =>
        els.map((e) => e.getBoundingClientRect().width * e.getBoundingClientRect().height),
      );
      expect(areas.length).toBe(4);
      for (const a of areas) expect(a).toBeGreaterThan(1000);
      expect(await page.$$eval('svg path', (els) => els.length)).toBeGreaterThanOrEqual(3);
      expect(await page.title()).toContain('Fiche modèle');
      expect(errors).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});

function sampleCard(): string {
  const { y, p } = toy(3000, 0);
  const t = chooseThresholds(y, p);
  const tt = { high: t.high.threshold, moderate: t.moderate.threshold };
  const m = evaluate(y, p, tt);
  const proto = {
    description: 'test',
    n_train: 10,
    n_test: 3000,
    metrics: m,
    metrics_with_strong_signals: m,
    thresholds: t,
    calibration_curve: [{ lower: 0, upper: 0.1, count: 10, meanPredicted: 0.05, fractionPositive: 0.04 }],
    pr_curve: prCurve(y, p),
  };
  const report: TrainReport = {
    model_version: 'gbdt-x',
    created_at: '2026-11-26T12:00:00Z',
    algo: 'gbdt',
    seed: 0,
    auc: m.auc,
    ap: m.ap,
    ece: m.ece,
    precision: m.high.precision,
    recall: m.high.recall,
    thresholds: tt,
    n_train: 10,
    n_test: 3000,
    protocols: { out_of_time: proto, reference: proto },
    production: {
      n_train: 10,
      positives: 1,
      periode_from: '2016-01',
      periode_max_train: '2022-12',
      base_rate: 0.02,
      hyperparameters: { depth: 6 },
      cv: [{ params: { depth: 6 }, ap: 0.3, auc: 0.8 }],
      levels: t,
      calibration: 'isotonic',
      recalibration: { as_of: '2024-06', rows: 5000, observed: 1480, expected: 1199.95, shift: 0.264 },
    },
    feature_importance: [{ feature: 'dette_patronale', group: 'dettes_sociales', importance: 0.4 }],
    volumes: { periode: '2024-06', fort: 12, modere: 40, aucune: 900 },
    seconds: 3,
    cpu_seconds: 5,
  };
  return renderModelCard(report);
}
