import type { FastifyInstance, FastifyReply } from 'fastify';
import { audit } from '../audit.ts';
import { checkLogin } from '../auth/login.ts';
import { COOKIE, closeSession, openSession } from '../auth/sessions.ts';
import { HttpError } from '../http.ts';

const meSchema = {
  type: 'object',
  properties: {
    email: { type: 'string' },
    roles: { type: 'array', items: { type: 'string' } },
    zone: { type: 'array', items: { type: 'string' } },
    departements: { type: 'array', items: { type: 'string' } },
    admin: { type: 'boolean' },
    csrf_token: { type: 'string' },
  },
} as const;

/** Sets the session cookie: HttpOnly, SameSite=Strict, Secure on TLS. */
export function setSessionCookie(reply: FastifyReply, token: string, secure: boolean, maxAgeMs: number) {
  reply.setCookie(COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

export default async function sessionRoutes(app: FastifyInstance) {
  const { settings, store } = app;

  app.post<{ Body: { email: string; password: string } }>(
    '/session',
    {
      config: {
        public: true,
        rateLimit: { max: settings.loginRateLimit.max, timeWindow: settings.loginRateLimit.timeWindowMs },
      },
      schema: {
        tags: ['session'],
        summary: 'Log in with e-mail and password',
        body: {
          type: 'object',
          required: ['email', 'password'],
          additionalProperties: false,
          properties: { email: { type: 'string', maxLength: 254 }, password: { type: 'string', maxLength: 1024 } },
        },
        response: { 200: meSchema },
      },
    },
    async (req, reply) => {
      const { email, password } = req.body;
      const r = await checkLogin(store, email, password, settings.lockout);
      if (r.status !== 'ok') {
        await audit(
          store,
          req,
          r.status === 'locked' ? 'connexion.verrouillee' : 'connexion.echec',
          null,
          null,
          email.toLowerCase().slice(0, 254),
        );
        if (r.status === 'locked')
          throw new HttpError(429, 'account_locked', 'Trop de tentatives : compte verrouillé temporairement');
        throw new HttpError(401, 'bad_credentials', 'Adresse ou mot de passe incorrect');
      }
      const s = await openSession(store, r.id, settings.session);
      setSessionCookie(reply, s.token, req.protocol === 'https', settings.session.ttlMs);
      const me = await store.one<{
        email: string;
        roles: string[];
        zone: string[];
        departements: string[];
        admin: boolean;
      }>('SELECT email, roles, zone, departements, admin FROM compte WHERE id = $1', [r.id]);
      req.viewer = { id: r.id, ...me! };
      await audit(store, req, 'connexion');
      return { ...me, csrf_token: s.csrf };
    },
  );

  app.delete('/session', { schema: { tags: ['session'], summary: 'Log out' } }, async (req, reply) => {
    await closeSession(store, req.sessionToken!);
    await audit(store, req, 'deconnexion');
    reply.clearCookie(COOKIE, { path: '/' });
    return reply.status(204).send();
  });

  app.get(
    '/me',
    { schema: { tags: ['session'], summary: 'The logged-in user', response: { 200: meSchema } } },
    async (req) => {
      const v = req.viewer!;
      return {
        email: v.email,
        roles: v.roles,
        zone: v.zone,
        departements: v.departements,
        admin: v.admin,
        csrf_token: req.csrfToken,
      };
    },
  );

  app.get('/health', { config: { public: true }, schema: { tags: ['session'], summary: 'Liveness' } }, async () => {
    await store.query('SELECT 1');
    // The login page reads OIDC availability here; the URL is the route routes/oidc.ts serves.
    if (!settings.oidc) return { ok: true, oidc: false };
    return { ok: true, oidc: true, oidc_label: settings.oidc.label ?? 'OpenID Connect', oidc_url: '/api/oidc/login' };
  });
}
