/**
 * The France-scale app store of bench/api.bench.ts, generated directly in SQL: one list over `n` companies,
 * 1.33 establishment per company, 15 % alerted, 24 months of series and explanations for the first `CARDS`.
 * Three accounts (department 59, region R84, France), all with every data role.
 */
import { addUser } from '../src/app/auth/accounts.ts';
import { buildCartes } from '../src/app/cartes/blocs.ts';
import { LIGNES, listOrder } from '../src/app/listes/filtres.ts';
import { openAppStore } from '../src/app/store/store.ts';

export const CARDS = 200; // companies with 24 months of series, explanations, history: the ones the card run opens
export const PASSWORD = 'benchmark password';

export async function generate(url: string, n: number): Promise<void> {
  const store = await openAppStore(url);
  const t0 = performance.now();
  await store.exec(`
    CREATE TEMP TABLE deps AS SELECT array_agg(code ORDER BY code) AS d FROM departement WHERE length(code) = 2;
    INSERT INTO liste (id, label, periode, model_version) VALUES (1, 'Bench', DATE '2024-06-01', 'bench');
    INSERT INTO entreprise (siren, raison_sociale, naf, naf_section, date_creation, est_actif, siret_siege,
        departement_siege, nb_etablissements, departements, deja_alertee, procol, effectif)
      SELECT lpad(i::text, 9, '0'), 'ENTREPRISE ' || md5(i::text), '25.62A', chr(65 + i % 21),
             DATE '1990-01-01' + (i % 12000), true, lpad(i::text, 9, '0') || '00011', d[1 + abs(hashtext(i::text)) % 96],
             CASE WHEN i % 3 = 0 THEN 2 ELSE 1 END,
             CASE WHEN i % 3 = 0 THEN ARRAY[d[1 + abs(hashtext(i::text)) % 96], d[1 + abs(hashtext((i + 7)::text)) % 96]] ELSE ARRAY[d[1 + abs(hashtext(i::text)) % 96]] END,
             i % 20 < 3, CASE WHEN i % 50 = 0 THEN 'redressement' ELSE 'in_bonis' END, 5 + i % 300
      FROM generate_series(1, ${n}) i, deps;
    INSERT INTO etablissement (siret, siren, siege, est_actif, commune, departement, naf, effectif)
      SELECT lpad(i::text, 9, '0') || '00011', lpad(i::text, 9, '0'), true, true, 'Commune', d[1 + abs(hashtext(i::text)) % 96], '25.62A', 5 + i % 300
      FROM generate_series(1, ${n}) i, deps
      UNION ALL
      SELECT lpad(i::text, 9, '0') || '00029', lpad(i::text, 9, '0'), false, true, 'Commune', d[1 + abs(hashtext((i + 7)::text)) % 96], '25.62A', 3
      FROM generate_series(3, ${n}, 3) i, deps;
    INSERT INTO prediction (liste_id, siren, probability, alert, base_rate)
      SELECT 1, lpad(i::text, 9, '0'), CASE WHEN i % 20 = 0 THEN 0.5 + (i % 97) / 200.0 WHEN i % 20 < 3 THEN 0.2 + (i % 89) / 300.0 ELSE (i % 83) / 500.0 END,
             CASE WHEN i % 20 = 0 THEN 'fort' WHEN i % 20 < 3 THEN 'modere' ELSE 'aucune' END, 0.03
      FROM generate_series(1, ${n}) i;
    INSERT INTO alerte (liste_id, siren, siret, siege, departement, raison_sociale, alert, probability, naf, naf_section,
        effectif, effectif_entreprise, procol, has_delai, date_creation, premiere_alerte, est_actif, departements_entreprise,
        commune, rang)
      SELECT 1, p.siren, t.siret, t.siege, t.departement, e.raison_sociale, p.alert, p.probability, t.naf, e.naf_section,
             t.effectif, e.effectif, e.procol, p.siren::int % 7 = 0, e.date_creation, p.siren::int % 4 = 0, true, e.departements,
             t.commune, row_number() OVER (ORDER BY ${listOrder('p.alert', 'p.probability', 't.siret')})
      FROM prediction p JOIN entreprise e USING (siren) JOIN etablissement t USING (siren) WHERE p.alert <> 'aucune'
      ORDER BY t.departement, p.siren, t.siret;
    INSERT INTO prediction_groupe SELECT 1, lpad(i::text, 9, '0'), g, 0.01 * k
      FROM generate_series(1, ${CARDS}) i, unnest(ARRAY['dettes_sociales', 'effectif', 'sante_financiere']) WITH ORDINALITY AS x(g, k);
    INSERT INTO prediction_variable SELECT 1, lpad(i::text, 9, '0'), 'f' || k, k, 0.01 * k, k, 'Phrase ' || k
      FROM generate_series(1, ${CARDS}) i, generate_series(1, 5) k;
    INSERT INTO serie_etablissement (siret, periode, effectif, cotisation, dette_ouvriere, dette_patronale, ap_heures_consommees)
      SELECT t.siret, (DATE '2022-07-01' + make_interval(months => m))::date, 10 + m, 5000, 100 * m, 300 * m, 151.67
      FROM etablissement t, generate_series(0, 23) m WHERE t.siren::int <= ${CARDS};
    INSERT INTO serie_entreprise (siren, periode, effectif, paydex)
      SELECT lpad(i::text, 9, '0'), (DATE '2022-07-01' + make_interval(months => m))::date, 20 + m, 30
      FROM generate_series(1, ${CARDS}) i, generate_series(0, 23) m;
  `);
  await store.exec(LIGNES);
  await buildCartes(store);
  // steady state of a published store: statistics, and GIN pending lists merged (autovacuum's job on a server),
  // and the generated data written out now rather than by a checkpoint during the first measured runs
  await store.exec('VACUUM ANALYZE');
  await store.exec('CHECKPOINT');
  await addUser(store, {
    email: 'dep@bench.fr',
    roles: ['score', 'urssaf', 'dgefp', 'bdf'],
    zone: ['59'],
    password: PASSWORD,
  });
  await addUser(store, {
    email: 'region@bench.fr',
    roles: ['score', 'urssaf', 'dgefp', 'bdf'],
    zone: ['R84'],
    password: PASSWORD,
  });
  await addUser(store, {
    email: 'fr@bench.fr',
    roles: ['score', 'urssaf', 'dgefp', 'bdf'],
    zone: ['FR'],
    password: PASSWORD,
  });
  const [{ rows }] = await store.query<{ rows: number }>('SELECT count(*) AS rows FROM alerte');
  console.log(`  generated ${n} companies, ${rows} list rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await store.close();
}
