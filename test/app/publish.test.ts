import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publish } from '../../src/app/publish/publish.ts';
import { migrate } from '../../src/app/store/migrations.ts';
import { type AppStore, upgrade } from '../../src/app/store/store.ts';
import type { Warehouse } from '../../src/warehouse/db.ts';
import { addPredictions, buildWarehouse, CO, STORES, scratchStore, standardWarehouse, tempDir } from './fixture.ts';
import { type Client, type Harness, harness } from './harness.ts';

describe.each(STORES)('sf publish on %s', (kind) => {
  let store: AppStore;
  let drop: () => Promise<void>;
  let tmp: ReturnType<typeof tempDir>;
  let wh: Warehouse;
  beforeAll(async () => {
    tmp = tempDir();
    wh = await standardWarehouse(tmp.dir);
    ({ store, drop } = await scratchStore(kind));
  });
  afterAll(async () => {
    await drop?.();
    wh?.close();
    tmp?.rm();
  });

  it('loads a new list each time and keeps the earlier ones', async () => {
    const r1 = await publish(wh, store);
    expect(r1).toMatchObject({
      label: 'Mai 2024',
      periode: '2024-05',
      model_version: 'm1',
      nb_entreprises: 5,
      nb_fort: 2,
      nb_modere: 0,
    });
    await addPredictions(wh, 'm2', '2024-06', { [CO.alpha.siren]: 'fort', [CO.beta.siren]: 'modere' });
    const r2 = await publish(wh, store, { label: 'Liste de juin' });
    expect(r2).toMatchObject({ label: 'Liste de juin', periode: '2024-06', nb_fort: 1, nb_modere: 1 });
    const lists = await store.query<{ id: number; n: number }>(
      'SELECT l.id, count(a.siret) AS n FROM liste l LEFT JOIN alerte a ON a.liste_id = l.id GROUP BY l.id ORDER BY l.id',
    );
    expect(lists).toEqual([
      { id: r1.id, n: 3 }, // ALPHA (2 establishments) + EPSILON
      { id: r2.id, n: 3 }, // ALPHA (2) + BETA
    ]);
    const e = await store.query<{ siren: string; deja_alertee: boolean }>(
      'SELECT siren, deja_alertee FROM entreprise ORDER BY siren',
    );
    expect(e.filter((x) => x.deja_alertee).map((x) => x.siren)).toEqual([
      CO.alpha.siren,
      CO.beta.siren,
      CO.epsilon.siren,
    ]);
    const first = await store.query<{ siret: string; premiere_alerte: boolean }>(
      'SELECT siret, premiere_alerte FROM alerte WHERE liste_id = $1 ORDER BY siret',
      [r2.id],
    );
    expect(first.map((f) => f.premiere_alerte)).toEqual([false, false, true]);
    const card = await store.one<{ modele: unknown }>('SELECT modele FROM liste WHERE id = $1', [r2.id]);
    expect(card!.modele).toEqual({
      algo: 'gbdt',
      periode_max_train: '2023-01',
      auc: 0.81,
      thresholds: { high: 0.6, moderate: 0.3 },
    });
    const series = await store.one<{ n: number }>('SELECT count(*) AS n FROM serie_etablissement');
    expect(series!.n).toBe(6 * 18); // 18 months of data inside the 24-month window
  });

  it('ranks each list in its order, at publish and for lists published before the rank existed', async () => {
    const ranked = async () =>
      store.query<{ liste_id: number; ok: boolean }>(
        `SELECT liste_id, array_agg(siret ORDER BY rang) = array_agg(siret ORDER BY (alert = 'fort') DESC, probability DESC, siret)
                AND array_agg(rang::bigint ORDER BY rang) = array_agg(n ORDER BY n) AS ok
         FROM (SELECT *, row_number() OVER (PARTITION BY liste_id) AS n FROM alerte) a GROUP BY liste_id ORDER BY liste_id`,
      );
    const lists = await ranked();
    expect(lists.length).toBeGreaterThanOrEqual(2);
    expect(lists.every((l) => l.ok)).toBe(true);
    // a store as it was before migration 007: no rank; opening it again ranks every list
    await store.exec(`ALTER TABLE alerte DROP COLUMN rang;
                      CREATE INDEX alerte_departement ON alerte (liste_id, departement);
                      DELETE FROM schema_migration WHERE name = '007-rang.sql'`);
    expect(await migrate(store)).toEqual(['007-rang.sql']);
    expect(await ranked()).toEqual(lists);
  });

  it("writes each list row's text at publish, and for lists published before the text existed", async () => {
    const texts = async () =>
      (
        await store.query<{ siret: string; ligne: string; premiere_alerte: boolean; probability: number }>(
          'SELECT siret, ligne, premiere_alerte, probability FROM alerte ORDER BY liste_id, siret',
        )
      ).map((r) => ({ ...r, ligne: JSON.parse(`{${r.ligne}}`) }));
    const rows = await texts();
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      // written once the row is complete: after the first-alert update
      expect(r.ligne).toMatchObject({ siret: r.siret, premiere_alerte: r.premiere_alerte, probability: r.probability });
      expect(r.ligne).not.toHaveProperty('ap'); // confidential, and the viewer's own, members are added at each read
      expect(r.ligne).not.toHaveProperty('suivi');
    }
    await store.exec(
      `ALTER TABLE alerte DROP COLUMN ligne; DELETE FROM schema_migration WHERE name = '009-alerte-ligne.sql'`,
    );
    expect(await upgrade(store)).toEqual(['009-alerte-ligne.sql']);
    expect(await texts()).toEqual(rows);
    // a process stopped after the migration, before the text was written: the next opening writes it
    await store.exec('UPDATE alerte SET ligne = NULL');
    expect(await upgrade(store)).toEqual([]);
    expect(await texts()).toEqual(rows);
  });

  it("builds the cards' establishment rows of a store that has none at its opening", async () => {
    const lignes = () => store.query('SELECT * FROM carte_ligne ORDER BY siret');
    const before = await lignes();
    expect(before.length).toBeGreaterThan(0);
    await store.exec('TRUNCATE carte_ligne');
    expect(await upgrade(store)).toEqual([]);
    expect(await lignes()).toEqual(before);
  });

  it('is atomic: a failure half-way leaves the app store as it was', async () => {
    const before = await store.query(
      'SELECT (SELECT count(*) FROM liste) AS l, (SELECT count(*) FROM prediction) AS p',
    );
    await wh.run('ALTER TABLE prediction_feature RENAME COLUMN phrase TO phrase_old');
    await addPredictions(wh, 'm3', '2024-07', {}).catch(() => {});
    await expect(publish(wh, store)).rejects.toThrow();
    await wh.run('ALTER TABLE prediction_feature RENAME COLUMN phrase_old TO phrase');
    expect(
      await store.query('SELECT (SELECT count(*) FROM liste) AS l, (SELECT count(*) FROM prediction) AS p'),
    ).toEqual(before);
  });

  it('row figures are those known at the list month: statements once available, flags from the sources', async () => {
    await addPredictions(wh, 'm4', '2024-08', { [CO.beta.siren]: 'fort' });
    const r = await publish(wh, store);
    const [p] = await store.query<Record<string, unknown>>(
      'SELECT chiffre_d_affaires, ca_variation, ebe, ap, urssaf_hausse FROM prediction WHERE liste_id = $1 AND siren = $2',
      [r.id, CO.beta.siren],
    );
    // 2023 statements, available from 2024-07-01, against 2022; AP authorised in 2024-01..06; no debt known in
    // August 2024 (the delivery ends in June), so no rise
    expect(p).toMatchObject({ chiffre_d_affaires: 1e6, ebe: 1e5, ap: true, urssaf_hausse: false });
    expect(p.ca_variation).toBeCloseTo(1e6 / 9e5 - 1, 10);
    const [may] = await store.query<Record<string, unknown>>(
      `SELECT p.chiffre_d_affaires, p.ca_variation, p.urssaf_hausse FROM prediction p JOIN liste l ON l.id = p.liste_id
       WHERE l.periode = '2024-05-01' AND p.siren = $1`,
      [CO.beta.siren],
    );
    expect(may).toEqual({ chiffre_d_affaires: 9e5, ca_variation: null, urssaf_hausse: true });
  });
});

