/**
 * `clean_debit`: the social debt of each SIRET at each month, forward-filled (sources.md §8.2 with the
 * historical fill of §9.2). An ECN (écart négatif) is keyed by (siret, account, contribution period, Num_Ecn);
 * within one month (day-20 rule) its latest history line wins; each state holds until the ECN's next state,
 * the last one until `delivery_info.last_month`. Computed as running sums of state changes per SIRET, so the
 * cost is the number of events, not events × months. One window over each ECN's lines, ordered by month then
 * history, finds both: a month's winning line is the last of its month, and the line after it opens the next
 * state (one window instead of two sorts the lines once).
 */
export const CLEAN_DEBIT = `
CREATE OR REPLACE TABLE clean_debit AS
WITH lines AS (
  SELECT siret, periode_prise_en_compte AS m, part_ouvriere AS po, part_patronale AS pp,
    lead(periode_prise_en_compte) OVER (
      PARTITION BY siret, numero_compte, periode_debut, periode_fin, numero_ecart_negatif
      ORDER BY periode_prise_en_compte, numero_historique_ecart_negatif, date_traitement, line, batch_id) AS m_after
  FROM raw_debit
), chained AS (
  SELECT siret, m, po, pp, m_after AS m_next FROM lines WHERE m_after IS DISTINCT FROM m
), deltas AS (
  SELECT siret, m, po, pp FROM chained
  UNION ALL
  SELECT siret, m_next, -po, -pp FROM chained WHERE m_next IS NOT NULL
), events AS (
  SELECT siret, m, sum(po) AS po, sum(pp) AS pp FROM deltas GROUP BY siret, m
), running AS (
  SELECT siret, m,
    sum(po) OVER w AS po, sum(pp) OVER w AS pp,
    lead(m) OVER (PARTITION BY siret ORDER BY m) AS m_next
  FROM events WINDOW w AS (PARTITION BY siret ORDER BY m ROWS UNBOUNDED PRECEDING)
)
SELECT siret, CAST(p AS DATE) AS periode, round(po, 2) AS dette_ouvriere, round(pp, 2) AS dette_patronale
FROM running, delivery_info,
  LATERAL unnest(generate_series(m, coalesce(m_next - INTERVAL 1 MONTH, greatest(last_month, m)), INTERVAL 1 MONTH)) AS t(p)`;
