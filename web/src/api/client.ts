// Thin fetch wrapper: same-origin cookie session, CSRF header on writes, French error messages,
// and a "session expired" signal when an authenticated call comes back 401.
import { session } from '../session.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const MESSAGES: Record<number, string> = {
  400: 'Requête invalide.',
  401: 'Vous n’êtes pas connecté.',
  403: 'Accès refusé.',
  404: 'Introuvable.',
  500: 'Erreur du serveur. Réessayez plus tard.',
};

export type Query = Record<string, string | number | boolean | null | undefined | string[]>;

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) {
      if (v.length) p.set(k, v.join(','));
    } else p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

async function request<T>(method: string, path: string, body?: unknown, query?: Query): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && method !== 'HEAD' && session.me) headers['X-CSRF-Token'] = session.me.csrf_token;
  let res: Response;
  try {
    res = await fetch(withQuery(path, query), {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', 'Le serveur est injoignable. Vérifiez votre connexion.');
  }
  if (res.status === 401 && session.me && path !== '/api/session') session.expired = true;
  if (!res.ok) {
    let code = String(res.status);
    let message = MESSAGES[res.status] ?? `Erreur ${res.status}.`;
    try {
      const j = (await res.json()) as { error?: { code?: string; message?: string } };
      if (j.error?.code) code = j.error.code;
      if (j.error?.message) message = j.error.message;
    } catch {
      // body was not JSON: keep the generic message
    }
    throw new ApiError(res.status, code, message);
  }
  if (res.status === 204) return undefined as T;
  const type = res.headers.get('content-type') ?? '';
  return (type.includes('json') ? await res.json() : await res.text()) as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', path, undefined, query),
  post: <T>(path: string, body: unknown = {}) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown = {}) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown = {}) => request<T>('PUT', path, body),
  del: <T>(path: string, body?: unknown) => request<T>('DELETE', path, body),
};

/** Lists and search answer either a page object or a bare array; both become a page. */
export function asPage<T>(r: { total?: number; items?: T[] } | T[] | null | undefined): {
  total: number;
  items: T[];
  nb_fort?: number;
  nb_modere?: number;
} {
  if (Array.isArray(r)) return { total: r.length, items: r };
  const items = r?.items ?? [];
  return { ...(r as object), total: r?.total ?? items.length, items };
}
