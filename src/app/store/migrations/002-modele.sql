-- The model card of each list (metrics, thresholds, sizes from the training report), shown on the help page.
ALTER TABLE liste ADD COLUMN modele jsonb;
