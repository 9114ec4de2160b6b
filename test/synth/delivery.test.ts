// A 2,000-company delivery read back file by file with the independent reader (test/synth/reader.ts) and
// the rules of sources.md: names, headers, separators, quoting, encodings, decoders, units, publication
// delays, and the coherence of the ground truth.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate, type Summary } from '../../src/synth/generate.ts';
import {
  type Csv,
  columns,
  commaFloat,
  compactDate,
  ddMonYYYY,
  dotFloat,
  frenchDate,
  goBool,
  isoDate,
  luhn,
  monthOfYmd,
  readCsv,
  splitProcol,
  strictInt,
  urssafDate,
  urssafPeriod,
} from './reader.ts';

const FROM = 2016 * 12; // 2016-01
const TO = 2024 * 12 + 5; // 2024-06, the "present"
let dir: string;
let summary: Summary;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sf-synth-'));
  summary = await generate({ out: dir, companies: 2000, seed: 7 });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const text = (file: string) => readFileSync(join(dir, file), 'utf8');
const csv = (file: string, sep: string, lazy = false): Csv => readCsv(text(file), sep, lazy, file);

/** Runs `check` on every record, naming file, line and field on failure. */
function eachField(file: string, data: Csv, check: (get: (name: string) => string, line: number) => void): void {
  const col = columns(data.header);
  for (const r of data.records) {
    let field = '';
    const get = (name: string) => {
      field = name;
      return r.fields[col(name)];
    };
    try {
      check(get, r.line);
    } catch (e) {
      throw new Error(`${file}:${r.line}: field ${field}: ${(e as Error).message}`);
    }
  }
}

const digits = (n: number) => new RegExp(`^[0-9]{${n}}$`);
const expectMatch = (value: string, re: RegExp) => {
  if (!re.test(value)) throw new Error(`${JSON.stringify(value)} does not match ${re}`);
};
const expectIn = (value: string, allowed: readonly string[]) => {
  if (!allowed.includes(value)) throw new Error(`${JSON.stringify(value)} not in ${allowed.join('|')}`);
};
const expectTrue = (ok: boolean, what: string) => {
  if (!ok) throw new Error(what);
};

