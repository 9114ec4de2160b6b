import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { scratchDatabase } from '../../src/app/store/scratch.ts';
import { type AppStore, openAppStore } from '../../src/app/store/store.ts';
import { Warehouse } from '../../src/warehouse/db.ts';

/**
 * A small hand-made analytical store (real DuckDB file, tables of docs/architecture.md):
 *  - 111111111 ALPHA: establishments in 21 (head office) and 75, alert `fort` in both lists
 *  - 222222222 BETA: establishment in 13, alert `modere` in the latest list only
 *  - 333333333 GAMMA: establishment in 21, never alerted
 *  - 444444444 DELTA: establishment in 13, never alerted
 *  - 555555555 EPSILON: establishment in 21, alert `fort` in the first list only (so "has been in alert")
 */
export const CO = {
  alpha: { siren: '111111111', sirets: ['11111111100011', '11111111100029'] },
  beta: { siren: '222222222', sirets: ['22222222200013'] },
  gamma: { siren: '333333333', sirets: ['33333333300015'] },
  delta: { siren: '444444444', sirets: ['44444444400017'] },
  epsilon: { siren: '555555555', sirets: ['55555555500019'] },
} as const;

const ETABS: [string, string, boolean, string, string][] = [
  // siret, siren, siege, departement, region
  ['11111111100011', '111111111', true, '21', '27'],
  ['11111111100029', '111111111', false, '75', '11'],
  ['22222222200013', '222222222', true, '13', '93'],
  ['33333333300015', '333333333', true, '21', '27'],
  ['44444444400017', '444444444', true, '13', '93'],
  ['55555555500019', '555555555', true, '21', '27'],
];
const NAMES: Record<string, string> = {
  '111111111': 'ALPHA INDUSTRIE',
  '222222222': 'BETA TRANSPORTS',
  '333333333': 'GAMMA BOULANGERIE',
  '444444444': "DELTA L'ATELIER",
  '555555555': 'EPSILON CONSEIL',
};

