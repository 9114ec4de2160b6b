import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPanel } from '../../src/features/panel.ts';
import type { Warehouse } from '../../src/warehouse/db.ts';
import { cleanStore, knownAt, monthly, series } from './fixture.ts';

const C = '300000003';
const D = '400000004';
const siege = `${C}00013`;

describe('headcount and partial-activity families', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await cleanStore(
      {
        clean_perimetre: [C, D].map((siren) => ({ siren, inclus: true, raison: null })),
        clean_entreprise: [
          { siren: C, date_creation: '2000-01-01', siret_siege: siege },
          { siren: D, date_creation: '2000-01-01', siret_siege: `${D}00016` },
        ],
        // Written by the month they are known at (`knownAt`). C: figures known in January, February and October.
        clean_effectif_ent: knownAt('effectif', [
          { siren: C, periode: '2016-01', effectif: 10 },
          { siren: C, periode: '2016-02', effectif: 12 },
          { siren: C, periode: '2016-10', effectif: 20 },
        ]),
        // D has no company figure: the sum of its establishments stands in.
        clean_effectif: knownAt('effectif', [
          { siret: siege, periode: '2016-01', effectif: 6 },
          { siret: `${D}00016`, periode: '2016-01', effectif: 5 },
          { siret: `${D}00024`, periode: '2016-01', effectif: 7 },
        ]),
        clean_cotisation: knownAt(
          'cotisation',
          [C, D].flatMap((siren) => monthly('2016-01', '2016-12', () => ({ siret: `${siren}00099`, cotisation: 100 }))),
        ),
        // The AP source starts in March 2016 (its first record). Authorisations count in their own month,
        // consumption from the month after (written here by the month it is known at).
        clean_ap: [
          { siret: siege, periode: '2016-03', etp_autorise: 2 },
          { siret: siege, periode: '2016-04', etp_autorise: 2 },
          { siret: siege, periode: '2016-05', etp_autorise: 2 },
          ...knownAt('ap_consommation', [
            { siret: siege, periode: '2016-03', heures_consommees: 151.67, etp_consomme: 1 },
            { siret: siege, periode: '2016-06', heures_consommees: 303.34, etp_consomme: 2 },
          ]),
        ],
      },
      '2016-12',
    );
    await buildPanel(wh);
  });
  afterAll(() => wh.close());

  it('carries the latest headcount over at most 6 months, then NULL', async () => {
    const e = await series(wh, C, 'effectif');
    const months = ['2016-01', '2016-02', '2016-03', '2016-07', '2016-08', '2016-09', '2016-10'];
    expect(months.map((m) => e[m])).toEqual([10, 12, 12, 12, null, null, 20]);
    expect((await series(wh, D, 'effectif'))['2016-01']).toBe(12);
  });

  it('takes headcount lags and changes in calendar months', async () => {
    const lag3 = await series(wh, C, 'effectif_lag3m');
    const var3 = await series(wh, C, 'effectif_var3m');
    expect([lag3['2016-05'], var3['2016-05']]).toEqual([12, 0]);
    expect([lag3['2016-10'], var3['2016-10']]).toEqual([12, 8]);
    expect([lag3['2016-11'], var3['2016-11']]).toEqual([null, null]);
    expect((await series(wh, C, 'effectif_lag12m'))['2016-12']).toBeNull();
  });

  it('gives the head-office share of headcount', async () => {
    expect((await series(wh, C, 'part_effectif_siege'))['2016-01']).toBeCloseTo(0.6, 9);
  });

  it('computes partial activity: hours, FTE, share of headcount, months of use, lags', async () => {
    const h = await series(wh, C, 'ap_heures_consommees');
    expect([h['2016-02'], h['2016-03'], h['2016-04'], h['2016-06'], h['2016-07']]).toEqual([
      null,
      151.67,
      0,
      303.34,
      0,
    ]);
    expect((await series(wh, C, 'ap_heures_consommees_lag3m'))['2016-06']).toBe(151.67);
    const aut = await series(wh, C, 'ap_etp_autorise');
    expect([aut['2016-03'], aut['2016-05'], aut['2016-06']]).toEqual([2, 2, 0]);
    expect((await series(wh, C, 'ap_etp_autorise_lag3m'))['2016-06']).toBe(2);
    expect((await series(wh, C, 'ap_part_effectif'))['2016-03']).toBeCloseTo(1 / 12, 9);
    const mois = await series(wh, C, 'ap_mois_12m');
    expect([mois['2016-02'], mois['2016-03'], mois['2016-05'], mois['2016-06'], mois['2016-12']]).toEqual([
      null,
      1,
      1,
      2,
      2,
    ]);
  });

  it('records no partial activity as 0 once the source covers the month, NULL before', async () => {
    const h = await series(wh, D, 'ap_heures_consommees');
    expect([h['2016-01'], h['2016-02'], h['2016-03'], h['2016-12']]).toEqual([null, null, 0, 0]);
    expect((await series(wh, D, 'ap_mois_12m'))['2016-12']).toBe(0);
  });
});
