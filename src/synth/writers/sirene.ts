/**
 * INSEE Sirene files: `StockEtablissement_utf8_geo.csv` (48 INSEE columns + 9 geocoding columns),
 * `sireneUL.csv` (34 columns of StockUniteLegale, incl. activitePrincipaleNAF25UniteLegale) and
 * `StockEtablissementHistorique_utf8.csv`. Comma-separated, UTF-8, quoted only when needed.
 * The stocks show the register as of the end of `--to`.
 */

import { addDays, type Day, endOfMonth } from '../dates.ts';
import { iso, line } from '../encode.ts';
import type { Company, Establishment, World } from '../model.ts';
import { sireneCase } from '../reference/names.ts';
import { type FileSummary, Sink, type Writer } from '../sink.ts';

export const ETABLISSEMENT_HEADER = [
  'siren',
  'nic',
  'siret',
  'statutDiffusionEtablissement',
  'dateCreationEtablissement',
  'trancheEffectifsEtablissement',
  'anneeEffectifsEtablissement',
  'activitePrincipaleRegistreMetiersEtablissement',
  'dateDernierTraitementEtablissement',
  'etablissementSiege',
  'nombrePeriodesEtablissement',
  'complementAdresseEtablissement',
  'numeroVoieEtablissement',
  'indiceRepetitionEtablissement',
  'typeVoieEtablissement',
  'libelleVoieEtablissement',
  'codePostalEtablissement',
  'libelleCommuneEtablissement',
  'libelleCommuneEtrangerEtablissement',
  'distributionSpecialeEtablissement',
  'codeCommuneEtablissement',
  'codeCedexEtablissement',
  'libelleCedexEtablissement',
  'codePaysEtrangerEtablissement',
  'libellePaysEtrangerEtablissement',
  'complementAdresse2Etablissement',
  'numeroVoie2Etablissement',
  'indiceRepetition2Etablissement',
  'typeVoie2Etablissement',
  'libelleVoie2Etablissement',
  'codePostal2Etablissement',
  'libelleCommune2Etablissement',
  'libelleCommuneEtranger2Etablissement',
  'distributionSpeciale2Etablissement',
  'codeCommune2Etablissement',
  'codeCedex2Etablissement',
  'libelleCedex2Etablissement',
  'codePaysEtranger2Etablissement',
  'libellePaysEtranger2Etablissement',
  'dateDebut',
  'etatAdministratifEtablissement',
  'enseigne1Etablissement',
  'enseigne2Etablissement',
  'enseigne3Etablissement',
  'denominationUsuelleEtablissement',
  'activitePrincipaleEtablissement',
  'nomenclatureActivitePrincipaleEtablissement',
  'caractereEmployeurEtablissement',
  'longitude',
  'latitude',
  'geo_score',
  'geo_type',
  'geo_adresse',
  'geo_id',
  'geo_ligne',
  'geo_l4',
  'geo_l5',
];

export const UNITE_LEGALE_HEADER = [
  'siren',
  'statutDiffusionUniteLegale',
  'unitePurgeeUniteLegale',
  'dateCreationUniteLegale',
  'sigleUniteLegale',
  'sexeUniteLegale',
  'prenom1UniteLegale',
  'prenom2UniteLegale',
  'prenom3UniteLegale',
  'prenom4UniteLegale',
  'prenomUsuelUniteLegale',
  'pseudonymeUniteLegale',
  'identifiantAssociationUniteLegale',
  'trancheEffectifsUniteLegale',
  'anneeEffectifsUniteLegale',
  'dateDernierTraitementUniteLegale',
  'nombrePeriodesUniteLegale',
  'categorieEntreprise',
  'anneeCategorieEntreprise',
  'dateDebut',
  'etatAdministratifUniteLegale',
  'nomUniteLegale',
  'nomUsageUniteLegale',
  'denominationUniteLegale',
  'denominationUsuelle1UniteLegale',
  'denominationUsuelle2UniteLegale',
  'denominationUsuelle3UniteLegale',
  'categorieJuridiqueUniteLegale',
  'activitePrincipaleUniteLegale',
  'nomenclatureActivitePrincipaleUniteLegale',
  'activitePrincipaleNAF25UniteLegale',
  'nicSiegeUniteLegale',
  'economieSocialeSolidaireUniteLegale',
  'caractereEmployeurUniteLegale',
];