/** Creates the DuckDB file with the scoring outputs of one month (`alerts`: siren → alert). */
export async function buildWarehouse(path: string): Promise<Warehouse> {
  const wh = await Warehouse.open(path);
  await wh.run(`
    CREATE TABLE ref_categorie_juridique (code VARCHAR, libelle VARCHAR, publique BOOLEAN);
    INSERT INTO ref_categorie_juridique VALUES ('5710', 'SAS, société par actions simplifiée', false);
    CREATE TABLE ref_naf (code VARCHAR, libelle VARCHAR, niveau INTEGER, section VARCHAR, section_libelle VARCHAR, division VARCHAR);
    INSERT INTO ref_naf VALUES ('C', 'Industrie manufacturière', 1, 'C', 'Industrie manufacturière', NULL),
      ('25.62A', 'Décolletage', 5, 'C', 'Industrie manufacturière', '25'),
      ('H', 'Transports et entreposage', 1, 'H', 'Transports et entreposage', NULL);
    CREATE TABLE clean_entreprise (siren VARCHAR, raison_sociale VARCHAR, categorie_juridique VARCHAR, naf VARCHAR,
      naf_section VARCHAR, naf_division VARCHAR, date_creation DATE, est_actif BOOLEAN, siret_siege VARCHAR,
      departement_siege VARCHAR, region_siege VARCHAR, nb_etablissements INTEGER);
    CREATE TABLE clean_etablissement (siret VARCHAR, siren VARCHAR, siege BOOLEAN, est_actif BOOLEAN, adresse VARCHAR,
      code_postal VARCHAR, commune VARCHAR, code_commune VARCHAR, departement VARCHAR, region VARCHAR, naf VARCHAR,
      date_creation DATE, longitude DOUBLE, latitude DOUBLE);
    CREATE TABLE clean_perimetre (siren VARCHAR, inclus BOOLEAN, raison VARCHAR);
    CREATE TABLE clean_effectif (siret VARCHAR, periode DATE, effectif DOUBLE);
    CREATE TABLE clean_effectif_ent (siren VARCHAR, periode DATE, effectif DOUBLE);
    CREATE TABLE clean_debit (siret VARCHAR, periode DATE, dette_ouvriere DOUBLE, dette_patronale DOUBLE);
    CREATE TABLE clean_cotisation (siret VARCHAR, periode DATE, cotisation DOUBLE);
    CREATE TABLE clean_delai (siret VARCHAR, periode DATE, montant_echeancier DOUBLE, duree_delai DOUBLE);
    CREATE TABLE clean_ap (siret VARCHAR, periode DATE, heures_consommees DOUBLE, etp_consomme DOUBLE,
      heures_autorisees DOUBLE, etp_autorise DOUBLE, effectif_autorise DOUBLE);
    CREATE TABLE clean_procol (siren VARCHAR, date_effet DATE, action VARCHAR, stade VARCHAR);
    CREATE TABLE clean_procol_mensuel (siren VARCHAR, periode DATE, procol VARCHAR);
    CREATE TABLE clean_comptes (siren VARCHAR, date_cloture DATE, disponible_le DATE, source VARCHAR,
      chiffre_d_affaires DOUBLE, ebe DOUBLE, resultat_net DOUBLE, taux_marge DOUBLE);
    CREATE TABLE clean_paydex (siren VARCHAR, periode DATE, paydex DOUBLE, fpi_30 DOUBLE, fpi_90 DOUBLE);
    CREATE TABLE model_run (model_version VARCHAR, created_at TIMESTAMP, algo VARCHAR, periode_max_train DATE, report_json JSON);
    CREATE TABLE prediction (model_version VARCHAR, periode DATE, siren VARCHAR, probability DOUBLE, alert VARCHAR, base_rate DOUBLE);
    CREATE TABLE prediction_group (model_version VARCHAR, periode DATE, siren VARCHAR, groupe VARCHAR, points DOUBLE);
    CREATE TABLE prediction_feature (model_version VARCHAR, periode DATE, siren VARCHAR, feature VARCHAR, valeur VARCHAR,
      points DOUBLE, rang INTEGER, phrase VARCHAR);
  `);
  for (const [siren, name] of Object.entries(NAMES)) {
    const head = ETABS.find((e) => e.at(1) === siren && e[2])!;
    await wh.run(
      `INSERT INTO clean_entreprise VALUES ($1, $2, '5710', '25.62A', 'C', '25', DATE '2010-03-01', true, $3, $4, $5, $6)`,
      [siren, name, head[0], head[3], head[4], ETABS.filter((e) => e[1] === siren).length],
    );
    await wh.run(`INSERT INTO clean_perimetre VALUES ($1, true, NULL)`, [siren]);
    await wh.run(
      `INSERT INTO clean_comptes VALUES ($1, DATE '2023-12-31', DATE '2024-07-01', 'ratios_inpi_bce', 1e6, 1e5, 2e4, 12.5),
      ($1, DATE '2022-12-31', DATE '2023-07-01', 'bdf', 9e5, 8e4, 1e4, 11)`,
      [siren],
    );
    await wh.run(
      `INSERT INTO clean_paydex SELECT $1, DATE '2024-01-01' + INTERVAL (i) MONTH, 20 + i, 30, 5 FROM range(6) t(i)`,
      [siren],
    );
    await wh.run(
      `INSERT INTO clean_effectif_ent SELECT $1, DATE '2023-01-01' + INTERVAL (i) MONTH, 40 + i FROM range(18) t(i)`,
      [siren],
    );
  }
  for (const [siret, siren, siege, dep, reg] of ETABS) {
    await wh.run(
      `INSERT INTO clean_etablissement VALUES ($1, $2, $3, true, '1 rue de la Paix', '21000', 'Dijon', '21231', $4, $5, '25.62A', DATE '2010-03-01', 5.04, 47.32)`,
      [siret, siren, siege, dep, reg],
    );
    await wh.run(
      `INSERT INTO clean_effectif SELECT $1, DATE '2023-01-01' + INTERVAL (i) MONTH, 20 + i FROM range(18) t(i)`,
      [siret],
    );
    await wh.run(
      `INSERT INTO clean_cotisation SELECT $1, DATE '2023-01-01' + INTERVAL (i) MONTH, 5000 FROM range(18) t(i)`,
      [siret],
    );
    await wh.run(
      `INSERT INTO clean_debit SELECT $1, DATE '2023-01-01' + INTERVAL (i) MONTH, 100 * i, 300 * i FROM range(18) t(i)`,
      [siret],
    );
    await wh.run(
      `INSERT INTO clean_ap SELECT $1, DATE '2024-01-01' + INTERVAL (i) MONTH, 151.67, 1, 303.34, 2, 2 FROM range(6) t(i)`,
      [siret],
    );
  }
  await wh.run(`INSERT INTO clean_delai VALUES ('22222222200013', DATE '2024-06-01', 12000, 12)`);
  await wh.run(`INSERT INTO clean_procol VALUES ('444444444', DATE '2024-03-15', 'redressement', 'ouverture')`);
  await wh.run(
    `INSERT INTO clean_procol_mensuel VALUES ('444444444', DATE '2024-04-01', 'redressement'), ('444444444', DATE '2024-05-01', 'redressement'), ('444444444', DATE '2024-06-01', 'redressement')`,
  );
  return wh;
}

