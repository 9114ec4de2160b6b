import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CO, STORES } from './fixture.ts';
import { type Client, type Harness, harness, login, PASSWORD } from './harness.ts';

const ADMIN = 'admin@test.gouv.fr';
const AGENT = 'agent@test.gouv.fr';
const STATS = 'stats@test.gouv.fr';
const LOCKME = 'lockme@test.gouv.fr';
const SIREN = CO.alpha.siren;
const SIRET = CO.alpha.sirets[0];

// Every route with a parameter, and how to reach it (lists use list 2, the latest).
const GETS = [
  '/api/me',
  '/api/listes',
  '/api/listes/2/alertes',
  '/api/listes/2/export.csv',
  '/api/listes/2/export.xlsx',
  `/api/entreprises/${SIREN}`,
  `/api/etablissements/${SIRET}`,
  `/api/entreprises/${SIREN}/commentaires`,
  '/api/recherche?q=alpha',
  '/api/suivis',
  '/api/references',
  '/api/stats.xlsx?from=2026-01-01&to=2026-12-31',
  '/api/admin/comptes',
  '/api/admin/audit',
  '/api/admin/revue.csv',
  '/api/admin/revue.xlsx',
];
const WRITES: [string, string, unknown][] = [
  ['POST', `/api/suivis/${SIRET}`, { motif: 'detection' }],
  ['DELETE', `/api/suivis/${SIRET}`, { bilan: 'actions' }],
  ['POST', `/api/entreprises/${SIREN}/commentaires`, { message: 'x' }],
  ['PUT', '/api/commentaires/1', { message: 'y' }],
  ['PATCH', '/api/admin/comptes/1', { actif: true }],
  ['POST', '/api/admin/comptes', { email: 'n@x.fr', roles: [], zone: ['21'] }],
  ['DELETE', '/api/session', undefined],
];

const INJECTIONS = ["' OR '1'='1", '1; DROP TABLE compte; --', '%', '_', "\\'; SELECT pg_sleep(5); --", '🙂'];

