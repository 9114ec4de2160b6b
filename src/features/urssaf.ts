import { PUBLICATION_LAG, URSSAF_LAGS, URSSAF_MEANS } from './catalogue.ts';
import { WORK } from './context.ts';
import type { Family } from './family.ts';
import { companyKey, eventsOnGrid, knownFrom, lag, mean, mi, ratio } from './sql.ts';

const dette = '(dette_ouvriere + dette_patronale)';
const parEffectif = ratio(dette, 'effectif');
/** Contributions count from their publication (PUBLICATION_LAG); debt events from their own month. */
const known = knownFrom('periode', PUBLICATION_LAG.cotisation.months);

/**
 * URSSAF: contributions called and social debt, summed over the company's SIRETs.
 * Debt is a stock: each SIRET's last known amount holds until its next movement. We turn each SIRET's amounts
 * into movements and take their running sum over the company's month grid, which forward-fills correctly
 * whether `clean_debit` is dense or has event months only.
 * Once the company is known to URSSAF (first contribution or debit month), no debt is a fact: 0, not NULL.
 */
export const urssaf: Family = {
  prepare: ({ src, end }) => [
    `CREATE TABLE ${WORK}.cotisation AS
       SELECT k.id, ${known} AS m, sum(cotisation) AS cotisation
       FROM ${src.clean_cotisation} ${companyKey('left(siret, 9)')} WHERE ${known} <= ${end} GROUP BY ALL`,
    `CREATE TABLE ${WORK}.debit AS
       WITH d AS (
         SELECT k.id, siret, ${mi('periode')} AS m,
                coalesce(dette_ouvriere, 0) AS o, coalesce(dette_patronale, 0) AS p
         FROM ${src.clean_debit} ${companyKey('left(siret, 9)')} WHERE ${mi('periode')} <= ${end}),
       moves AS (
         SELECT id, m, o - coalesce(lag(o) OVER s, 0) AS dm_o, p - coalesce(lag(p) OVER s, 0) AS dm_p
         FROM d WINDOW s AS (PARTITION BY siret ORDER BY m))
       SELECT id, m, sum(dm_o) AS dm_o, sum(dm_p) AS dm_p FROM moves GROUP BY id, m`,
    `CREATE TABLE ${WORK}.urssaf_debut AS
       SELECT id, min(m) AS m FROM (SELECT id, m FROM ${WORK}.cotisation UNION ALL SELECT id, m FROM ${WORK}.debit)
       GROUP BY id`,
    `CREATE TABLE ${WORK}.delai AS
       SELECT k.id, ${mi('periode')} AS m, sum(montant_echeancier) AS montant
       FROM ${src.clean_delai} ${companyKey('left(siret, 9)')} GROUP BY ALL`,
    `CREATE TABLE ${WORK}.ccsf AS
       SELECT DISTINCT k.id, ${mi('periode')} AS m FROM ${src.clean_ccsf} ${companyKey('left(siret, 9)')} WHERE ccsf_en_cours`,
  ],
  joins: (rows) => [
    `LEFT JOIN ${rows('cotisation')} uc ON uc.id = g.id AND uc.m = g.m`,
    `LEFT JOIN ${eventsOnGrid(rows, 'debit', 'sum(dm_o) AS dm_o, sum(dm_p) AS dm_p')} ud ON ud.id = g.id AND ud.m = g.m`,
    `LEFT JOIN ${rows('urssaf_debut')} u0 ON u0.id = g.id`,
    `LEFT JOIN ${rows('delai')} ul ON ul.id = g.id AND ul.m = g.m`,
    `LEFT JOIN ${rows('ccsf')} uf ON uf.id = g.id AND uf.m = g.m`,
  ],
  raw: () => ({
    cotisation: 'uc.cotisation',
    u_connu: 'g.m >= u0.m',
    u_dm_o: 'ud.dm_o',
    u_dm_p: 'ud.dm_p',
    delai_en_cours: 'CASE WHEN ul.id IS NOT NULL THEN 1 WHEN g.m >= u0.m THEN 0 END',
    u_delai_montant: 'CASE WHEN ul.id IS NOT NULL THEN ul.montant WHEN g.m >= u0.m THEN 0 END',
    ccsf_en_cours: 'CASE WHEN uf.id IS NOT NULL THEN 1 WHEN g.m >= u0.m THEN 0 END',
  }),
  filled: {
    dette_ouvriere: `CASE WHEN u_connu THEN round(coalesce(sum(u_dm_o) OVER (w ROWS UNBOUNDED PRECEDING), 0), 2) END`,
    dette_patronale: `CASE WHEN u_connu THEN round(coalesce(sum(u_dm_p) OVER (w ROWS UNBOUNDED PRECEDING), 0), 2) END`,
  },
  windowed: () => {
    const cols: Record<string, string> = {};
    for (const v of ['cotisation', 'dette_ouvriere', 'dette_patronale']) {
      cols[v] = v;
      for (const n of URSSAF_MEANS) cols[`${v}_mean${n}m`] = mean(v, n);
      for (const k of URSSAF_LAGS) cols[`${v}_lag${k}m`] = lag(v, k);
    }
    cols.dette_par_effectif = parEffectif;
    cols.dette_par_effectif_var3m = `${parEffectif} - ${lag(parEffectif, 3)}`;
    cols.mois_depuis_sans_dette = `m - max(CASE WHEN ${dette} = 0 THEN m END) OVER (w ROWS UNBOUNDED PRECEDING)`;
    cols.delai_en_cours = 'delai_en_cours';
    cols.u_delai_montant = 'u_delai_montant';
    cols.ccsf_en_cours = 'ccsf_en_cours';
    return cols;
  },
  // Ratios to the 12-month mean from its column, not from a second window each.
  outer: () => ({
    dette_sur_cotisation_mean12m: ratio('p.dette_ouvriere + p.dette_patronale', 'p.cotisation_mean12m'),
    delai_montant_sur_cotisation: `CASE WHEN p.delai_en_cours = 0 THEN 0 ELSE ${ratio('p.u_delai_montant', 'p.cotisation_mean12m')} END`,
  }),
};
