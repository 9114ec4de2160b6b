import { createRequire } from 'node:module';
import { UsageError } from '../../common/errors.ts';

const require = createRequire(import.meta.url);
interface Dep {
  code: string;
  region: string;
  nom: string;
}
interface Reg {
  code: string;
  nom: string;
}
// Official INSEE split (Etalab): departments with their region, regions.
export const DEPARTEMENTS: Dep[] = (require('@etalab/decoupage-administratif/data/departements.json') as Dep[]).filter(
  (d) => d.region !== d.code, // 975, 977, 978 are overseas collectivities, not departments of a region
);
export const REGIONS: Reg[] = require('@etalab/decoupage-administratif/data/regions.json');

const DEP_CODES = new Set(DEPARTEMENTS.map((d) => d.code));
const REG_CODES = new Set(REGIONS.map((r) => r.code));

/** Checks a zone as typed (`21`, `2A`, `971`, `R27`, `FR`); throws naming the first unknown code. */
export function parseZone(codes: string[], field = 'zone'): string[] {
  if (codes.length === 0) throw new UsageError(`${field}: at least one code is required (department, R<region> or FR)`);
  for (const c of codes) {
    if (c === 'FR' || DEP_CODES.has(c)) continue;
    if (/^R/.test(c) && REG_CODES.has(c.slice(1))) continue;
    throw new UsageError(
      `${field}: unknown zone code ${JSON.stringify(c)} (expected a department code like 21, 2A or 971, a region like R27, or FR)`,
    );
  }
  return [...new Set(codes)];
}

/** The departments a zone covers: what the access rule compares with each establishment's department. */
export function zoneDepartements(zone: string[]): string[] {
  const out = new Set<string>();
  for (const c of zone) {
    if (c === 'FR') for (const d of DEPARTEMENTS) out.add(d.code);
    else if (c.startsWith('R')) for (const d of DEPARTEMENTS) d.region === c.slice(1) && out.add(d.code);
    else out.add(c);
  }
  return [...out].sort();
}
