import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NewAccount } from '../../src/app/auth/accounts.ts';
import { CO, STORES } from './fixture.ts';
import { type Client, type Harness, harness } from './harness.ts';

type Co = keyof typeof CO;
const COMPANIES = Object.keys(CO) as Co[];
const ALL = ['score', 'urssaf', 'dgefp', 'bdf'];

// Users: every kind of role set and zone. follower13 follows GAMMA (department 21, never alerted) before the checks.
const USERS: Record<string, Omit<NewAccount, 'email'>> = {
  score21: { roles: ['score'], zone: ['21'] },
  all21: { roles: ALL, zone: ['21'] },
  urssaf21: { roles: ['urssaf'], zone: ['21'] },
  scoreUrssaf21: { roles: ['score', 'urssaf'], zone: ['21'] },
  allR93: { roles: ALL, zone: ['R93'] },
  allFR: { roles: ALL, zone: ['FR'] },
  none21: { roles: [], zone: ['21'] },
  follower13: { roles: ALL, zone: ['13'] },
  score75: { roles: ['score'], zone: ['75'] },
};

// Expected visible confidential blocks, written out cell by cell (not computed by the rule under test).
// ALPHA 21+75 alerted; BETA 13 alerted; GAMMA 21 never alerted; DELTA 13 never alerted; EPSILON 21 alerted in list 1.
const VISIBLE: Record<string, Record<Co, string>> = {
  score21: { alpha: 'score', beta: '', gamma: '', delta: '', epsilon: 'score' },
  all21: { alpha: 'score urssaf dgefp bdf', beta: '', gamma: '', delta: '', epsilon: 'score urssaf dgefp bdf' },
  urssaf21: { alpha: 'urssaf', beta: '', gamma: '', delta: '', epsilon: 'urssaf' },
  scoreUrssaf21: { alpha: 'score urssaf', beta: '', gamma: '', delta: '', epsilon: 'score urssaf' },
  allR93: { alpha: '', beta: 'score urssaf dgefp bdf', gamma: '', delta: '', epsilon: '' },
  allFR: {
    alpha: 'score urssaf dgefp bdf',
    beta: 'score urssaf dgefp bdf',
    gamma: '',
    delta: '',
    epsilon: 'score urssaf dgefp bdf',
  },
  none21: { alpha: '', beta: '', gamma: '', delta: '', epsilon: '' },
  follower13: { alpha: '', beta: 'score urssaf dgefp bdf', gamma: 'score urssaf dgefp bdf', delta: '', epsilon: '' },
  score75: { alpha: 'score', beta: '', gamma: '', delta: '', epsilon: '' },
};

// Rows of the latest list (default scope: establishments in the zone, plus head offices of followed companies).
const A21 = CO.alpha.sirets[0];
const A75 = CO.alpha.sirets[1];
const B13 = CO.beta.sirets[0];
const E21 = CO.epsilon.sirets[0];
const LIST2: Record<string, string[]> = {
  score21: [A21],
  all21: [A21],
  urssaf21: [],
  scoreUrssaf21: [A21],
  allR93: [B13],
  allFR: [A21, A75, B13],
  none21: [],
  follower13: [B13],
  score75: [A75],
};
const LIST2_ALL_SITES: Record<string, string[]> = {
  ...LIST2,
  score21: [A21, A75],
  all21: [A21, A75],
  scoreUrssaf21: [A21, A75],
  score75: [A21, A75],
  allFR: [A21, B13, A75],
};
type FlagRow = { siret: string; ap: boolean | null; urssaf_hausse: boolean | null; chiffre_d_affaires: number | null };
const coOf = (siret: string) => COMPANIES.find((co) => (CO[co].sirets as readonly string[]).includes(siret))!;