describe('sf generate: a 2,000-company delivery in the real raw formats', () => {
  it('writes every file of sources.md with its real name, and the truth apart', () => {
    const files = readdirSync(dir).sort();
    expect(files).toEqual(
      [
        'StockEtablissement_utf8_geo.csv',
        'sireneUL.csv',
        'StockEtablissementHistorique_utf8.csv',
        'sigfaible_effectif_siret.csv',
        'sigfaible_effectif_siren.csv',
        'sigfaible_debits.csv',
        'sigfaible_cotisdues.csv',
        'sigfaible_delais.csv',
        'sigfaible_ccsf.csv',
        'sigfaible_pcoll.csv',
        'demande_ap.csv',
        'consommation_ap.csv',
        'ratios_inpi_bce.csv',
        'E_202407050800_Retro-Paydex_20240705.csv',
        'altares_paydex_2406.csv',
        'diane_2406.csv',
        '_truth',
      ].sort(),
    );
    expect(files.find((f) => f.startsWith('E_'))).toMatch(/^E_[0-9]{12}_Retro-Paydex_[0-9]{8}\.csv$/);
    expect(readdirSync(join(dir, '_truth')).sort()).toEqual([
      'companies.csv',
      'macro.csv',
      'procedures.csv',
      'risk.csv',
    ]);
    for (const f of summary.files) expect(f.rows, f.file).toBeGreaterThan(0);
  });

  it('Sirene establishments: 57-column geo header, valid SIRETs, addresses, one head office per company', () => {
    const data = csv('StockEtablissement_utf8_geo.csv', ',');
    expect(data.header).toHaveLength(57);
    expect(data.header.slice(0, 5)).toEqual([
      'siren',
      'nic',
      'siret',
      'statutDiffusionEtablissement',
      'dateCreationEtablissement',
    ]);
    expect(data.header.slice(-9)).toEqual([
      'longitude',
      'latitude',
      'geo_score',
      'geo_type',
      'geo_adresse',
      'geo_id',
      'geo_ligne',
      'geo_l4',
      'geo_l5',
    ]);
    expect(data.header[40]).toBe('etatAdministratifEtablissement');
    const voies =
      'ALL AV BD CAR CHE CHS CITE COR CRS DOM DSC ECA ESP FG GR HAM HLE IMP LD LOT MAR MTE PAS PL PLN PLT PRO PRV QUA QUAI RES RLE ROC RPT RTE RUE SEN SQ TPL TRA VLA VLGE'.split(
        ' ',
      );
    const sieges = new Map<string, number>();
    const depts = new Map<string, Set<string>>();
    let abroad = 0;
    eachField('StockEtablissement_utf8_geo.csv', data, (get) => {
      const siren = get('siren');
      expectMatch(siren, digits(9));
      expectTrue(luhn(siren), 'SIREN check digit');
      expectMatch(get('nic'), digits(5));
      expectTrue(get('siret') === siren + get('nic'), 'siret = siren + nic');
      expectTrue(luhn(get('siret')), 'SIRET check digit');
      const siege = goBool(get('etablissementSiege'));
      if (siege) sieges.set(siren, (sieges.get(siren) ?? 0) + 1);
      isoDate(get('dateCreationEtablissement'));
      isoDate(get('dateDebut'));
      expectIn(get('etatAdministratifEtablissement'), ['A', 'F']);
      expectIn(get('nomenclatureActivitePrincipaleEtablissement'), ['NAFRev2']);
      expectMatch(get('activitePrincipaleEtablissement'), /^[0-9]{2}\.[0-9]{2}[A-Z]$/);
      const commune = get('codeCommuneEtablissement');
      if (commune === '') {
        abroad++;
        expectMatch(get('codePaysEtrangerEtablissement'), /^99[0-9]{3}$/);
        expectTrue(siege, 'only head offices are abroad');
      } else {
        expectMatch(commune, /^[0-9][0-9A-B][0-9]{3}$/);
        expectMatch(get('codePostalEtablissement'), digits(5));
        const dep = commune.startsWith('97') ? commune.slice(0, 3) : commune.slice(0, 2);
        if (!depts.has(siren)) depts.set(siren, new Set());
        depts.get(siren)!.add(dep);
        expectTrue(dotFloat(get('longitude')) !== null && dotFloat(get('latitude')) !== null, 'coordinates');
      }
      const voie = get('typeVoieEtablissement');
      if (voie) expectIn(voie, voies);
      expectIn(get('indiceRepetitionEtablissement'), ['', 'B', 'T', 'Q', 'C']);
      expectTrue(get('codeCedexEtablissement').length <= 5, 'code_cedex VARCHAR(5)');
    });
    expect([...sieges.values()].every((n) => n === 1)).toBe(true);
    expect(sieges.size).toBe(2000);
    expect(abroad).toBeGreaterThan(0);
    expect([...depts.values()].filter((s) => s.size > 1).length).toBeGreaterThan(20);
  });

  it('Sirene legal units: 34-column header incl. NAF 2025, categories, public bodies', () => {
    const data = csv('sireneUL.csv', ',');
    expect(data.header).toHaveLength(34);
    for (const h of [
      'siren',
      'denominationUniteLegale',
      'prenom1UniteLegale',
      'prenom4UniteLegale',
      'nomUniteLegale',
      'nomUsageUniteLegale',
      'categorieJuridiqueUniteLegale',
      'dateCreationUniteLegale',
      'activitePrincipaleNAF25UniteLegale',
      'etatAdministratifUniteLegale',
      'activitePrincipaleUniteLegale',
      'nomenclatureActivitePrincipaleUniteLegale',
    ]) {
      expect(data.header).toContain(h);
    }
    const publicCats = new Set(
      '4110 4120 4140 4160 7210 7220 7346 7348 7366 7373 7379 7383 7389 7410 7430 7470 7490'.split(' '),
    );
    let publics = 0;
    let soleTraders = 0;
    const sirens = new Set<string>();
    eachField('sireneUL.csv', data, (get) => {
      expectMatch(get('siren'), digits(9));
      sirens.add(get('siren'));
      expectMatch(get('categorieJuridiqueUniteLegale'), digits(4));
      if (publicCats.has(get('categorieJuridiqueUniteLegale'))) publics++;
      isoDate(get('dateCreationUniteLegale'));
      expectIn(get('etatAdministratifUniteLegale'), ['A', 'C']);
      expectMatch(get('activitePrincipaleUniteLegale'), /^[0-9]{2}\.[0-9]{2}[A-Z]$/);
      expectIn(get('nomenclatureActivitePrincipaleUniteLegale'), ['NAFRev2']);
      expectMatch(get('nicSiegeUniteLegale'), digits(5));
      if (get('denominationUniteLegale') === '') {
        soleTraders++;
        expectTrue(get('nomUniteLegale') !== '', 'a unit without denomination has a name');
      }
    });
    expect(sirens.size).toBe(2000);
    expect(publics).toBeGreaterThan(5);
    expect(soleTraders).toBeGreaterThan(5);
  });

  it('Sirene history: ISO dates, A/F states, boolean change flags', () => {
    const data = csv('StockEtablissementHistorique_utf8.csv', ',');
    expect(data.header.slice(0, 7)).toEqual([
      'siren',
      'nic',
      'siret',
      'dateFin',
      'dateDebut',
      'etatAdministratifEtablissement',
      'changementEtatAdministratifEtablissement',
    ]);
    expect(data.header).toHaveLength(18);
    eachField('StockEtablissementHistorique_utf8.csv', data, (get) => {
      expectMatch(get('siret'), digits(14));
      isoDate(get('dateDebut'));
      if (get('dateFin'))
        expectTrue(isoDate(get('dateFin')) !== null && get('dateFin') >= get('dateDebut'), 'dateFin ≥ dateDebut');
      expectIn(get('etatAdministratifEtablissement'), ['A', 'F']);
      goBool(get('changementEtatAdministratifEtablissement'));
    });
  });

  it('URSSAF headcount, wide by month: effYYYYXY columns up to --to minus 2 months, digits only', () => {
    for (const [file, key] of [
      ['sigfaible_effectif_siret.csv', 'siret'],
      ['sigfaible_effectif_siren.csv', 'siren'],
    ] as const) {
      const data = csv(file, ';');
      const effCols = data.header.map((h, k) => [h, k] as const).filter(([h]) => h.startsWith('eff'));
      const months = effCols.map(([h]) => {
        expectMatch(h, /^eff[0-9]{6}$/);
        return urssafPeriod(h.slice(3, 9))[0];
      });
      expect(months[0]).toBe(FROM);
      expect(months.at(-1)).toBe(TO - 2);
      expect(months).toEqual(months.map((_, k) => FROM + k));
      if (key === 'siret') {
        expect(data.header.slice(0, 5)).toEqual(['compte', 'siret', 'rais_soc', 'ape_ins', 'dep']);
        expect(data.header.slice(-2)).toEqual(['base', 'UR_EMET']);
      } else {
        expect(data.header[0]).toBe('siren');
        expect(data.header.at(-1)).toBe('rais_soc');
      }
      eachField(file, data, (get, line) => {
        expectMatch(get(key), digits(key === 'siret' ? 14 : 9));
        const rec = data.records.find((r) => r.line === line)!;
        for (const [, k] of effCols) if (rec.fields[k] !== '') expectMatch(rec.fields[k], /^[0-9]+$/);
      });
    }
    // Pseudo-SIRETs (NIC starting with 5, 6, 7 or 9) are in URSSAF files, never in Sirene.
    const sirene = new Set(csv('StockEtablissement_utf8_geo.csv', ',').records.map((r) => r.fields[2]));
    const urssaf = csv('sigfaible_effectif_siret.csv', ';').records.map((r) => r.fields[1]);
    const pseudo = urssaf.filter((s) => !sirene.has(s));
    expect(pseudo.length).toBeGreaterThan(0);
    for (const s of pseudo) expect('5679').toContain(s[9]);
  });

  it('URSSAF debits: ECN histories in cents, (A)AAMMJJ dates, 6-char periods, balances that only go down', () => {
    const data = csv('sigfaible_debits.csv', ';');
    expect(data.header.join(';')).toBe(
      'Urssaf_gestion;Dep;num_cpte;Siren;Siret;Dt_immat;Etat_cpte;Cd_pro_col;Periode;Num_Ecn;Num_Hist_Ecn;Dt_trt_ecn;Mt_PO;Mt_PP;Cd_op_ecn;Motif_ecn;Recours_en_cours',
    );
    const last = new Map<string, { hist: number; total: number; day: number }>();
    let payments = 0;
    eachField('sigfaible_debits.csv', data, (get) => {
      expectMatch(get('Siret'), digits(14));
      expectTrue(get('Siret').startsWith(get('Siren')), 'Siren is the SIRET prefix');
      const d = urssafDate(get('Dt_trt_ecn'));
      expectTrue(monthOfYmd(d) <= TO, 'booked before the end of --to');
      expectTrue(get('Periode').length === 6, '6-char period');
      const [start, end] = urssafPeriod(get('Periode'));
      expectTrue(end - start === 1 || end - start === 3, 'month or quarter');
      const po = strictInt(get('Mt_PO'))!;
      const pp = strictInt(get('Mt_PP'))!;
      expectTrue(po >= 0 && pp >= 0, 'non-negative cents');
      expectIn(get('Cd_op_ecn'), ['1', '2', '3', '4', '5', '11', '12', '13', '14', '15']);
      expectTrue(Number(get('Motif_ecn')) >= 0 && Number(get('Motif_ecn')) <= 27, 'motif code');
      expectIn(get('Etat_cpte'), ['1', '2', '3']);
      expectIn(get('Cd_pro_col'), ['0', '1', '2', '9']);
      goBool(get('Recours_en_cours'));
      compactDate(get('Dt_immat'));
      const key = `${get('Siret')}|${get('Periode')}|${get('Num_Ecn')}`;
      const hist = strictInt(get('Num_Hist_Ecn'))!;
      const day = d.y * 10000 + d.m * 100 + d.d;
      const prev = last.get(key);
      if (prev) {
        expectTrue(hist === prev.hist + 1, 'Num_Hist_Ecn increases by one');
        expectTrue(day >= prev.day, 'operations in date order');
        expectTrue(po + pp <= prev.total, 'remaining balance never grows');
        payments++;
      } else expectTrue(hist === 1 && get('Cd_op_ecn') === '1', 'an ECN starts with its assessment');
      last.set(key, { hist, total: po + pp, day });
    });
    expect(payments).toBeGreaterThan(100);
  });

  it('URSSAF contributions: lazy quotes, 4-char AAXY periods incl. quarters, decimal commas in euros', () => {
    const data = csv('sigfaible_cotisdues.csv', ';', true);
    expect(data.header.join(';')).toBe('Urssaf_gestion;Dep;Siret;Compte;periode;mer;enc_direct;cotis_due');
    let quarters = 0;
    eachField('sigfaible_cotisdues.csv', data, (get) => {
      expectMatch(get('Siret'), digits(14));
      expectMatch(get('periode'), /^[0-9]{4}$/);
      const [start, end] = urssafPeriod(get('periode'));
      if (end - start === 3) quarters++;
      expectTrue(start >= FROM && end <= TO, 'period due before --to');
      expectMatch(get('cotis_due'), /^-?[0-9]+,[0-9]{2}$/);
      expectTrue(commaFloat(get('cotis_due'))! >= 0, 'amount due ≥ 0');
      commaFloat(get('enc_direct'));
      commaFloat(get('mer'));
    });
    expect(quarters).toBeGreaterThan(0);
  });

  it('URSSAF payment plans, CCSF and procedures decode with their own formats', () => {
    const delais = csv('sigfaible_delais.csv', ';');
    expect(delais.header.join(';')).toBe(
      'Urssaf_gestion;Dep;Siret;Numero_compte_externe;Numero_structure;Date_creation;Date_echeance;Duree_delai;Denomination_premiere_ligne;Indic_6M;Annee_creation;Montant_global_echeancier;Code_externe_stade;Code_externe_action',
    );
    eachField('sigfaible_delais.csv', delais, (get) => {
      const c = frenchDate(get('Date_creation'));
      const e = frenchDate(get('Date_echeance'));
      expectTrue(monthOfYmd(e) > monthOfYmd(c), 'ends after it starts');
      expectTrue(monthOfYmd(c) <= TO, 'known at --to');
      expectTrue(strictInt(get('Duree_delai'))! > 0, 'duration in days');
      expectIn(get('Indic_6M'), ['INF', 'SUP']);
      expectTrue(strictInt(get('Annee_creation')) === c.y, 'creation year');
      expectTrue(commaFloat(get('Montant_global_echeancier'))! > 0, 'amount');
    });
    const ccsf = csv('sigfaible_ccsf.csv', ';');
    expect(ccsf.header.join(';')).toBe(
      'Urssaf_gestion;Dep;Siret;Compte;Date_de_traitement;Code_externe_stade;Code_externe_action',
    );
    eachField('sigfaible_ccsf.csv', ccsf, (get) => {
      expectTrue(monthOfYmd(urssafDate(get('Date_de_traitement'))) <= TO, 'known at --to');
      expectIn(get('Code_externe_stade'), ['DEBUT', 'REFUS', 'APPROB', 'FIN', 'REJ']);
      expectIn(get('Code_externe_action'), ['CCSF']);
    });
    const pcoll = csv('sigfaible_pcoll.csv', ';');
    expect(pcoll.header.join(';')).toBe('Siret;Siren;Dt_effet;Cat_v2;Lib_actx_stdx');
    const stades = new Set<string>();
    eachField('sigfaible_pcoll.csv', pcoll, (get) => {
      expectMatch(get('Siret'), digits(14));
      expectTrue(monthOfYmd(ddMonYYYY(get('Dt_effet'))) <= TO, 'known at --to');
      const { action, stade } = splitProcol(get('Lib_actx_stdx'));
      expectIn(action, ['liquidation', 'redressement', 'sauvegarde']);
      expectIn(stade, [
        'ouverture',
        'plan_continuation',
        'fin_procedure',
        'abandon_procedure',
        'solde_procedure',
        'inclusion_autre_procedure',
        'cloture_insuffisance_actif',
      ]);
      stades.add(`${action}/${stade}`);
    });
    for (const s of [
      'liquidation/ouverture',
      'redressement/ouverture',
      'redressement/plan_continuation',
      'liquidation/solde_procedure',
    ]) {
      expect(stades).toContain(s);
    }
  });

  it('DGEFP partial activity: quoted strings, ISO dates, dot decimals, unique request ids, consumption one month late', () => {
    const dem = csv('demande_ap.csv', ',', true);
    expect(dem.header).toEqual([
      'ID_DA',
      'ETAB_SIRET',
      'EFF_ENT',
      'EFF_ETAB',
      'DATE_STATUT',
      'DATE_DEB',
      'DATE_FIN',
      'HTA',
      'MTA',
      'EFF_AUTO',
      'MOTIF_RECOURS_SE',
      'PERIMETRE_AP',
      'S_HEURE_CONSOM_TOT',
      'S_EFF_CONSOM_TOT',
      'S_MONTANT_CONSOM_TOT',
      'RECOURS_ANTERIEUR',
    ]);
    expect(text('demande_ap.csv').split('\n')[1]).toMatch(/^"[^"]+","[0-9]{14}",/);
    const ids = new Set<string>();
    let covid = 0;
    eachField('demande_ap.csv', dem, (get) => {
      const id = get('ID_DA');
      expectTrue(id.length > 0 && id.length <= 11 && !ids.has(id), 'ID_DA unique, VARCHAR(11)');
      ids.add(id);
      expectMatch(get('ETAB_SIRET'), digits(14));
      isoDate(get('DATE_STATUT'));
      const deb = isoDate(get('DATE_DEB'));
      const fin = isoDate(get('DATE_FIN'));
      expectTrue(monthOfYmd(fin) >= monthOfYmd(deb), 'DATE_FIN ≥ DATE_DEB');
      if (deb.y === 2020 && deb.m <= 5) covid++;
      for (const f of [
        'EFF_ENT',
        'EFF_ETAB',
        'HTA',
        'MTA',
        'EFF_AUTO',
        'S_HEURE_CONSOM_TOT',
        'S_EFF_CONSOM_TOT',
        'S_MONTANT_CONSOM_TOT',
      ])
        dotFloat(get(f));
      const motif = strictInt(get('MOTIF_RECOURS_SE'))!;
      expectTrue(motif >= 1 && motif <= 7, 'motif 1..7');
      expectIn(get('PERIMETRE_AP'), ['1', '2', '3', '4']);
      expectIn(get('RECOURS_ANTERIEUR'), ['1', '2', '3']);
    });
    expect(covid).toBeGreaterThan(200);
    const conso = csv('consommation_ap.csv', ',');
    expect(conso.header).toEqual(['ID_DA', 'ETAB_SIRET', 'HEURES', 'MONTANTS', 'EFFECTIFS', 'MOIS']);
    const keys = new Set<string>();
    let latest = 0;
    eachField('consommation_ap.csv', conso, (get) => {
      expectTrue(ids.has(get('ID_DA')), 'consumption of a known request');
      const mois = isoDate(get('MOIS'));
      expectTrue(mois.d === 1, 'first of the month');
      latest = Math.max(latest, monthOfYmd(mois));
      const key = `${get('ETAB_SIRET')}|${get('MOIS')}|${get('ID_DA')}`;
      expectTrue(!keys.has(key), 'primary key (siret, periode, id_demande)');
      keys.add(key);
      expectTrue(dotFloat(get('HEURES'))! > 0, 'hours');
      dotFloat(get('MONTANTS'));
      dotFloat(get('EFFECTIFS'));
    });
    expect(latest).toBeLessThanOrEqual(TO - 1);
  });

  it('INPI ratios: 22 columns by position, YYYYMMDD closings, accounts public 7 months after closing', () => {
    const data = csv('ratios_inpi_bce.csv', ';');
    expect(data.header).toHaveLength(22);
    expect(data.header[0]).toBe('siren');
    expect(data.header[21]).toBe('type_bilan');
    eachField('ratios_inpi_bce.csv', data, (get) => {
      const f = data.header.map(get);
      expectMatch(f[0], digits(9));
      expectTrue(monthOfYmd(compactDate(f[1])) + 7 <= TO, 'public 7 months after closing');
      for (let k = 2; k <= 6; k++) expectMatch(f[k], /^-?[0-9]+$/);
      for (let k = 7; k <= 20; k++) commaFloat(f[k]);
      expectIn(f[21], ['C', 'S', 'K']);
    });
  });

  it('Altares paydex, both variants: one value per company and month, one month late, FPI in [0, 100]', () => {
    const retroName = readdirSync(dir).find((f) => f.startsWith('E_'))!;
    const retro = csv(retroName, ';');
    expect(retro.header).toEqual(['SIREN', 'NB_JOURS', 'NB_JOURS_LIB', 'DATE_VALEUR']);
    const seen = new Set<string>();
    eachField(retroName, retro, (get) => {
      expectMatch(get('SIREN'), digits(9));
      expectTrue(strictInt(get('NB_JOURS'))! >= 0, 'days ≥ 0');
      const m = monthOfYmd(frenchDate(get('DATE_VALEUR')));
      expectTrue(m <= TO - 1, 'one month late');
      const key = `${get('SIREN')}|${m}`;
      expectTrue(!seen.has(key), 'one value per company and month');
      seen.add(key);
    });
    const alt = csv('altares_paydex_2406.csv', ';');
    expect(alt.header.join(';')).toBe(
      'SIREN;ETAT_ORGANISATION;CODE_PAYDEX;PAYDEX;NBR_FOURNISSEURS;ENCOURS_ETUDIES;FPI_30;FPI_90;DATE_VALEUR',
    );
    eachField('altares_paydex_2406.csv', alt, (get) => {
      expectMatch(get('SIREN'), digits(9));
      strictInt(get('CODE_PAYDEX'));
      dotFloat(get('PAYDEX'));
      for (const f of ['FPI_30', 'FPI_90']) {
        const v = dotFloat(get(f))!;
        expectTrue(v >= 0 && v <= 100, 'percentage');
      }
      expectTrue(monthOfYmd(isoDate(get('DATE_VALEUR'))) <= TO - 1, 'one month late');
    });
    const companies = new Set(retro.records.map((r) => r.fields[0]));
    const fpi = new Set(alt.records.map((r) => r.fields[0]));
    expect(companies.size / 2000).toBeGreaterThan(0.5);
    expect(fpi.size).toBeLessThan(companies.size);
  });

  it('Diane: UTF-16LE with BOM and CRLF, quoted, wide by year, all 80 fields after the pivot', () => {
    const raw = readFileSync(join(dir, 'diane_2406.csv'));
    expect([raw[0], raw[1]]).toEqual([0xff, 0xfe]);
    const decoded = new TextDecoder('utf-16le').decode(raw.subarray(2));
    const lines = decoded.split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(decoded.replaceAll('\r\n', '').includes('\n')).toBe(false);
    const data = readCsv(decoded, ';', true, 'diane_2406.csv');
    expect(lines[1].startsWith('"')).toBe(true);
    // Pivot: yearly columns end with " YYYY", contiguous per field; base names with double spaces collapsed.
    const bases: string[] = [];
    const years = new Set<number>();
    let previous = '';
    for (const h of data.header) {
      const m = / ([0-9]{4})$/.exec(h);
      const base = (m ? h.slice(0, -5) : h).replaceAll('  ', ' ');
      if (m) years.add(Number(m[1]));
      if (base !== previous) {
        expect(bases, `contiguous yearly columns for ${base}`).not.toContain(base);
        bases.push(base);
      }
      previous = base;
    }
    const required = [
      "Nom de l'entreprise",
      'Numéro Siren',
      'Statut juridique ',
      'Procédure collective',
      'Effectif consolidé',
      'Dettes fiscales et sociales kEUR',
      'Frais de R&D : net kEUR',
      'Conces., brev. et droits sim. : net kEUR',
      'Nombre d’ES',
      'Nombre de filiales',
      'Taille de la Composition du Groupe',
      'Date de clôture',
      'Nombre de mois',
      'Conc. banc. cour. & sold. cr. kEUR',
      'Equilibre financier',
      'Indépendance fin. %',
      'Endettement %',
      'Autonomie fin. %',
      "Degré d'amort. des immob. corp. %",
      "Financ. de l'actif circ. net",
      'Liquidité générale',
      'Liquidité réduite',
      'Rotation des stocks jours',
      'Crédit clients jours',
      'Crédit fournisseurs jours',
      'C. A. par effectif (milliers/pers.) kEUR',
      "Taux d'intérêt financier %",
      "Intérêts / Chiffre d'affaires %",
      'Endettement global jours',
      "Taux d'endettement %",
      'Capacité de remboursement',
      "Capacité d'autofin. %",
      'Couv. du C.A. par le f.d.r. jours',
      'Couv. du C.A. par bes. en fdr jours',
      "Poids des BFR d'exploitation %",
      'Exportation %',
      'Efficacité économique (milliers/pers.) kEUR',
      'Prod. du potentiel de production',
      'Productivité du capital financier',
      'Productivité du capital investi',
      "Taux d'invest. productif %",
      'Rentabilité économique %',
      'Performance %',
      'Rend. brut des f. propres nets %',
      'Rentabilité nette %',
      'Rend. des capitaux propres nets %',
      'Rend. des res. durables nettes %',
      'Taux de marge commerciale %',
      'Taux de valeur ajoutée %',
      'Part des salariés %',
      "Part de l'Etat %",
      'Part des prêteurs %',
      "Part de l'autofin. %",
      "Chiffre d'affaires net (H.T.) kEUR",
      'Dont exportation kEUR',
      'Achats march. et autres approv. kEUR',
      'Achats de mat. prem. et autres approv. kEUR',
      "Production de l'ex. kEUR",
      'Marge commerciale kEUR',
      "Consommation de l'ex. kEUR",
      'Autres achats et charges externes kEUR',
      'Valeur ajoutée kEUR',
      'Charges de personnel kEUR',
      'Impôts, taxes et vers. assimil. kEUR',
      "Subventions d'expl. kEUR",
      "Excédent brut d'exploitation kEUR",
      'Autres Prod., char. et Repr. kEUR',
      "Dot. d'exploit. aux amort. et prov. kEUR",
      "Résultat d'expl. kEUR",
      'Opérations en commun kEUR',
      'Produits fin. kEUR',
      'Charges fin. kEUR',
      'Intérêts et charges assimilées kEUR',
      'Résultat courant avant impôts kEUR',
      'Produits except. kEUR',
      'Charges except. kEUR',
      'Particip. des sal. aux résul. kEUR',
      'Impôts sur le bénéf. et impôts diff. kEUR',
      'Bénéfice ou perte kEUR',
    ];
    expect(required).toHaveLength(79); // + "Annee", added by the pivot = the 80 fields of §6.2
    for (const name of required) expect(bases).toContain(name);
    expect(1 + bases.length).toBeGreaterThanOrEqual(83);
    const col = columns(data.header);
    let filled = 0;
    for (const r of data.records) {
      expect(r.fields[col('Numéro Siren')]).toMatch(digits(9));
      expect(['Oui', 'Non']).toContain(r.fields[col('Procédure collective')]);
      for (const y of years) {
        const closing = r.fields[col(`Date de clôture ${y}`)];
        if (!closing) continue;
        filled++;
        const d = frenchDate(closing);
        expect(d.y).toBe(y);
        expect(monthOfYmd(d) + 7).toBeLessThanOrEqual(TO);
        commaFloat(r.fields[col(`Chiffre d'affaires net (H.T.) kEUR ${y}`)]);
        strictInt(r.fields[col(`Effectif consolidé ${y}`)]);
      }
    }
    expect(data.records.length).toBeGreaterThan(50);
    expect(filled).toBeGreaterThan(data.records.length * 3);
  });

  it('every URSSAF establishment is known to Sirene, except pseudo-SIRETs', () => {
    const sirene = new Set(csv('StockEtablissement_utf8_geo.csv', ',').records.map((r) => r.fields[2]));
    for (const [file, k] of [
      ['sigfaible_debits.csv', 4],
      ['sigfaible_cotisdues.csv', 2],
      ['sigfaible_pcoll.csv', 0],
    ] as const) {
      for (const r of readCsv(text(file), ';', true, file).records) {
        const siret = r.fields[k];
        if (!sirene.has(siret) && !'5679'.includes(siret[9]))
          throw new Error(`${file}:${r.line}: unknown SIRET ${siret}`);
      }
    }
  });
});

