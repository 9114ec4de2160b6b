/**
 * NAF rév. 2 at its five levels (`ref_naf`): divisions, groups, classes and sub-classes from `@socialgouv/codes-naf`,
 * sections (which that package lacks) from the official division ranges below.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** Section letter, label, first and last division. */
export const SECTIONS: [string, string, number, number][] = [
  ['A', 'Agriculture, sylviculture et pêche', 1, 3],
  ['B', 'Industries extractives', 5, 9],
  ['C', 'Industrie manufacturière', 10, 33],
  ['D', "Production et distribution d'électricité, de gaz, de vapeur et d'air conditionné", 35, 35],
  ['E', "Production et distribution d'eau ; assainissement, gestion des déchets et dépollution", 36, 39],
  ['F', 'Construction', 41, 43],
  ['G', "Commerce ; réparation d'automobiles et de motocycles", 45, 47],
  ['H', 'Transports et entreposage', 49, 53],
  ['I', 'Hébergement et restauration', 55, 56],
  ['J', 'Information et communication', 58, 63],
  ['K', "Activités financières et d'assurance", 64, 66],
  ['L', 'Activités immobilières', 68, 68],
  ['M', 'Activités spécialisées, scientifiques et techniques', 69, 75],
  ['N', 'Activités de services administratifs et de soutien', 77, 82],
  ['O', 'Administration publique', 84, 84],
  ['P', 'Enseignement', 85, 85],
  ['Q', 'Santé humaine et action sociale', 86, 88],
  ['R', 'Arts, spectacles et activités récréatives', 90, 93],
  ['S', 'Autres activités de services', 94, 96],
  [
    'T',
    "Activités des ménages en tant qu'employeurs ; activités indifférenciées des ménages en tant que producteurs de biens et services pour usage propre",
    97,
    98,
  ],
  ['U', 'Activités extra-territoriales', 99, 99],
];

export interface NafRow {
  code: string;
  libelle: string;
  niveau: number;
  section: string;
  section_libelle: string;
  division: string | null;
}

export function nafRows(): NafRow[] {
  const codes = require('@socialgouv/codes-naf/index.json') as { id: string; label: string }[];
  const sectionOf = (division: number) => SECTIONS.find(([, , a, b]) => division >= a && division <= b);
  const rows: NafRow[] = SECTIONS.map(([code, libelle]) => ({
    code,
    libelle,
    niveau: 1,
    section: code,
    section_libelle: libelle,
    division: null,
  }));
  for (const { id, label } of codes) {
    const niveau = /^\d{2}$/.test(id) ? 2 : /^\d{2}\.\d$/.test(id) ? 3 : /^\d{2}\.\d{2}$/.test(id) ? 4 : 5;
    const s = sectionOf(Number(id.slice(0, 2)));
    if (!s) continue;
    rows.push({ code: id, libelle: label, niveau, section: s[0], section_libelle: s[1], division: id.slice(0, 2) });
  }
  return rows;
}
