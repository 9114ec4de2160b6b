/**
 * Communes, departments and regions from `@etalab/decoupage-administratif` (INSEE codes), with communes drawn
 * in proportion to their population. Paris, Lyon and Marseille use their municipal districts, as Sirene does.
 * Coordinates: the department's approximate centre plus a jitter (the package ships no coordinates).
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

interface RawCommune {
  code: string;
  nom: string;
  type: string;
  departement?: string;
  region?: string;
  codesPostaux?: string[];
  population?: number;
}

export interface Commune {
  code: string;
  nom: string;
  codePostal: string;
  departement: string;
  region: string;
}

export interface Department {
  code: string;
  nom: string;
  region: string;
  communes: Commune[];
  /** Cumulative population weights of `communes`. */
  cumulative: Float64Array;
  population: number;
  lat: number;
  lon: number;
}

/** Approximate centre (latitude, longitude) of each department. */
const CENTRES: Record<string, [number, number]> = {
  '01': [46.1, 5.35],
  '02': [49.55, 3.55],
  '03': [46.4, 3.2],
  '04': [44.1, 6.25],
  '05': [44.65, 6.3],
  '06': [43.9, 7.2],
  '07': [44.75, 4.45],
  '08': [49.6, 4.65],
  '09': [42.95, 1.5],
  '10': [48.3, 4.15],
  '11': [43.1, 2.4],
  '12': [44.3, 2.65],
  '13': [43.5, 5.1],
  '14': [49.1, -0.35],
  '15': [45.05, 2.65],
  '16': [45.7, 0.2],
  '17': [45.8, -0.7],
  '18': [47.05, 2.5],
  '19': [45.35, 1.85],
  '21': [47.4, 4.8],
  '22': [48.45, -2.85],
  '23': [46.1, 2.0],
  '24': [45.1, 0.75],
  '25': [47.15, 6.35],
  '26': [44.7, 5.15],
  '27': [49.1, 1.0],
  '28': [48.4, 1.35],
  '29': [48.25, -4.05],
  '2A': [41.85, 8.95],
  '2B': [42.4, 9.2],
  '30': [44.0, 4.15],
  '31': [43.35, 1.2],
  '32': [43.7, 0.45],
  '33': [44.85, -0.6],
  '34': [43.6, 3.4],
  '35': [48.15, -1.65],
  '36': [46.8, 1.6],
  '37': [47.25, 0.7],
  '38': [45.25, 5.6],
  '39': [46.7, 5.7],
  '40': [43.95, -0.75],
  '41': [47.6, 1.4],
  '42': [45.7, 4.2],
  '43': [45.1, 3.8],
  '44': [47.35, -1.7],
  '45': [47.9, 2.3],
  '46': [44.6, 1.6],
  '47': [44.35, 0.45],
  '48': [44.5, 3.5],
  '49': [47.4, -0.55],
  '50': [49.05, -1.3],
  '51': [48.95, 4.2],
  '52': [48.1, 5.2],
  '53': [48.15, -0.65],
  '54': [48.8, 6.15],
  '55': [48.95, 5.35],
  '56': [47.85, -2.8],
  '57': [49.05, 6.6],
  '58': [47.1, 3.5],
  '59': [50.45, 3.25],
  '60': [49.4, 2.45],
  '61': [48.6, 0.1],
  '62': [50.5, 2.3],
  '63': [45.7, 3.15],
  '64': [43.25, -0.75],
  '65': [43.05, 0.15],
  '66': [42.6, 2.5],
  '67': [48.65, 7.55],
  '68': [47.85, 7.25],
  '69': [45.85, 4.65],
  '70': [47.65, 6.1],
  '71': [46.65, 4.5],
  '72': [48.0, 0.2],
  '73': [45.5, 6.4],
  '74': [46.05, 6.4],
  '75': [48.86, 2.34],
  '76': [49.65, 1.0],
  '77': [48.6, 2.95],
  '78': [48.8, 1.85],
  '79': [46.55, -0.3],
  '80': [49.95, 2.3],
  '81': [43.8, 2.15],
  '82': [44.05, 1.3],
  '83': [43.45, 6.2],
  '84': [44.0, 5.15],
  '85': [46.65, -1.3],
  '86': [46.55, 0.45],
  '87': [45.85, 1.25],
  '88': [48.2, 6.4],
  '89': [47.8, 3.55],
  '90': [47.65, 6.9],
  '91': [48.5, 2.25],
  '92': [48.85, 2.25],
  '93': [48.9, 2.48],
  '94': [48.78, 2.47],
  '95': [49.08, 2.15],
  '971': [16.2, -61.55],
  '972': [14.65, -61.0],
  '973': [4.0, -53.0],
  '974': [-21.1, 55.5],
  '976': [-12.8, 45.15],
};

