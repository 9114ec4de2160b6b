// NAF rév. 2 level-1 sections, for the sector filters.
export const SECTIONS: { code: string; libelle: string }[] = [
  { code: 'A', libelle: 'Agriculture, sylviculture et pêche' },
  { code: 'B', libelle: 'Industries extractives' },
  { code: 'C', libelle: 'Industrie manufacturière' },
  { code: 'D', libelle: 'Électricité, gaz, vapeur et air conditionné' },
  { code: 'E', libelle: 'Eau, assainissement, déchets et dépollution' },
  { code: 'F', libelle: 'Construction' },
  { code: 'G', libelle: 'Commerce ; réparation d’automobiles et de motocycles' },
  { code: 'H', libelle: 'Transports et entreposage' },
  { code: 'I', libelle: 'Hébergement et restauration' },
  { code: 'J', libelle: 'Information et communication' },
  { code: 'K', libelle: 'Activités financières et d’assurance' },
  { code: 'L', libelle: 'Activités immobilières' },
  { code: 'M', libelle: 'Activités spécialisées, scientifiques et techniques' },
  { code: 'N', libelle: 'Activités de services administratifs et de soutien' },
  { code: 'O', libelle: 'Administration publique' },
  { code: 'P', libelle: 'Enseignement' },
  { code: 'Q', libelle: 'Santé humaine et action sociale' },
  { code: 'R', libelle: 'Arts, spectacles et activités récréatives' },
  { code: 'S', libelle: 'Autres activités de services' },
  { code: 'T', libelle: 'Activités des ménages en tant qu’employeurs' },
  { code: 'U', libelle: 'Activités extra-territoriales' },
];

export function sectionLibelle(code: string | null | undefined): string {
  return SECTIONS.find((s) => s.code === code)?.libelle ?? code ?? 'n/c';
}