describe('the ground truth in _truth/', () => {
  const truth = (file: string) => readCsv(readFileSync(join(dir, '_truth', file), 'utf8'), ',', false, file);

  it('yearly openings among companies with 10+ employees are 2–4%, held back in 2020–2021, caught up in 2022–2023', () => {
    const macro = truth('macro.csv');
    const col = columns(macro.header);
    const rate = (years: number[]) => {
      let open = 0;
      let active = 0;
      for (const r of macro.records) {
        if (!years.includes(Number(r.fields[0].slice(0, 4)))) continue;
        open += Number(r.fields[col('ouvertures_10plus')]);
        active += Number(r.fields[col('entreprises_10plus')]) / 12;
      }
      return open / active;
    };
    const normal = rate([2016, 2017, 2018, 2019]);
    expect(normal).toBeGreaterThan(0.015);
    expect(normal).toBeLessThan(0.045);
    expect(rate([2020, 2021])).toBeLessThan(0.75 * normal);
    expect(rate([2022, 2023])).toBeGreaterThan(1.4 * rate([2020, 2021]));
    // Partial activity everywhere in spring 2020.
    const ap = (m: string) => Number(macro.records.find((r) => r.fields[0] === m)!.fields[col('entreprises_ap')]);
    expect(ap('2020-04')).toBeGreaterThan(10 * Math.max(1, ap('2019-04')));
  });

  it('lists every procedure, including those after --to, consistent with the delivered pcoll file', () => {
    const procs = truth('procedures.csv');
    const after = procs.records.filter((r) => r.fields[4] === '0');
    expect(after.length).toBeGreaterThan(0);
    for (const r of after) expect(r.fields[1] > '2024-06-30').toBe(true);
    const delivered = new Set(
      readCsv(text('sigfaible_pcoll.csv'), ';', false).records.map((r) => {
        const d = ddMonYYYY(r.fields[2]);
        return `${r.fields[1]}|${d.y}-${String(d.m).padStart(2, '0')}-${String(d.d).padStart(2, '0')}`;
      }),
    );
    for (const r of procs.records.filter((x) => x.fields[4] === '1')) {
      expect(delivered.has(`${r.fields[0]}|${r.fields[1]}`), `${r.fields[0]} ${r.fields[1]}`).toBe(true);
    }
    const companies = truth('companies.csv');
    const col = columns(companies.header);
    const sudden = companies.records.filter((r) => r.fields[col('sans_signal')] === '1').length;
    const failed = companies.records.filter((r) => r.fields[col('date_ouverture')] !== '').length;
    expect(sudden).toBeGreaterThan(0);
    expect(sudden).toBeLessThan(failed / 2);
    const reasons = new Set(companies.records.map((r) => r.fields[col('raison_exclusion')]));
    for (const r of ['', 'effectif_insuffisant', 'categorie_juridique_publique', 'siege_etranger'])
      expect(reasons).toContain(r);
  });

  it('the latent risk is higher in the year before an opening than for companies that do not fail', () => {
    const companies = truth('companies.csv');
    const col = columns(companies.header);
    const opening = new Map<string, string>();
    for (const r of companies.records) {
      const d = r.fields[col('date_ouverture')];
      if (d && r.fields[col('sans_signal')] === '0') opening.set(r.fields[0], d.slice(0, 7));
    }
    const risk = truth('risk.csv');
    let before = 0;
    let nBefore = 0;
    let healthy = 0;
    let nHealthy = 0;
    for (const r of risk.records) {
      const [siren, periode, latent] = r.fields;
      const open = opening.get(siren);
      if (open === undefined) {
        healthy += Number(latent);
        nHealthy++;
      } else {
        const gap =
          (Number(open.slice(0, 4)) - Number(periode.slice(0, 4))) * 12 +
          Number(open.slice(5)) -
          Number(periode.slice(5));
        if (gap > 0 && gap <= 12) {
          before += Number(latent);
          nBefore++;
        }
      }
    }
    expect(before / nBefore).toBeGreaterThan(healthy / nHealthy + 0.5);
  });
});
