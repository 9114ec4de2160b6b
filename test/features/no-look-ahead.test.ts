import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FEATURES } from '../../src/features/catalogue.ts';
import { buildPanel } from '../../src/features/panel.ts';
import { Warehouse } from '../../src/warehouse/db.ts';
import { cutAt, economy } from './economy.ts';

const ECONOMY = { companies: 120, from: '2014-01', to: '2019-12' };
/** Everything known at the month: the features, the perimeter and the strong-signal flag (not the label). */
const KNOWN = [...FEATURES.map((f) => f.name), 'perimetre_raison', 'already_in_procedure'];

/** Rows of month t, keyed by SIREN, numbers to 10 significant digits (sums may associate differently). */
async function monthRows(wh: Warehouse, t: string): Promise<Map<string, unknown[]>> {
  const rows = await wh.all<Record<string, unknown>>(
    `SELECT siren, ${KNOWN.join(', ')} FROM panel WHERE periode = DATE '${t}-01'`,
  );
  return new Map(
    rows.map((r) => [
      r.siren as string,
      KNOWN.map((c) => (typeof r[c] === 'number' ? Number((r[c] as number).toPrecision(10)) : r[c])),
    ]),
  );
}

describe('no look-ahead', () => {
  let full: Warehouse;
  beforeAll(async () => {
    full = await Warehouse.open(':memory:');
    await economy(full, ECONOMY);
    await buildPanel(full);
  });
  afterAll(() => full.close());

  for (const t of ['2016-01', '2016-11', '2017-07', '2018-02', '2019-06']) {
    it(`features of ${t} from a delivery cut at ${t} equal those from the full delivery`, async () => {
      const cut = await Warehouse.open(':memory:');
      try {
        await economy(cut, ECONOMY);
        await cutAt(cut, t);
        await buildPanel(cut);
        const expected = await monthRows(full, t);
        const got = await monthRows(cut, t);
        expect(got.size).toBeGreaterThan(50);
        expect([...got.keys()].sort()).toEqual([...expected.keys()].sort());
        for (const [siren, values] of got) {
          const differ = KNOWN.filter((_, i) => !Object.is(values[i], expected.get(siren)![i]));
          expect(differ, `${siren} at ${t}`).toEqual([]);
        }
      } finally {
        cut.close();
      }
    });
  }

  it('the cut delivery really lacks the future (so that the comparison means something)', async () => {
    const cut = await Warehouse.open(':memory:');
    await economy(cut, ECONOMY);
    await cutAt(cut, '2017-07');
    const n = (wh: Warehouse) => wh.one<{ n: bigint }>('SELECT count(*) AS n FROM clean_comptes');
    expect(Number((await n(cut))!.n)).toBeLessThan(Number((await n(full))!.n));
    cut.close();
  });
});
