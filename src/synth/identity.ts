/**
 * Who a company is and where: public body or private company, legal category, NAF code, target size, names,
 * creation date, head office (in France or abroad) and secondary establishments, pseudo-SIRETs.
 * Draws from the company's own random stream, first thing in its simulation.
 */

import { type Day, day } from './dates.ts';
import { compteOf, pseudoSiretOf, sirenOf, siretOf } from './ids.ts';
import type { Establishment, World } from './model.ts';
import { type Commune, type Department, FOREIGN_COUNTRIES } from './reference/geo.ts';
import { LEGAL_CATEGORIES, PUBLIC_BODIES } from './reference/legal.ts';
import { NAF_BY_SECTION, PSEUDO_SIRET_NAF, SECTIONS, type SectionTraits, sectionOf } from './reference/naf.ts';
import { FIRST_NAMES, NAME_SUFFIXES, SECTION_WORDS, STREET_NAMES, STREET_TYPES, SURNAMES } from './reference/names.ts';
import { cumulate, type Rng } from './rng.ts';

export interface Identity {
  siren: string;
  publique: boolean;
  legal: string;
  naf: string;
  section: string;
  traits: SectionTraits;
  soleTrader: boolean;
  /** Target headcount. */
  size: number;
  denomination: string;
  nom: string;
  prenom: string;
  sigle: string;
  createdMonth: number;
  created: Day;
  /** Created inside the simulation window: starts small and grows towards its size. */
  youngAtStart: boolean;
  abroad: boolean;
  etabs: Establishment[];
}

const SECTION_LIST = Object.keys(SECTIONS).filter((s) => NAF_BY_SECTION[s]?.length);
const SECTION_CUM = cumulate(SECTION_LIST.map((s) => SECTIONS[s].weight));
const PRIVATE_LEGAL = LEGAL_CATEGORIES.filter((c) => c.weight > 0);
const PRIVATE_LEGAL_CUM = cumulate(PRIVATE_LEGAL.map((c) => c.weight));
const PUBLIC_CUM = cumulate(PUBLIC_BODIES.map((p) => p.weight));

function poisson(rng: Rng, lambda: number): number {
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * rng.normal()));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = rng.next();
  while (p > l) {
    k++;
    p *= rng.next();
  }
  return k;
}

/** Long-tailed target headcount: ~15% of companies stay below 10 employees, the rest follow a Pareto tail. */
function drawSize(rng: Rng): number {
  if (rng.chance(0.15)) return rng.between(1, 9);
  return Math.min(25_000, Math.floor(10 / rng.next() ** (1 / 1.25)));
}

function pickCommune(rng: Rng, dept: Department): Commune {
  return dept.communes[rng.weighted(dept.cumulative)];
}

function companyName(rng: Rng, section: string): string {
  const words = SECTION_WORDS[section] ?? SECTION_WORDS.S;
  const r = rng.next();
  if (r < 0.45) return `${rng.pick(words)} ${rng.pick(SURNAMES)}${rng.pick(NAME_SUFFIXES)}`;
  if (r < 0.7) return `${rng.pick(SURNAMES)}${rng.pick(NAME_SUFFIXES)}`;
  if (r < 0.8) return `${rng.pick(SURNAMES)}, ${rng.pick(SURNAMES)} ET ASSOCIES`;
  const a = String.fromCharCode(65 + rng.int(26), 65 + rng.int(26), 65 + rng.int(26));
  return `${a} ${rng.pick(words)}`;
}

