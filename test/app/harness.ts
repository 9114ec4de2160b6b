import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { addUser, type NewAccount } from '../../src/app/auth/accounts.ts';
import { publish } from '../../src/app/publish/publish.ts';
import { createServer, type ServerOptions } from '../../src/app/server.ts';
import type { AppStore } from '../../src/app/store/store.ts';
import type { Warehouse } from '../../src/warehouse/db.ts';
import { addPredictions, CO, type StoreKind, scratchStore, standardWarehouse, tempDir } from './fixture.ts';

export const PASSWORD = 'un mot de passe assez long';

/** A logged-in user talking to the server through Fastify's inject (the real routes, hooks and stores). */
export interface Client {
  email: string;
  csrf: string;
  cookie: string;
  get(url: string): Promise<LightMyRequestResponse>;
  send(method: 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, body?: unknown): Promise<LightMyRequestResponse>;
}

export interface Harness {
  store: AppStore;
  app: FastifyInstance;
  wh: Warehouse;
  login(email: string, password?: string): Promise<Client>;
  close(): Promise<void>;
}

/** Two published lists (2024-05: ALPHA and EPSILON `fort`; 2024-06: ALPHA `fort`, BETA `modere`), the given accounts. */
export async function harness(
  kind: StoreKind,
  accounts: NewAccount[],
  options: Partial<ServerOptions> = {},
): Promise<Harness> {
  const tmp = tempDir();
  const wh = await standardWarehouse(tmp.dir);
  const s = await scratchStore(kind);
  await publish(wh, s.store);
  await addPredictions(wh, 'm2', '2024-06', { [CO.alpha.siren]: 'fort', [CO.beta.siren]: 'modere' });
  await publish(wh, s.store);
  for (const a of accounts) await addUser(s.store, { password: PASSWORD, ...a });
  const app = await createServer({ store: s.store, ...options });
  return {
    store: s.store,
    app,
    wh,
    login: (email, password = PASSWORD) => login(app, email, password),
    async close() {
      await app.close();
      await s.drop();
      wh.close();
      tmp.rm();
    },
  };
}

export async function login(app: FastifyInstance, email: string, password = PASSWORD): Promise<Client> {
  const r = await app.inject({ method: 'POST', url: '/api/session', payload: { email, password } });
  if (r.statusCode !== 200) throw new Error(`login ${email}: ${r.statusCode} ${r.body}`);
  const cookie = r.cookies.find((c) => c.name === 'sf_session')!.value;
  const csrf = r.json().csrf_token as string;
  return {
    email,
    csrf,
    cookie,
    get: (url) => app.inject({ method: 'GET', url, cookies: { sf_session: cookie } }),
    send: (method, url, body) =>
      app.inject({
        method,
        url,
        cookies: { sf_session: cookie },
        headers: { 'x-csrf-token': csrf },
        payload: body as object,
      }),
  };
}
