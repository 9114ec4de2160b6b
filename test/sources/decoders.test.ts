import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DECODER_MACROS } from '../../src/sources/decoders.ts';
import { lit } from '../../src/sources/spec.ts';
import { Warehouse } from '../../src/warehouse/db.ts';
import * as ref from './reference.ts';

let db: Warehouse;
beforeAll(async () => {
  db = await Warehouse.open(':memory:');
  await db.run(DECODER_MACROS);
});
afterAll(() => db.close());

/** Runs one SQL expression of `s` over many inputs in a single query. */
async function sqlMap(expr: string, inputs: string[]): Promise<unknown[]> {
  if (inputs.length === 0) return [];
  const rows = await db.json<{ i: number; v: unknown }>(
    `SELECT i, ${expr} AS v FROM (VALUES ${inputs.map((s, i) => `(${i}, ${lit(s)})`).join(', ')}) AS t(i, s) ORDER BY i`,
  );
  return rows.map((r) => r.v);
}

const digits = (min: number, max: number) =>
  fc.array(fc.constantFrom(...'0123456789'), { minLength: min, maxLength: max }).map((a) => a.join(''));
const noisy = fc.oneof(
  fc.string({ maxLength: 10 }),
  digits(0, 9),
  fc.constantFrom('', ' 990505', '990505 ', '+990505', '-1', '1.5', '1e3', 'Inf', 'NaN', '1,5', '0x10'),
);
const RUNS = { numRuns: 40 };

async function agree(expr: string, oracle: (s: string) => unknown, arb: fc.Arbitrary<string[]>) {
  await fc.assert(
    fc.asyncProperty(arb, async (inputs) => {
      const got = await sqlMap(expr, inputs);
      expect(got).toEqual(inputs.map(oracle));
    }),
    RUNS,
  );
}

describe('decoders (SQL macros) agree with the TypeScript reference', () => {
  it('URSSAF dates (A)AAMMJJ', async () => {
    expect(
      await sqlMap('sf_urssaf_date(s)', ['990505', '1180130', '1050824', '9990101', '1180231', '', 'abc']),
    ).toEqual(['1999-05-05', '2018-01-30', '2005-08-24', '2899-01-01', null, null, null]);
    const dateLike = fc
      .tuple(fc.integer({ min: 0, max: 199 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 0, max: 32 }))
      .map(([y, m, d]) => `${y}${String(m).padStart(2, '0')}${String(d).padStart(2, '0')}`);
    await agree('sf_urssaf_date(s)', ref.urssafDate, fc.array(fc.oneof(dateLike, noisy), { maxLength: 30 }));
  });

  it('URSSAF periods AAXY/AAAAXY with month overflow', async () => {
    const cases = ['1031', '0232', '2110', '1820', '0162', '5062', '201011', '201631', '201712', '199904', '201511'];
    const starts = await sqlMap(
      "strftime(sf_period_start(s), '%Y-%m') || '/' || strftime(sf_period_end(s), '%Y-%m')",
      cases,
    );
    expect(starts).toEqual([
      '2010-07/2010-08',
      '2002-08/2002-09',
      '2021-01/2021-04',
      '2018-04/2018-07',
      '2001-01/2002-01',
      '1950-01/1951-01',
      '2010-01/2010-02',
      '2016-07/2016-08',
      '2017-02/2017-03',
      '1999-01/1999-02',
      '2015-01/2015-02',
    ]);
    const periodLike = fc.oneof(digits(4, 4), digits(6, 6), digits(5, 5), noisy);
    await agree(
      "CAST(sf_period_start(s) AS VARCHAR) || '/' || CAST(sf_period_end(s) AS VARCHAR)",
      (s) => {
        const p = ref.urssafPeriod(s);
        return p ? `${p[0]}/${p[1]}` : null;
      },
      fc.array(periodLike, { maxLength: 30 }),
    );
  });

  it('DDMonYYYY with English months in any case', async () => {
    expect(
      await sqlMap('CAST(sf_date_dmony(s) AS VARCHAR)', [
        '24FEB2014',
        '04Oct2017',
        '26may2014',
        '31FEB2014',
        '4FEB2014',
      ]),
    ).toEqual(['2014-02-24', '2017-10-04', '2014-05-26', null, null]);
    const like = fc
      .tuple(
        digits(2, 2),
        fc.constantFrom(
          'JAN',
          'feb',
          'Mar',
          'aPr',
          'MAY',
          'jun',
          'JUL',
          'aug',
          'SEP',
          'oct',
          'Nov',
          'DEC',
          'FOO',
          'JANV',
        ),
        digits(4, 4),
      )
      .map((t) => t.join(''));
    await agree('CAST(sf_date_dmony(s) AS VARCHAR)', ref.ddMonYyyy, fc.array(fc.oneof(like, noisy), { maxLength: 30 }));
  });

  it('DD/MM/YYYY', async () => {
    const like = fc.tuple(digits(2, 2), digits(2, 2), digits(4, 4)).map(([d, m, y]) => `${d}/${m}/${y}`);
    await agree('CAST(sf_date_dmy(s) AS VARCHAR)', ref.dmy, fc.array(fc.oneof(like, noisy), { maxLength: 30 }));
  });

  it('numbers: dot decimals, comma decimals, cents', async () => {
    const num = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e9, max: 1e9 }).map(String),
      fc.integer().map(String),
      fc.tuple(fc.integer({ min: -99999, max: 99999 }), digits(1, 3)).map(([a, b]) => `${a},${b}`),
      noisy,
    );
    await agree('sf_float(s)', ref.float, fc.array(num, { maxLength: 30 }));
    await agree('sf_comma_float(s)', ref.commaFloat, fc.array(num, { maxLength: 30 }));
    await agree('CAST(sf_int(s) AS DOUBLE)', ref.int, fc.array(num, { maxLength: 30 }));
    const headcount = fc.oneof(
      digits(1, 20),
      fc.tuple(digits(1, 3), fc.constantFrom(' ', '\u00a0', '\u202f'), digits(3, 3)).map((p) => p.join('')),
      num,
    );
    await agree('sf_effectif(s)', ref.effectif, fc.array(headcount, { maxLength: 30 }));
    expect(await sqlMap('sf_cents(s)', ['12345', '500.5', '', 'x'])).toEqual([123.45, 5.005, null, null]);
    const edges = ['1e3', '+1.5', '.5', '5.', '1.2.3', '1e', 'e5', '--1', 'Inf', 'NaN', '1_000', ' 1', '1 ', '0x10'];
    expect(await sqlMap('sf_float(s)', [...edges, '1e400', '-1e400', '.', '+.5', '5.e3'])).toEqual(
      [...edges, '1e400', '-1e400', '.', '+.5', '5.e3'].map(ref.float),
    );
  });

  it('SIREN/SIRET check digits, La Poste rule and pseudo-SIRETs', async () => {
    await agree('sf_luhn(s)', ref.luhn, fc.array(fc.oneof(digits(9, 9), digits(14, 14)), { maxLength: 30 }));
    const laPoste = digits(5, 5).map((nic) => `356000000${nic}`);
    await agree(
      'sf_siret_check_ok(s)',
      ref.siretCheckOk,
      fc.array(fc.oneof(laPoste, digits(14, 14)), { maxLength: 30 }),
    );
    expect(await sqlMap('sf_luhn(s)', ['732829320', '73282932000074', '356000000'])).toEqual([true, true, true]);
    expect(await sqlMap('sf_pseudo_siret(s)', ['12345678950001', '12345678900001'])).toEqual([true, false]);
  });
});
