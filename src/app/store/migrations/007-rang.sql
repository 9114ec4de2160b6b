-- Each list row's rank in its list's order (red first, then by probability, then SIRET), written at publish: a
-- department's page is read from an index in that order and stops once the page is full, instead of sorting every
-- row of the department at each request. The index replaces `alerte_departement`, whose columns it starts with.
ALTER TABLE alerte ADD COLUMN rang integer;
UPDATE alerte a SET rang = r.rang
  FROM (SELECT liste_id, siret,
               row_number() OVER (PARTITION BY liste_id ORDER BY (alert = 'fort') DESC, probability DESC, siret) AS rang
        FROM alerte) r
 WHERE r.liste_id = a.liste_id AND r.siret = a.siret;
ALTER TABLE alerte ALTER COLUMN rang SET NOT NULL;
CREATE INDEX alerte_rang ON alerte (liste_id, departement, rang);
DROP INDEX alerte_departement;