describe('sf publish and sf users add from the command line', () => {
  // four child processes (tsx + stores): slow on a busy machine
  it('publishes, creates an account, and reports errors with exit codes', { timeout: 300_000 }, async () => {
    const tmp = tempDir();
    try {
      const db = join(tmp.dir, 'sf.duckdb');
      const w = await buildWarehouse(db);
      await addPredictions(w, 'm1', '2024-06', { [CO.beta.siren]: 'fort' });
      w.close();
      const app = join(tmp.dir, 'app');
      const sf = (args: string[], input?: string) =>
        spawnSync('node', ['bin/sf.js', ...args], {
          encoding: 'utf8',
          input,
          env: { ...process.env, DATABASE_URL: app },
        });
      const p = sf(['publish', '--db', db, '--json']);
      expect(p.stderr).toBe('');
      expect(p.status).toBe(0);
      expect(JSON.parse(p.stdout)).toMatchObject({ id: 1, label: 'Juin 2024', nb_fort: 1 });
      const u = sf(
        [
          'users',
          'add',
          '--email',
          'x@y.fr',
          '--roles',
          'score,urssaf',
          '--zone',
          '13,R27',
          '--password-stdin',
          '--json',
        ],
        'a long enough password\n',
      );
      expect(u.status).toBe(0);
      expect(JSON.parse(u.stdout)).toEqual({
        email: 'x@y.fr',
        roles: ['score', 'urssaf'],
        zone: ['13', 'R27'],
        admin: false,
      });
      const bad = sf(['users', 'add', '--email', 'x@y.fr', '--roles', 'god', '--zone', '13']);
      expect(bad.status).toBe(2);
      expect(bad.stderr).toContain('god');
      const none = sf(['publish', '--db', join(tmp.dir, 'empty.duckdb')]);
      expect(none.status).toBe(1);
      expect(none.stderr).toContain('prediction');
    } finally {
      tmp.rm();
    }
  });
});

