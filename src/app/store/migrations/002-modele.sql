-- The model card of each list (metrics, thresholds, sizes from the training report), shown on the help page.
ALTER TABLE liste ADD COLUMN modele jsonb;

-- sf predict writes feature values as text (numbers, categories or "NA"): keep them as written.
ALTER TABLE prediction_variable ALTER COLUMN valeur TYPE text;
