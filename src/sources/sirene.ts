import { type Check, cols, lenient, rowPlan, type SourceSpec, siretWarnings, text } from './spec.ts';

/** INSEE establishments, geocoded stock (sources.md §4.1). Keyed by siren + nic. */
const c = cols({
  siren: 'siren',
  nic: 'nic',
  siege: 'etablissementSiege',
  complement: 'complementAdresseEtablissement',
  numero_voie: 'numeroVoieEtablissement',
  indrep: 'indiceRepetitionEtablissement',
  type_voie: 'typeVoieEtablissement',
  voie: 'libelleVoieEtablissement',
  commune: 'libelleCommuneEtablissement',
  commune_etranger: 'libelleCommuneEtrangerEtablissement',
  distribution: 'distributionSpecialeEtablissement',
  code_commune: 'codeCommuneEtablissement',
  code_cedex: 'codeCedexEtablissement',
  cedex: 'libelleCedexEtablissement',
  code_pays: 'codePaysEtrangerEtablissement',
  pays: 'libellePaysEtrangerEtablissement',
  code_postal: 'codePostalEtablissement',
  creation: 'dateCreationEtablissement',
  // Geocoding columns: only in the `_geo` stock; the plain INSEE stock is accepted without them.
  longitude: { header: 'longitude', optional: true },
  latitude: { header: 'latitude', optional: true },
  etat: 'etatAdministratifEtablissement',
  ape: 'activitePrincipaleEtablissement',
  nomenclature: 'nomenclatureActivitePrincipaleEtablissement',
});

const TYPES_VOIE: Record<string, string> = {
  ALL: 'ALLÉE',
  AV: 'AVENUE',
  BD: 'BOULEVARD',
  CAR: 'CARREFOUR',
  CHE: 'CHEMIN',
  CHS: 'CHAUSSÉE',
  CITE: 'CITÉ',
  COR: 'CORNICHE',
  CRS: 'COURS',
  DOM: 'DOMAINE',
  DSC: 'DESCENTE',
  ECA: 'ECART',
  ESP: 'ESPLANADE',
  FG: 'FAUBOURG',
  GR: 'GRANDE RUE',
  HAM: 'HAMEAU',
  HLE: 'HALLE',
  IMP: 'IMPASSE',
  LD: 'LIEU DIT',
  LOT: 'LOTISSEMENT',
  MAR: 'MARCHÉ',
  MTE: 'MONTÉE',
  PAS: 'PASSAGE',
  PL: 'PLACE',
  PLN: 'PLAINE',
  PLT: 'PLATEAU',
  PRO: 'PROMENADE',
  PRV: 'PARVIS',
  QUA: 'QUARTIER',
  QUAI: 'QUAI',
  RES: 'RÉSIDENCE',
  RLE: 'RUELLE',
  ROC: 'ROCADE',
  RPT: 'ROND POINT',
  RTE: 'ROUTE',
  RUE: 'RUE',
  SEN: 'SENTE - SENTIER',
  SQ: 'SQUARE',
  TPL: 'TERRE-PLEIN',
  TRA: 'TRAVERSE',
  VLA: 'VILLA',
  VLGE: 'VILLAGE',
};

const mapLiteral = (m: Record<string, string>): string =>
  `MAP {${Object.entries(m)
    .map(([k, v]) => `'${k}': '${v}'`)
    .join(', ')}}`;

/** The activity code rule shared with legal units: NAF rév. 2 dotted sub-class, other nomenclatures dropped. */
export const apeExpr = (ape: string, nomenclature: string): string =>
  `CASE WHEN coalesce(${nomenclature}, 'NAFRev2') = 'NAFRev2' AND regexp_full_match(${ape}, '[0-9]{2}[.][0-9]{2}[A-Z]') THEN ${ape} END`;

export const apeWarning = (field: string, ape: string, nomenclature: string): Check => ({
  field,
  value: `coalesce(${nomenclature}, '') || ' ' || ${ape}`,
  when: `NOT sf_blank(${ape}) AND ${apeExpr(ape, nomenclature)} IS NULL`,
  // The reference skipped the whole line; we keep the establishment and drop only its activity code.
  reason: 'activity code not in NAF rév. 2 (dotted sub-class): ignored',
});

const sirene: SourceSpec = {
  id: 'sirene',
  table: 'raw_sirene',
  description: 'INSEE establishments, StockEtablissement_utf8_geo.csv',
  match: (name) => /^StockEtablissement_utf8(_geo)?\.csv$/i.test(name),
  delimiter: ',',
  lazyQuotes: false,
  plan: () =>
    rowPlan(
      c.all,
      [
        { name: 'siren', expr: '"siren"', rejects: [] },
        { name: 'nic', expr: '"nic"', rejects: [] },
        {
          name: 'siret',
          expr: `"siren" || "nic"`,
          rejects: [
            {
              field: 'siren',
              value: `coalesce("siren", '') || ' ' || coalesce("nic", '')`,
              when: `NOT coalesce(regexp_full_match("siren", '[0-9]{9}') AND regexp_full_match("nic", '[0-9]{5}'), false)`,
              reason: 'not a SIREN (9 digits) and NIC (5 digits)',
            },
          ],
        },
        lenient('siege', c.siege, 'sf_bool', 'a boolean'),
        text('complement_adresse', c.complement),
        text('numero_voie', c.numero_voie),
        {
          name: 'indrep',
          expr: `${mapLiteral({ B: 'BIS', T: 'TER', Q: 'QUATER', C: 'QUINQUIES' })}["indrep"]`,
          rejects: [],
        },
        { name: 'type_voie', expr: `${mapLiteral(TYPES_VOIE)}["type_voie"]`, rejects: [] },
        text('voie', c.voie),
        text('commune', c.commune),
        text('commune_etranger', c.commune_etranger),
        text('distribution_speciale', c.distribution),
        text('code_cedex', c.code_cedex),
        text('cedex', c.cedex),
        text('code_pays_etranger', c.code_pays),
        text('pays_etranger', c.pays),
        {
          name: 'code_postal',
          expr: `CASE WHEN regexp_full_match("code_postal", '[0-9]{5}') THEN "code_postal" END`,
          rejects: [],
        },
        {
          name: 'code_commune',
          expr: `CASE WHEN regexp_full_match("code_commune", '[0-9][0-9AB][0-9]{3}') THEN "code_commune" END`,
          rejects: [],
        },
        {
          name: 'departement',
          expr: `CASE WHEN regexp_full_match("code_commune", '[0-9][0-9AB][0-9]{3}')
                 THEN CASE WHEN substr("code_commune", 1, 2) IN ('97', '98') THEN substr("code_commune", 1, 3) ELSE substr("code_commune", 1, 2) END END`,
          rejects: [],
        },
        {
          name: 'ape',
          expr: apeExpr('"ape"', '"nomenclature"'),
          rejects: [],
          warnings: [apeWarning('activitePrincipaleEtablissement', '"ape"', '"nomenclature"')],
        },
        { name: 'date_creation', expr: 'sf_date_iso("creation")', rejects: [] },
        lenient('longitude', c.longitude, 'sf_float', 'a number'),
        lenient('latitude', c.latitude, 'sf_float', 'a number'),
        { name: 'est_actif', expr: `coalesce("etat" = 'A', false)`, rejects: [] },
      ],
      {
        warnings: siretWarnings({ ...c.siren, header: 'siren' }, 'siret'),
      },
    ),
};

export default sirene;
