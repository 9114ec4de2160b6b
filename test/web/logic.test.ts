// Pure front-end logic: chart geometry, waterfall, filters persistence, CSV, formatting, API normalizers.
import { describe, expect, it } from 'vitest';
import { flattenComments, normalizeCard, normalizeRow } from '../../web/src/api/normalize.ts';
import { linear, linePath, niceTicks, waterfall } from '../../web/src/charts.ts';
import { toCsv } from '../../web/src/csv.ts';
import { activeCount, defaultFiltres, filtresQuery, loadFiltres, saveFiltres } from '../../web/src/filters.ts';
import { keuros, mois, points, pourcent } from '../../web/src/format.ts';

describe('charts', () => {
  it('nice ticks cover the domain with round steps', () => {
    expect(niceTicks(0, 97)).toEqual([0, 20, 40, 60, 80, 100]);
    const t = niceTicks(-1234, 5678);
    expect(t[0]).toBeLessThanOrEqual(-1234);
    expect(t[t.length - 1]).toBeGreaterThanOrEqual(5678);
  });
  it('linear scale maps the tick domain onto the pixel range, zero included', () => {
    const y = linear([10, 50], 200, 0);
    expect(y(0)).toBe(200);
    expect(y(y.ticks[y.ticks.length - 1])).toBe(0);
  });
  it('line paths break on missing values and draw steps', () => {
    expect(linePath([0, 10, 20, 30], [1, null, 3, 4])).toBe('M0.0,1.0M20.0,3.0L30.0,4.0');
    expect(linePath([0, 10], [1, 2], true)).toBe('M0.0,1.0H10.0V2.0');
  });
  it('waterfall starts at the base rate, puts aggravating themes first and ends on the probability', () => {
    const bars = waterfall(
      0.03,
      [
        { label: 'Effectif', points: -0.02 },
        { label: 'Dettes', points: 0.5 },
        { label: 'Finances', points: 0.1 },
      ],
      0.61,
    );
    expect(bars.map((b) => b.label)).toEqual(['Taux de base', 'Dettes', 'Finances', 'Effectif', 'Probabilité']);
    expect(bars[1]).toMatchObject({ start: 0.03, end: 0.53, kind: 'up' });
    expect(bars[3].kind).toBe('down');
    expect(bars[3].end).toBeCloseTo(0.61);
    expect(bars[4]).toMatchObject({ start: 0, end: 0.61, kind: 'total' });
  });
});

describe('filters', () => {
  const mem = () => {
    const m = new Map<string, string>();
    return { getItem: (k: string) => m.get(k) ?? null, setItem: (k: string, v: string) => void m.set(k, v) };
  };
  it('are remembered per user and ignore corrupted or foreign entries', () => {
    const s = mem();
    const f = { ...defaultFiltres(), naf: ['C'], effectif_min: 50, premiere_alerte: true };
    saveFiltres('a@x.fr', f, s);
    expect(loadFiltres('a@x.fr', s)).toEqual(f);
    expect(loadFiltres('b@x.fr', s)).toEqual(defaultFiltres());
    s.setItem('sf.filtres.c@x.fr', '{"naf":"C","effectif_min":"x","premiere_alerte":true,"evil":1}');
    expect(loadFiltres('c@x.fr', s)).toEqual({ ...defaultFiltres(), premiere_alerte: true });
    s.setItem('sf.filtres.d@x.fr', 'not json');
    expect(loadFiltres('d@x.fr', s)).toEqual(defaultFiltres());
  });
  it('become the API query with the documented names, only true flags sent', () => {
    const f = {
      ...defaultFiltres(),
      zone: ['21'],
      naf: ['C', 'H'],
      effectif_min: 10,
      toutes_implantations: true,
      siege: true,
    };
    expect(filtresQuery(f, ' alpha ')).toEqual({
      zone: ['21'],
      naf: ['C', 'H'],
      effectif_min: 10,
      procol: ['in_bonis'],
      premiere_alerte: undefined,
      exclure_suivis: undefined,
      sans_delai: undefined,
      sans_recentes: undefined,
      toutes_implantations: undefined, // meaningless with an explicit zone
      fermes: undefined,
      siege: true,
      q: 'alpha',
    });
    expect(activeCount(f)).toBe(5);
  });
});

