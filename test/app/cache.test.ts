import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Caches } from '../../src/app/cache.ts';
import { CO, STORES } from './fixture.ts';
import { type Client, type Harness, harness } from './harness.ts';

// The server keeps sessions and list pages in memory (src/app/cache.ts): every test reads once to fill the cache,
// changes something, and checks that the very next read sees the change.
const ALL = ['score', 'urssaf', 'dgefp', 'bdf'];
const ADMIN = 'admin@test.gouv.fr';
const agent = (n: number) => `agent${n}@test.gouv.fr`;
const A21 = CO.alpha.sirets[0];
const B13 = CO.beta.sirets[0];
const LIST = '/api/listes/2/alertes';

describe('TtlCache', () => {
  it('shares one computation between concurrent misses, and keeps nothing computed across an invalidation', async () => {
    const all = new Caches();
    const c = all.create<number>(10_000, 10);
    let calls = 0;
    let release!: () => void;
    const slow = () =>
      new Promise<number>((resolve) => {
        calls++;
        release = () => resolve(calls);
      });
    const a = c.getOrCompute('k', slow);
    const b = c.getOrCompute('k', slow);
    release();
    expect([await a, await b]).toEqual([1, 1]);
    expect(calls).toBe(1);
    expect(c.get('k')).toBe(1);
    all.invalidate();
    expect(c.get('k')).toBeUndefined();
    const d = c.getOrCompute('k', slow);
    all.invalidate(); // a write while computing: the value answers its caller but is not kept
    release();
    expect(await d).toBe(2);
    expect(c.get('k')).toBeUndefined();
  });

  it('refreshes an entry in the second half of its life and never serves one past its TTL', async () => {
    const c = new Caches().create<number>(1000, 10);
    let n = 0;
    const next = async () => ++n;
    expect(await c.getOrCompute('k', next)).toBe(1);
    await sleep(600);
    expect(await c.getOrCompute('k', next)).toBe(1); // still valid, refreshed in the background
    await sleep(50);
    expect(c.get('k')).toBe(2);
    await sleep(1100);
    expect(c.get('k')).toBeUndefined();
    const small = new Caches().create<number>(10_000, 2);
    for (const [i, k] of ['a', 'b', 'c'].entries()) small.set(k, i, small.mark());
    expect([small.get('a'), small.get('b'), small.get('c')]).toEqual([undefined, 1, 2]);
  });
});

describe.each(STORES)('in-memory caches on %s', (kind) => {
  let h: Harness;
  let admin: Client;
  beforeAll(async () => {
    h = await harness(
      kind,
      [
        { email: ADMIN, roles: [], zone: ['FR'], admin: true },
        ...[1, 2, 3, 4, 5].map((n) => ({ email: agent(n), roles: ALL, zone: ['13'] })),
      ],
      { cacheTtlMs: 2000 }, // the PostgreSQL default, on both stores
    );
    admin = await h.login(ADMIN);
  });
  afterAll(async () => h?.close());

  const sirets = async (c: Client, url = LIST) => {
    const r = await c.get(url);
    expect(r.statusCode).toBe(200);
    return (r.json().items as { siret: string; suivi: boolean }[]).map((i) => `${i.siret}${i.suivi ? '*' : ''}`);
  };
  const idOf = async (email: string) =>
    ((await admin.get('/api/admin/comptes')).json() as { id: number; email: string }[]).find((a) => a.email === email)!
      .id;

  it('shows a follow and an unfollow in the very next list read', async () => {
    const c = await h.login(agent(1));
    expect(await sirets(c)).toEqual([B13]);
    expect(await sirets(c)).toEqual([B13]); // now from the cache
    expect((await c.send('POST', `/api/suivis/${A21}`, { motif: 'detection' })).statusCode).toBe(201);
    // the followed head office joins the default scope, marked as followed
    expect((await sirets(c)).sort()).toEqual([`${A21}*`, B13].sort());
    expect((await c.send('DELETE', `/api/suivis/${A21}`, { bilan: 'aucune_action' })).statusCode).toBe(200);
    expect(await sirets(c)).toEqual([B13]);
  });

  it('applies a change of roles or zone, and a disabled account, to the next request', async () => {
    const c = await h.login(agent(2));
    const id = await idOf(agent(2));
    expect((await c.get('/api/me')).json().roles).toEqual(ALL);
    expect(await sirets(c)).toEqual([B13]);
    expect((await admin.send('PATCH', `/api/admin/comptes/${id}`, { roles: ['urssaf'] })).statusCode).toBe(200);
    expect((await c.get('/api/me')).json().roles).toEqual(['urssaf']);
    expect(await sirets(c)).toEqual([]); // no `score` role: no list rows
    expect((await admin.send('PATCH', `/api/admin/comptes/${id}`, { roles: ALL, zone: ['21'] })).statusCode).toBe(200);
    expect(await sirets(c)).toEqual([A21]);
    expect((await admin.send('PATCH', `/api/admin/comptes/${id}`, { actif: false })).statusCode).toBe(200);
    expect((await c.get('/api/me')).statusCode).toBe(401);
    expect((await c.get(LIST)).statusCode).toBe(401);
  });

  it('ends a cached session on logout', async () => {
    const c = await h.login(agent(3));
    expect((await c.get('/api/me')).statusCode).toBe(200);
    expect((await c.send('DELETE', '/api/session')).statusCode).toBe(204);
    expect((await c.get('/api/me')).statusCode).toBe(401);
    expect((await c.get(LIST)).statusCode).toBe(401);
  });

  it('audits every read, also concurrent ones answered from the cache', async () => {
    const c = await h.login(agent(4));
    const count = async () =>
      (await h.store.one<{ n: number }>(
        "SELECT count(*) AS n FROM audit WHERE email = $1 AND action = 'liste.lecture'",
        [agent(4)],
      ))!.n;
    await sirets(c);
    const rs = await Promise.all(Array.from({ length: 30 }, () => c.get(LIST)));
    expect(rs.every((r) => r.statusCode === 200)).toBe(true);
    expect(await count()).toBe(31);
  });

  it('sees a change made outside the server within the cache lifetime (2 s)', async () => {
    const c = await h.login(agent(5));
    expect((await c.get('/api/me')).json().roles).toEqual(ALL);
    await h.store.query('UPDATE compte SET roles = $1 WHERE email = $2', [['bdf'], agent(5)]);
    await sleep(2100);
    expect((await c.get('/api/me')).json().roles).toEqual(['bdf']);
  });
});
