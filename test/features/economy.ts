import type { Warehouse } from '../../src/warehouse/db.ts';
import { fill } from './fixture.ts';

/**
 * A deterministic toy economy written straight into the clean-layer tables of the contract, in SQL, so that it
 * scales from a test (dozens of companies) to the benchmark (hundreds of thousands). Randomness comes from
 * hashes of (company, month, salt), hence identical on every run. Every source has gaps, sparse debt events,
 * quarterly contributions, late-filed accounts and judgments, to exercise the panel's time rules.
 */
export interface EconomyOptions {
  companies: number;
  /** Months `YYYY-MM`, both included. */
  from: string;
  to: string;
}

/** A uniform number in [0, 1) from a company/month and a salt. */
const u = (salt: string, ...keys: string[]) => `((hash(${keys.join(', ')}, '${salt}') % 1000003) / 1000003.0)`;

export async function economy(wh: Warehouse, { companies, from, to }: EconomyOptions): Promise<void> {
  await fill(wh, { delivery_info: [{ last_month: to }] });
  const s = (sql: string) => wh.run(sql);
  await s(`CREATE TEMP TABLE eco_c AS
    SELECT lpad(CAST(i AS VARCHAR), 9, '0') AS siren, i,
      date_add(DATE '1995-01-01', INTERVAL (CAST(${u('creation', 'i')} * 300 AS INTEGER)) MONTH) AS creation,
      5 + floor(${u('taille', 'i')} * 60) AS taille,
      ${u('trimestriel', 'i')} < 0.3 AS trimestriel,
      CASE WHEN ${u('faillite', 'i')} < 0.12
        THEN date_add(DATE '${from}-01', INTERVAL (CAST(${u('quand', 'i')} * 60 AS INTEGER) * 30 + 9) DAY) END AS jugement
    FROM range(1, ${companies + 1}) t(i)`);
  await s(`CREATE TEMP TABLE eco_m AS
    SELECT c.*, d AS periode, CAST(year(d) * 12 + month(d) AS INTEGER) AS mm
    FROM eco_c c, (SELECT unnest(generate_series(DATE '${from}-01', DATE '${to}-01', INTERVAL 1 MONTH))::DATE AS d)
    WHERE d >= date_trunc('month', c.creation) AND (c.jugement IS NULL OR d < c.jugement + INTERVAL 8 MONTH)`);
  await s(`INSERT INTO clean_perimetre
    SELECT siren, ${u('exclu', 'i')} >= 0.04, CASE WHEN ${u('exclu', 'i')} < 0.04 THEN 'naf_exclu' END, false FROM eco_c`);
  await s(`INSERT INTO clean_entreprise
    SELECT siren, CASE WHEN i % 5 = 0 THEN '5499' ELSE '5710' END, chr(65 + CAST(i % 6 AS INTEGER)),
      lpad(CAST(10 + i % 80 AS VARCHAR), 2, '0'), creation, siren || '00015', lpad(CAST(1 + i % 95 AS VARCHAR), 2, '0'),
      CAST(11 + i % 84 AS VARCHAR) FROM eco_c`);
  await s(`INSERT INTO clean_etablissement
    SELECT siren || lpad(CAST(10 + k * 5 AS VARCHAR), 5, '0'), siren, date_add(creation, INTERVAL (k * 30) MONTH)
    FROM eco_c, range(0, 3) t(k) WHERE k = 0 OR ${u('etab', 'i', 'k')} < 0.4`);
  // A quarter of the companies grow from a fifth of their size, crossing the 10-employee perimeter threshold.
  const growth = `CASE WHEN i % 4 = 0 THEN 0.2 + (mm - year(DATE '${from}-01') * 12) / 60.0 ELSE 1 END`;
  const effectif = `taille * ${growth} * (1 + 0.3 * sin(mm / 7.0 + i)) * CASE WHEN jugement IS NOT NULL AND periode > jugement - INTERVAL 12 MONTH THEN 0.6 ELSE 1 END`;
  await s(`INSERT INTO clean_effectif_ent
    SELECT siren, periode, round(${effectif}) FROM eco_m WHERE ${u('eff', 'i', 'mm')} > 0.15`);
  await s(`INSERT INTO clean_effectif
    SELECT siren || '00015', periode, round(0.7 * ${effectif}) FROM eco_m WHERE ${u('effs', 'i', 'mm')} > 0.2`);
  await s(`INSERT INTO clean_cotisation
    SELECT siren || '00015', periode,
      CASE WHEN trimestriel THEN round(taille * 1200 / 3, 2) ELSE round(${effectif} * 410, 2) END
    FROM eco_m WHERE ${u('cot', 'i', 'mm')} > 0.05`);
  // Sparse debt events (a new outstanding amount, sometimes back to 0), on two accounts of some companies.
  await s(`INSERT INTO clean_debit
    SELECT siren || CASE WHEN k = 0 THEN '00015' ELSE '00025' END, periode,
      CASE WHEN ${u('solde', 'i', 'mm', 'k')} < 0.3 THEN 0 ELSE round(${u('po', 'i', 'mm', 'k')} * taille * 300, 2) END,
      CASE WHEN ${u('solde', 'i', 'mm', 'k')} < 0.3 THEN 0 ELSE round(${u('pp', 'i', 'mm', 'k')} * taille * 700, 2) END
    FROM eco_m, range(0, 2) t(k)
    WHERE ${u('dette', 'i', 'mm', 'k')} < CASE WHEN jugement IS NOT NULL AND periode > jugement - INTERVAL 15 MONTH THEN 0.5 ELSE 0.06 END`);
  await s(`INSERT INTO clean_delai
    SELECT siren || '00015', periode, round(taille * 900, 2) FROM eco_m WHERE ${u('delai', 'i')} < 0.1 AND mm % 17 < 6`);
  await s(`INSERT INTO clean_ccsf
    SELECT siren || '00015', periode, true FROM eco_m WHERE ${u('ccsf', 'i')} < 0.05 AND mm % 13 < 4`);
  await s(`INSERT INTO clean_ap
    SELECT siren || '00015', periode, round(${u('aph', 'i', 'mm')} * taille * 40, 1), round(${u('aph', 'i', 'mm')} * taille * 40 / 151.67, 3),
      round(taille * 0.5, 3)
    FROM eco_m WHERE periode >= DATE '${from}-01' + INTERVAL 14 MONTH AND ${u('ap', 'i')} < 0.2 AND ${u('apm', 'i', 'mm')} < 0.5`);
  // Yearly accounts closing in December (some in June), filed 7 months later; a few years never filed.
  await s(`INSERT INTO clean_comptes
    SELECT siren, cloture, date_trunc('month', cloture) + INTERVAL 7 MONTH,
      ${[
        `round(taille * 90000 * (0.7 + ${u('ca', 'i', 'y')}))`,
        `round(taille * 9000 * (${u('ebe', 'i', 'y')} - 0.3))`,
        `round(taille * 4000 * (${u('rn', 'i', 'y')} - 0.4))`,
      ].join(', ')},
      ${Array.from({ length: 14 }, (_, j) => `round(100 * ${u(`r${j}`, 'i', 'y')}, 2)`).join(', ')}
    FROM (SELECT *, make_date(CAST(y AS BIGINT), CASE WHEN i % 7 = 0 THEN 6 ELSE 12 END, CASE WHEN i % 7 = 0 THEN 30 ELSE 31 END) AS cloture
          FROM eco_c, range(year(DATE '${from}-01') - 2, year(DATE '${to}-01')) t(y))
    WHERE cloture >= creation AND ${u('depot', 'i', 'y')} > 0.1 AND (jugement IS NULL OR cloture < jugement)`);
  await s(`INSERT INTO clean_paydex
    SELECT siren, periode, round(${u('pdx', 'i', 'mm')} * 40 + (i % 9) * 3, 1), round(${u('f30', 'i', 'mm')} * 60, 1),
      round(${u('f90', 'i', 'mm')} * 20, 1)
    FROM eco_m WHERE ${u('paydex', 'i')} < 0.7 AND ${u('pdxm', 'i', 'mm')} < 0.6`);
  await s(`INSERT INTO clean_premier_jugement SELECT siren, jugement FROM eco_c WHERE jugement IS NOT NULL`);
  await s('DROP TABLE eco_m');
  await s('DROP TABLE eco_c');
}

