import * as client from 'openid-client';
import { REGIONS } from '../access/zones.ts';
import { ROLES } from './accounts.ts';

/** OpenID Connect login (Keycloak-compatible). Roles and zone come from token claims; the mapping is configurable. */
export interface OidcOptions {
  issuer: string;
  clientId: string;
  clientSecret?: string;
  /** Public URL of `/api/oidc/callback`. */
  redirectUri: string;
  /** Dotted path of the claim holding roles (Keycloak client roles by default). */
  rolesClaim?: string;
  /** Dotted path of the claim holding zone codes or region names; default: the roles claim (Keycloak style). */
  zoneClaim?: string;
  /** A role value that makes the account an administrator. */
  adminRole?: string;
  scope?: string;
  /** Allow an http:// issuer (tests, local providers). */
  allowHttp?: boolean;
  /** Provider name shown on the login button (`SF_OIDC_LABEL`). */
  label?: string;
}

export const DEFAULT_ROLES_CLAIM = 'resource_access.signauxfaibles.roles';

/** OIDC settings from the environment (`SF_OIDC_*`), or undefined when no issuer is set. */
export function oidcFromEnv(env = process.env): OidcOptions | undefined {
  if (!env.SF_OIDC_ISSUER) return undefined;
  return {
    issuer: env.SF_OIDC_ISSUER,
    clientId: env.SF_OIDC_CLIENT_ID ?? 'signauxfaibles',
    clientSecret: env.SF_OIDC_CLIENT_SECRET,
    redirectUri: env.SF_OIDC_REDIRECT_URI ?? 'http://127.0.0.1:3000/api/oidc/callback',
    rolesClaim: env.SF_OIDC_ROLES_CLAIM,
    zoneClaim: env.SF_OIDC_ZONE_CLAIM,
    adminRole: env.SF_OIDC_ADMIN_ROLE,
    allowHttp: env.SF_OIDC_ALLOW_HTTP === '1',
    label: env.SF_OIDC_LABEL,
  };
}

function claim(claims: Record<string, unknown>, path: string): string[] {
  let v: unknown = claims;
  for (const k of path.split('.')) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
  if (typeof v === 'string')
    return v
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

const REGION_BY_NAME = new Map(REGIONS.map((r) => [r.nom.toLowerCase(), `R${r.code}`]));

/** Keycloak claims → data roles, zone codes and admin flag. Region names and "France entière" are understood. */
export function mapClaims(claims: Record<string, unknown>, o: OidcOptions) {
  const rolesValues = claim(claims, o.rolesClaim ?? DEFAULT_ROLES_CLAIM);
  const zoneValues = claim(claims, o.zoneClaim ?? o.rolesClaim ?? DEFAULT_ROLES_CLAIM);
  const roles = rolesValues.filter((r) => (ROLES as readonly string[]).includes(r));
  const zone = new Set<string>();
  for (const z of zoneValues) {
    const lower = z.toLowerCase();
    if (lower === 'france entière' || z === 'FR') zone.add('FR');
    else if (REGION_BY_NAME.has(lower)) zone.add(REGION_BY_NAME.get(lower)!);
    else if (/^(R\d{2}|\d{2,3}|2[AB])$/.test(z)) zone.add(z);
  }
  return {
    email:
      typeof claims.email === 'string'
        ? claims.email
        : typeof claims.preferred_username === 'string'
          ? claims.preferred_username
          : '',
    sub: String(claims.sub),
    roles,
    zone: [...zone],
    admin: o.adminRole ? rolesValues.includes(o.adminRole) : false,
  };
}

export interface OidcClient {
  authorizationUrl(): Promise<{ url: string; state: string }>;
  callback(currentUrl: URL, state: string): Promise<Record<string, unknown>>;
}

/** Discovers the provider once; keeps each login's PKCE verifier and nonce in memory for 10 minutes. */
export function oidcClient(o: OidcOptions): OidcClient {
  let config: Promise<client.Configuration> | undefined;
  const pending = new Map<string, { verifier: string; nonce: string; at: number }>();
  const getConfig = () => {
    config ??= client
      .discovery(new URL(o.issuer), o.clientId, o.clientSecret, undefined, {
        execute: o.allowHttp ? [client.allowInsecureRequests] : [],
      })
      .catch((e) => {
        config = undefined;
        throw e;
      });
    return config;
  };
  return {
    async authorizationUrl() {
      const c = await getConfig();
      const now = Date.now();
      for (const [k, v] of pending) if (now - v.at > 600_000) pending.delete(k);
      const verifier = client.randomPKCECodeVerifier();
      const state = client.randomState();
      const nonce = client.randomNonce();
      pending.set(state, { verifier, nonce, at: now });
      const url = client.buildAuthorizationUrl(c, {
        redirect_uri: o.redirectUri,
        scope: o.scope ?? 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(verifier),
        code_challenge_method: 'S256',
        state,
        nonce,
      });
      return { url: url.href, state };
    },
    async callback(currentUrl, state) {
      const p = pending.get(state);
      if (!p) throw new Error('unknown or expired login state');
      pending.delete(state);
      const tokens = await client.authorizationCodeGrant(await getConfig(), currentUrl, {
        pkceCodeVerifier: p.verifier,
        expectedState: state,
        expectedNonce: p.nonce,
      });
      const claims = { ...(tokens.claims() ?? {}) } as Record<string, unknown>;
      // Keycloak puts client roles in the access token; the ID token may not carry them.
      if (tokens.access_token && claims.resource_access === undefined) {
        const [, payload] = tokens.access_token.split('.');
        if (payload) {
          try {
            const at = JSON.parse(Buffer.from(payload, 'base64url').toString());
            for (const [k, v] of Object.entries(at)) if (!(k in claims)) claims[k] = v;
          } catch {
            // opaque access token: the ID token's claims are all we have
          }
        }
      }
      return claims;
    },
  };
}