describe.each(STORES)('cards carry every block on %s', (kind) => {
  let h: Harness;
  let c: Client;
  beforeAll(async () => {
    h = await harness(kind, [{ email: 'fr@test.gouv.fr', roles: ['score', 'urssaf', 'dgefp', 'bdf'], zone: ['FR'] }]);
    c = await h.login('fr@test.gouv.fr');
  });
  afterAll(async () => h?.close());

  it('company card: identity, detection with contributions and history, URSSAF, AP, BdF, establishments', async () => {
    const b = (await c.get(`/api/entreprises/${CO.alpha.siren}`)).json();
    expect(b).toMatchObject({
      siren: CO.alpha.siren,
      raison_sociale: 'ALPHA INDUSTRIE',
      naf_libelle: 'Décolletage',
      nb_etablissements: 2,
    });
    expect(b.perimetre).toEqual({ inclus: true, raison: null });
    expect(b.exercices.map((x: { source: string }) => x.source)).toEqual(['ratios_inpi_bce']); // public only
    expect(b.effectif.dernier).toBe(57);
    expect(b.score).toMatchObject({
      alert: 'fort',
      probability: 0.8,
      premiere_alerte: false,
      liste: { periode: '2024-06' },
    });
    expect(b.score.groupes.map((g: { groupe: string }) => g.groupe)).toEqual(['dettes_sociales', 'effectif']);
    expect(b.score.variables[0]).toMatchObject({ feature: 'dette_sur_cotisation', valeur: '1.7', rang: 1 });
    expect(b.score.variables[0].phrase).toMatch(/dettes sociales/);
    expect(b.score.historique.map((x: { periode: string; alert: string }) => `${x.periode}:${x.alert}`)).toEqual([
      '2024-06:fort',
      '2024-05:fort',
    ]);
    const last = b.urssaf.mensuel.at(-1);
    expect(last).toMatchObject({ periode: '2024-06', cotisation: 10000, dette_ouvriere: 3400, dette_patronale: 10200 });
    expect(b.urssaf.dette_en_hausse).toBe(true);
    expect(b.dgefp.mensuel).toHaveLength(6);
    expect(b.dgefp.mensuel[0]).toMatchObject({ heures_consommees: 303.34, etp_autorise: 4 });
    expect(b.bdf.exercices.map((x: { source: string }) => x.source)).toEqual(['bdf']);
    expect(b.bdf.paydex).toHaveLength(6);
    expect(b.etablissements.map((e: { siret: string; siege: boolean }) => `${e.siret}:${e.siege}`)).toEqual([
      `${CO.alpha.sirets[0]}:true`,
      `${CO.alpha.sirets[1]}:false`,
    ]);
    const d = (await c.get(`/api/entreprises/${CO.delta.siren}`)).json();
    expect(d.procol).toBe('redressement');
    expect(d.procol_evenements).toEqual([{ date_effet: '2024-03-15', action: 'redressement', stade: 'ouverture' }]);
  });

  it('establishment card: its own series, its company, the other establishments; 404 and 400', async () => {
    const e = (await c.get(`/api/etablissements/${CO.alpha.sirets[1]}`)).json();
    expect(e).toMatchObject({
      siret: CO.alpha.sirets[1],
      departement: '75',
      departement_libelle: 'Paris',
      siege: false,
    });
    expect(e.entreprise.raison_sociale).toBe('ALPHA INDUSTRIE');
    expect(e.urssaf.mensuel.at(-1)).toMatchObject({ cotisation: 5000, dette_ouvriere: 1700 });
    expect(e.autres_etablissements.map((x: { siret: string }) => x.siret)).toEqual([CO.alpha.sirets[0]]);
    expect(e.score.alert).toBe('fort');
    expect((await c.get('/api/etablissements/99999999999999')).statusCode).toBe(404);
    expect((await c.get('/api/entreprises/999999999')).statusCode).toBe(404);
    expect((await c.get('/api/listes/999/alertes')).statusCode).toBe(404);
  });
});
