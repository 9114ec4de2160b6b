import { WORK } from './context.ts';
import type { Family } from './family.ts';
import { companyKey, eventsOnGrid, mi } from './sql.ts';

/**
 * Context from Sirene: sector, place and legal category of the company (current register values), its age
 * and its number of establishments at the month (those created by then; closures are not dated in the clean
 * layer). The head-office share of headcount is computed with the headcount family (`part_effectif_siege`).
 */
export const contexte: Family = {
  prepare: ({ src }) => [
    `CREATE TABLE ${WORK}.etablissements AS
       SELECT id, m, sum(count(*)) OVER (PARTITION BY id ORDER BY m) AS n
       FROM (SELECT k.id, coalesce(${mi('date_creation')}, -1) AS m FROM ${src.clean_etablissement} ${companyKey('siren')})
       GROUP BY id, m`,
  ],
  joins: (rows) => [
    `LEFT JOIN ${eventsOnGrid(rows, 'etablissements', 'max(n) AS n')} ce ON ce.id = g.id AND ce.m = g.m`,
  ],
  raw: () => ({ c_etablissement_cree: 'ce.n' }),
  filled: { c_etablissements: 'max(c_etablissement_cree) OVER (w ROWS UNBOUNDED PRECEDING)' },
  windowed: () => ({ nb_etablissements: 'c_etablissements' }),
  outer: () => ({
    naf_section: 'c.naf_section',
    naf_division: 'c.naf_division',
    departement: 'c.departement_siege',
    region: 'c.region_siege',
    categorie_juridique: 'c.categorie_juridique',
    age_entreprise: 'round((p.m - c.m_creation) / 12.0, 2)',
  }),
};