export function drawIdentity(world: World, index: number, rng: Rng): Identity {
  const n = world.end - world.start + 1;
  const siren = sirenOf(index, world.seed);

  // Identity: public body (excluded from the perimeter) or private company.
  const publique = rng.chance(0.015);
  let legal: string;
  let naf: string;
  if (publique) {
    const body = PUBLIC_BODIES[rng.weighted(PUBLIC_CUM)];
    legal = body.code;
    naf = body.naf;
  } else {
    legal = PRIVATE_LEGAL[rng.weighted(PRIVATE_LEGAL_CUM)].code;
    const section = SECTION_LIST[rng.weighted(SECTION_CUM)];
    naf = rng.pick(NAF_BY_SECTION[section]).code;
  }
  const section = sectionOf(naf);
  const traits: SectionTraits = SECTIONS[section] ?? SECTIONS.S;
  const soleTrader = legal === '1000';
  let size = drawSize(rng);
  if (soleTrader) size = Math.min(size, rng.between(1, 15));
  if (publique) size = Math.max(size, rng.between(10, 400));

  let denomination = publique
    ? `${rng.pick(['COMMUNE DE', 'SYNDICAT', 'ETABLISSEMENT PUBLIC', 'REGIE'])} ${rng.pick(SURNAMES)}`
    : companyName(rng, section);
  let nom = '';
  let prenom = '';
  if (soleTrader) {
    nom = rng.pick(SURNAMES);
    prenom = rng.pick(FIRST_NAMES);
    denomination = '';
  }
  const sigle =
    !soleTrader && rng.chance(0.1)
      ? denomination
          .replace(/[^A-Z ]/g, '')
          .split(' ')
          .filter(Boolean)
          .map((w) => w[0])
          .join('')
      : '';

  // Creation: most companies exist before the window; ~12% are born inside it (at least 6 months before `to`).
  let createdMonth: number;
  if (rng.chance(0.12)) createdMonth = rng.between(world.from - 24, world.to - 6);
  else createdMonth = world.from - 25 - Math.floor(-Math.log(1 - rng.next()) * 150);
  createdMonth = Math.max(createdMonth, 1950 * 12);
  const created = day(createdMonth, rng.between(1, 28));
  // Young companies start small and grow towards their size.
  const youngAtStart = createdMonth >= world.start;

  // Places: the head office in an allowed department (weighted by population), a few abroad.
  const home = world.departments[rng.weighted(world.departmentWeights)];
  const abroad = !publique && size >= 10 && rng.chance(0.004);
  const nSecondary = Math.min(40, poisson(rng, publique ? 0.5 : size / 45)) + (abroad ? 1 : 0);
  const urssafCode = `${home.region.padStart(2, '0')}${rng.between(1, 9)}`;

  const etabs: Establishment[] = [];
  const newEtab = (siege: boolean, commune: Commune | null, etabCreated: Day, nicBody: number): Establishment => {
    const dept = commune ? world.departments.find((d) => d.code === commune.departement) : undefined;
    const siret = siretOf(siren, nicBody);
    return {
      siret,
      siege,
      pseudo: false,
      commune,
      country: null,
      numeroVoie: rng.chance(0.85) ? String(rng.between(1, 180)) : '',
      indiceRepetition: rng.chance(0.04) ? rng.pick(['B', 'T']) : '',
      typeVoie: rng.pick(STREET_TYPES),
      libelleVoie: rng.pick(STREET_NAMES),
      lat: (dept?.lat ?? 0) + 0.35 * rng.normal(),
      lon: (dept?.lon ?? 0) + 0.45 * rng.normal(),
      created: etabCreated,
      closed: null,
      compte: compteOf(siret, urssafCode, 1),
      urssafCode,
      share: siege ? 2 + rng.next() : Math.exp(0.6 * rng.normal()),
      effectif: new Int32Array(n).fill(-1),
    };
  };
  let nic = 1 + rng.int(3);
  const siege = newEtab(true, abroad ? null : pickCommune(rng, home), created, nic);
  if (abroad) {
    siege.country = rng.pick(FOREIGN_COUNTRIES);
    siege.share = 0;
    siege.lat = 0;
    siege.lon = 0;
  }
  etabs.push(siege);
  for (let k = 0; k < nSecondary; k++) {
    nic += 1 + rng.int(2);
    const dept = rng.chance(0.7) ? home : world.departments[rng.weighted(world.departmentWeights)];
    const etabMonth = rng.chance(0.6) ? createdMonth : rng.between(Math.min(createdMonth, world.to - 1), world.to - 1);
    etabs.push(newEtab(false, pickCommune(rng, dept), day(Math.max(etabMonth, createdMonth), rng.between(1, 28)), nic));
  }
  if (!publique && PSEUDO_SIRET_NAF.has(naf) && size >= 5) {
    const first = naf === '78.20Z' ? 5 : naf.startsWith('59') ? 9 : rng.pick([6, 7] as const);
    const p = newEtab(false, siege.commune ?? etabs[1]?.commune ?? null, created, 0);
    p.siret = pseudoSiretOf(siren, first, rng.between(0, 9999));
    p.pseudo = true;
    p.compte = compteOf(p.siret, urssafCode, 2);
    etabs.push(p);
  }
  return {
    siren,
    publique,
    legal,
    naf,
    section,
    traits,
    soleTrader,
    size,
    denomination,
    nom,
    prenom,
    sigle,
    createdMonth,
    created,
    youngAtStart,
    abroad,
    etabs,
  };
}
