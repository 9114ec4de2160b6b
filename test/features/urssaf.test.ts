import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPanel } from '../../src/features/panel.ts';
import type { Warehouse } from '../../src/warehouse/db.ts';
import { cleanStore, knownAt, monthly, type Row, series } from './fixture.ts';

const A = '100000001';
const B = '200000002';
const S1 = `${A}00011`;
const S2 = `${A}00029`;

// Contributions and headcount are written by the month they are known at (`knownAt`: periods 3 and 2 months
// earlier). Siège: monthly contributions with a gap in April–May 2016; second establishment: one quarterly call
// of 900, spread by the clean layer over three months, known July–September.
const cotisations: Row[] = knownAt('cotisation', [
  ...monthly('2016-01', '2017-06', (p) =>
    p === '2016-04' || p === '2016-05' ? null : { siret: S1, cotisation: p === '2016-06' ? 1200 : 1000 },
  ),
  ...monthly('2016-07', '2016-09', () => ({ siret: S2, cotisation: 300 })),
]);
// Debt events only (the sparse form): each SIRET's amount holds until its next event.
const debitEvents: Row[] = [
  { siret: S1, periode: '2016-02', dette_ouvriere: 100, dette_patronale: 400 },
  { siret: S2, periode: '2016-03', dette_ouvriere: 50, dette_patronale: 50 },
  { siret: S1, periode: '2016-05', dette_ouvriere: 0, dette_patronale: 0 },
  { siret: S1, periode: '2016-08', dette_ouvriere: 500, dette_patronale: 1500 },
  { siret: S2, periode: '2016-10', dette_ouvriere: 0, dette_patronale: 0 },
];
/** The same debts in the contract's dense form: every month from the first event to the last month. */
function denseDebit(events: Row[], last: string): Row[] {
  const out: Row[] = [];
  for (const siret of new Set(events.map((e) => e.siret))) {
    const own = events.filter((e) => e.siret === siret);
    let current: Row | undefined;
    out.push(
      ...monthly(own[0].periode as string, last, (p) => {
        current = own.find((e) => e.periode === p) ?? current;
        return { ...current!, siret };
      }),
    );
  }
  return out;
}

const data = (debit: Row[]) => ({
  clean_perimetre: [
    { siren: A, inclus: true, raison: null },
    { siren: B, inclus: true, raison: null },
  ],
  clean_entreprise: [
    { siren: A, date_creation: '2010-01-01', siret_siege: S1 },
    { siren: B, date_creation: '2010-01-01' },
  ],
  clean_effectif_ent: knownAt('effectif', [
    ...monthly('2016-01', '2017-06', () => ({ siren: A, effectif: 20 })),
    ...monthly('2016-01', '2017-06', () => ({ siren: B, effectif: 15 })),
  ]),
  clean_cotisation: cotisations,
  clean_debit: debit,
  clean_delai: monthly('2016-09', '2016-11', () => ({ siret: S1, montant_echeancier: 2000 })),
  clean_ccsf: [{ siret: S2, periode: '2016-04', ccsf_en_cours: true }],
});

