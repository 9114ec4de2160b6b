// How well the generated economy separates companies that fail from the others, computed from the delivery
// files and `_truth/` only (no code from src/sources or src/features: an independent check of the generator).
// Target: the first opening judgment within the next 18 months, for months ≤ `last`, companies already in a
// procedure excluded. Run directly: `npx tsx test/synth/separation.ts <delivery dir> [last YYYY-MM]`.
import { join } from 'node:path';
import { Warehouse } from '../../src/warehouse/db.ts';

export interface Separation {
  rows: number;
  positives: number;
  /** ROC AUC and average precision of each score; `observed` scores come from the raw files. */
  scores: Record<string, { auc: number; ap: number; rows: number }>;
}

/** ROC AUC (ties counted half) and average precision of `score` against `label`. */
export function rocAp(score: Float64Array, label: Uint8Array): { auc: number; ap: number } {
  const order = Array.from(score.keys()).sort((a, b) => score[b] - score[a]);
  const pos = label.reduce((s, v) => s + v, 0);
  const neg = label.length - pos;
  let tp = 0;
  let fp = 0;
  let area = 0;
  let ap = 0;
  for (let i = 0; i < order.length; ) {
    let j = i;
    let dtp = 0;
    let dfp = 0;
    while (j < order.length && score[order[j]] === score[order[i]]) {
      if (label[order[j]]) dtp++;
      else dfp++;
      j++;
    }
    area += dfp * (tp + dtp / 2);
    tp += dtp;
    fp += dfp;
    if (dtp > 0) ap += (dtp / pos) * (tp / (tp + fp));
    i = j;
  }
  return { auc: area / (pos * neg), ap };
}

const csv = (dir: string, file: string, extra = '') =>
  `read_csv('${join(dir, file).replaceAll("'", "''")}', all_varchar = true, header = true${extra})`;

