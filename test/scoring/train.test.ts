import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backtest } from '../../src/scoring/backtest.ts';
import { GROUPS } from '../../src/scoring/explain.ts';
import { type ScoringModel, writeModel } from '../../src/scoring/model-file.ts';
import { predict, predictionsCsv } from '../../src/scoring/predict.ts';
import { MIN_RECENT_FAILURES } from '../../src/scoring/recent.ts';
import { train } from '../../src/scoring/train.ts';
import type { Warehouse } from '../../src/warehouse/db.ts';
import { plantedPanel } from './fixture.ts';

const dir = mkdtempSync(join(tmpdir(), 'sf-scoring-'));
const dbFile = join(dir, 'sf.duckdb');
let db: Warehouse;
let model: ScoringModel;
let closed = false;

beforeAll(async () => {
  db = await plantedPanel(dbFile, { companies: 500, from: '2017-01', to: '2024-06', seed: 11 });
  // Small candidate settings: the test checks the protocol, not the learner's capacity.
  const candidates = [
    { trees: 40, learning_rate: 0.15, depth: 3, min_child_weight: 5 },
    { trees: 40, learning_rate: 0.15, depth: 2, min_child_weight: 5 },
  ];
  model = await train(db, { algo: 'gbdt', seed: 1, threads: 1, testMonths: 6, candidates });
}, 120_000);
afterAll(() => {
  if (!closed) db?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sf train on a planted panel', () => {
  it('finds the planted signal under the honest protocol and reports both protocols', () => {
    const r = model.report;
    expect(r.auc).toBeGreaterThan(0.8);
    expect(r.ap).toBeGreaterThan(0.3);
    expect(r.protocols.out_of_time.windows).toEqual({ train_to: '2020-12', test_from: '2022-07', test_to: '2022-12' });
    expect(r.n_train).toBeGreaterThan(1000);
    expect(r.n_test).toBeGreaterThan(100);
    for (const k of ['auc', 'ap', 'precision', 'recall', 'n_train', 'n_test'] as const)
      expect(typeof r[k]).toBe('number');
    expect(r.thresholds.high).toBeGreaterThanOrEqual(r.thresholds.moderate);
    // Strong signals are easy positives: keeping them flatters the figures, as in the reference.
    const oot = r.protocols.out_of_time;
    expect(oot.metrics_with_strong_signals.n).toBeGreaterThan(oot.metrics.n);
    expect(oot.metrics_with_strong_signals.ap).toBeGreaterThan(oot.metrics.ap);
    expect(r.protocols.reference.n_test).toBeGreaterThan(0);
    expect(r.production.cv.length).toBeGreaterThan(1);
    // Trees stopped early on held-out companies: each protocol reports the number kept, at most the cap.
    for (const h of [oot.hyperparameters, r.protocols.reference.hyperparameters, r.production.hyperparameters]) {
      expect(Number(h?.trees)).toBeGreaterThan(0);
      expect(Number(h?.trees)).toBeLessThanOrEqual(40);
    }
    expect(r.feature_importance[0].importance).toBeGreaterThan(0);
    expect(['dette_patronale', 'dette_patronale_lag3m', 'effectif_var3m', 'paydex', 'effectif']).toContain(
      r.feature_importance[0].feature,
    );
  });

  it('calibrates: mean probability on the out-of-time test is near the observed failure rate', () => {
    const m = model.report.protocols.out_of_time.metrics;
    expect(Math.abs(m.mean_probability - m.positive_rate)).toBeLessThan(0.05);
    expect(m.ece).toBeLessThan(0.06);
    // Out of time, the calibration is shifted on the outcomes seen when the test window starts (the figures
    // above are after the shift). The reference protocol, inside the training period, has none.
    const rec = model.report.protocols.out_of_time.recalibration;
    expect(rec?.as_of).toBe('2022-06');
    expect(rec?.rows).toBeGreaterThan(0);
    expect(rec?.observed).toBeGreaterThanOrEqual(MIN_RECENT_FAILURES);
    expect(Number.isFinite(rec?.shift)).toBe(true);
    expect(model.report.protocols.reference.recalibration).toBeUndefined();
    expect(model.report.production.recalibration?.as_of).toBe('2024-06');
    expect(model.base_rate).toBeGreaterThan(0);
    expect(model.base_rate).toBeLessThan(0.5);
  });

  it('predicts, explains every alerted company exactly, and stores it with the model version', async () => {
    const result = await predict(db, model, { periode: '2024-06' });
    expect(result.rows.length).toBeGreaterThan(200);
    const alerted = result.rows.filter((r) => r.alert !== 'aucune');
    expect(alerted.length).toBeGreaterThan(0);
    for (const r of alerted) {
      const sum = (r.groups ?? []).reduce((a, g) => a + g.points, 0);
      expect(Math.abs(sum - (r.probability - model.base_rate))).toBeLessThan(1e-12);
      expect(r.groups?.map((g) => g.groupe)).toEqual([...GROUPS]);
      expect(r.features?.length).toBeGreaterThan(0);
      for (const f of r.features ?? []) expect(f.points).toBeGreaterThan(0);
    }
    expect(alerted.some((r) => /: .*€/.test(r.top_features))).toBe(true);
    const csv = predictionsCsv(result).trim().split('\n');
    expect(csv[0]).toBe('siren,periode,probability,alert,top_features');
    expect(csv[1]).toMatch(/^\d{9},2024-06,[01]\.\d{6},(fort|modere|aucune),/);
    const stored = await db.one<{ n: bigint; v: string }>(
      "SELECT count(*) AS n, any_value(model_version) AS v FROM prediction WHERE periode = DATE '2024-06-01'",
    );
    expect(Number(stored?.n)).toBe(result.rows.length);
    expect(stored?.v).toBe(model.model_version);
    const sums = await db.all<{
      d: number;
    }>(`SELECT abs(sum(g.points) - (any_value(p.probability) - any_value(p.base_rate))) AS d
      FROM prediction_group g JOIN prediction p USING (model_version, periode, siren) GROUP BY g.siren`);
    expect(sums.length).toBe(alerted.length);
    for (const s of sums) expect(s.d).toBeLessThan(1e-12);
    const phrases = await db.one<{ n: bigint }>('SELECT count(*) AS n FROM prediction_feature WHERE rang = 1');
    expect(Number(phrases?.n)).toBe(alerted.length);
    // Re-scoring the same month replaces, never duplicates.
    await predict(db, model, { periode: '2024-06' });
    const again = await db.one<{ n: bigint }>("SELECT count(*) AS n FROM prediction WHERE periode = DATE '2024-06-01'");
    expect(Number(again?.n)).toBe(result.rows.length);
  });

  it('backtests month by month, flagging in-sample months and months without an outcome yet', async () => {
    const b = await backtest(db, model, { from: '2022-11', to: '2023-02' });
    expect(b.months.map((m) => m.periode)).toEqual(['2022-11', '2022-12', '2023-01', '2023-02']);
    expect(b.months[0].in_sample).toBe(true);
    expect(b.months[0].metrics?.auc).toBeGreaterThan(0.7);
    expect(b.months[3].metrics).toBeNull();
  });
});

describe('the sf predict / backtest / train commands', () => {
  const sf = (...args: string[]) => spawnSync('node', ['bin/sf.js', ...args], { encoding: 'utf8' });

  it('write the contract files from a model file, and fail clearly on bad input', () => {
    const modelFile = join(dir, 'model.json');
    writeModel(modelFile, model);
    db.close(); // the commands open the store file themselves
    closed = true;
    const out = join(dir, 'p.csv');
    const r = sf('predict', '--db', dbFile, '--model', modelFile, '--out', out);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('siren,periode,probability,alert,top_features');
    const bt = sf('backtest', '--db', dbFile, '--model', modelFile, '--from', '2022-10', '--to', '2022-12');
    expect(bt.status, bt.stderr).toBe(0);
    expect(bt.stdout).toContain('2022-12*');
    const missing = sf('predict', '--db', dbFile, '--model', join(dir, 'nope.json'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('nope.json');
    expect(sf('predict', '--db', dbFile, '--model', modelFile, '--period', '2024-13').status).toBe(2);
    const empty = sf('train', '--db', join(dir, 'empty.duckdb'));
    expect(empty.status).toBe(1);
    expect(empty.stderr).toContain('sf features');
  });
});