describe('URSSAF family', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await cleanStore(data(debitEvents), '2017-06');
    await buildPanel(wh);
  });
  afterAll(() => wh.close());

  it('sums contributions over SIRETs, spread quarterly calls included, and leaves unknown months NULL', async () => {
    const c = await series(wh, A, 'cotisation');
    expect([c['2016-03'], c['2016-04'], c['2016-05'], c['2016-06'], c['2016-07'], c['2016-10']]).toEqual([
      1000,
      null,
      null,
      1200,
      1300,
      1000,
    ]);
    const mean6 = await series(wh, A, 'cotisation_mean6m');
    expect(mean6['2016-06']).toBeCloseTo((3 * 1000 + 1200) / 4, 9);
    const mean12 = await series(wh, A, 'cotisation_mean12m');
    expect(mean12['2016-12']).toBeCloseTo((3000 + 1200 + 3900 + 3000) / 10, 9);
  });

  it('counts a contribution from 3 months after its period, the same way in every month', async () => {
    const [r] = await wh.all<{ c: number }>(
      `SELECT cotisation AS c FROM clean_cotisation WHERE siret = '${S1}' AND periode = DATE '2016-03-01'`,
    );
    expect(r.c).toBe(1200);
    const c = await series(wh, A, 'cotisation');
    expect([c['2016-03'], c['2016-06']]).toEqual([1000, 1200]);
    // The delivery's last month shows the period 3 months earlier, like every other month.
    expect(c['2017-06']).toBe(1000);
  });

  it('takes lags in calendar months: a month without data gives NULL, not the previous row', async () => {
    const lag1 = await series(wh, A, 'cotisation_lag1m');
    const lag3 = await series(wh, A, 'cotisation_lag3m');
    const lag12 = await series(wh, A, 'cotisation_lag12m');
    expect(lag1['2016-06']).toBeNull();
    expect(lag3['2016-06']).toBe(1000);
    expect(lag12['2017-05']).toBeNull();
    expect(lag12['2017-06']).toBe(1200);
    expect(lag12['2016-12']).toBeNull();
  });

  it('forward-fills each SIRET debt across months without events, and sums the SIRETs', async () => {
    const o = await series(wh, A, 'dette_ouvriere');
    const p = await series(wh, A, 'dette_patronale');
    const months = ['2016-01', '2016-02', '2016-03', '2016-04', '2016-05', '2016-07', '2016-08', '2016-10', '2017-06'];
    expect(months.map((m) => o[m])).toEqual([0, 100, 150, 150, 50, 50, 550, 500, 500]);
    expect(months.map((m) => p[m])).toEqual([0, 400, 450, 450, 50, 50, 1550, 1500, 1500]);
    expect((await series(wh, A, 'dette_ouvriere_lag1m'))['2016-03']).toBe(100);
    expect((await series(wh, A, 'dette_ouvriere_mean3m'))['2016-03']).toBeCloseTo(250 / 3, 9);
  });

  it('gives the same panel whether clean_debit holds events only or every month', async () => {
    const dense = await cleanStore(data(denseDebit(debitEvents, '2017-06')), '2017-06');
    await buildPanel(dense);
    const cols = "siren, periode, COLUMNS(c -> c LIKE 'dette%' OR c LIKE 'mois%')";
    const a = await wh.json(`SELECT ${cols} FROM panel ORDER BY ALL`);
    const b = await dense.json(`SELECT ${cols} FROM panel ORDER BY ALL`);
    expect(Object.keys(a[0])).toContain('mois_depuis_sans_dette');
    expect(b).toEqual(a);
    dense.close();
  });

  it('computes the debt ratios, the months since last debt-free month, plans and CCSF', async () => {
    expect((await series(wh, A, 'dette_sur_cotisation_mean12m'))['2016-12']).toBeCloseTo(2000 / 1110, 9);
    const parEff = await series(wh, A, 'dette_par_effectif');
    expect([parEff['2016-09'], parEff['2016-12']]).toEqual([105, 100]);
    expect((await series(wh, A, 'dette_par_effectif_var3m'))['2016-12']).toBeCloseTo(-5, 9);
    const since = await series(wh, A, 'mois_depuis_sans_dette');
    expect([since['2016-01'], since['2016-02'], since['2016-10']]).toEqual([0, 1, 9]);
    const delai = await series(wh, A, 'delai_en_cours');
    expect([delai['2016-08'], delai['2016-09'], delai['2016-11'], delai['2016-12']]).toEqual([0, 1, 1, 0]);
    const montant = await series(wh, A, 'delai_montant_sur_cotisation');
    expect(montant['2016-10']).toBeCloseTo(2000 / (9100 / 8), 9);
    expect(montant['2016-12']).toBe(0);
    const ccsf = await series(wh, A, 'ccsf_en_cours');
    expect([ccsf['2016-03'], ccsf['2016-04'], ccsf['2016-05']]).toEqual([0, 1, 0]);
  });

  it('keeps NULL (not 0) for a company unknown to URSSAF', async () => {
    for (const col of ['cotisation', 'dette_ouvriere', 'delai_en_cours', 'ccsf_en_cours', 'mois_depuis_sans_dette']) {
      const s = await series(wh, B, col);
      expect(Object.keys(s).length).toBe(18);
      expect(new Set(Object.values(s)), col).toEqual(new Set([null]));
    }
  });
});
