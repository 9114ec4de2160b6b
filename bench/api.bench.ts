/**
 * API speed on a France-scale published list, generated directly in the app store (350k companies by default,
 * `SF_BENCH_COMPANIES` to change, `SF_BENCH_STORES=postgres,pglite`, `SF_BENCH_SECONDS` per run).
 * autocannon on loopback, 50 connections, server in a child process, 1 s of warm-up before each run. Figures:
 * p50/p99 latency and throughput, as a ratio to `GET /api/me` (session lookup + JSON, the floor of every route)
 * measured in the same run.
 * Targets: list p99 ≤ 50 ms (PostgreSQL) / ≤ 250 ms (PGlite); company card p99 ≤ 30 ms (PostgreSQL).
 * Repeated list requests are answered from the server's page cache; one run asks a new query each time to show
 * the cost without it. The 200 cards are not cached.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { addUser } from '../src/app/auth/accounts.ts';
import { scratchDatabase } from '../src/app/store/scratch.ts';
import { openAppStore } from '../src/app/store/store.ts';

const N = Number(process.env.SF_BENCH_COMPANIES ?? 350_000);
const SECONDS = Number(process.env.SF_BENCH_SECONDS ?? 10);
const STORES = (process.env.SF_BENCH_STORES ?? 'postgres,pglite').split(',');
const PG_URL = process.env.SF_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const CARDS = 200; // companies with 24 months of series, explanations, history: the ones the card run opens
const PASSWORD = 'benchmark password';

/** One list over N companies: 1.33 establishment per company, 15 % alerted, series for the first CARDS companies. */
async function generate(url: string): Promise<void> {
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
      FROM generate_series(1, ${N}) i, deps;
    INSERT INTO etablissement (siret, siren, siege, est_actif, commune, departement, naf, effectif)
      SELECT lpad(i::text, 9, '0') || '00011', lpad(i::text, 9, '0'), true, true, 'Commune', d[1 + abs(hashtext(i::text)) % 96], '25.62A', 5 + i % 300
      FROM generate_series(1, ${N}) i, deps
      UNION ALL
      SELECT lpad(i::text, 9, '0') || '00029', lpad(i::text, 9, '0'), false, true, 'Commune', d[1 + abs(hashtext((i + 7)::text)) % 96], '25.62A', 3
      FROM generate_series(3, ${N}, 3) i, deps;
    INSERT INTO prediction (liste_id, siren, probability, alert, base_rate)
      SELECT 1, lpad(i::text, 9, '0'), CASE WHEN i % 20 = 0 THEN 0.5 + (i % 97) / 200.0 WHEN i % 20 < 3 THEN 0.2 + (i % 89) / 300.0 ELSE (i % 83) / 500.0 END,
             CASE WHEN i % 20 = 0 THEN 'fort' WHEN i % 20 < 3 THEN 'modere' ELSE 'aucune' END, 0.03
      FROM generate_series(1, ${N}) i;
    INSERT INTO alerte (liste_id, siren, siret, siege, departement, raison_sociale, alert, probability, naf, naf_section,
        effectif, effectif_entreprise, procol, has_delai, date_creation, premiere_alerte, est_actif, departements_entreprise)
      SELECT 1, p.siren, t.siret, t.siege, t.departement, e.raison_sociale, p.alert, p.probability, t.naf, e.naf_section,
             t.effectif, e.effectif, e.procol, p.siren::int % 7 = 0, e.date_creation, p.siren::int % 4 = 0, true, e.departements
      FROM prediction p JOIN entreprise e USING (siren) JOIN etablissement t USING (siren) WHERE p.alert <> 'aucune';
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
    ANALYZE;
  `);
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
  const [{ n }] = await store.query<{ n: number }>('SELECT count(*) AS n FROM alerte');
  console.log(`  generated ${N} companies, ${n} list rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  await store.close();
}