/** The 18-month target joined to the truth scores and to simple observed signals. */
export async function separation(dir: string, last = '2021-12'): Promise<Separation> {
  const db = await Warehouse.open(':memory:');
  try {
    await db.run(`
      CREATE TABLE target AS
      SELECT r.siren, r.periode, r.latent::DOUBLE AS latent, r.hazard::DOUBLE AS hazard,
             r.proba_18m::DOUBLE AS proba, r.effectif::INT AS effectif,
             CASE WHEN c.date_ouverture IS NOT NULL AND
               date_diff('month', strptime(r.periode, '%Y-%m'), strptime(left(c.date_ouverture, 7), '%Y-%m'))
               BETWEEN 1 AND 18 THEN 1 ELSE 0 END AS y
      FROM ${csv(dir, '_truth/risk.csv')} r JOIN ${csv(dir, '_truth/companies.csv')} c USING (siren)
      WHERE r.periode <= '${last}' AND c.perimetre = '1'
        AND (c.date_ouverture IS NULL OR left(c.date_ouverture, 7) > r.periode)`);
    // Headcount by month from the wide URSSAF file (columns effYYYYQM: year, quarter, month in quarter).
    await db.run(`
      CREATE TABLE eff AS
      SELECT siren, printf('%s-%02d', substr(k, 4, 4), (substr(k, 8, 1)::INT - 1) * 3 + substr(k, 9, 1)::INT) AS periode,
             nullif(v, '')::DOUBLE AS eff
      FROM (UNPIVOT ${csv(dir, 'sigfaible_effectif_siren.csv', ", delim = ';'")} ON COLUMNS('^eff') INTO NAME k VALUE v)`);
    // Employer debt (Mt_PO, remaining balance of each ECN's last line booked by the month's end) over the average
    // monthly contributions due in the 12 months before (cotis_due per monthly or quarterly period).
    await db.run(`
      CREATE TABLE lines AS
      SELECT Siren AS siren, Siret || Periode || Num_Ecn AS ecn, Num_Hist_Ecn::INT AS hist, Mt_PO::DOUBLE / 100 AS po,
             make_date(2000 + substr(Dt_trt_ecn, 2, 2)::INT, substr(Dt_trt_ecn, 4, 2)::INT, substr(Dt_trt_ecn, 6, 2)::INT) AS d
      FROM ${csv(dir, 'sigfaible_debits.csv', ", delim = ';'")}`);
    await db.run(`
      CREATE TABLE cot AS
      SELECT left(Siret, 9) AS siren, 2000 + substr(periode, 1, 2)::INT AS y, substr(periode, 3, 1)::INT AS q,
             substr(periode, 4, 1)::INT AS m, replace(cotis_due, ',', '.')::DOUBLE AS due
      FROM ${csv(dir, 'sigfaible_cotisdues.csv', ", delim = ';', quote = ''")}`);
    await db.run(`
      CREATE TABLE months AS SELECT DISTINCT periode, last_day(strptime(periode, '%Y-%m')) AS eom FROM target`);
    await db.run(`
      CREATE TABLE debt AS
      WITH spans AS (
        SELECT siren, ecn, po, d, lead(d) OVER (PARTITION BY ecn ORDER BY hist) AS next FROM lines)
      SELECT s.siren, m.periode, sum(s.po) AS po
      FROM spans s JOIN months m ON s.d <= m.eom AND (s.next IS NULL OR s.next > m.eom)
      GROUP BY ALL`);
    await db.run(`
      CREATE TABLE monthly_due AS
      WITH per AS (
        SELECT siren, CASE WHEN m = 0 THEN due / 3 ELSE due END AS due,
               make_date(y, (q - 1) * 3 + greatest(m, 1), 1) AS first, CASE WHEN m = 0 THEN 3 ELSE 1 END AS len
        FROM cot)
      SELECT p.siren, m.periode, sum(p.due * p.len) / 12 AS due
      FROM per p JOIN months m ON p.first <= m.eom AND p.first > m.eom - INTERVAL 12 MONTH
      GROUP BY ALL`);
    // Payment delays: the last Altares value dated within the month; EBE margin: the last fiscal year closed at
    // least 7 months before (publication delay).
    await db.run(`
      CREATE TABLE paydex AS
      SELECT p.SIREN AS siren, m.periode, arg_max(p.NB_JOURS::DOUBLE, strptime(p.DATE_VALEUR, '%d/%m/%Y')) AS days
      FROM ${csv(dir, 'E_*_Retro-Paydex_*.csv', ", delim = ';'")} p
      JOIN months m ON strptime(p.DATE_VALEUR, '%d/%m/%Y') <= m.eom
        AND strptime(p.DATE_VALEUR, '%d/%m/%Y') > m.eom - INTERVAL 3 MONTH
      GROUP BY ALL`);
    await db.run(`
      CREATE TABLE ebe AS
      SELECT a.siren, m.periode, arg_max(a.marge_ebe::DOUBLE, a.date_cloture_exercice) AS marge
      FROM ${csv(dir, 'ratios_inpi_bce.csv', ", delim = ';'")} a
      JOIN months m ON strptime(a.date_cloture_exercice, '%Y%m%d') <= m.eom - INTERVAL 7 MONTH
        AND strptime(a.date_cloture_exercice, '%Y%m%d') > m.eom - INTERVAL 19 MONTH
      WHERE a.marge_ebe IS NOT NULL
      GROUP BY ALL`);
    const rows = await db.all<{
      y: number;
      proba: number;
      hazard: number;
      latent: number;
      debt: number | null;
      debt_ratio: number | null;
      eff_change: number | null;
      paydex: number | null;
      marge_ebe: number | null;
    }>(`
      SELECT t.y, t.proba, t.hazard, t.latent, coalesce(d.po, 0) AS debt,
             coalesce(d.po, 0) / nullif(md.due, 0) AS debt_ratio,
             e.eff / nullif(e12.eff, 0) - 1 AS eff_change, p.days AS paydex, b.marge AS marge_ebe
      FROM target t
      LEFT JOIN paydex p USING (siren, periode)
      LEFT JOIN ebe b USING (siren, periode)
      LEFT JOIN debt d USING (siren, periode)
      LEFT JOIN monthly_due md USING (siren, periode)
      LEFT JOIN eff e USING (siren, periode)
      LEFT JOIN eff e12 ON e12.siren = t.siren
        AND e12.periode = strftime(strptime(t.periode, '%Y-%m') - INTERVAL 12 MONTH, '%Y-%m')`);
    const scores: Separation['scores'] = {};
    const add = (name: string, pick: (r: (typeof rows)[number]) => number | null) => {
      const kept = rows.filter((r) => pick(r) !== null && Number.isFinite(pick(r)));
      const s = Float64Array.from(kept, (r) => pick(r) as number);
      const l = Uint8Array.from(kept, (r) => Number(r.y));
      scores[name] = { ...rocAp(s, l), rows: kept.length };
    };
    add('proba_18m', (r) => r.proba);
    add('hazard', (r) => r.hazard);
    add('latent', (r) => r.latent);
    add('debt', (r) => r.debt);
    add('debt_ratio', (r) => r.debt_ratio);
    add('eff_change_12m', (r) => (r.eff_change === null ? null : -r.eff_change));
    add('paydex', (r) => r.paydex);
    add('marge_ebe', (r) => (r.marge_ebe === null ? null : -r.marge_ebe));
    return { rows: rows.length, positives: rows.reduce((s, r) => s + Number(r.y), 0), scores };
  } finally {
    db.close();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await separation(process.argv[2], process.argv[3]);
  console.log(JSON.stringify(result, null, 2));
}
