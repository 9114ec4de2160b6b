// Detection-list filters (app.md §1.3): defaults, persistence per user in localStorage, API query.
import type { Query } from './api/client.ts';

export interface Filtres {
  zone: string[]; // empty = "Ma zone" (all of the user's zone)
  naf: string[]; // NAF sections; empty = all
  effectif_min: number | null;
  procol: string[];
  premiere_alerte: boolean;
  sans_delai: boolean;
  sans_recentes: boolean;
  toutes_implantations: boolean;
  fermes: boolean;
  exclure_suivis: boolean;
  siege: boolean;
}

export const PROCOLS = [
  'in_bonis',
  'sauvegarde',
  'plan_sauvegarde',
  'redressement',
  'plan_redressement',
  'liquidation',
];

export function defaultFiltres(): Filtres {
  return {
    zone: [],
    naf: [],
    effectif_min: null,
    procol: ['in_bonis'],
    premiere_alerte: false,
    sans_delai: false,
    sans_recentes: false,
    toutes_implantations: false,
    fermes: false,
    exclure_suivis: false,
    siege: false,
  };
}

const key = (email: string) => `sf.filtres.${email}`;

export function loadFiltres(email: string, storage: Pick<Storage, 'getItem'> = localStorage): Filtres {
  const base = defaultFiltres();
  try {
    const raw = storage.getItem(key(email));
    if (!raw) return base;
    const saved = JSON.parse(raw) as Partial<Filtres>;
    // Only known keys with the right type survive: an old or hand-edited entry cannot break the page.
    for (const k of Object.keys(base) as (keyof Filtres)[]) {
      const v = saved[k];
      if (v === undefined) continue;
      if (
        Array.isArray(base[k])
          ? Array.isArray(v)
          : k === 'effectif_min'
            ? v === null || typeof v === 'number'
            : typeof v === typeof base[k]
      )
        (base as unknown as Record<string, unknown>)[k] = v;
    }
  } catch {
    // corrupted entry: defaults
  }
  return base;
}

export function saveFiltres(email: string, f: Filtres, storage: Pick<Storage, 'setItem'> = localStorage): void {
  storage.setItem(key(email), JSON.stringify(f));
}

/** Query string of GET /api/listes/:id/alertes (cli.md names, plus the extensions of web/API.md). */
export function filtresQuery(f: Filtres, q = ''): Query {
  return {
    zone: f.zone,
    naf: f.naf,
    effectif_min: f.effectif_min ?? undefined,
    procol: f.procol.length === PROCOLS.length ? [] : f.procol,
    premiere_alerte: f.premiere_alerte || undefined,
    exclure_suivis: f.exclure_suivis || undefined,
    sans_delai: f.sans_delai || undefined,
    sans_recentes: f.sans_recentes || undefined,
    toutes_implantations: f.toutes_implantations && f.zone.length === 0 ? true : undefined,
    fermes: f.fermes || undefined,
    siege: f.siege || undefined,
    q: q.trim() || undefined,
  };
}

/** Number of filters that differ from the defaults, for the "Filtres (n)" button. */
export function activeCount(f: Filtres): number {
  const d = defaultFiltres();
  return (Object.keys(d) as (keyof Filtres)[]).filter((k) => JSON.stringify(f[k]) !== JSON.stringify(d[k])).length;
}