export const HISTORIQUE_HEADER = [
  'siren',
  'nic',
  'siret',
  'dateFin',
  'dateDebut',
  'etatAdministratifEtablissement',
  'changementEtatAdministratifEtablissement',
  'enseigne1Etablissement',
  'enseigne2Etablissement',
  'enseigne3Etablissement',
  'changementEnseigneEtablissement',
  'denominationUsuelleEtablissement',
  'changementDenominationUsuelleEtablissement',
  'activitePrincipaleEtablissement',
  'nomenclatureActivitePrincipaleEtablissement',
  'changementActivitePrincipaleEtablissement',
  'caractereEmployeurEtablissement',
  'changementCaractereEmployeurEtablissement',
];

/** The 14 columns of the second address (`complementAdresse2Etablissement` …), always empty here. */
const SECOND_ADDRESS: readonly string[] = new Array(14).fill('');

/** INSEE headcount bands (tranche d'effectifs). */
export function tranche(eff: number): string {
  if (eff < 0) return 'NN';
  const bands: [number, string][] = [
    [0, '00'],
    [2, '01'],
    [5, '02'],
    [9, '03'],
    [19, '11'],
    [49, '12'],
    [99, '21'],
    [199, '22'],
    [249, '31'],
    [499, '32'],
    [999, '41'],
    [1999, '42'],
    [4999, '51'],
    [9999, '52'],
  ];
  for (const [max, code] of bands) if (eff <= max) return code;
  return '53';
}

function categorieEntreprise(eff: number): string {
  return eff >= 5000 ? 'GE' : eff >= 250 ? 'ETI' : 'PME';
}

/** Sirene commune label: upper case, no accents, "PARIS 8" for municipal districts. */
function communeLabel(nom: string): string {
  return sireneCase(nom.replace(/ (\d+)(er|e) Arrondissement$/, ' $1'));
}

export class SireneWriter implements Writer {
  private readonly etab: Sink;
  private readonly ul: Sink;
  private readonly histo: Sink;
  private readonly cut: Day;
  private readonly headcountMonth: number;

  constructor(
    dir: string,
    private readonly world: World,
  ) {
    this.etab = new Sink(dir, 'StockEtablissement_utf8_geo.csv', world.part);
    this.ul = new Sink(dir, 'sireneUL.csv', world.part);
    this.histo = new Sink(dir, 'StockEtablissementHistorique_utf8.csv', world.part);
    this.etab.header(`${ETABLISSEMENT_HEADER.join(',')}\n`);
    this.ul.header(`${UNITE_LEGALE_HEADER.join(',')}\n`);
    this.histo.header(`${HISTORIQUE_HEADER.join(',')}\n`);
    this.cut = endOfMonth(world.to);
    // INSEE bands refer to the headcount of December of a past year.
    this.headcountMonth = Math.floor(world.to / 12) * 12 - 13;
  }

  private effAt(series: Int32Array, month: number): number {
    const t = month - this.world.start;
    return t >= 0 && t < series.length ? series[t] : -1;
  }

