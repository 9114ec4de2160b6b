-- Each list row's members that are the same for every viewer, as JSON text written at publish
-- (`LIGNES` in src/app/listes/filtres.ts): a page puts them together with the viewer's members instead of
-- serialising every column of every row at each read. Rows of lists published before get it when the store opens.
ALTER TABLE alerte ADD COLUMN ligne text;
-- Rows without their text: only inside a publish's transaction, or after this migration until the store's opening
-- has written it (the opening looks here).
CREATE INDEX alerte_sans_ligne ON alerte (liste_id) WHERE ligne IS NULL;
