/**
 * A small panel with a planted signal, written into a real DuckDB store (table `panel` with the contract's
 * columns): companies that will fail run up social debt, lose staff and pay suppliers late in the 12 months
 * before their first judgment; one sector is riskier. Months on or after the judgment are strong signals.
 */
import { DuckDBDateValue } from '@duckdb/node-api';
import { monthIndex } from '../../src/common/months.ts';
import { Warehouse } from '../../src/warehouse/db.ts';

export const FIXTURE_FEATURES = [
  'dette_patronale',
  'dette_patronale_lag3m',
  'cotisation',
  'effectif',
  'effectif_var3m',
  'paydex',
  'ap_heures_consommees',
  'naf_section',
] as const;

export interface FixtureOptions {
  companies: number;
  from?: string;
  to?: string;
  seed?: number;
}

/** A small deterministic generator (xorshift32), uniform in [0, 1). */
export function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
}

export async function plantedPanel(path: string, o: FixtureOptions): Promise<Warehouse> {
  const db = await Warehouse.open(path);
  const from = monthIndex(o.from ?? '2016-01');
  const to = monthIndex(o.to ?? '2024-06');
  const r = rng(o.seed ?? 7);
  await db.run(`CREATE OR REPLACE TABLE panel (siren VARCHAR, periode DATE, dette_patronale DOUBLE,
    dette_patronale_lag3m DOUBLE, cotisation DOUBLE, effectif DOUBLE, effectif_var3m DOUBLE, paydex DOUBLE,
    ap_heures_consommees DOUBLE, naf_section VARCHAR, perimetre_raison VARCHAR, already_in_procedure BOOLEAN,
    failure_18m INTEGER)`);
  const app = await db.connection.createAppender('panel');
  const sections = ['C', 'F', 'G', 'I', 'M'];
  for (let c = 0; c < o.companies; c++) {
    const siren = String(300000000 + c * 7);
    const section = sections[Math.floor(r() * sections.length)];
    const hazard = (section === 'F' ? 0.5 : 0.2) * (0.5 + r());
    const fails = r() < hazard;
    const judgment = fails ? from + 6 + Math.floor(r() * (to - from)) : Number.POSITIVE_INFINITY;
    const size = 10 + Math.floor(r() * 60);
    const out = r() < 0.05 ? 'naf_exclu' : null;
    const debt: number[] = [];
    const staff: number[] = [];
    for (let m = from; m <= to && m < judgment + 6; m++) {
      const ttf = judgment - m;
      const trouble = ttf <= 15 ? (16 - Math.max(ttf, 0)) / 16 : 0;
      debt.push(Math.max(0, 300 * size * trouble * (0.6 + r()) + (r() < 0.1 ? 2000 * r() : 0)));
      staff.push(Math.max(1, Math.round(size * (1 - 0.4 * trouble) + (r() - 0.5) * 3)));
      const k = debt.length - 1;
      const strong = m >= judgment;
      const label = strong ? null : ttf <= 18 ? 1 : m + 18 <= to ? 0 : null;
      app.appendVarchar(siren);
      app.appendDate(new DuckDBDateValue(Date.UTC(Math.floor(m / 12), m % 12, 1) / 86_400_000));
      app.appendDouble(debt[k]);
      if (k >= 3) app.appendDouble(debt[k - 3]);
      else app.appendNull();
      app.appendDouble(size * 420 * (0.9 + 0.2 * r()));
      app.appendDouble(staff[k]);
      if (k >= 3) app.appendDouble(staff[k] - staff[k - 3]);
      else app.appendNull();
      if (r() < 0.3) app.appendNull();
      else app.appendDouble(Math.round(20 + 50 * trouble + 15 * r()));
      app.appendDouble(r() < 0.05 ? Math.round(200 * r()) : 0);
      app.appendVarchar(section);
      if (out) app.appendVarchar(out);
      else app.appendNull();
      app.appendBoolean(strong);
      if (label === null) app.appendNull();
      else app.appendInteger(label);
      app.endRow();
    }
  }
  app.closeSync();
  return db;
}