describe.each(STORES)('security on %s', (kind) => {
  let h: Harness;
  let admin: Client;
  let agent: Client;
  beforeAll(async () => {
    h = await harness(
      kind,
      [
        { email: ADMIN, roles: ['score', 'urssaf', 'dgefp', 'bdf'], zone: ['FR'], admin: true },
        { email: AGENT, roles: ['score', 'urssaf'], zone: ['21'] },
        { email: STATS, roles: ['stats'], zone: ['21'] },
        { email: LOCKME, roles: ['score'], zone: ['21'] },
      ],
      {
        session: { idleMs: 60_000, ttlMs: 3_600_000 },
        lockout: { maxFailures: 3, lockMs: 1500 },
        loginRateLimit: { max: 1000, timeWindowMs: 60_000 },
      },
    );
    admin = await h.login(ADMIN);
    agent = await h.login(AGENT);
  });
  afterAll(async () => h?.close());

  it('answers 401 to every route without a session, and /api/docs documents every route', async () => {
    for (const url of GETS) {
      const r = await h.app.inject({ url });
      expect(r.statusCode, url).toBe(401);
      expect(r.json().error.code).toBe('unauthenticated');
    }
    for (const [method, url, body] of WRITES) {
      const r = await h.app.inject({ method: method as 'POST', url, payload: body as object });
      expect(r.statusCode, url).toBe(401);
    }
    const doc = (await h.app.inject({ url: '/api/docs/json' })).json();
    const documented = new Set(
      Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p}`),
      ),
    );
    for (const r of [
      'GET /api/listes/{id}/alertes',
      'GET /api/entreprises/{siren}',
      'POST /api/suivis/{siret}',
      'PUT /api/commentaires/{id}',
      'GET /api/admin/audit',
      'POST /api/session',
      'GET /api/recherche',
      'GET /api/stats.xlsx',
    ])
      expect(documented.has(r), r).toBe(true);
    expect((await h.app.inject({ url: '/api/docs' })).statusCode).toBeLessThan(400);
  });

  it('refuses every write without the right X-CSRF-Token', async () => {
    for (const [method, url, body] of WRITES) {
      for (const headers of [{}, { 'x-csrf-token': 'nope' }, { 'x-csrf-token': agent.csrf.slice(0, -1) }]) {
        const r = await h.app.inject({
          method: method as 'POST',
          url,
          payload: body as object,
          cookies: { sf_session: admin.cookie },
          headers,
        });
        expect(r.statusCode, `${method} ${url}`).toBe(403);
        expect(r.json().error.code).toBe('csrf');
      }
    }
    // another user's token is not mine
    const r = await h.app.inject({
      method: 'POST',
      url: `/api/suivis/${SIRET}`,
      payload: { motif: 'detection' },
      cookies: { sf_session: admin.cookie },
      headers: { 'x-csrf-token': agent.csrf },
    });
    expect(r.statusCode).toBe(403);
    expect((await admin.get('/api/suivis')).json()).toEqual([]);
  });

  it('sets a HttpOnly SameSite=Strict cookie, security headers, and HSTS only behind TLS', async () => {
    const r = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: AGENT, password: PASSWORD },
    });
    const set = String(r.headers['set-cookie']);
    expect(set).toMatch(/HttpOnly/);
    expect(set).toMatch(/SameSite=Strict/);
    const g = await agent.get('/api/me');
    expect(g.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect(g.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect(g.headers['content-security-policy']).not.toMatch(/upgrade-insecure-requests/);
    expect(g.headers['x-frame-options']).toBe('DENY');
    expect(g.headers['x-content-type-options']).toBe('nosniff');
    expect(g.headers['strict-transport-security']).toBeUndefined();
    expect(g.headers['cache-control']).toBe('no-store');
    const { createServer } = await import('../../src/app/server.ts');
    const tls = await createServer({ store: h.store, trustProxy: true });
    const t = await tls.inject({ url: '/api/health', headers: { 'x-forwarded-proto': 'https' } });
    expect(t.headers['strict-transport-security']).toMatch(/max-age=/);
    expect(t.json()).toEqual({ ok: true, oidc: false });
    await tls.close();
  });

  it('rejects bad parameters with a 400 naming them, and injection attempts change nothing', async () => {
    const bad: [string, string][] = [
      ['/api/listes/abc/alertes', 'params/id'],
      ['/api/listes/1%20OR%201=1/alertes', 'params/id'],
      ['/api/listes/2/alertes?effectif_min=abc', 'querystring/effectif_min'],
      ['/api/listes/2/alertes?zone=21%27%20OR%201=1', 'querystring/zone'],
      ['/api/listes/2/alertes?zone=99', 'querystring/zone'],
      ['/api/listes/2/alertes?naf=C;DROP', 'querystring/naf'],
      ['/api/listes/2/alertes?procol=in_bonis%27--', 'querystring/procol'],
      ['/api/listes/2/alertes?premiere_alerte=maybe', 'querystring/premiere_alerte'],
      ['/api/listes/2/alertes?page=0', 'querystring/page'],
      ['/api/listes/2/alertes?per_page=100000', 'querystring/per_page'],
      [`/api/listes/2/alertes?q=${'x'.repeat(101)}`, 'querystring/q'],
      ['/api/listes/2/alertes?unknown=1', 'querystring/unknown'],
      ['/api/listes/2/export.csv?fermes=1%27', 'querystring/fermes'],
      ["/api/entreprises/111111111'--", 'params/siren'],
      ['/api/entreprises/12345678', 'params/siren'],
      ['/api/etablissements/1111111110001X', 'params/siret'],
      ['/api/recherche', 'querystring/q'],
      ['/api/recherche?q=ab', 'querystring/q'],
      [`/api/recherche?q=${'a'.repeat(101)}`, 'querystring/q'],
      ['/api/recherche?q=alpha&siege=oui', 'querystring/siege'],
      ['/api/admin/audit?from=yesterday', 'querystring/from'],
      ['/api/stats.xlsx?from=2026-01-01', 'querystring/to'],
    ];
    for (const [url, field] of bad) {
      const r = await admin.get(url);
      expect(r.statusCode, url).toBe(400);
      expect(r.json().error.code, url).toBe('bad_request');
      expect(r.json().error.message, url).toContain(field);
    }
    const writes: [string, string, unknown, string][] = [
      ['POST', `/api/suivis/${SIRET}`, { motif: "detection' OR 1=1" }, 'body/motif'],
      ['POST', `/api/suivis/${SIRET}`, { motif: 'autre', commentaire: 'x'.repeat(5001) }, 'body/commentaire'],
      ['POST', `/api/suivis/${SIRET}`, { motif: 'autre', extra: 1 }, 'body/extra'],
      ['POST', `/api/entreprises/${SIREN}/commentaires`, { message: 'x'.repeat(5001) }, 'body/message'],
      ['POST', `/api/entreprises/${SIREN}/commentaires`, { message: 'x', parent_id: '1 OR 1=1' }, 'body/parent_id'],
      ['POST', `/api/entreprises/${SIREN}/commentaires`, { message: 'x', parent_id: 999999 }, 'body/parent_id'],
      ['PUT', '/api/commentaires/0', { message: 'x' }, 'params/id'],
      ['PATCH', '/api/admin/comptes/1', { zone: ["21'; --"] }, 'body/zone'],
      ['PATCH', '/api/admin/comptes/1', { roles: ['root'] }, 'body/roles'],
      ['POST', '/api/session', { email: AGENT, password: 'x'.repeat(2000) }, 'body/password'],
    ];
    for (const [method, url, body, field] of writes) {
      const r = await admin.send(method as 'POST', url, body);
      expect(r.statusCode, `${method} ${url}`).toBe(400);
      expect(r.json().error.message, `${method} ${url}`).toContain(field);
    }
    const huge = await admin.send('POST', `/api/entreprises/${SIREN}/commentaires`, { message: 'x'.repeat(100_000) });
    expect(huge.statusCode).toBe(413);
    // Values that are valid strings but hostile reach SQL only as parameters: no match, no error, nothing dropped.
    for (const q of INJECTIONS) {
      const s = await admin.get(`/api/recherche?q=${encodeURIComponent(`abc${q}`)}`);
      expect(s.statusCode, q).toBe(200);
      expect(s.json().total, q).toBe(0);
      const l = await admin.get(`/api/listes/2/alertes?q=${encodeURIComponent(q)}`);
      expect(l.statusCode, q).toBe(200);
      expect(l.json().total, q).toBe(0);
      const a = await admin.get(`/api/admin/audit?email=${encodeURIComponent(q)}`);
      expect(a.json().total, q).toBe(0);
    }
    const nul = await admin.get('/api/recherche?q=abc%00');
    expect(nul.statusCode).toBe(400);
    expect(nul.json().error.message).toContain('querystring/q');
    const nulBody = await admin.send('POST', `/api/entreprises/${SIREN}/commentaires`, { message: 'a\u0000b' });
    expect(nulBody.json().error.message).toContain('body/message');
    const c = await admin.send('POST', `/api/entreprises/${SIREN}/commentaires`, {
      message: "'); DELETE FROM commentaire; --",
    });
    expect(c.statusCode).toBe(201);
    const thread = (await admin.get(`/api/entreprises/${SIREN}/commentaires`)).json();
    expect(thread.at(-1).message).toBe("'); DELETE FROM commentaire; --");
    expect((await h.store.one<{ n: number }>('SELECT count(*) AS n FROM compte'))!.n).toBe(4);
  });

  it('locks an account after repeated failures, then lets it in again', async () => {
    for (let i = 0; i < 2; i++) {
      const r = await h.app.inject({
        method: 'POST',
        url: '/api/session',
        payload: { email: LOCKME, password: 'wrong password!' },
      });
      expect(r.statusCode).toBe(401);
    }
    const third = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: LOCKME, password: 'wrong password!' },
    });
    expect(third.statusCode).toBe(429);
    expect(third.json().error.code).toBe('account_locked');
    const good = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: LOCKME, password: PASSWORD },
    });
    expect(good.statusCode).toBe(429);
    await sleep(1700);
    await login(h.app, LOCKME);
  });

  it('limits login attempts per address', async () => {
    const { createServer } = await import('../../src/app/server.ts');
    const app = await createServer({ store: h.store, loginRateLimit: { max: 3, timeWindowMs: 60_000 } });
    const codes: number[] = [];
    for (let i = 0; i < 4; i++)
      codes.push(
        (await app.inject({ method: 'POST', url: '/api/session', payload: { email: 'nobody@x.fr', password: 'x' } }))
          .statusCode,
      );
    expect(codes).toEqual([401, 401, 401, 429]);
    await app.close();
  });

  it('expires idle sessions, ends sessions on logout and when an account is disabled', async () => {
    const { createServer } = await import('../../src/app/server.ts');
    const app = await createServer({ store: h.store, session: { idleMs: 1000, ttlMs: 60_000 } });
    const c = await login(app, AGENT);
    expect((await c.get('/api/me')).statusCode).toBe(200);
    await sleep(1300);
    const r = await c.get('/api/me');
    expect(r.statusCode).toBe(401);
    expect(r.json().error.code).toBe('session_expired');
    await app.close();

    const other = await h.login(AGENT);
    expect((await other.send('DELETE', '/api/session')).statusCode).toBe(204);
    expect((await other.get('/api/me')).statusCode).toBe(401);

    const victim = await h.login(LOCKME);
    const list = (await admin.get('/api/admin/comptes')).json() as { id: number; email: string }[];
    const id = list.find((a) => a.email === LOCKME)!.id;
    const p = await admin.send('PATCH', `/api/admin/comptes/${id}`, { actif: false });
    expect(p.statusCode).toBe(200);
    expect(p.json().actif).toBe(false);
    expect((await victim.get('/api/me')).statusCode).toBe(401);
    const again = await h.app.inject({
      method: 'POST',
      url: '/api/session',
      payload: { email: LOCKME, password: PASSWORD },
    });
    expect(again.statusCode).toBe(401);
  });

  it('keeps admin routes for admins and statistics for the stats role', async () => {
    for (const url of ['/api/admin/comptes', '/api/admin/audit', '/api/admin/revue.csv'])
      expect((await agent.get(url)).statusCode, url).toBe(403);
    expect((await agent.send('PATCH', '/api/admin/comptes/1', { admin: true })).statusCode).toBe(403);
    expect((await agent.get('/api/stats.xlsx?from=2026-01-01&to=2026-12-31')).statusCode).toBe(403);
    const stats = await h.login(STATS);
    const x = await stats.get('/api/stats.xlsx?from=2000-01-01&to=2100-12-31');
    expect(x.statusCode).toBe(200);
    const ExcelJS = (await import('exceljs')).default;
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['journal', 'par_utilisateur', 'par_jour']);
    expect(wb.getWorksheet('journal')!.rowCount).toBeGreaterThan(5);
    const review = await admin.get('/api/admin/revue.csv');
    expect(review.body).toContain(AGENT);
    expect(review.body).toContain('score, urssaf');
    const created = await admin.send('POST', '/api/admin/comptes', {
      email: 'New@Test.gouv.fr',
      roles: ['dgefp'],
      zone: ['R27'],
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().email).toBe('new@test.gouv.fr');
  });

  it('audits confidential reads and exports with their filters, and never stores a secret', async () => {
    await agent.get(`/api/entreprises/${SIREN}`);
    await agent.get('/api/listes/2/export.csv?naf=C&effectif_min=10');
    const log = (await admin.get(`/api/admin/audit?email=${AGENT}&per_page=500`)).json();
    const actions = log.items.map((i: { action: string }) => i.action);
    expect(actions).toContain('entreprise.lecture');
    const read = log.items.find((i: { action: string }) => i.action === 'entreprise.lecture');
    expect(read.cible).toBe(SIREN);
    expect(read.details.blocs).toEqual({ score: true, urssaf: true, dgefp: false, bdf: false });
    const exp = log.items.find((i: { action: string }) => i.action === 'liste.export.csv');
    expect(exp.details.filtres).toEqual({ naf: 'C', effectif_min: 10 });
    const all = JSON.stringify(await h.store.query('SELECT * FROM audit'));
    for (const secret of [PASSWORD, agent.cookie, agent.csrf, admin.cookie, admin.csrf])
      expect(all).not.toContain(secret);
    expect(JSON.stringify(await h.store.query('SELECT * FROM session'))).not.toContain(agent.cookie);
  });

  it('answers internal errors without a stack trace', async () => {
    await h.store.exec('ALTER TABLE audit RENAME TO audit_moved');
    const r = await agent.get(`/api/entreprises/${SIREN}`);
    await h.store.exec('ALTER TABLE audit_moved RENAME TO audit');
    expect(r.statusCode).toBe(500);
    expect(r.json()).toEqual({ error: { code: 'internal', message: 'Erreur interne du serveur' } });
  });
});
