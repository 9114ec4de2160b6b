import { oidcFromEnv } from '../../app/auth/oidc.ts';
import { createServer } from '../../app/server.ts';
import { openAppStore } from '../../app/store/store.ts';
import { type Command, int, str } from '../command.ts';
import { appStoreOption, appStoreUrl } from '../stores.ts';

export default {
  name: 'serve',
  summary: 'run the web app and API',
  help: `Usage: sf serve [--port 3000] [--host 127.0.0.1] [--database-url URL] [--web DIR] [--trust-proxy]

Serves the API under /api (documented at /api/docs) and the built web app (web/dist) at /.

  --web DIR        built front end (default web/dist)
  --trust-proxy    behind a TLS-terminating reverse proxy (X-Forwarded-*; HSTS on https requests)

OpenID Connect login is enabled by SF_OIDC_ISSUER, with SF_OIDC_CLIENT_ID, SF_OIDC_CLIENT_SECRET,
SF_OIDC_REDIRECT_URI, SF_OIDC_ROLES_CLAIM (default resource_access.signauxfaibles.roles), SF_OIDC_ZONE_CLAIM,
SF_OIDC_ADMIN_ROLE.`,
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    web: { type: 'string' },
    'trust-proxy': { type: 'boolean' },
    ...appStoreOption,
  },
  async run({ values }) {
    const port = int(values, 'port', 3000);
    const host = str(values, 'host') ?? '127.0.0.1';
    const store = await openAppStore(appStoreUrl(values));
    const app = await createServer({
      store,
      webDist: str(values, 'web'),
      oidc: oidcFromEnv(),
      logger: true,
      trustProxy: values['trust-proxy'] === true,
    });
    const stop = async () => {
      await app.close();
      await store.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    await app.listen({ port, host });
    process.stderr.write(`Signaux Faibles on http://${host}:${port}/ (API docs: /api/docs)\n`);
    await new Promise(() => {});
    return 0;
  },
} satisfies Command;
