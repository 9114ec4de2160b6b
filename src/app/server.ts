import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import helmet from 'helmet';
import type { Viewer } from './access/rule.ts';
import type { LockoutPolicy } from './auth/login.ts';
import type { OidcOptions } from './auth/oidc.ts';
import { COOKIE, csrfMatches, type FoundSession, findSession, type SessionPolicy } from './auth/sessions.ts';
import { Caches, type TtlCache } from './cache.ts';
import { HttpError } from './http.ts';
import adminRoutes from './routes/admin.ts';
import cartesRoutes from './routes/cartes.ts';
import commentairesRoutes from './routes/commentaires.ts';
import listesRoutes from './routes/listes.ts';
import oidcRoutes from './routes/oidc.ts';
import rechercheRoutes from './routes/recherche.ts';
import referencesRoutes from './routes/references.ts';
import sessionRoutes from './routes/session.ts';
import statsRoutes from './routes/stats.ts';
import suivisRoutes from './routes/suivis.ts';
import type { AppStore } from './store/store.ts';

export interface ServerOptions {
  store: AppStore;
  /** Built front end served at `/` (default `web/dist`). */
  webDist?: string;
  session?: Partial<SessionPolicy>;
  lockout?: Partial<LockoutPolicy>;
  /** Login attempts allowed per client address and window. */
  loginRateLimit?: { max: number; timeWindowMs: number };
  oidc?: OidcOptions;
  logger?: boolean;
  /** Behind a TLS-terminating proxy: trust X-Forwarded-* (HSTS is sent on https requests only). */
  trustProxy?: boolean;
  /**
   * How long a cached session or list page may outlive a change made without the API (default 2 s on a PostgreSQL
   * server, which other processes may write; 30 s on PGlite, which only this process can open).
   */
  cacheTtlMs?: number;
}

/** The in-memory caches of one server (see cache.ts for the rules that keep them correct). */
export interface ServerCaches {
  all: Caches;
  sessions: TtlCache<FoundSession>;
  /** Serialised pages of `/listes/:id/alertes`, keyed by viewer, list and query. */
  listes: TtlCache<string>;
}

const isWrite = (method: string) => method !== 'GET' && method !== 'HEAD';

export interface Settings {
  session: SessionPolicy;
  lockout: LockoutPolicy;
  loginRateLimit: { max: number; timeWindowMs: number };
  oidc?: OidcOptions;
}

declare module 'fastify' {
  interface FastifyInstance {
    store: AppStore;
    settings: Settings;
    caches: ServerCaches;
  }
  interface FastifyRequest {
    viewer: Viewer | null;
    sessionToken: string | null;
    csrfToken: string | null;
  }
  interface FastifyContextConfig {
    /** Route reachable without a session. */
    public?: boolean;
  }
}

function findNul(v: unknown, path: string): string | null {
  if (typeof v === 'string') return v.includes('\u0000') ? path : null;
  if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      const p = findNul(x, `${path}/${k}`);
      if (p) return p;
    }
  return null;
}

