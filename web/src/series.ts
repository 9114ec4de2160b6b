// Aligns monthly series from several blocks on one axis of months (the last `months` of them).
export function monthAxis(lists: { periode: string }[][], months = 24): string[] {
  const all = new Set<string>();
  for (const l of lists) for (const r of l) if (r?.periode) all.add(r.periode.slice(0, 7));
  return [...all].sort().slice(-months);
}

export function pick<T extends { periode: string }>(
  rows: T[] | undefined,
  axis: string[],
  f: (r: T) => number | null | undefined,
): (number | null)[] {
  const by = new Map((rows ?? []).map((r) => [r.periode.slice(0, 7), r]));
  return axis.map((m) => {
    const r = by.get(m);
    const v = r ? f(r) : null;
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  });
}

export const GROUP_LABEL: Record<string, string> = {
  dettes_sociales: 'Dettes sociales',
  activite_partielle: 'Activité partielle',
  effectif: 'Effectif',
  sante_financiere: 'Santé financière',
  retards_paiement: 'Retards de paiement',
  contexte: 'Contexte sectoriel',
};

/** "sante_financiere" → "Santé financière"; unknown slugs are prettified. */
export function groupLabel(slug: string, libelle?: string): string {
  if (libelle) return libelle;
  if (GROUP_LABEL[slug]) return GROUP_LABEL[slug];
  const s = slug.replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}
