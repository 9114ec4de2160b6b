-- List rows carry what a page shows of them (the establishment's town and the company's figures of the list,
-- as in `prediction`), so that a page is read from `alerte` alone, without two index lookups per row.
ALTER TABLE alerte ADD COLUMN commune text;
ALTER TABLE alerte ADD COLUMN chiffre_d_affaires double precision;
ALTER TABLE alerte ADD COLUMN ca_variation double precision;
ALTER TABLE alerte ADD COLUMN ebe double precision;
ALTER TABLE alerte ADD COLUMN ap boolean;
ALTER TABLE alerte ADD COLUMN urssaf_hausse boolean;
UPDATE alerte a SET commune = t.commune FROM etablissement t WHERE t.siret = a.siret;
UPDATE alerte a SET chiffre_d_affaires = p.chiffre_d_affaires, ca_variation = p.ca_variation, ebe = p.ebe,
                    ap = p.ap, urssaf_hausse = p.urssaf_hausse
  FROM prediction p WHERE p.liste_id = a.liste_id AND p.siren = a.siren;