async function startServer(url: string): Promise<{ child: ChildProcess; base: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'bench/api-server.ts', url], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise<string>((resolve, reject) => {
    child.stdout!.once('data', (d) => resolve(String(d).trim()));
    child.once('exit', (c) => reject(new Error(`server exited ${c}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

async function cookieOf(base: string, email: string): Promise<string> {
  const r = await fetch(`${base}/api/session`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (r.status !== 200) throw new Error(`login ${email}: ${r.status}`);
  return r.headers.getSetCookie()[0].split(';')[0];
}

interface Run {
  p50: number;
  p99: number;
  rps: number;
  errors: number;
}
let k = 0; // position in a run's paths, never reset: a warm-up's queries are not asked again
async function run(base: string, cookie: string, paths: string[], duration: number): Promise<Run> {
  const r = await autocannon({
    url: base,
    connections: 50,
    duration,
    headers: { cookie },
    requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[k++ % paths.length] }) }],
  });
  return { p50: r.latency.p50, p99: r.latency.p99, rps: r.requests.average, errors: r.errors + r.non2xx };
}
/** One measured run, after 1 s of the same load (not counted): a fresh server's JIT and buffers warm up first. */
async function load(base: string, cookie: string, paths: string[]): Promise<Run> {
  await run(base, cookie, paths, 1);
  return run(base, cookie, paths, SECONDS);
}

const results: string[] = [];
for (const kind of STORES) {
  console.log(`\n${kind}: ${N} companies`);
  let url: string;
  let cleanup: () => Promise<void>;
  if (kind === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'sf-bench-'));
    url = join(dir, 'app');
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const db = await scratchDatabase(PG_URL, 'sf_bench');
    url = db.url;
    cleanup = db.drop;
  }
  try {
    await generate(url);
    const { child, base } = await startServer(url);
    try {
      const dep = await cookieOf(base, 'dep@bench.fr');
      const region = await cookieOf(base, 'region@bench.fr');
      const ref = await load(base, dep, ['/api/me']);
      const cards = Array.from({ length: CARDS }, (_, i) => `/api/entreprises/${String(i + 1).padStart(9, '0')}`);
      const runs: [string, Run, number | null][] = [
        ['reference GET /api/me', ref, null],
        [
          'list, department user, default filters',
          await load(base, dep, ['/api/listes/1/alertes']),
          kind === 'postgres' ? 50 : 250,
        ],
        [
          'list, department user, filtered (first alerts, no plan, ≥ 10 employees)',
          await load(base, dep, [
            '/api/listes/1/alertes?premiere_alerte=true&sans_delai=true&effectif_min=10&procol=in_bonis',
          ]),
          kind === 'postgres' ? 50 : 250,
        ],
        [
          // the server caches list pages (2 s, emptied by writes): a new minimum headcount each time misses it
          'list, department user, a new query each time (no cache hit)',
          await load(
            base,
            dep,
            Array.from({ length: 100_000 }, (_, i) => `/api/listes/1/alertes?effectif_min=${i / 1000}`),
          ),
          null,
        ],
        [
          'list, region user (12 departments), default filters',
          await load(base, region, ['/api/listes/1/alertes']),
          null,
        ],
        ['company card (200 companies in turn)', await load(base, dep, cards), kind === 'postgres' ? 30 : null],
      ];
      for (const [what, r, target] of runs) {
        // a run where requests timed out or failed has no meaningful p99
        const verdict =
          target === null
            ? ''
            : r.errors || r.rps === 0
              ? '  ✗ errors or time-outs'
              : r.p99 <= target
                ? `  ✓ p99 ≤ ${target} ms`
                : `  ✗ p99 > ${target} ms`;
        const line = `${kind.padEnd(8)} ${what.padEnd(72)} p50 ${String(r.p50).padStart(4)} ms  p99 ${String(r.p99).padStart(4)} ms  ${Math.round(r.rps)} req/s  ×${(r.p99 / Math.max(ref.p99, 1)).toFixed(1)} of /api/me p99${r.errors ? `  ERRORS ${r.errors}` : ''}${verdict}`;
        console.log(line);
        results.push(line);
      }
    } finally {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
    }
  } finally {
    await cleanup();
  }
}
console.log(`\nSummary (${N} companies, 50 connections, ${SECONDS} s per run):\n${results.join('\n')}`);