describe('formatting and CSV', () => {
  it('speaks French', () => {
    expect(keuros(1234567)).toMatch(/^1\s235 k€$/);
    expect(keuros(null)).toBe('n/c');
    expect(mois('2024-06')).toBe('juin 2024');
    expect(pourcent(0.613)).toMatch(/^61,3\s%$/);
    expect(points(-0.021)).toMatch(/^−2,1 pt$/);
    expect(points(0.0004)).toMatch(/^\+0,04 pt$/);
  });
  it('CSV quotes separators and starts with a BOM', () => {
    expect(toCsv(['a', 'b'], [['x;y', 'say "hi"']])).toBe('\ufeffa;b\r\n"x;y";"say ""hi"""\r\n');
  });
});

describe('API normalizers', () => {
  it('rows: server names become the row widget fields', () => {
    const r = normalizeRow({
      siren: '1',
      raison_sociale: 'A',
      est_actif: false,
      naf_section: 'C',
      acces: { score: false },
      suivi: true,
    });
    expect(r).toMatchObject({
      actif: false,
      section_libelle: 'Industrie manufacturière',
      score_verrouille: true,
      suivi: true,
    });
  });
  it('cards: blocks, follow state, statements and series are mapped; locks are kept', () => {
    const c = normalizeCard({
      siren: '111111111',
      raison_sociale: 'ALPHA',
      est_actif: true,
      suivi: { suivie: true, debut: '2026-01-01', motif: 'autre' },
      effectif: { dernier: 3, mensuel: [{ periode: '2024-01', effectif: 3 }] },
      exercices: [{ date_cloture: '2023-12-31', chiffre_d_affaires: 1, ratios: { taux_marge: 12 } }],
      procol: 'redressement',
      procol_evenements: [{ date_effet: '2024-03-15', action: 'redressement', stade: 'ouverture' }],
      score: {
        liste: { id: 'L1', label: 'Juin 2024', periode: '2024-06' },
        probability: 0.8,
        alert: 'fort',
        variables: [{ feature: 'f', phrase: 'P' }],
      },
      urssaf: { locked: true, reason: 'r', unlock: 'follow' },
      dgefp: { mensuel: [{ periode: '2024-01', etp_autorise: 2, etp_consomme: 1 }] },
      bdf: { paydex: [{ periode: '2024-01', paydex: 20 }], exercices: [] },
    });
    expect(c.suivi).toBe(true);
    expect(c.suivi_detail?.depuis).toBe('2026-01-01');
    expect(c.effectif).toEqual([{ periode: '2024-01', effectif: 3 }]);
    expect(c.comptes_annuels?.[0]).toMatchObject({ taux_marge: 12, chiffre_d_affaires: 1 });
    expect(c.procol).toEqual({
      etat: 'redressement',
      evenements: [{ date_effet: '2024-03-15', action: 'redressement', stade: 'ouverture' }],
    });
    expect(c.score).toMatchObject({ liste_label: 'Juin 2024', periode: '2024-06', features: [{ phrase: 'P' }] });
    expect(c.urssaf).toEqual({ locked: true, reason: 'r', unlock: 'follow' });
    expect(c.dgefp).toMatchObject({ mensuel: [{ ap_etp_autorise: 2, ap_etp_consomme: 1 }] });
    expect(c.bdf).toMatchObject({ paydex: [{ jours: 20 }] });
    expect(
      normalizeCard({ siren: '1', raison_sociale: 'x', score: { liste: null, probability: null } }).score,
    ).toBeNull();
  });
  it('comment threads are flattened with their parent', () => {
    const flat = flattenComments([{ id: 1, message: 'a', reponses: [{ id: 2, message: 'b' }] }]);
    expect(flat.map((c) => [c.id, c.parent_id])).toEqual([
      [1, null],
      [2, 1],
    ]);
  });
});
