// Departments and regions (INSEE codes, from @etalab/decoupage-administratif, bundled).
import departementsData from '@etalab/decoupage-administratif/data/departements.json';
import regionsData from '@etalab/decoupage-administratif/data/regions.json';

export interface Departement {
  code: string;
  nom: string;
  region: string;
}
export interface Region {
  code: string;
  nom: string;
}

export const DEPARTEMENTS: Departement[] = (departementsData as Departement[])
  .map((d) => ({ code: d.code, nom: d.nom, region: d.region }))
  .sort((a, b) => sortKey(a.code).localeCompare(sortKey(b.code)));
export const REGIONS: Region[] = (regionsData as Region[])
  .map((r) => ({ code: r.code, nom: r.nom }))
  .sort((a, b) => a.nom.localeCompare(b.nom, 'fr'));

/** Corsica sorts between 19 and 21 ("2A" → "20A"). */
function sortKey(code: string): string {
  return code === '2A' || code === '2B' ? `20${code[1]}` : code.padStart(3, '0');
}

const depByCode = new Map(DEPARTEMENTS.map((d) => [d.code, d]));
const regByCode = new Map(REGIONS.map((r) => [r.code, r]));

export function departementNom(code: string | null | undefined): string {
  return (code && depByCode.get(code)?.nom) || code || 'n/c';
}

/** Departments covered by a zone code: "FR", "R27" or a department code. */
export function departementsOf(zone: string): string[] {
  if (zone === 'FR') return DEPARTEMENTS.map((d) => d.code);
  if (/^R\d+$/.test(zone)) return DEPARTEMENTS.filter((d) => d.region === zone.slice(1)).map((d) => d.code);
  return depByCode.has(zone) ? [zone] : [];
}

export function zoneLabel(zone: string): string {
  if (zone === 'FR') return 'France entière';
  if (/^R\d+$/.test(zone)) return regByCode.get(zone.slice(1))?.nom ?? zone;
  const d = depByCode.get(zone);
  return d ? `${d.nom} (${d.code})` : zone;
}

/** Choices of the "Zone" filter for a user: their regions then their departments (app.md §1.3). */
export function zoneChoices(userZone: string[]): { value: string; label: string }[] {
  const deps = new Set(userZone.flatMap(departementsOf));
  const regions = userZone.includes('FR')
    ? REGIONS.map((r) => `R${r.code}`)
    : REGIONS.filter(
        (r) =>
          DEPARTEMENTS.some((d) => d.region === r.code && deps.has(d.code)) &&
          DEPARTEMENTS.filter((d) => d.region === r.code).every((d) => deps.has(d.code)),
      ).map((r) => `R${r.code}`);
  return [
    ...regions.map((z) => ({ value: z, label: zoneLabel(z) })),
    ...DEPARTEMENTS.filter((d) => deps.has(d.code)).map((d) => ({ value: d.code, label: `${d.code} – ${d.nom}` })),
  ];
}
