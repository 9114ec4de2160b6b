import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FINANCE_VALUES } from '../../src/features/catalogue.ts';
import { buildPanel } from '../../src/features/panel.ts';
import type { Warehouse } from '../../src/warehouse/db.ts';
import { cleanStore, knownAt, monthly, type Row, series } from './fixture.ts';

const F = '500000005';
const G = '600000006';
const H = '700000007';

/** Accounts of a fiscal year closing on `cloture`, available 7 months after the closing month. */
const comptes = (siren: string, cloture: string, disponible: string, ca: number, ebe: number): Row => ({
  siren,
  date_cloture: cloture,
  disponible_le: disponible,
  ...Object.fromEntries(FINANCE_VALUES.map((v, i) => [v.name, i + 1])),
  chiffre_d_affaires: ca,
  ebe,
});

describe('financial health, payment behaviour and context', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await cleanStore(
      {
        clean_perimetre: [F, G, H].map((siren) => ({ siren, inclus: true, raison: null })),
        clean_entreprise: [
          {
            siren: F,
            date_creation: '2010-01-15',
            naf_section: 'C',
            naf_division: '25',
            departement_siege: '21',
            region_siege: '27',
            categorie_juridique: '5710',
          },
          { siren: G, date_creation: '2012-07-01' },
          { siren: H, date_creation: null },
        ],
        clean_etablissement: [
          { siret: `${F}00010`, siren: F, date_creation: '2010-01-15' },
          { siret: `${F}00028`, siren: F, date_creation: '2016-04-20' },
          { siret: `${G}00014`, siren: G, date_creation: null },
        ],
        // Written by the month they are known at (`knownAt`).
        clean_effectif_ent: knownAt(
          'effectif',
          [F, G, H].flatMap((siren) => monthly('2016-01', '2017-12', () => ({ siren, effectif: 30 }))),
        ),
        clean_comptes: [
          comptes(F, '2015-12-31', '2016-07-01', 1000, 100),
          comptes(F, '2016-12-31', '2017-07-01', 1200, 80),
          // G: a gap of three years between fiscal years: no growth rate.
          comptes(G, '2013-12-31', '2014-07-01', 500, 50),
          comptes(G, '2016-12-31', '2017-07-01', 600, 60),
        ],
        clean_paydex: knownAt('paydex', [
          { siren: F, periode: '2016-01', paydex: 10, fpi_30: 5, fpi_90: 1 },
          { siren: F, periode: '2016-02', paydex: 20, fpi_30: 15, fpi_90: 2 },
          { siren: F, periode: '2016-06', paydex: 50, fpi_30: 40, fpi_90: 10 },
        ]),
      },
      '2017-12',
    );
    await buildPanel(wh);
  });
  afterAll(() => wh.close());

  it('uses a fiscal year only from its availability month (closing + 7), never inside the year', async () => {
    const ca = await series(wh, F, 'chiffre_d_affaires');
    expect([ca['2016-01'], ca['2016-06'], ca['2016-07'], ca['2017-06'], ca['2017-07']]).toEqual([
      null,
      null,
      1000,
      1000,
      1200,
    ]);
    const ratio = await series(wh, F, 'credit_fournisseurs_jours');
    expect([ratio['2016-06'], ratio['2016-07']]).toEqual([null, 17]);
  });

  it("gives the previous fiscal year's values, growth rates and the age of the accounts", async () => {
    const n1 = await series(wh, F, 'chiffre_d_affaires_n1');
    expect([n1['2017-06'], n1['2017-07']]).toEqual([null, 1000]);
    expect((await series(wh, F, 'croissance_chiffre_d_affaires'))['2017-07']).toBeCloseTo(0.2, 9);
    expect((await series(wh, F, 'croissance_ebe'))['2017-07']).toBeCloseTo(-0.2, 9);
    const age = await series(wh, F, 'anciennete_comptes');
    expect([age['2016-06'], age['2016-07'], age['2017-06'], age['2017-07']]).toEqual([null, 7, 18, 7]);
    expect((await series(wh, G, 'ebe_n1'))['2017-07']).toBe(50);
    expect((await series(wh, G, 'croissance_chiffre_d_affaires'))['2017-07']).toBeNull();
    expect((await series(wh, G, 'anciennete_comptes'))['2016-01']).toBe(25);
  });

  it('carries paydex and FPI over at most 3 months and computes their changes; absent stays NULL', async () => {
    const p = await series(wh, F, 'paydex');
    expect(['2016-01', '2016-02', '2016-04', '2016-05', '2016-06'].map((m) => p[m])).toEqual([10, 20, 20, null, 50]);
    const v3 = await series(wh, F, 'paydex_var3m');
    expect([v3['2016-04'], v3['2016-05'], v3['2016-06']]).toEqual([10, null, 30]);
    expect((await series(wh, F, 'fpi_30_var3m'))['2016-06']).toBe(25);
    expect((await series(wh, F, 'fpi_90_var12m'))['2017-02']).toBeNull();
    expect(new Set(Object.values(await series(wh, G, 'paydex')))).toEqual(new Set([null]));
  });

  it('describes the company: sector, place, legal category, age and establishments at the month', async () => {
    const [row] = await wh.json<Record<string, unknown>>(
      `SELECT naf_section, naf_division, departement, region, categorie_juridique, age_entreprise
       FROM panel WHERE siren = '${F}' AND periode = DATE '2016-01-01'`,
    );
    expect(row).toEqual({
      naf_section: 'C',
      naf_division: '25',
      departement: '21',
      region: '27',
      categorie_juridique: '5710',
      age_entreprise: 6,
    });
    const n = await series(wh, F, 'nb_etablissements');
    expect([n['2016-03'], n['2016-04']]).toEqual([1, 2]);
    expect((await series(wh, G, 'nb_etablissements'))['2016-01']).toBe(1);
    expect((await series(wh, H, 'age_entreprise'))['2016-01']).toBeNull();
  });
});
