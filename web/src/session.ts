// Who is logged in, whether the confidentiality notice is accepted, whether the session expired.
import { reactive } from 'vue';
import { ApiError, api } from './api/client.ts';
import type { Me } from './api/types.ts';

export const CONSENT_DAYS = 61; // "renewed every 2 months"

export const session = reactive({
  me: null as Me | null,
  loaded: false,
  expired: false,
  consentAt: null as string | null,
});

function consentKey(email: string): string {
  return `sf.confidentialite.${email}`;
}

export function consentValid(at: string | null, now = new Date()): boolean {
  if (!at) return false;
  const t = Date.parse(at);
  return Number.isFinite(t) && now.getTime() - t < CONSENT_DAYS * 86_400_000 && t <= now.getTime() + 60_000;
}

function setMe(me: Me | null): void {
  session.me = me;
  session.consentAt = me ? localStorage.getItem(consentKey(me.email)) : null;
}

export async function loadMe(): Promise<void> {
  try {
    setMe(await api.get<Me>('/api/me'));
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) console.warn('Session: ', (e as Error).message);
    setMe(null);
  }
  session.loaded = true;
}

export async function login(email: string, password: string): Promise<void> {
  setMe(await api.post<Me>('/api/session', { email, password }));
  session.expired = false;
}

export async function logout(): Promise<void> {
  try {
    await api.del('/api/session');
  } catch {
    // the session may already be gone; the user is logged out either way
  }
  setMe(null);
  session.expired = false;
}

export function acceptConsent(): void {
  if (!session.me) return;
  const now = new Date().toISOString();
  localStorage.setItem(consentKey(session.me.email), now);
  session.consentAt = now;
}

export function hasRole(role: string): boolean {
  return !!session.me?.roles.includes(role);
}

export function isAdmin(): boolean {
  return !!session.me && (session.me.admin === true || session.me.roles.includes('admin'));
}
