// Model card of a list (GET /api/listes/:id/modele when the server has it), fetched once per list.
import { api } from './client.ts';
import { hasRoute } from './routes.ts';
import type { ModelCard } from './types.ts';

const cache = new Map<string, Promise<ModelCard | null>>();

export function modelCard(listeId: string): Promise<ModelCard | null> {
  let p = cache.get(listeId);
  if (!p) {
    p = hasRoute('/api/listes/{id}/modele')
      .then((ok) => (ok ? api.get<ModelCard>(`/api/listes/${encodeURIComponent(listeId)}/modele`) : null))
      .catch(() => null);
    cache.set(listeId, p);
  }
  return p;
}

/** The two alert thresholds of a list, for the coloured zones of the waterfall. */
export async function seuils(listeId: string): Promise<{ fort: number; modere: number } | undefined> {
  const t = (await modelCard(listeId))?.thresholds;
  return t && typeof t.high === 'number' && typeof t.moderate === 'number'
    ? { fort: t.high, modere: t.moderate }
    : undefined;
}
