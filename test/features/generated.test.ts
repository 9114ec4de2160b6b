/**
 * End to end on a `sf generate` delivery: import → clean layer → panel. And no look-ahead on it: the imported
 * raw layer is cut at month t (only what a delivery made at the end of t could hold), the clean layer rebuilt,
 * and the panel's month t compared with the one built from the whole delivery.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURES, featuresByGroup } from '../../src/features/catalogue.ts';
import { buildPanel, type PanelSummary } from '../../src/features/panel.ts';
import { generate } from '../../src/synth/generate.ts';
import { rebuildClean } from '../../src/warehouse/clean/index.ts';
import { Warehouse } from '../../src/warehouse/db.ts';
import { importPaths } from '../../src/warehouse/import.ts';

const KNOWN = [...FEATURES.map((f) => f.name), 'perimetre_raison', 'already_in_procedure'];

/**
 * Deletes from the raw layer what a delivery made at the end of month `t` could not contain, with each source's
 * real publication delay (docs/synth.md): contributions once due (the month after their period), headcount up to
 * t − 2, partial-activity consumption and paydex up to t − 1.
 */
async function cutRaw(wh: Warehouse, t: string): Promise<void> {
  const next = `DATE '${t}-01' + INTERVAL 1 MONTH`;
  const before = (months: number) => `DATE '${t}-01' - INTERVAL ${months - 1} MONTH`;
  const filed = (closing: string) => `date_trunc('month', ${closing}) + INTERVAL 7 MONTH >= ${next}`;
  const rules: [string, string][] = [
    ['raw_debit', `periode_prise_en_compte >= ${next}`],
    ['raw_cotisation', `periode_fin >= ${next}`],
    ['raw_delai', `date_creation >= ${next}`],
    ['raw_ccsf', `date_traitement >= ${next}`],
    ['raw_procol', `date_effet >= ${next}`],
    ['raw_effectif', `periode >= ${before(2)}`],
    ['raw_effectif_ent', `periode >= ${before(2)}`],
    ['raw_apdemande', `coalesce(date_statut, periode_debut) >= ${next}`],
    ['raw_apconso', `periode >= ${before(1)}`],
    ['raw_paydex', `date_valeur >= ${before(1)}`],
    ['raw_paydex_retro', `date_valeur >= ${before(1)}`],
    ['raw_ratios', filed('date_cloture')],
    ['raw_diane', filed('arrete_bilan_diane')],
    ['raw_bdf', filed('arrete_bilan')],
    ['raw_sirene', `date_creation >= ${next}`],
    ['raw_sirene_ul', `date_creation >= ${next}`],
    ['raw_sirene_histo', `date_debut >= ${next}`],
  ];
  for (const [table, rule] of rules)
    if (await wh.tableExists(table)) await wh.run(`DELETE FROM ${table} WHERE ${rule}`);
  await rebuildClean(wh);
}

async function monthRows(wh: Warehouse, t: string): Promise<Map<string, Record<string, unknown>>> {
  const rows = await wh.json<Record<string, unknown>>(
    `SELECT siren, ${KNOWN.join(', ')} FROM panel WHERE periode = DATE '${t}-01'`,
  );
  return new Map(rows.map((r) => [r.siren as string, r]));
}

const same = (a: unknown, b: unknown) =>
  typeof a === 'number' && typeof b === 'number' ? Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(b)) : a === b;

describe('panel of a generated delivery', () => {
  let dir: string;
  let full: Warehouse;
  let summary: PanelSummary;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sf-features-gen-'));
    await generate({ out: join(dir, 'delivery'), companies: 120, seed: 5 });
    const store = await Warehouse.open(join(dir, 'imported.duckdb'));
    await importPaths(store, [join(dir, 'delivery')]);
    store.close();
    copyFileSync(join(dir, 'imported.duckdb'), join(dir, 'full.duckdb'));
    full = await Warehouse.open(join(dir, 'full.duckdb'));
    summary = await buildPanel(full);
  });
  afterAll(() => {
    full.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives the documented panel: every group informed, strong signals and failures present', async () => {
    expect(summary).toMatchObject({ from: '2016-01', to: '2024-06', last_month: '2024-06' });
    expect(summary.in_perimeter_rows).toBeGreaterThan(5000);
    expect(summary.positive_rows).toBeGreaterThan(0);
    expect(summary.already_in_procedure_rows).toBeGreaterThan(0);
    for (const [group, list] of Object.entries(featuresByGroup())) {
      const counts = await full.one<Record<string, bigint>>(
        `SELECT ${list.map((f) => `count(${f.name}) AS ${f.name}`).join(', ')} FROM panel`,
      );
      const informed = list.filter((f) => Number(counts![f.name]) > 0).map((f) => f.name);
      expect(informed, group).toEqual(list.map((f) => f.name));
    }
  });

  it('sees every source in the latest month as in training months (publication lags applied throughout)', async () => {
    // Share of in-perimeter rows with each monthly source missing: the last month vs the 12 months ending 2022-12.
    const cols = ['cotisation', 'effectif', 'ap_heures_consommees', 'paydex', 'dette_ouvriere'];
    const share = (months: string) =>
      full.one<Record<string, number>>(
        `SELECT ${cols.map((c) => `avg(CASE WHEN ${c} IS NULL THEN 1 ELSE 0 END) AS ${c}`).join(', ')}
         FROM panel WHERE perimetre_raison IS NULL AND ${months}`,
      );
    const last = (await share(`periode = DATE '2024-06-01'`))!;
    const training = (await share(`periode BETWEEN DATE '2022-01-01' AND DATE '2022-12-01'`))!;
    for (const c of cols)
      expect(Math.abs(last[c] - training[c]), `${c}: ${last[c]} vs ${training[c]}`).toBeLessThan(0.05);
  });

  for (const t of ['2018-09', '2022-03']) {
    it(`computes month ${t} identically from the delivery cut at ${t}`, async () => {
      const path = join(dir, `cut-${t}.duckdb`);
      copyFileSync(join(dir, 'imported.duckdb'), path);
      const cut = await Warehouse.open(path);
      try {
        await cutRaw(cut, t);
        await buildPanel(cut);
        const expected = await monthRows(full, t);
        const got = await monthRows(cut, t);
        expect(got.size).toBeGreaterThan(50);
        expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
        const differ = new Set<string>();
        for (const [siren, row] of got)
          for (const c of KNOWN) if (!same(row[c], expected.get(siren)![c])) differ.add(`${c} (${siren})`);
        expect([...differ].slice(0, 20)).toEqual([]);
      } finally {
        cut.close();
      }
    });
  }
});
