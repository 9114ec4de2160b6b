import { describe, expect, it } from 'vitest';
import { SfError } from '../../src/common/errors.ts';
import { buildPanel } from '../../src/features/panel.ts';
import { Warehouse } from '../../src/warehouse/db.ts';

/** A store holding only some clean tables, created by hand. */
async function partialStore(extra = ''): Promise<Warehouse> {
  const wh = await Warehouse.open(':memory:');
  await wh.run(`CREATE TABLE delivery_info AS SELECT DATE '2016-06-01' AS last_month`);
  await wh.run(
    `CREATE TABLE clean_perimetre AS SELECT '123456789' AS siren, true AS inclus, NULL::VARCHAR AS raison, false AS selon_filtre`,
  );
  // Headcount of 2015-11 to 2016-04, known 2016-01 to 2016-06 (published 2 months late).
  await wh.run(`CREATE TABLE clean_effectif_ent AS
    SELECT '123456789' AS siren, CAST(d AS DATE) AS periode, 25.0 AS effectif ${extra}
    FROM generate_series(DATE '2015-11-01', DATE '2016-04-01', INTERVAL 1 MONTH) t(d)`);
  return wh;
}

describe('panel inputs', () => {
  it('builds the panel when optional sources are absent (e.g. paydex, no longer delivered): NULL features', async () => {
    const wh = await partialStore();
    const s = await buildPanel(wh);
    expect(s.rows).toBe(6);
    const [r] = await wh.json<Record<string, unknown>>(
      `SELECT effectif, paydex, cotisation, dette_ouvriere, chiffre_d_affaires, ap_heures_consommees, naf_section
       FROM panel WHERE periode = DATE '2016-06-01'`,
    );
    expect(r).toEqual({
      effectif: 25,
      paydex: null,
      cotisation: null,
      dette_ouvriere: null,
      chiffre_d_affaires: null,
      ap_heures_consommees: null,
      naf_section: null,
    });
    expect(await wh.tableExists('clean_paydex')).toBe(false);
    wh.close();
  });

  it('names a required table or a column missing from the contract', async () => {
    const wh = await partialStore();
    await wh.run('DROP TABLE clean_perimetre');
    await expect(buildPanel(wh)).rejects.toThrow(/table clean_perimetre is missing/);
    wh.close();
    const bad = await partialStore();
    await bad.run('ALTER TABLE clean_effectif_ent RENAME COLUMN effectif TO headcount');
    const error = await buildPanel(bad).catch((e) => e);
    expect(error).toBeInstanceOf(SfError);
    expect(error.message).toContain('clean_effectif_ent lacks column(s) effectif');
    bad.close();
  });
});
