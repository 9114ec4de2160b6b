import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURES } from '../../src/features/catalogue.ts';
import { buildEncoding, countPanel, loadPanel, panelFeatures } from '../../src/scoring/panel-data.ts';
import type { Warehouse } from '../../src/warehouse/db.ts';
import { FIXTURE_FEATURES, plantedPanel } from './fixture.ts';

let db: Warehouse;
beforeAll(async () => {
  db = await plantedPanel(':memory:', { companies: 60, from: '2020-01', to: '2024-06' });
});
afterAll(() => db.close());

describe('panel → dataset', () => {
  it('takes the catalogue features the panel has, with their kind', async () => {
    const f = await panelFeatures(db, FEATURES);
    expect(f.map((x) => x.name).sort()).toEqual([...FIXTURE_FEATURES].sort());
    expect(f.find((x) => x.name === 'naf_section')?.kind).toBe('categorical');
  });

  it('reads the perimeter only, keeps missing as NaN, encodes categories, labels strong signals 1', async () => {
    const features = await panelFeatures(db, FEATURES);
    const enc = await buildEncoding(db, features, { labelled: true });
    expect(enc.categories.naf_section).toEqual([...enc.categories.naf_section].sort());
    const frame = await loadPanel(db, enc, { labelled: true });
    const expected = await db.one<{ n: bigint }>(
      `SELECT count(*) AS n FROM panel WHERE perimetre_raison IS NULL AND (failure_18m IS NOT NULL OR already_in_procedure)`,
    );
    expect(frame.label.length).toBe(Number(expected?.n));
    const j = enc.features.findIndex((x) => x.name === 'paydex');
    expect(Array.from(frame.dataset.columns[j]).some(Number.isNaN)).toBe(true);
    const c = enc.features.findIndex((x) => x.name === 'naf_section');
    const codes = new Set(frame.dataset.columns[c]);
    expect([...codes].every((v) => Number.isInteger(v) && v < enc.categories.naf_section.length)).toBe(true);
    frame.strong.forEach((s, i) => {
      if (s) expect(frame.label[i]).toBe(1);
    });
    expect(frame.strong.some((s) => s === 1)).toBe(true);
    // A category unseen in training reads as missing.
    const narrow = { ...enc, categories: { naf_section: ['C'] } };
    const other = await loadPanel(db, narrow, { from: '2024-06', to: '2024-06' });
    expect(Array.from(other.dataset.columns[c]).some(Number.isNaN)).toBe(true);
  });

  it('thins months per company with a stride, staggered across companies', async () => {
    const all = await countPanel(db, {});
    const thin = await countPanel(db, { stride: 3 });
    expect(thin / all).toBeGreaterThan(0.28);
    expect(thin / all).toBeLessThan(0.39);
    const enc = await buildEncoding(db, await panelFeatures(db, FEATURES), {});
    const frame = await loadPanel(db, enc, { stride: 3 });
    const firstMonths = new Set<number>();
    frame.siren.forEach((s, i) => {
      if (i === 0 || frame.siren[i - 1] !== s) firstMonths.add(frame.month[i] % 3);
    });
    expect(firstMonths.size).toBeGreaterThan(1);
  });
});
