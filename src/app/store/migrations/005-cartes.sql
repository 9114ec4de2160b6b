-- The cards' blocks as JSON text, built from the tables above by every publish (src/app/cartes/blocs.ts):
-- a card is then one row lookup plus the viewer's rights and follow-ups, instead of a dozen aggregates per read.
-- Kept as text, not json: the server passes it through without parsing it.
CREATE TABLE carte_entreprise (
  siren text PRIMARY KEY,
  mensuel text NOT NULL,           -- [{periode, effectif}] of the company
  procol_evenements text NOT NULL, -- open
  exercices text NOT NULL,         -- open: public statements
  score text NOT NULL,             -- confidential blocks, each served only under regle_acces
  urssaf text NOT NULL,
  dgefp text NOT NULL,
  bdf text NOT NULL
);
CREATE TABLE carte_etablissement (
  siret text PRIMARY KEY,
  mensuel text NOT NULL,           -- [{periode, effectif}] of the establishment
  urssaf text NOT NULL,
  dgefp text NOT NULL
);
