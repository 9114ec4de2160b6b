/**
 * `backtest(db, model, {from, to})`: the monthly table an administration asks for before trusting a model —
 * for each month whose 18-month outcome is known, AP, ROC AUC, precision and recall of both alert levels and
 * of the top 1/2/5 %, and list volumes. Strong signals (companies already in procedure) are excluded, as in the
 * default evaluation. Months the model was trained on are marked `in_sample`: their figures flatter the model.
 */
import { SfError } from '../common/errors.ts';
import { isMonth, monthIndex, monthRange } from '../common/months.ts';
import { applyCalibration } from '../learn/calibration.ts';
import type { Warehouse } from '../warehouse/db.ts';
import { evaluate, type Metrics } from './evaluation.ts';
import { loadModel } from './learners.ts';
import type { ScoringModel } from './model-file.ts';
import { lastPanelMonth, loadPanel } from './panel-data.ts';
import { HORIZON } from './protocol.ts';

export interface BacktestMonth {
  periode: string;
  in_sample: boolean;
  /** Null when the month has no labelled row (outcome not yet known, or no data). */
  metrics: Metrics | null;
  volumes: { fort: number; modere: number; aucune: number };
}

export interface BacktestResult {
  model_version: string;
  thresholds: { high: number; moderate: number };
  months: BacktestMonth[];
}

export async function backtest(
  db: Warehouse,
  model: ScoringModel,
  range: { from: string; to: string },
): Promise<BacktestResult> {
  for (const [k, v] of Object.entries(range))
    if (!isMonth(v)) throw new SfError(`not a month (YYYY-MM): ${JSON.stringify(v)}`, { setting: `--${k}` });
  if (monthIndex(range.from) > monthIndex(range.to))
    throw new SfError(`--from ${range.from} is after --to ${range.to}`, { setting: '--from' });
  if (!(await db.tableExists('panel')))
    throw new SfError('table `panel` not found: run `sf features` first', { file: db.path });
  const last = await lastPanelMonth(db);
  // A month's figures need its 18 months of hindsight; before that only already-seen failures carry a label.
  const lastKnown = last ? monthIndex(last) - HORIZON : Number.NEGATIVE_INFINITY;
  const fitted = loadModel(model.algo, model.learner);
  const t = { high: model.thresholds.high.threshold, moderate: model.thresholds.moderate.threshold };
  const months: BacktestMonth[] = [];
  for (const periode of monthRange(range.from, range.to)) {
    const frame = await loadPanel(db, model.encoding, { from: periode, to: periode });
    const margin = fitted.margin(frame.dataset);
    const p = applyCalibration(model.calibration, margin);
    const volumes = { fort: 0, modere: 0, aucune: 0 };
    const y: number[] = [];
    const s: number[] = [];
    const rank: number[] = [];
    for (let i = 0; i < p.length; i++) {
      volumes[p[i] >= t.high ? 'fort' : p[i] >= t.moderate ? 'modere' : 'aucune']++;
      if (!frame.strong[i] && !Number.isNaN(frame.label[i])) {
        y.push(frame.label[i]);
        s.push(p[i]);
        rank.push(margin[i]);
      }
    }
    months.push({
      periode,
      in_sample: monthIndex(periode) <= monthIndex(model.periode_max_train),
      metrics: y.length && monthIndex(periode) <= lastKnown ? evaluate(y, s, t, rank) : null,
      volumes,
    });
  }
  return { model_version: model.model_version, thresholds: t, months };
}

const pct = (x: number | undefined | null) =>
  x === undefined || x === null || Number.isNaN(x) ? '    –' : `${(100 * x).toFixed(1).padStart(5)}`;
const num = (x: number | undefined | null) =>
  x === undefined || x === null || Number.isNaN(x) ? '    –' : x.toFixed(3).padStart(5);

/** The table as text, one line per month (percentages for precision P and recall R). */
export function backtestTable(r: BacktestResult): string {
  const head =
    'periode   rows   pos%   AUC    AP    fort P/R      modere P/R    top1% P/R     top2% P/R     top5% P/R     fort modere';
  const lines = [head];
  for (const m of r.months) {
    const x = m.metrics;
    const pr = (a?: number, b?: number) => `${pct(a)}/${pct(b)}  `;
    lines.push(
      [
        `${m.periode}${m.in_sample ? '*' : ' '}`,
        String(x?.n ?? 0).padStart(6),
        pct(x?.positive_rate),
        num(x?.auc),
        num(x?.ap),
        ` ${pr(x?.high.precision, x?.high.recall)}${pr(x?.moderate.precision, x?.moderate.recall)}${x ? x.top.map((k) => pr(k.precision, k.recall)).join('') : ''}`,
        String(m.volumes.fort).padStart(5),
        String(m.volumes.modere).padStart(6),
      ].join(' '),
    );
  }
  if (r.months.some((m) => m.in_sample))
    lines.push("* month inside the model's training data: in-sample figures, optimistic.");
  if (r.months.some((m) => !m.metrics)) lines.push('– outcome not yet known (the label needs 18 months of hindsight).');
  return `${lines.join('\n')}\n`;
}
