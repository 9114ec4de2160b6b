import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mapClaims } from '../../src/app/auth/oidc.ts';
import { createServer } from '../../src/app/server.ts';
import { CO, STORES } from './fixture.ts';
import { type Harness, harness } from './harness.ts';

const REDIRECT = 'http://127.0.0.1:3999/api/oidc/callback';

// Keycloak-like accounts: client roles mix data roles, department codes and region names.
const ACCOUNTS: Record<string, Record<string, unknown>> = {
  'agent-paca': {
    email: 'Agent.Paca@urssaf.fr',
    resource_access: { signauxfaibles: { roles: ['score', 'urssaf', "Provence-Alpes-Côte d'Azur", 'offline_access'] } },
  },
  'agent-sans-zone': { email: 'sans.zone@dgfip.fr', resource_access: { signauxfaibles: { roles: ['score'] } } },
};

/** A real OpenID provider on a random port (oidc-provider with its development login screens). */
async function startProvider(): Promise<{ issuer: string; server: Server }> {
  const server = createHttpServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'signauxfaibles',
        client_secret: 'a-test-secret-that-is-long-enough-for-hs256',
        redirect_uris: [REDIRECT],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    claims: { openid: ['sub'], email: ['email'], profile: ['resource_access'] },
    conformIdTokenClaims: false,
    findAccount: async (_ctx: unknown, sub: string) =>
      ACCOUNTS[sub] && { accountId: sub, claims: async () => ({ sub, ...ACCOUNTS[sub] }) },
  });
  server.on('request', provider.callback());
  return { issuer, server };
}

/** Drives the browser side of an authorisation-code login: provider pages with a cookie jar, then our callback. */
async function browserLogin(app: FastifyInstance, accountId: string) {
  // The login page follows the URL /api/health advertises, so the test does too.
  const health = (await app.inject({ url: '/api/health' })).json();
  expect(health).toMatchObject({ ok: true, oidc: true, oidc_label: 'Keycloak DGEFP' });
  const start = await app.inject({ url: health.oidc_url });
  expect(start.statusCode).toBe(302);
  const stateCookie = start.cookies.find((c) => c.name === 'sf_oidc_state')!;
  expect(stateCookie.httpOnly).toBe(true);
  const jar = new Map<string, string>();
  const cookieHeader = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const remember = (r: Response) => {
    for (const c of r.headers.getSetCookie()) {
      const [kv] = c.split(';');
      const i = kv.indexOf('=');
      jar.set(kv.slice(0, i), kv.slice(i + 1));
    }
  };
  let url = start.headers.location as string;
  for (let step = 0; step < 12; step++) {
    if (url.startsWith(REDIRECT)) {
      const u = new URL(url);
      return app.inject({ url: `${u.pathname}${u.search}`, cookies: { sf_oidc_state: stateCookie.value } });
    }
    let r = await fetch(url, { redirect: 'manual', headers: { cookie: cookieHeader() } });
    remember(r);
    if (r.status === 200 && /\/interaction\//.test(url)) {
      const html = await r.text();
      const prompt = html.includes('name="login"') ? 'login' : 'consent';
      const body = new URLSearchParams(prompt === 'login' ? { prompt, login: accountId, password: 'x' } : { prompt });
      r = await fetch(url, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        body,
      });
      remember(r);
    }
    const next = r.headers.get('location');
    if (!next) throw new Error(`OIDC flow stuck at ${url}: ${r.status}`);
    url = new URL(next, url).href;
  }
  throw new Error('OIDC flow did not come back');
}

describe('OIDC claims mapping', () => {
  it('reads Keycloak client roles, region names and France entière; the claims are configurable', () => {
    const o = { issuer: 'x', clientId: 'signauxfaibles', redirectUri: REDIRECT };
    expect(
      mapClaims(
        {
          sub: '1',
          email: 'a@b.fr',
          resource_access: { signauxfaibles: { roles: ['score', '21', 'Bretagne', 'wekan'] } },
        },
        o,
      ),
    ).toEqual({ email: 'a@b.fr', sub: '1', roles: ['score'], zone: ['21', 'R53'], admin: false });
    expect(
      mapClaims(
        { sub: '2', email: 'c@d.fr', groups: ['dgefp', 'sf-admin'], territoire: 'France entière' },
        { ...o, rolesClaim: 'groups', zoneClaim: 'territoire', adminRole: 'sf-admin' },
      ),
    ).toEqual({ email: 'c@d.fr', sub: '2', roles: ['dgefp'], zone: ['FR'], admin: true });
  });
});

describe.each(STORES)('OIDC login against a real provider on %s', (kind) => {
  let h: Harness;
  let app: FastifyInstance;
  let provider: Server;
  beforeAll(async () => {
    const p = await startProvider();
    provider = p.server;
    h = await harness(kind, []);
    app = await createServer({
      store: h.store,
      oidc: {
        issuer: p.issuer,
        clientId: 'signauxfaibles',
        clientSecret: 'a-test-secret-that-is-long-enough-for-hs256',
        redirectUri: REDIRECT,
        allowHttp: true,
        label: 'Keycloak DGEFP',
      },
    });
  });
  afterAll(async () => {
    await app?.close();
    await h?.close();
    provider?.close();
  });

  it('creates the account from the claims, opens a session, and applies the rule to it', async () => {
    const done = await browserLogin(app, 'agent-paca');
    expect(done.statusCode).toBe(302);
    expect(done.headers.location).toBe('/');
    const cookie = done.cookies.find((c) => c.name === 'sf_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Strict');
    const me = (await app.inject({ url: '/api/me', cookies: { sf_session: cookie.value } })).json();
    expect(me).toMatchObject({ email: 'agent.paca@urssaf.fr', roles: ['score', 'urssaf'], zone: ['R93'] });
    expect(me.departements).toContain('13');
    const beta = (
      await app.inject({ url: `/api/entreprises/${CO.beta.siren}`, cookies: { sf_session: cookie.value } })
    ).json();
    expect(beta.score.alert).toBe('modere');
    expect(beta.dgefp.locked).toBe(true);
    const alpha = (
      await app.inject({ url: `/api/entreprises/${CO.alpha.siren}`, cookies: { sf_session: cookie.value } })
    ).json();
    expect(alpha.score.locked).toBe(true);
    const audit = await h.store.query<{ action: string; details: unknown }>(
      "SELECT action, details FROM audit WHERE action = 'connexion.oidc'",
    );
    expect(audit).toHaveLength(1);
  });

  it('refuses an account without zone, a replayed state, and a disabled account', async () => {
    const r = await browserLogin(app, 'agent-sans-zone');
    expect(r.statusCode).toBe(403);
    const replay = await app.inject({
      url: '/api/oidc/callback?code=abc&state=forged',
      cookies: { sf_oidc_state: 'forged' },
    });
    expect(replay.statusCode).toBe(401);
    await h.store.query("UPDATE compte SET actif = false WHERE email = 'agent.paca@urssaf.fr'");
    const disabled = await browserLogin(app, 'agent-paca');
    expect(disabled.statusCode).toBe(403);
    expect(disabled.json().error.message).toMatch(/désactivé/);
  });
});
