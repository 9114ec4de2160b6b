import { PUBLICATION_LAG, URSSAF_LAGS, URSSAF_MEANS } from './catalogue.ts';
import { WORK } from './context.ts';
import type { Family } from './family.ts';
import { eventsOnGrid, knownFrom, lag, mean, mi, ratio } from './sql.ts';

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
       SELECT left(siret, 9) AS siren, ${known} AS m, sum(cotisation) AS cotisation
       FROM ${src.clean_cotisation} WHERE ${known} <= ${end} GROUP BY ALL`,
    `CREATE TABLE ${WORK}.debit AS
       WITH d AS (
         SELECT left(siret, 9) AS siren, siret, ${mi('periode')} AS m,
                coalesce(dette_ouvriere, 0) AS o, coalesce(dette_patronale, 0) AS p
         FROM ${src.clean_debit} WHERE ${mi('periode')} <= ${end}),
       moves AS (
         SELECT siren, m, o - coalesce(lag(o) OVER s, 0) AS dm_o, p - coalesce(lag(p) OVER s, 0) AS dm_p
         FROM d WINDOW s AS (PARTITION BY siret ORDER BY m))
       SELECT siren, m, sum(dm_o) AS dm_o, sum(dm_p) AS dm_p FROM moves GROUP BY siren, m`,
    `CREATE TABLE ${WORK}.urssaf_debut AS
       SELECT siren, min(m) AS m FROM (SELECT siren, m FROM ${WORK}.cotisation UNION ALL SELECT siren, m FROM ${WORK}.debit)
       GROUP BY siren`,
    `CREATE TABLE ${WORK}.delai AS
       SELECT left(siret, 9) AS siren, ${mi('periode')} AS m, sum(montant_echeancier) AS montant
       FROM ${src.clean_delai} GROUP BY ALL`,
    `CREATE TABLE ${WORK}.ccsf AS
       SELECT DISTINCT left(siret, 9) AS siren, ${mi('periode')} AS m FROM ${src.clean_ccsf} WHERE ccsf_en_cours`,
  ],
  joins: () => [
    `LEFT JOIN ${WORK}.cotisation uc ON uc.siren = g.siren AND uc.m = g.m`,
    `LEFT JOIN ${eventsOnGrid('debit', 'sum(dm_o) AS dm_o, sum(dm_p) AS dm_p')} ud ON ud.siren = g.siren AND ud.m = g.m`,
    `LEFT JOIN ${WORK}.urssaf_debut u0 ON u0.siren = g.siren`,
    `LEFT JOIN ${WORK}.delai ul ON ul.siren = g.siren AND ul.m = g.m`,
    `LEFT JOIN ${WORK}.ccsf uf ON uf.siren = g.siren AND uf.m = g.m`,
  ],
  raw: () => ({
    cotisation: 'uc.cotisation',
    u_connu: 'g.m >= u0.m',
    u_dm_o: 'ud.dm_o',
    u_dm_p: 'ud.dm_p',
    delai_en_cours: 'CASE WHEN ul.siren IS NOT NULL THEN 1 WHEN g.m >= u0.m THEN 0 END',
    u_delai_montant: 'CASE WHEN ul.siren IS NOT NULL THEN ul.montant WHEN g.m >= u0.m THEN 0 END',
    ccsf_en_cours: 'CASE WHEN uf.siren IS NOT NULL THEN 1 WHEN g.m >= u0.m THEN 0 END',
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