/**
 * Cuts the store as a delivery made at the end of month `t` would be: nothing dated after `t`, accounts
 * filed by `t`, establishments and companies created by `t`, judgments pronounced by `t`.
 */
export async function cutAt(wh: Warehouse, t: string): Promise<void> {
  const next = `DATE '${t}-01' + INTERVAL 1 MONTH`;
  for (const table of [
    'clean_effectif',
    'clean_effectif_ent',
    'clean_debit',
    'clean_cotisation',
    'clean_delai',
    'clean_ccsf',
    'clean_ap',
    'clean_paydex',
  ])
    await wh.run(`DELETE FROM ${table} WHERE periode >= ${next}`);
  await wh.run(`DELETE FROM clean_comptes WHERE disponible_le >= ${next}`);
  await wh.run(`DELETE FROM clean_premier_jugement WHERE date_jugement >= ${next}`);
  await wh.run(`DELETE FROM clean_etablissement WHERE date_creation >= ${next}`);
  await wh.run(
    `DELETE FROM clean_perimetre WHERE siren IN (SELECT siren FROM clean_entreprise WHERE date_creation >= ${next})`,
  );
  await wh.run(`DELETE FROM clean_entreprise WHERE date_creation >= ${next}`);
  await wh.run(`UPDATE delivery_info SET last_month = DATE '${t}-01'`);
}
