/**
 * NAF rév. 2 sub-classes (dotted, `52.21Z`) from `@socialgouv/codes-naf`, grouped by section with a realistic
 * share of employer companies per section, and the economic traits the simulation needs per section.
 */
import codes from '@socialgouv/codes-naf';

export interface NafCode {
  code: string;
  libelle: string;
  section: string;
}

/** Division (2 digits) → section letter, the official NAF rév. 2 boundaries. */
const SECTION_OF_DIVISION: [number, number, string][] = [
  [1, 3, 'A'],
  [5, 9, 'B'],
  [10, 33, 'C'],
  [35, 35, 'D'],
  [36, 39, 'E'],
  [41, 43, 'F'],
  [45, 47, 'G'],
  [49, 53, 'H'],
  [55, 56, 'I'],
  [58, 63, 'J'],
  [64, 66, 'K'],
  [68, 68, 'L'],
  [69, 75, 'M'],
  [77, 82, 'N'],
  [84, 84, 'O'],
  [85, 85, 'P'],
  [86, 88, 'Q'],
  [90, 93, 'R'],
  [94, 96, 'S'],
  [97, 98, 'T'],
  [99, 99, 'U'],
];

export function sectionOf(code: string): string {
  const div = Number(code.slice(0, 2));
  for (const [a, b, s] of SECTION_OF_DIVISION) if (div >= a && div <= b) return s;
  return '';
}

export interface SectionTraits {
  /** Share of private employer companies (relative). */
  weight: number;
  /** Sensitivity to the macro shocks (the 2020 lockdowns hit I and R hardest). */
  exposure: number;
  /** Average gross monthly wage, euros. */
  wage: number;
  /** Turnover per employee, euros per year. */
  productivity: number;
  /** Share of turnover held in stock (0 for most services). */
  stock: number;
}

export const SECTIONS: Record<string, SectionTraits> = {
  A: { weight: 1.5, exposure: 0.6, wage: 2200, productivity: 160_000, stock: 0.2 },
  B: { weight: 0.3, exposure: 0.8, wage: 3100, productivity: 260_000, stock: 0.1 },
  C: { weight: 12, exposure: 1.0, wage: 3000, productivity: 230_000, stock: 0.15 },
  D: { weight: 0.3, exposure: 0.3, wage: 3900, productivity: 600_000, stock: 0.02 },
  E: { weight: 0.8, exposure: 0.4, wage: 2700, productivity: 170_000, stock: 0.02 },
  F: { weight: 14, exposure: 0.9, wage: 2600, productivity: 140_000, stock: 0.05 },
  G: { weight: 22, exposure: 1.0, wage: 2500, productivity: 330_000, stock: 0.18 },
  H: { weight: 6, exposure: 1.2, wage: 2700, productivity: 150_000, stock: 0.01 },
  I: { weight: 9, exposure: 2.2, wage: 2000, productivity: 75_000, stock: 0.04 },
  J: { weight: 4, exposure: 0.5, wage: 3900, productivity: 200_000, stock: 0.01 },
  K: { weight: 1.5, exposure: 0.3, wage: 4200, productivity: 250_000, stock: 0 },
  L: { weight: 2, exposure: 0.6, wage: 3000, productivity: 220_000, stock: 0.05 },
  M: { weight: 9, exposure: 0.6, wage: 3600, productivity: 130_000, stock: 0.01 },
  N: { weight: 7, exposure: 1.1, wage: 2300, productivity: 90_000, stock: 0.01 },
  P: { weight: 1.5, exposure: 0.5, wage: 2600, productivity: 70_000, stock: 0 },
  Q: { weight: 6, exposure: 0.4, wage: 2500, productivity: 70_000, stock: 0.01 },
  R: { weight: 2, exposure: 1.8, wage: 2500, productivity: 110_000, stock: 0.02 },
  S: { weight: 3, exposure: 1.2, wage: 2200, productivity: 80_000, stock: 0.03 },
};

/** Every NAF rév. 2 sub-class, by section. */
export const NAF_BY_SECTION: Record<string, NafCode[]> = {};
for (const c of codes as { id: string; label: string }[]) {
  if (!/^\d\d\.\d\d[A-Z]$/.test(c.id)) continue;
  const section = sectionOf(c.id);
  if (!NAF_BY_SECTION[section]) NAF_BY_SECTION[section] = [];
  NAF_BY_SECTION[section].push({ code: c.id, libelle: c.label, section });
}

export const NAF_LABEL = new Map<string, string>();
for (const list of Object.values(NAF_BY_SECTION)) for (const n of list) NAF_LABEL.set(n.code, n.libelle);

/** Sub-classes whose companies declare temporary workers, models or film crews on pseudo-SIRETs. */
export const PSEUDO_SIRET_NAF = new Set(['78.20Z', '59.11A', '59.11B', '59.11C', '74.90B']);
