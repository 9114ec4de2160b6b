import { FINANCE_VALUES } from './catalogue.ts';
import { WORK } from './context.ts';
import type { Family } from './family.ts';
import { companyKey, eventsOnGrid, mi, ratio } from './sql.ts';

/**
 * Financial health, as known at the month: a fiscal year counts only from its `disponible_le` month (closing
 * month + 7, computed by the clean layer), never from inside the year (the reference's leak, caveat C2).
 * At every month where some accounts become available we record the latest and the previous known fiscal
 * years; panel months take the last such state. Ratios are used as published, not divided by the
 * length of the year (caveat C1).
 */
const names = FINANCE_VALUES.map((v) => v.name);

export const finance: Family = {
  prepare: ({ src, end }) => [
    `CREATE TABLE ${WORK}.comptes AS
       WITH c AS (
         SELECT k.id, date_cloture, ${mi('date_cloture')} AS m_cloture, ${mi('disponible_le')} AS m_dispo, ${names.join(', ')}
         FROM ${src.clean_comptes} ${companyKey('siren')} WHERE ${mi('disponible_le')} <= ${end}),
       ev AS (SELECT DISTINCT id, m_dispo AS m FROM c),
       known AS (
         SELECT ev.m, c.*, row_number() OVER (PARTITION BY c.id, ev.m ORDER BY c.date_cloture DESC) AS rang
         FROM ev JOIN c ON c.id = ev.id AND c.m_dispo <= ev.m)
       SELECT id, m,
              max(m_cloture) FILTER (WHERE rang = 1) AS m_cloture,
              max(m_cloture) FILTER (WHERE rang = 2) AS m_cloture_n1,
              ${names.map((n) => `max(${n}) FILTER (WHERE rang = 1) AS ${n}`).join(', ')},
              ${names.map((n) => `max(${n}) FILTER (WHERE rang = 2) AS ${n}_n1`).join(', ')}
       FROM known WHERE rang <= 2 GROUP BY id, m`,
  ],
  joins: (rows) => [
    `LEFT JOIN ${eventsOnGrid(rows, 'comptes', 'max(x.m) AS event')} fe ON fe.id = g.id AND fe.m = g.m`,
  ],
  raw: () => ({ f_event: 'fe.event' }),
  // The state of the latest availability event up to the month.
  filled: { f_m: 'max(f_event) OVER (w ROWS UNBOUNDED PRECEDING)' },
  windowed: () => ({ f_m: 'f_m' }),
  outerJoins: (rows) => [`LEFT JOIN ${rows('comptes')} fc ON fc.id = p.id AND fc.m = p.f_m`],
  outer: () => {
    const annual = 'fc.m_cloture - fc.m_cloture_n1 BETWEEN 6 AND 18';
    return {
      ...Object.fromEntries(names.flatMap((n) => [[n, `fc.${n}`]])),
      ...Object.fromEntries(names.map((n) => [`${n}_n1`, `fc.${n}_n1`])),
      croissance_chiffre_d_affaires: `CASE WHEN ${annual} THEN ${ratio('fc.chiffre_d_affaires', 'fc.chiffre_d_affaires_n1')} - 1 END`,
      croissance_ebe: `CASE WHEN ${annual} THEN ${ratio('fc.ebe - fc.ebe_n1', 'abs(fc.ebe_n1)')} END`,
      anciennete_comptes: 'p.m - fc.m_cloture',
    };
  },
};
