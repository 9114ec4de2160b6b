import type { FastifyInstance } from 'fastify';
import { audit } from '../audit.ts';
import { addUser } from '../auth/accounts.ts';
import { mapClaims, oidcClient } from '../auth/oidc.ts';
import { openSession } from '../auth/sessions.ts';
import { HttpError } from '../http.ts';
import { setSessionCookie } from './session.ts';

const STATE_COOKIE = 'sf_oidc_state';

export default async function oidcRoutes(app: FastifyInstance) {
  const { store, settings } = app;
  const o = settings.oidc;
  const oidc = o && oidcClient(o);

  app.get(
    '/oidc/login',
    { config: { public: true }, schema: { tags: ['session'], summary: 'Log in through the OpenID provider (302)' } },
    async (req, reply) => {
      if (!oidc) throw new HttpError(404, 'not_found', 'Connexion OpenID non configurée');
      const { url, state } = await oidc.authorizationUrl();
      // Lax, not Strict: the provider's redirect back to us is a cross-site navigation.
      reply.setCookie(STATE_COOKIE, state, {
        httpOnly: true,
        sameSite: 'lax',
        secure: req.protocol === 'https',
        path: '/api/oidc',
        maxAge: 600,
      });
      return reply.redirect(url);
    },
  );

  app.get(
    '/oidc/callback',
    { config: { public: true }, schema: { tags: ['session'], summary: 'Return from the OpenID provider' } },
    async (req, reply) => {
      if (!oidc || !o) throw new HttpError(404, 'not_found', 'Connexion OpenID non configurée');
      const state = req.cookies[STATE_COOKIE];
      if (!state) throw new HttpError(400, 'bad_request', 'Connexion OpenID : état absent, recommencez');
      reply.clearCookie(STATE_COOKIE, { path: '/api/oidc' });
      const current = new URL(req.url, o.redirectUri);
      let claims: Record<string, unknown>;
      try {
        claims = await oidc.callback(current, state);
      } catch (e) {
        req.log.warn(e);
        throw new HttpError(401, 'oidc_failed', 'Connexion OpenID refusée');
      }
      const m = mapClaims(claims, o);
      if (!m.email) throw new HttpError(403, 'forbidden', "Le fournisseur d'identité ne donne pas d'adresse");
      if (m.zone.length === 0)
        throw new HttpError(403, 'forbidden', 'Aucune zone géographique dans votre habilitation');
      const existing = await store.one<{ actif: boolean }>('SELECT actif FROM compte WHERE email = lower($1)', [
        m.email,
      ]);
      if (existing && !existing.actif) throw new HttpError(403, 'forbidden', 'Compte désactivé');
      const a = await addUser(store, { email: m.email, roles: m.roles, zone: m.zone, admin: m.admin, oidcSub: m.sub });
      // a write behind a GET: the account's roles and zone may have changed for its other open sessions
      app.caches.all.invalidate();
      const s = await openSession(store, a.id, settings.session);
      setSessionCookie(reply, s.token, req.protocol === 'https', settings.session.ttlMs);
      req.viewer = {
        id: a.id,
        email: a.email,
        roles: a.roles,
        zone: a.zone,
        departements: a.departements,
        admin: a.admin,
      };
      await audit(store, req, 'connexion.oidc');
      return reply.redirect('/');
    },
  );
}