const SPLIT_CITIES = new Set(['75056', '69123', '13055']); // replaced by their municipal districts

function load(): { departments: Map<string, Department>; regions: Map<string, string> } {
  const raw: RawCommune[] = require('@etalab/decoupage-administratif/data/communes.json');
  const depts: {
    code: string;
    nom: string;
    region: string;
  }[] = require('@etalab/decoupage-administratif/data/departements.json');
  const regs: { code: string; nom: string }[] = require('@etalab/decoupage-administratif/data/regions.json');
  const regions = new Map(regs.map((r) => [r.code, r.nom]));
  const departments = new Map<string, Department>();
  for (const d of depts) {
    const centre = CENTRES[d.code];
    if (!centre) continue; // overseas collectivities outside the regions (975, 977…)
    departments.set(d.code, {
      code: d.code,
      nom: d.nom,
      region: d.region,
      communes: [],
      cumulative: new Float64Array(0),
      population: 0,
      lat: centre[0],
      lon: centre[1],
    });
  }
  const weights = new Map<string, number[]>();
  const districtDept: Record<string, string> = { '751': '75', '693': '69', '132': '13' };
  for (const c of raw) {
    const isDistrict = c.type === 'arrondissement-municipal';
    if (c.type !== 'commune-actuelle' && !isDistrict) continue;
    if (SPLIT_CITIES.has(c.code)) continue;
    const deptCode = c.departement ?? (isDistrict ? districtDept[c.code.slice(0, 3)] : undefined);
    const dept = deptCode ? departments.get(deptCode) : undefined;
    if (!dept || !c.codesPostaux?.length) continue;
    dept.communes.push({
      code: c.code,
      nom: c.nom,
      codePostal: c.codesPostaux[0],
      departement: dept.code,
      region: dept.region,
    });
    const w = weights.get(dept.code) ?? [];
    w.push(Math.max(c.population ?? 0, 20));
    weights.set(dept.code, w);
  }
  for (const dept of departments.values()) {
    const w = weights.get(dept.code) ?? [];
    const cum = new Float64Array(w.length);
    let s = 0;
    for (let i = 0; i < w.length; i++) {
      s += w[i];
      cum[i] = s;
    }
    dept.cumulative = cum;
    dept.population = s;
  }
  for (const [code, dept] of departments) if (dept.communes.length === 0) departments.delete(code);
  return { departments, regions };
}

let cache: ReturnType<typeof load> | undefined;

/** Departments with their communes (loaded once per process). */
export function geography(): ReturnType<typeof load> {
  cache ??= load();
  return cache;
}

/** Foreign countries for head offices abroad: INSEE country code and name. */
export const FOREIGN_COUNTRIES: readonly { code: string; nom: string; ville: string }[] = [
  { code: '99109', nom: 'ALLEMAGNE', ville: 'MUNICH' },
  { code: '99131', nom: 'BELGIQUE', ville: 'BRUXELLES' },
  { code: '99127', nom: 'ITALIE', ville: 'MILAN' },
  { code: '99134', nom: 'ESPAGNE', ville: 'MADRID' },
  { code: '99132', nom: 'ROYAUME-UNI', ville: 'LONDRES' },
  { code: '99140', nom: 'SUISSE', ville: 'GENEVE' },
  { code: '99137', nom: 'LUXEMBOURG', ville: 'LUXEMBOURG' },
  { code: '99135', nom: 'PAYS-BAS', ville: 'AMSTERDAM' },
];