/** `ap` and `urssaf_hausse` of rows are set exactly where the card shows `dgefp` / `urssaf`; public accounts always. */
function expectFlags(u: string, rows: FlagRow[]) {
  for (const r of rows) {
    const expected = VISIBLE[u][coOf(r.siret)];
    // the fixture's debts rise and its establishments used partial activity: a visible flag is true
    expect(r.ap, `${u} ${r.siret} ap`).toBe(expected.includes('dgefp') ? true : null);
    expect(r.urssaf_hausse, `${u} ${r.siret} urssaf_hausse`).toBe(expected.includes('urssaf') ? true : null);
    expect(r.chiffre_d_affaires).toBe(9e5); // statements of 2023 are not yet available in May–June 2024
  }
}

const LIST1: Record<string, string[]> = {
  ...LIST2,
  score21: [A21, E21],
  all21: [A21, E21],
  scoreUrssaf21: [A21, E21],
  allR93: [],
  allFR: [A21, E21, A75],
  follower13: [],
};

const email = (u: string) => `${u.toLowerCase()}@test.gouv.fr`;

describe.each(STORES)('authorisation matrix on %s', (kind) => {
  let h: Harness;
  const c: Record<string, Client> = {};
  let liste1: number;
  let liste2: number;
  beforeAll(async () => {
    h = await harness(
      kind,
      Object.entries(USERS).map(([u, a]) => ({ email: email(u), ...a })),
    );
    for (const u of Object.keys(USERS)) c[u] = await h.login(email(u));
    const r = await c.follower13.send('POST', `/api/suivis/${CO.gamma.sirets[0]}`, { motif: 'source_externe' });
    expect(r.statusCode).toBe(201);
    const listes = (await c.allFR.get('/api/listes')).json();
    [liste2, liste1] = listes.map((l: { id: number }) => l.id);
  });
  afterAll(async () => h?.close());

  const blocksOf = (body: Record<string, unknown>) =>
    ALL.filter((b) => !(body[b] as { locked?: boolean }).locked).join(' ');

  for (const u of Object.keys(USERS))
    for (const co of COMPANIES)
      it(`${u} × ${co}: cards, search and comments show exactly "${VISIBLE[u][co]}"`, async () => {
        const cl = c[u];
        const expected = VISIBLE[u][co];
        const card = await cl.get(`/api/entreprises/${CO[co].siren}`);
        expect(card.statusCode).toBe(200);
        const body = card.json();
        expect(body.raison_sociale).toBeTruthy(); // identity: always
        expect(body).toMatchObject({
          adresse: '1 rue de la Paix',
          code_postal: '21000',
          commune: 'Dijon',
          categorie_juridique_libelle: 'SAS, société par actions simplifiée',
        });
        expect(blocksOf(body)).toBe(expected);
        expect(
          Object.entries(body.acces)
            .filter(([, v]) => v)
            .map(([k]) => k)
            .join(' '),
        ).toBe(expected);
        for (const b of ALL)
          if (!expected.includes(b)) {
            expect(body[b].reason).toMatch(/\w/);
            // unlocking by following is offered exactly when the user holds the role
            expect(body[b].unlock).toBe(USERS[u].roles.includes(b) ? 'follow' : null);
            expect(Object.keys(body[b]).sort()).toEqual(['locked', 'reason', 'unlock']);
          }
        for (const siret of CO[co].sirets) {
          const e = await cl.get(`/api/etablissements/${siret}`);
          expect(e.statusCode).toBe(200);
          expect(e.json().entreprise.raison_sociale).toBe(body.raison_sociale);
          expect(blocksOf(e.json())).toBe(expected);
        }
        // search: identity nationwide, the alert only where `score` is visible
        const s = await cl.get(`/api/recherche?q=${CO[co].siren}`);
        expect(s.statusCode).toBe(200);
        const items = s.json().items as (FlagRow & { alert: string | null; probability: number | null })[];
        expect(items.map((i) => i.siret).sort()).toEqual([...CO[co].sirets].sort());
        expectFlags(u, items);
        for (const i of items) {
          expect(i.alert !== null).toBe(expected.includes('score'));
          expect(i.probability !== null).toBe(expected.includes('score'));
        }
        // the cards' establishment rows (built at publish, rights applied at read) are the search's live rows
        const bySiret = (rows: { siret: string }[]) => [...rows].sort((a, b) => a.siret.localeCompare(b.siret));
        expect(bySiret(body.etablissements)).toEqual(bySiret(items));
        expect(body.etablissements[0].siege).toBe(true); // head office first
        for (const siret of CO[co].sirets) {
          const others = (await cl.get(`/api/etablissements/${siret}`)).json().autres_etablissements;
          expect(bySiret(others)).toEqual(bySiret(items.filter((i) => i.siret !== siret)));
        }
        // comments follow the score rule
        const cm = await cl.get(`/api/entreprises/${CO[co].siren}/commentaires`);
        expect(cm.statusCode).toBe(expected.includes('score') ? 200 : 403);
        const post = await cl.send('POST', `/api/entreprises/${CO[co].siren}/commentaires`, {
          message: `note de ${u}`,
        });
        expect(post.statusCode).toBe(expected.includes('score') ? 201 : 403);
        if (!expected.includes('score')) expect(post.json().error.code).toBe('locked');
      });

  for (const u of Object.keys(USERS))
    it(`${u}: lists, counters and exports contain exactly the allowed rows`, async () => {
      const cl = c[u];
      const rows = async (url: string) => {
        const r = await cl.get(url);
        expect(r.statusCode).toBe(200);
        return r.json();
      };
      const l2 = await rows(`/api/listes/${liste2}/alertes`);
      expect(l2.items.map((i: { siret: string }) => i.siret)).toEqual(LIST2[u]);
      expect(l2.total).toBe(LIST2[u].length);
      expect(l2.nb_fort).toBe(LIST2[u].filter((s) => s !== B13).length);
      expect(l2.nb_modere).toBe(LIST2[u].filter((s) => s === B13).length);
      const all = await rows(`/api/listes/${liste2}/alertes?toutes_implantations=true`);
      expect(all.items.map((i: { siret: string }) => i.siret).sort()).toEqual([...LIST2_ALL_SITES[u]].sort());
      const deps = await rows(`/api/listes/${liste2}/departements`);
      const perDep = new Map<string, number>();
      for (const s of LIST2[u]) {
        const d = s === B13 ? '13' : s === A21 ? '21' : '75';
        perDep.set(d, (perDep.get(d) ?? 0) + 1);
      }
      expect(
        deps.map((d: { departement: string; nb_fort: number; nb_modere: number }) => [
          d.departement,
          d.nb_fort + d.nb_modere,
        ]),
      ).toEqual([...perDep].sort());
      const l1 = await rows(`/api/listes/${liste1}/alertes`);
      expect(l1.items.map((i: { siret: string }) => i.siret).sort()).toEqual([...LIST1[u]].sort());
      for (const l of [l2, all, l1]) expectFlags(u, l.items);
      const csv = await cl.get(`/api/listes/${liste2}/export.csv`);
      expect(csv.statusCode).toBe(200);
      const [header, ...lines] = csv.body
        .replace(/^\ufeff/, '')
        .trim()
        .split('\r\n');
      expect(header.split(';')).toEqual(expect.arrayContaining(["Chiffre d'affaires (€)", 'EBE (€)']));
      expect(lines.map((l) => l.split(';')[1]).sort()).toEqual([...LIST2[u]].sort());
      const xlsx = await cl.get(`/api/listes/${liste2}/export.xlsx`);
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    });

  it('following one establishment unlocks the whole company; unfollowing locks it again', async () => {
    const cl = c.score21;
    const before = (await cl.get(`/api/entreprises/${CO.delta.siren}`)).json();
    expect(before.score.locked).toBe(true);
    expect(before.score.unlock).toBe('follow');
    expect((await cl.send('POST', `/api/suivis/${CO.delta.sirets[0]}`, { motif: 'autre' })).statusCode).toBe(400);
    const f = await cl.send('POST', `/api/suivis/${CO.delta.sirets[0]}`, {
      motif: 'autre',
      commentaire: 'appel du dirigeant',
    });
    expect(f.statusCode).toBe(201);
    const after = (await cl.get(`/api/entreprises/${CO.delta.siren}`)).json();
    expect(after.score.locked).toBeUndefined();
    expect(after.score.historique.length).toBe(2);
    expect(after.suivi.suivie).toBe(true);
    expect((await cl.get(`/api/entreprises/${CO.delta.siren}/commentaires`)).statusCode).toBe(200);
    const mine = (await cl.get('/api/suivis')).json();
    expect(mine.map((s: { siret: string }) => s.siret)).toEqual([CO.delta.sirets[0]]);
    // DELTA is not in the lists (never alerted): following does not put it there
    expect((await cl.get(`/api/listes/${liste2}/alertes?q=DELTA`)).json().total).toBe(0);
    const un = await cl.send('DELETE', `/api/suivis/${CO.delta.sirets[0]}`, { bilan: 'aucune_action' });
    expect(un.statusCode).toBe(200);
    expect((await cl.get(`/api/entreprises/${CO.delta.siren}`)).json().score.locked).toBe(true);
    expect((await cl.send('DELETE', `/api/suivis/${CO.delta.sirets[0]}`, { bilan: 'actions' })).statusCode).toBe(404);
    // another user's follow-up unlocks nothing for me
    expect((await c.all21.get(`/api/entreprises/${CO.gamma.siren}`)).json().score.locked).toBe(true);
  });

  it('filters: exclure_suivis, first alerts, payment plans, procedures, headcount, sector, text', async () => {
    const cl = c.allFR;
    const ids = async (q: string) =>
      (await cl.get(`/api/listes/${liste2}/alertes?${q}`))
        .json()
        .items.map((i: { siret: string }) => i.siret)
        .sort();
    expect(await ids('premiere_alerte=true')).toEqual([B13]); // ALPHA was already red in list 1
    expect(await ids('sans_delai=true')).toEqual([A21, A75]); // BETA has a payment plan running in 2024-06
    expect(await ids('procol=in_bonis')).toEqual([A21, A75, B13].sort());
    expect(await ids('procol=redressement')).toEqual([]);
    expect(await ids('effectif_min=58')).toEqual([]);
    expect(await ids('effectif_min=57')).toEqual([A21, A75, B13].sort());
    expect(await ids('naf=H')).toEqual([]);
    expect(await ids('zone=13')).toEqual([B13]);
    expect(await ids('zone=R27')).toEqual([A21]);
    expect(await ids('q=beta')).toEqual([B13]);
    expect(await ids('q=1111111110002')).toEqual([A75]);
    expect(await ids('siege=true')).toEqual([A21, B13].sort());
    expect(await ids('sans_recentes=true')).toEqual([A21, A75, B13].sort());
    await cl.send('POST', `/api/suivis/${B13}`, { motif: 'detection' });
    expect(await ids('exclure_suivis=true')).toEqual([A21, A75]);
    const page = (await cl.get(`/api/listes/${liste2}/alertes?per_page=1&page=2`)).json();
    expect(page.total).toBe(3);
    expect(page.items.map((i: { siret: string }) => i.siret)).toEqual([A75]);
  });

  it('pages merge the zone and the followed head offices outside it, in list order', async () => {
    const cl = c.all21;
    const sirets = async (q: string) =>
      (await cl.get(`/api/listes/${liste2}/alertes?${q}`)).json().items.map((i: { siret: string }) => i.siret);
    expect(await sirets('')).toEqual([A21]);
    await cl.send('POST', `/api/suivis/${B13}`, { motif: 'detection' });
    try {
      const all = await sirets('');
      expect([...all].sort()).toEqual([A21, B13].sort());
      const pages = [...(await sirets('per_page=1&page=1')), ...(await sirets('per_page=1&page=2'))];
      expect(pages).toEqual(all);
      expect(await sirets('per_page=1&page=3')).toEqual([]);
    } finally {
      await cl.send('DELETE', `/api/suivis/${B13}`, { bilan: 'actions' });
    }
  });
});
