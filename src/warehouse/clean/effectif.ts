/**
 * Headcount per establishment and per company and month. One SIRET may hold several URSSAF accounts (one row
 * each): their headcounts add up. A SIREN line repeated in the company file is counted once (the largest).
 */
export const CLEAN_EFFECTIF = `
CREATE OR REPLACE TABLE clean_effectif AS
SELECT siret, periode, sum(effectif) AS effectif FROM raw_effectif GROUP BY siret, periode`;

export const CLEAN_EFFECTIF_ENT = `
CREATE OR REPLACE TABLE clean_effectif_ent AS
SELECT siren, periode, max(effectif) AS effectif FROM raw_effectif_ent GROUP BY siren, periode`;
