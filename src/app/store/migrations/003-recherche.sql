-- SIREN/SIRET prefix search (LIKE 'nnn%') can use these whatever the database collation.
CREATE INDEX etablissement_siret_prefixe ON etablissement (siret text_pattern_ops);
CREATE INDEX etablissement_siren_prefixe ON etablissement (siren text_pattern_ops);
