-- The establishment rows of the cards, built from the published tables by every publish (src/app/cartes/rows.ts):
-- each row's JSON members as text, the confidential ones per data role, so that a card read puts them together
-- with the viewer's rights instead of joining five tables per establishment.
CREATE TABLE carte_ligne (
  siret text PRIMARY KEY,
  siren text NOT NULL,
  rang integer NOT NULL,  -- order in the card: head office first, then by decreasing headcount
  public text NOT NULL,   -- identity and public accounts
  score text NOT NULL,    -- alert, probability, first alert
  urssaf text NOT NULL,   -- rising URSSAF debt, payment plan
  dgefp text NOT NULL     -- partial activity
);
CREATE INDEX carte_ligne_siren ON carte_ligne (siren, rang);
