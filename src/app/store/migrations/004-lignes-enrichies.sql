-- Figures of list and search rows, per company and list, as known at the list's month.
-- Public accounts: turnover, its change on the previous fiscal year (ratio), EBE.
ALTER TABLE prediction ADD COLUMN chiffre_d_affaires double precision;
ALTER TABLE prediction ADD COLUMN ca_variation double precision;
ALTER TABLE prediction ADD COLUMN ebe double precision;
-- Confidential flags, served only through regle_acces: 'dgefp' for ap, 'urssaf' for urssaf_hausse.
ALTER TABLE prediction ADD COLUMN ap boolean;
ALTER TABLE prediction ADD COLUMN urssaf_hausse boolean;

-- Legal categories (INSEE), for the cards' wording.
CREATE TABLE categorie_juridique (code text PRIMARY KEY, libelle text NOT NULL);