  write(c: Company): void {
    if (c.created > this.cut) return;
    const processed = `${iso(Math.min(this.cut, Math.max(c.created, c.ceased ?? 0)))}T0${c.index % 10}:1${c.index % 6}:${String(c.index % 60).padStart(2, '0')}`;
    const year = String(Math.floor(this.headcountMonth / 12));
    const ceased = c.ceased !== null && c.ceased <= this.cut;
    const siege = c.etabs.find((e) => e.siege)!;
    const effUl = this.effAt(c.effectif, this.headcountMonth);
    const employer = c.etabs.some((e) => this.effAt(e.effectif, this.world.to - 2) > 0) ? 'O' : 'N';
    this.ul.row(
      line(
        [
          c.siren,
          'O',
          '',
          iso(c.created),
          c.sigle,
          c.nom ? (c.index % 2 ? 'M' : 'F') : '',
          c.prenom,
          '',
          '',
          '',
          c.prenom,
          '',
          c.legal === '9220' ? `W${c.siren.slice(0, 9)}` : '',
          effUl > 0 ? tranche(effUl) : '',
          effUl > 0 ? year : '',
          processed,
          ceased ? '2' : '1',
          categorieEntreprise(Math.max(0, effUl)),
          year,
          iso(ceased ? c.ceased! : c.created),
          ceased ? 'C' : 'A',
          c.nom,
          '',
          c.denomination,
          '',
          '',
          '',
          c.legal,
          c.naf,
          'NAFRev2',
          c.naf,
          siege.siret.slice(9),
          c.legal === '9220' ? 'O' : 'N',
          employer,
        ],
        ',',
      ),
    );
    for (const e of c.etabs) {
      if (e.pseudo || e.created > this.cut) continue;
      this.writeEtab(c, e, processed, year);
    }
  }

  private writeEtab(c: Company, e: Establishment, processed: string, year: string): void {
    const closed = e.closed !== null && e.closed <= this.cut;
    const effBand = this.effAt(e.effectif, this.headcountMonth);
    const nic = e.siret.slice(9);
    const commune = e.commune;
    const voie = commune
      ? `${e.numeroVoie}${e.indiceRepetition ? ` ${e.indiceRepetition}` : ''} ${e.typeVoie} ${e.libelleVoie}`.trim()
      : '';
    const geo = commune
      ? [
          e.lon.toFixed(6),
          e.lat.toFixed(6),
          (0.45 + ((c.index * 7 + e.share * 1000) % 55) / 100).toFixed(2),
          e.numeroVoie ? 'housenumber' : 'street',
          `${voie} ${commune.codePostal} ${commune.nom}`,
          `${commune.code}_${nic}${e.numeroVoie ? `_${e.numeroVoie}` : ''}`,
          'G',
          voie,
          '',
        ]
      : ['', '', '', '', '', '', '', '', ''];
    const abroad = e.country;
    const row = [
      c.siren,
      nic,
      e.siret,
      'O',
      iso(e.created),
      effBand > 0 ? tranche(effBand) : '',
      effBand > 0 ? year : '',
      '',
      processed,
      e.siege ? 'true' : 'false',
      closed ? '2' : '1',
      e.siege && c.index % 17 === 0 ? 'ZONE INDUSTRIELLE' : '',
      abroad ? '' : e.numeroVoie,
      abroad ? '' : e.indiceRepetition,
      abroad ? '' : e.typeVoie,
      abroad ? '' : e.libelleVoie,
      commune?.codePostal ?? '',
      commune ? communeLabel(commune.nom) : '',
      abroad ? abroad.ville : '',
      '',
      commune?.code ?? '',
      '',
      '',
      abroad ? abroad.code : '',
      abroad ? abroad.nom : '',
      ...SECOND_ADDRESS,
      iso(closed ? e.closed! : e.created),
      closed ? 'F' : 'A',
      '',
      '',
      '',
      '',
      c.naf,
      'NAFRev2',
      this.effAt(e.effectif, this.world.to - 2) > 0 ? 'O' : 'N',
      ...geo,
    ];
    this.etab.row(line(row, ','));
    const hist = (fin: string, debut: Day, etat: string, change: boolean) =>
      line(
        [
          c.siren,
          nic,
          e.siret,
          fin,
          iso(debut),
          etat,
          String(change),
          '',
          '',
          '',
          'false',
          '',
          'false',
          c.naf,
          'NAFRev2',
          'false',
          'O',
          'false',
        ],
        ',',
      );
    if (closed) {
      const dayBefore = e.closed! > e.created ? addDays(e.closed!, -1) : e.created;
      this.histo.row(hist('', e.closed!, 'F', true) + hist(iso(dayBefore), e.created, 'A', false), 2);
    } else {
      this.histo.row(hist('', e.created, 'A', false));
    }
  }

  close(): FileSummary[] {
    return [this.etab.close(), this.ul.close(), this.histo.close()];
  }
}
