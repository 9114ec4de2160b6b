/**
 * The scoring outputs in the analytical store (docs/architecture.md, "Scoring outputs"): one row per model
 * run, one prediction per company and month, its thematic contributions and its top aggravating features.
 * Re-scoring a month with the same model replaces that month's rows atomically.
 */
import { DuckDBDateValue } from '@duckdb/node-api';
import { monthIndex } from '../common/months.ts';
import type { Warehouse } from '../warehouse/db.ts';
import type { AlertLevel } from './thresholds.ts';

export async function ensureScoringTables(db: Warehouse): Promise<void> {
  await db.run(`CREATE TABLE IF NOT EXISTS model_run (
    model_version VARCHAR PRIMARY KEY, created_at TIMESTAMP, algo VARCHAR, periode_max_train DATE, report_json JSON)`);
  await db.run(`CREATE TABLE IF NOT EXISTS prediction (
    model_version VARCHAR, periode DATE, siren VARCHAR, probability DOUBLE, alert VARCHAR, base_rate DOUBLE)`);
  await db.run(`CREATE TABLE IF NOT EXISTS prediction_group (
    model_version VARCHAR, periode DATE, siren VARCHAR, groupe VARCHAR, points DOUBLE)`);
  await db.run(`CREATE TABLE IF NOT EXISTS prediction_feature (
    model_version VARCHAR, periode DATE, siren VARCHAR, feature VARCHAR, valeur VARCHAR, points DOUBLE,
    rang INTEGER, phrase VARCHAR)`);
}

export async function saveModelRun(
  db: Warehouse,
  run: { model_version: string; created_at: string; algo: string; periode_max_train: string; report: unknown },
): Promise<void> {
  await ensureScoringTables(db);
  await db.transaction(async () => {
    await db.run('DELETE FROM model_run WHERE model_version = $1', [run.model_version]);
    await db.run('INSERT INTO model_run VALUES ($1, $2::TIMESTAMP, $3, $4::DATE, $5::JSON)', [
      run.model_version,
      run.created_at,
      run.algo,
      `${run.periode_max_train}-01`,
      JSON.stringify(run.report),
    ]);
  });
}

export interface ScoredCompany {
  siren: string;
  probability: number;
  alert: AlertLevel;
  /** Points per thematic group (explained companies only). */
  groups?: { groupe: string; points: number }[];
  features?: { feature: string; valeur: string; points: number; rang: number; phrase: string }[];
}

function dateValue(periode: string): DuckDBDateValue {
  const i = monthIndex(periode);
  const days = Date.UTC(Math.floor(i / 12), i % 12, 1) / 86_400_000;
  return new DuckDBDateValue(days);
}

/** Replaces the predictions of (model, month) by these, in one transaction, through DuckDB appenders. */
export async function savePredictions(
  db: Warehouse,
  modelVersion: string,
  periode: string,
  baseRate: number,
  rows: readonly ScoredCompany[],
): Promise<void> {
  await ensureScoringTables(db);
  const date = dateValue(periode);
  await db.transaction(async () => {
    for (const t of ['prediction', 'prediction_group', 'prediction_feature'])
      await db.run(`DELETE FROM ${t} WHERE model_version = $1 AND periode = $2::DATE`, [modelVersion, `${periode}-01`]);
    const pred = await db.connection.createAppender('prediction');
    const grp = await db.connection.createAppender('prediction_group');
    const feat = await db.connection.createAppender('prediction_feature');
    for (const r of rows) {
      pred.appendVarchar(modelVersion);
      pred.appendDate(date);
      pred.appendVarchar(r.siren);
      pred.appendDouble(r.probability);
      pred.appendVarchar(r.alert);
      pred.appendDouble(baseRate);
      pred.endRow();
      for (const g of r.groups ?? []) {
        grp.appendVarchar(modelVersion);
        grp.appendDate(date);
        grp.appendVarchar(r.siren);
        grp.appendVarchar(g.groupe);
        grp.appendDouble(g.points);
        grp.endRow();
      }
      for (const f of r.features ?? []) {
        feat.appendVarchar(modelVersion);
        feat.appendDate(date);
        feat.appendVarchar(r.siren);
        feat.appendVarchar(f.feature);
        feat.appendVarchar(f.valeur);
        feat.appendDouble(f.points);
        feat.appendInteger(f.rang);
        feat.appendVarchar(f.phrase);
        feat.endRow();
      }
    }
    for (const a of [pred, grp, feat]) a.closeSync();
  });
}
