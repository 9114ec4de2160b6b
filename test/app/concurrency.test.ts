import type { FastifyRequest } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audit } from '../../src/app/audit.ts';
import { CO, STORES } from './fixture.ts';
import { type Client, type Harness, harness } from './harness.ts';

const USERS = ['u1', 'u2', 'u3', 'u4'].map((u) => `${u}@test.gouv.fr`);

describe.each(STORES)('concurrent writes on %s', (kind) => {
  let h: Harness;
  let c: Client[];
  beforeAll(async () => {
    h = await harness(
      kind,
      USERS.map((email) => ({ email, roles: ['score'], zone: ['21'] })),
    );
    c = [];
    for (const u of USERS) c.push(await h.login(u));
  });
  afterAll(async () => h?.close());

  it('many simultaneous follows of one establishment make one follow-up per user', async () => {
    const siret = CO.alpha.sirets[0];
    const rs = await Promise.all(
      c.flatMap((cl) =>
        Array.from({ length: 8 }, () => cl.send('POST', `/api/suivis/${siret}`, { motif: 'detection' })),
      ),
    );
    expect(rs.every((r) => r.statusCode === 200 || r.statusCode === 201)).toBe(true);
    expect(rs.filter((r) => r.statusCode === 201).length).toBe(USERS.length);
    const rows = await h.store.query<{ n: number }>('SELECT count(*) AS n FROM suivi WHERE siret = $1 AND actif', [
      siret,
    ]);
    expect(rows[0].n).toBe(USERS.length);
  });

  it('simultaneous comments and edits lose nothing', async () => {
    const url = `/api/entreprises/${CO.alpha.siren}/commentaires`;
    const posted = await Promise.all(
      c.flatMap((cl, i) => Array.from({ length: 10 }, (_, j) => cl.send('POST', url, { message: `m${i}-${j}` }))),
    );
    expect(posted.map((r) => r.statusCode).every((s) => s === 201)).toBe(true);
    const thread = (await c[0].get(url)).json() as { message: string; id: number }[];
    expect(thread.map((t) => t.message).sort()).toEqual(
      USERS.flatMap((_, i) => Array.from({ length: 10 }, (_, j) => `m${i}-${j}`)).sort(),
    );
    const mine = posted[0].json().id as number;
    const edits = await Promise.all(
      Array.from({ length: 15 }, (_, k) => c[0].send('PUT', `/api/commentaires/${mine}`, { message: `edit ${k}` })),
    );
    expect(edits.map((r) => r.statusCode).every((s) => s === 200)).toBe(true);
    const after = (await c[0].get(url)).json().find((t: { id: number }) => t.id === mine);
    expect(after.historique.map((v: { version: number }) => v.version)).toEqual(
      Array.from({ length: 16 }, (_, i) => 16 - i),
    );
    expect(after.historique.map((v: { message: string }) => v.message).sort()).toEqual(
      ['m0-0', ...Array.from({ length: 15 }, (_, k) => `edit ${k}`)].sort(),
    );
    // replies thread under their parent; another user cannot edit
    const reply = await c[1].send('POST', url, { message: 'réponse', parent_id: mine });
    expect(reply.statusCode).toBe(201);
    const tree = (await c[0].get(url)).json().find((t: { id: number }) => t.id === mine);
    expect(tree.reponses.map((r: { message: string }) => r.message)).toEqual(['réponse']);
    expect((await c[1].send('PUT', `/api/commentaires/${mine}`, { message: 'pirate' })).statusCode).toBe(403);
  });

  it('group-commits audit lines: all are stored, and a line the store refuses fails only its own request', async () => {
    const req = { viewer: null, ip: '127.0.0.1' } as unknown as FastifyRequest;
    const line = (cible: string, details: Record<string, unknown> | null = null) =>
      audit(h.store, req, 'test.groupe', cible, details, 'x@test.gouv.fr');
    const results = await Promise.allSettled([
      line('a'),
      line('b'),
      line('bad', { x: '\u0000' }), // jsonb has no NUL character
      ...Array.from({ length: 20 }, (_, i) => line(`c${i}`)),
    ]);
    expect(results.map((r) => r.status)).toEqual(results.map((_, i) => (i === 2 ? 'rejected' : 'fulfilled')));
    const rows = await h.store.query<{ cible: string }>("SELECT cible FROM audit WHERE action = 'test.groupe'");
    expect(rows.map((r) => r.cible).sort()).toEqual(
      ['a', 'b', ...Array.from({ length: 20 }, (_, i) => `c${i}`)].sort(),
    );
  });
});
