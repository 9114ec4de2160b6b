import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SfError } from '../../src/common/errors.ts';
import { buildPanel } from '../../src/features/panel.ts';
import type { Warehouse } from '../../src/warehouse/db.ts';
import { cleanStore, knownAt, monthly, series } from './fixture.ts';

const J = '110000001'; // first judgment 2017-06-15
const K = '120000002'; // never judged
const L = '130000003'; // judged after the delivery's last month
const S = '140000004'; // excluded sector
const G = '150000005'; // 12 employees in one month only
const N = '160000006'; // created 2016-05, silent after 2016-12

const everyMonth = (siren: string, effectif = 20) => monthly('2016-01', '2019-12', () => ({ siren, effectif }));

describe('target, perimeter and rows', () => {
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await cleanStore(
      {
        clean_perimetre: [
          ...[J, K, L, N].map((siren) => ({ siren, inclus: true, raison: null })),
          { siren: S, inclus: false, raison: 'naf_exclu' },
          // The file-wide rule said "too small": the panel applies the rule as known at each month instead.
          { siren: G, inclus: false, raison: 'effectif_insuffisant' },
        ],
        clean_entreprise: [
          ...[J, K, L, S, G].map((siren) => ({ siren, date_creation: '2000-01-01' })),
          { siren: N, date_creation: '2016-05-10' },
        ],
        // Headcount written by the month it is known at (`knownAt`).
        clean_effectif_ent: knownAt('effectif', [
          ...[J, K, L, S].flatMap((s) => everyMonth(s)),
          ...monthly('2016-01', '2019-12', (p) => ({ siren: G, effectif: p === '2016-07' ? 12 : 8 })),
          ...monthly('2016-01', '2016-12', () => ({ siren: N, effectif: 30 })),
        ]),
        clean_premier_jugement: [
          { siren: J, date_jugement: '2017-06-15' },
          { siren: L, date_jugement: '2020-03-10' },
        ],
      },
      '2019-12',
    );
    await buildPanel(wh);
  });
  afterAll(() => wh.close());

  it('labels a failure when the first judgment falls within the 18 following months', async () => {
    const f = await series(wh, J, 'failure_18m');
    expect([f['2016-01'], f['2017-05']]).toEqual([1, 1]);
    const k = await series(wh, K, 'failure_18m');
    expect([k['2016-01'], k['2018-06']]).toEqual([0, 0]);
  });

  it('flags months on or after the first judgment as strong signals, without a label', async () => {
    const a = await series(wh, J, 'already_in_procedure');
    expect([a['2017-05'], a['2017-06'], a['2019-12']]).toEqual([false, true, true]);
    expect((await series(wh, J, 'failure_18m'))['2017-06']).toBeNull();
  });

  it('leaves the label NULL while the 18 months are not observed, unless the judgment is already seen', async () => {
    const k = await series(wh, K, 'failure_18m');
    expect([k['2018-06'], k['2018-07'], k['2019-12']]).toEqual([0, null, null]);
    const l = await series(wh, L, 'failure_18m');
    expect([l['2018-08'], l['2018-09'], l['2019-12']]).toEqual([null, 1, 1]);
  });

  it('keeps the perimeter reason, the headcount rule being applied as known at each month', async () => {
    expect(new Set(Object.values(await series(wh, S, 'perimetre_raison')))).toEqual(new Set(['naf_exclu']));
    const g = await series(wh, G, 'perimetre_raison');
    expect([g['2016-06'], g['2016-07'], g['2019-06'], g['2019-07']]).toEqual([
      'effectif_insuffisant',
      null,
      null,
      'effectif_insuffisant',
    ]);
    expect((await series(wh, K, 'perimetre_raison'))['2016-01']).toBeNull();
  });

  it('starts rows at the creation month and ends them after 12 months without contributions or headcount', async () => {
    const months = Object.keys(await series(wh, N, 'effectif'));
    expect(months[0]).toBe('2016-05');
    expect(months.at(-1)).toBe('2017-11');
  });

  it('honours --from and --to, and refuses months beyond the data', async () => {
    const s = await buildPanel(wh, { from: '2018-01', to: '2018-03' });
    expect([s.from, s.to, s.companies]).toEqual(['2018-01', '2018-03', 5]);
    const [r] = await wh.json<{ a: string; b: string }>(
      `SELECT strftime(min(periode), '%Y-%m') AS a, strftime(max(periode), '%Y-%m') AS b FROM panel`,
    );
    expect(r).toEqual({ a: '2018-01', b: '2018-03' });
    // Lags still reach back before --from.
    expect((await series(wh, J, 'effectif_lag24m'))['2018-01']).toBe(20);
    await expect(buildPanel(wh, { to: '2020-01' })).rejects.toThrow(SfError);
    await expect(buildPanel(wh, { from: '2016-13' })).rejects.toThrow(/--from must be a month/);
  });
});

describe('perimeter defined by an imported filter file', () => {
  const SMALL = '210000001'; // listed, 5 employees
  const BIG = '220000002'; // not listed, 40 employees
  const PUBLIC = '230000003'; // listed, but a public body
  let wh: Warehouse;
  beforeAll(async () => {
    wh = await cleanStore(
      {
        clean_perimetre: [
          { siren: SMALL, inclus: true, raison: null, selon_filtre: true },
          { siren: BIG, inclus: false, raison: 'hors_filtre', selon_filtre: true },
          { siren: PUBLIC, inclus: false, raison: 'categorie_juridique_publique', selon_filtre: true },
        ],
        clean_entreprise: [SMALL, BIG, PUBLIC].map((siren) => ({ siren, date_creation: '2000-01-01' })),
        clean_effectif_ent: knownAt('effectif', [
          ...everyMonth(SMALL, 5),
          ...everyMonth(BIG, 40),
          ...everyMonth(PUBLIC, 3),
        ]),
      },
      '2019-12',
    );
    await buildPanel(wh);
  });
  afterAll(() => wh.close());

  it('keeps a listed company under 10 employees in, every month: the list replaces the headcount rule', async () => {
    const small = await series(wh, SMALL, 'perimetre_raison');
    expect(Object.keys(small).length).toBe(48);
    expect(new Set(Object.values(small))).toEqual(new Set([null]));
  });

  it("keeps the filter's exclusions and the structural ones", async () => {
    expect(new Set(Object.values(await series(wh, BIG, 'perimetre_raison')))).toEqual(new Set(['hors_filtre']));
    expect(new Set(Object.values(await series(wh, PUBLIC, 'perimetre_raison')))).toEqual(
      new Set(['categorie_juridique_publique']),
    );
  });
});
