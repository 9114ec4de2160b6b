-- The app store: published detection lists, the company data shown on cards (latest delivery),
-- accounts, sessions, follow-up, comments and the audit log.
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Reference data (filled by sf publish and at start-up from the shipped tables)
CREATE TABLE region (code text PRIMARY KEY, libelle text NOT NULL);
CREATE TABLE departement (code text PRIMARY KEY, libelle text NOT NULL, region text NOT NULL);
CREATE TABLE naf (code text PRIMARY KEY, libelle text NOT NULL, niveau int NOT NULL);

-- Detection lists: immutable once published
CREATE TABLE liste (
  id serial PRIMARY KEY,
  label text NOT NULL,
  periode date NOT NULL,
  model_version text,
  publiee_le timestamptz NOT NULL DEFAULT now(),
  nb_entreprises int NOT NULL DEFAULT 0,
  nb_fort int NOT NULL DEFAULT 0,
  nb_modere int NOT NULL DEFAULT 0
);

-- Companies and establishments: upserted by every publish, never deleted (older lists point at them)
CREATE TABLE entreprise (
  siren text PRIMARY KEY,
  raison_sociale text,
  categorie_juridique text,
  naf text,
  naf_section text,
  date_creation date,
  est_actif boolean,
  siret_siege text,
  departement_siege text,
  nb_etablissements int,
  perimetre_inclus boolean,
  perimetre_raison text,
  -- departments of all its establishments: the territorial half of the access rule
  departements text[] NOT NULL DEFAULT '{}',
  -- one of its establishments is or has been in alert in a published list
  deja_alertee boolean NOT NULL DEFAULT false,
  procol text NOT NULL DEFAULT 'in_bonis',
  effectif double precision,
  effectif_periode date
);
CREATE INDEX entreprise_departements ON entreprise USING gin (departements);
CREATE INDEX entreprise_nom ON entreprise USING gin (raison_sociale gin_trgm_ops);

CREATE TABLE etablissement (
  siret text PRIMARY KEY,
  siren text NOT NULL,
  siege boolean NOT NULL DEFAULT false,
  est_actif boolean,
  adresse text,
  code_postal text,
  commune text,
  code_commune text,
  departement text,
  region text,
  naf text,
  date_creation date,
  longitude double precision,
  latitude double precision,
  effectif double precision
);
CREATE INDEX etablissement_siren ON etablissement (siren);

-- One row per establishment of each alerted company of a list, denormalised for the list filters
CREATE TABLE alerte (
  liste_id int NOT NULL REFERENCES liste (id) ON DELETE CASCADE,
  siren text NOT NULL,
  siret text NOT NULL,
  siege boolean NOT NULL,
  departement text,
  raison_sociale text,
  alert text NOT NULL,
  probability double precision NOT NULL,
  naf text,
  naf_section text,
  effectif double precision,
  effectif_entreprise double precision,
  procol text NOT NULL,
  has_delai boolean NOT NULL,
  date_creation date,
  premiere_alerte boolean NOT NULL,
  est_actif boolean,
  -- the company's departments when the list was published: the territorial input of the rule for list rows
  departements_entreprise text[] NOT NULL,
  PRIMARY KEY (liste_id, siret)
);
CREATE INDEX alerte_departement ON alerte (liste_id, departement);
CREATE INDEX alerte_siren ON alerte (liste_id, siren);
CREATE INDEX alerte_siren_seul ON alerte (siren);
CREATE INDEX alerte_departements_entreprise ON alerte USING gin (departements_entreprise);

-- Predictions of every company of a list (also "aucune"), with their explanations
CREATE TABLE prediction (
  liste_id int NOT NULL REFERENCES liste (id) ON DELETE CASCADE,
  siren text NOT NULL,
  probability double precision NOT NULL,
  alert text NOT NULL,
  base_rate double precision,
  PRIMARY KEY (liste_id, siren)
);
CREATE INDEX prediction_siren ON prediction (siren);
CREATE TABLE prediction_groupe (
  liste_id int NOT NULL REFERENCES liste (id) ON DELETE CASCADE,
  siren text NOT NULL,
  groupe text NOT NULL,
  points double precision NOT NULL,
  PRIMARY KEY (liste_id, siren, groupe)
);
CREATE TABLE prediction_variable (
  liste_id int NOT NULL REFERENCES liste (id) ON DELETE CASCADE,
  siren text NOT NULL,
  feature text NOT NULL,
  valeur double precision,
  points double precision NOT NULL,
  rang int NOT NULL,
  phrase text,
  PRIMARY KEY (liste_id, siren, feature)
);