/** The API (under `/api`) and the built front end, on one Fastify instance. */
export async function createServer(options: ServerOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: options.logger
      ? {
          serializers: {
            // the OIDC callback's query carries the authorisation code: never logged
            req: (req) => ({
              method: req.method,
              url: req.url.startsWith('/api/oidc/') ? req.url.split('?')[0] : req.url,
              remoteAddress: req.ip,
            }),
          },
        }
      : false,
    trustProxy: options.trustProxy ?? false,
    bodyLimit: 64 * 1024,
    routerOptions: { maxParamLength: 200 },
    ajv: { customOptions: { removeAdditional: false, coerceTypes: true, allErrors: false } },
  });
  app.decorate('store', options.store);
  app.decorate('settings', {
    session: { ttlMs: 8 * 3600_000, idleMs: 30 * 60_000, ...options.session },
    lockout: { maxFailures: 5, lockMs: 15 * 60_000, ...options.lockout },
    loginRateLimit: options.loginRateLimit ?? { max: 20, timeWindowMs: 60_000 },
    oidc: options.oidc,
  });
  const all = new Caches();
  const ttl = options.cacheTtlMs ?? (options.store.kind === 'pglite' ? 30_000 : 2000);
  app.decorate('caches', {
    all,
    sessions: all.create<FoundSession>(ttl, 10_000),
    listes: all.create<string>(ttl, 2_000),
  });
  app.decorateRequest('viewer', null);
  app.decorateRequest('sessionToken', null);
  app.decorateRequest('csrfToken', null);

  // Security headers: helmet's middleware, built once (@fastify/helmet built it again for every request, ~4 % of
  // the server's time per card under load)
  const securityHeaders = helmet({
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // served over plain http on loopback too (sf demo): upgrading would break it; HSTS covers TLS deployments
        upgradeInsecureRequests: null,
      },
    },
    frameguard: { action: 'deny' },
    hsts: false, // sent only on TLS requests, below
  });
  app.addHook('onRequest', (req, reply, done) =>
    securityHeaders(req.raw, reply.raw, (e?: unknown) => done(e as Error | undefined)),
  );
  app.addHook('onSend', async (req, reply) => {
    if (req.protocol === 'https') reply.header('strict-transport-security', 'max-age=31536000; includeSubDomains');
    if (req.url.startsWith('/api/') && !reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
  });
  await app.register(cookie);
  await app.register(rateLimit, {
    global: false,
    errorResponseBuilder: (_req, ctx) =>
      new HttpError(429, 'rate_limited', `Trop de tentatives : réessayez dans ${Math.ceil(ctx.ttl / 1000)} s`),
  });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'Signaux Faibles API',
        version: '1',
        description: 'Detection lists, company cards, follow-up and comments, under the access rule of docs/app.md.',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: COOKIE } } },
      security: [{ session: [] }],
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });

  app.setErrorHandler((err: FastifyError | HttpError, req, reply) => {
    if (err instanceof HttpError)
      return reply.status(err.statusCode).send({ error: { code: err.code, message: err.message, ...err.extra } });
    if (err.validation) {
      const v = err.validation[0];
      const field = `${err.validationContext ?? 'request'}${v.instancePath || ''}${
        (v.params as { missingProperty?: string; additionalProperty?: string }).missingProperty
          ? `/${(v.params as { missingProperty: string }).missingProperty}`
          : (v.params as { additionalProperty?: string }).additionalProperty
            ? `/${(v.params as { additionalProperty: string }).additionalProperty}`
            : ''
      }`;
      return reply
        .status(400)
        .send({ error: { code: 'bad_request', message: `${field} ${v.message ?? 'is invalid'}` } });
    }
    const status = err.statusCode ?? 500;
    if (status < 500)
      return reply.status(status).send({ error: { code: err.code ?? 'bad_request', message: err.message } });
    req.log.error(err);
    return reply.status(500).send({ error: { code: 'internal', message: 'Erreur interne du serveur' } });
  });

  // PostgreSQL text cannot hold NUL: refuse it as bad input rather than fail in the store.
  app.addHook('preValidation', async (req) => {
    for (const [where, v] of [
      ['querystring', req.query],
      ['params', req.params],
      ['body', req.body],
    ] as const) {
      const path = findNul(v, where);
      if (path) throw new HttpError(400, 'bad_request', `${path} must not contain a NUL character`);
    }
  });

  // Any write through the API (follow, comment, account change, logout…) empties the caches before it runs and once
  // it has run: the next read sees it.
  app.addHook('onRequest', async (req) => {
    if (isWrite(req.method)) app.caches.all.invalidate();
  });
  app.addHook('onSend', async (req) => {
    if (isWrite(req.method)) app.caches.all.invalidate();
  });

  // Every /api route needs a session, except those marked public; every write needs the CSRF header.
  app.addHook('onRequest', async (req) => {
    if (!req.url.startsWith('/api/') || req.routeOptions.config?.public || req.url.startsWith('/api/docs')) return;
    if (!req.routeOptions.url) return; // unknown route: 404 below
    const token = req.cookies[COOKIE];
    if (!token) throw new HttpError(401, 'unauthenticated', 'Connexion requise');
    const s = await findSession(app.store, token, app.settings.session, app.caches.sessions);
    if (s.status === 'expired') throw new HttpError(401, 'session_expired', 'Session expirée : reconnectez-vous');
    if (s.status !== 'ok') throw new HttpError(401, 'unauthenticated', 'Connexion requise');
    if (req.method !== 'GET' && req.method !== 'HEAD' && !csrfMatches(req.headers['x-csrf-token'], s.csrf))
      throw new HttpError(403, 'csrf', 'En-tête X-CSRF-Token absent ou invalide');
    req.viewer = s.viewer;
    req.sessionToken = token;
    req.csrfToken = s.csrf;
  });

  await app.register(
    async (api) => {
      for (const plugin of [
        sessionRoutes,
        oidcRoutes,
        referencesRoutes,
        listesRoutes,
        cartesRoutes,
        rechercheRoutes,
        suivisRoutes,
        commentairesRoutes,
        statsRoutes,
        adminRoutes,
      ])
        await api.register(plugin);
    },
    { prefix: '/api' },
  );

  const dist = resolve(options.webDist ?? 'web/dist');
  const hasWeb = existsSync(resolve(dist, 'index.html'));
  if (hasWeb) await app.register(fastifyStatic, { root: dist, wildcard: false });
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api') || (req.method !== 'GET' && req.method !== 'HEAD'))
      return reply
        .status(404)
        .send({ error: { code: 'not_found', message: `Route inconnue : ${req.method} ${req.url.split('?')[0]}` } });
    if (hasWeb) return reply.header('cache-control', 'no-cache').sendFile('index.html');
    return reply
      .type('text/plain; charset=utf-8')
      .send(
        'Signaux Faibles: the web app is not built (npm run build:web). The API answers under /api, documented at /api/docs.\n',
      );
  });
  return app;
}