/** Adds the predictions of one month (`alerts`: siren → alert; every other company `aucune`). */
export async function addPredictions(
  wh: Warehouse,
  modelVersion: string,
  periode: string,
  alerts: Record<string, string>,
) {
  await wh.run(
    `INSERT INTO model_run VALUES ($1, now(), 'gbdt', DATE '2023-01-01', '{"auc": 0.81, "thresholds": {"high": 0.6, "moderate": 0.3}, "feature_importance": [1]}')`,
    [modelVersion],
  );
  for (const siren of Object.keys(NAMES)) {
    const alert = alerts[siren] ?? 'aucune';
    const p = alert === 'fort' ? 0.8 : alert === 'modere' ? 0.4 : 0.05;
    await wh.run(`INSERT INTO prediction VALUES ($1, DATE '${periode}-01', $2, $3, $4, 0.03)`, [
      modelVersion,
      siren,
      p,
      alert,
    ]);
    await wh.run(
      `INSERT INTO prediction_group VALUES ($1, DATE '${periode}-01', $2, 'dettes_sociales', $3), ($1, DATE '${periode}-01', $2, 'effectif', $4)`,
      [modelVersion, siren, (p - 0.03) * 0.7, (p - 0.03) * 0.3],
    );
    await wh.run(
      `INSERT INTO prediction_feature VALUES ($1, DATE '${periode}-01', $2, 'dette_sur_cotisation', 1.7, $3, 1, 'Les dettes sociales représentent 1,7 mois de cotisations')`,
      [modelVersion, siren, (p - 0.03) * 0.5],
    );
  }
}

/** The standard fixture: list 1 (2024-05) alerts ALPHA and EPSILON; list 2 (2024-06) alerts ALPHA and BETA. */
export async function standardWarehouse(dir: string): Promise<Warehouse> {
  const wh = await buildWarehouse(join(dir, 'sf.duckdb'));
  await addPredictions(wh, 'm1', '2024-05', { [CO.alpha.siren]: 'fort', [CO.epsilon.siren]: 'fort' });
  return wh;
}

export const PG_URL = process.env.SF_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** The two app stores every app test runs on. */
export const STORES = ['pglite', 'postgres'] as const;
export type StoreKind = (typeof STORES)[number];

/** A fresh app store: PGlite in a temp dir, or a scratch database on the PostgreSQL server (dropped by `drop`). */
export async function scratchStore(
  kind: StoreKind,
): Promise<{ store: AppStore; url: string; drop: () => Promise<void> }> {
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'sf-app-'));
    const url = join(dir, 'app');
    const store = await openAppStore(url);
    return {
      store,
      url,
      drop: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const db = await scratchDatabase(PG_URL, 'sf_test');
  const store = await openAppStore(db.url);
  return {
    store,
    url: db.url,
    drop: async () => {
      await store.close();
      await db.drop();
    },
  };
}

export function tempDir(): { dir: string; rm: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'sf-app-wh-'));
  return { dir, rm: () => rmSync(dir, { recursive: true, force: true }) };
}