-- Monthly series of the latest delivery (replaced by every publish)
CREATE TABLE serie_etablissement (
  siret text NOT NULL,
  periode date NOT NULL,
  effectif double precision,
  cotisation double precision,
  dette_ouvriere double precision,
  dette_patronale double precision,
  montant_echeancier double precision,
  duree_delai double precision,
  ccsf boolean,
  ap_heures_consommees double precision,
  ap_etp_consomme double precision,
  ap_heures_autorisees double precision,
  ap_etp_autorise double precision,
  ap_effectif_autorise double precision,
  PRIMARY KEY (siret, periode)
);
CREATE TABLE serie_entreprise (
  siren text NOT NULL,
  periode date NOT NULL,
  effectif double precision,
  procol text,
  paydex double precision,
  fpi_30 double precision,
  fpi_90 double precision,
  PRIMARY KEY (siren, periode)
);
CREATE TABLE procol_evenement (
  siren text NOT NULL,
  date_effet date NOT NULL,
  action text NOT NULL,
  stade text
);
CREATE INDEX procol_evenement_siren ON procol_evenement (siren);
CREATE TABLE exercice (
  siren text NOT NULL,
  date_cloture date NOT NULL,
  disponible_le date,
  source text,
  chiffre_d_affaires double precision,
  ebe double precision,
  resultat_net double precision,
  ratios jsonb,
  PRIMARY KEY (siren, date_cloture, source)
);

-- Accounts: data roles, zone as typed and expanded to departments, admin flag
CREATE TABLE compte (
  id bigserial PRIMARY KEY,
  email text NOT NULL UNIQUE,
  password_hash text,
  roles text[] NOT NULL DEFAULT '{}',
  zone text[] NOT NULL DEFAULT '{}',
  departements text[] NOT NULL DEFAULT '{}',
  admin boolean NOT NULL DEFAULT false,
  actif boolean NOT NULL DEFAULT true,
  oidc_sub text UNIQUE,
  cree_le timestamptz NOT NULL DEFAULT now(),
  derniere_connexion timestamptz,
  echecs int NOT NULL DEFAULT 0,
  verrouille_jusqua timestamptz
);

-- Server-side sessions: only a hash of the cookie value is stored
CREATE TABLE session (
  token_hash text PRIMARY KEY,
  compte_id bigint NOT NULL REFERENCES compte (id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  cree_le timestamptz NOT NULL DEFAULT now(),
  vu_le timestamptz NOT NULL DEFAULT now(),
  expire_le timestamptz NOT NULL
);

-- Follow-up (= unlock): rows are closed, never deleted
CREATE TABLE suivi (
  id bigserial PRIMARY KEY,
  compte_id bigint NOT NULL REFERENCES compte (id),
  siret text NOT NULL,
  siren text NOT NULL,
  motif text NOT NULL,
  commentaire text,
  debut timestamptz NOT NULL DEFAULT now(),
  fin timestamptz,
  bilan text,
  bilan_commentaire text,
  actif boolean NOT NULL DEFAULT true
);
CREATE UNIQUE INDEX suivi_un_actif ON suivi (compte_id, siret) WHERE actif;
CREATE INDEX suivi_siren ON suivi (siren, compte_id) WHERE actif;

-- Threaded comments per company; every edit is a new version
CREATE TABLE commentaire (
  id bigserial PRIMARY KEY,
  siren text NOT NULL,
  parent_id bigint REFERENCES commentaire (id),
  compte_id bigint NOT NULL REFERENCES compte (id),
  cree_le timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX commentaire_siren ON commentaire (siren);
CREATE TABLE commentaire_version (
  commentaire_id bigint NOT NULL REFERENCES commentaire (id),
  version int NOT NULL,
  message text NOT NULL,
  ecrit_le timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (commentaire_id, version)
);

-- Audit log: who read which confidential block, who exported what with which filters. Never a secret.
CREATE TABLE audit (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  compte_id bigint,
  email text,
  action text NOT NULL,
  cible text,
  details jsonb,
  ip text
);
CREATE INDEX audit_at ON audit (at);
CREATE INDEX audit_compte ON audit (compte_id, at);

-- THE access rule (cli.md "Who sees what"), written once. A confidential block of a company is shown when the
-- user holds the block's data role and either follows one of its establishments, or the company has an
-- establishment in the user's zone and has been in alert. Every route goes through it.
CREATE FUNCTION regle_acces(
  p_bloc text, p_roles text[], p_zone text[], p_suivie boolean, p_departements text[], p_deja_alertee boolean
) RETURNS boolean LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT p_bloc = ANY (p_roles) AND (p_suivie OR (p_deja_alertee AND p_departements && p_zone))
$$;
