/** One fixture file per source, reproducing the cases of sources.md §7 (written from the descriptions). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Warehouse } from '../../src/warehouse/db.ts';
import type { ImportResult } from '../../src/warehouse/import.ts';
import { FIXTURES, fileReport, importInto } from './helpers.ts';

let db: Warehouse;
let result: ImportResult;
beforeAll(async () => {
  ({ db, result } = await importInto([`${FIXTURES}delivery`]));
});
afterAll(() => db.close());

const rows = (sql: string) => db.json<Record<string, unknown>>(sql);

describe('source fixtures (sources.md §7)', () => {
  it('recognises every file and imports each one', () => {
    expect(result.ignored).toEqual([]);
    expect(result.files).toHaveLength(19);
    for (const f of result.files) expect(f.status, f.path).toBe('imported');
  });

  it('debit: cents → euros, 6- and 7-digit URSSAF dates, day-20 rule, odd periods, booleans', async () => {
    expect(
      await rows(
        `SELECT siret, date_traitement, periode_prise_en_compte, periode_debut, periode_fin, part_ouvriere, part_patronale, recours_en_cours FROM raw_debit ORDER BY line`,
      ),
    ).toEqual([
      {
        siret: '00000000000000',
        date_traitement: '1999-05-05',
        periode_prise_en_compte: '1999-05-01',
        periode_debut: '2017-02-01',
        periode_fin: '2017-03-01',
        part_ouvriere: 123.45,
        part_patronale: 678,
        recours_en_cours: false,
      },
      {
        siret: '11111111111111',
        date_traitement: '2005-08-24',
        periode_prise_en_compte: '2005-09-01',
        periode_debut: '2015-01-01',
        periode_fin: '2015-02-01',
        part_ouvriere: 5.005,
        part_patronale: 0,
        recours_en_cours: true,
      },
      {
        siret: '22222222222222',
        date_traitement: '2012-10-18',
        periode_prise_en_compte: '2012-10-01',
        periode_debut: '1999-01-01',
        periode_fin: '1999-02-01',
        part_ouvriere: 0,
        part_patronale: 10,
        recours_en_cours: true,
      },
    ]);
  });

  it('cotisation: 4-character periods, comma decimals, negative amounts (lazy quotes)', async () => {
    expect(await rows(`SELECT periode_debut, encaisse, du FROM raw_cotisation ORDER BY line`)).toEqual([
      { periode_debut: '2010-07-01', encaisse: -1234.5, du: 2000.1 },
      { periode_debut: '2010-05-01', encaisse: 150, du: 300.5 },
      { periode_debut: '2002-08-01', encaisse: 0, du: -99.5 },
    ]);
  });

  it('delai and ccsf: DD/MM/YYYY and URSSAF dates', async () => {
    expect(
      await rows(`SELECT date_creation, date_echeance, duree_delai, montant_echeancier FROM raw_delai ORDER BY line`),
    ).toEqual([
      { date_creation: '2018-01-15', date_echeance: '2018-07-15', duree_delai: '181', montant_echeancier: 1500.5 },
      { date_creation: '2019-03-01', date_echeance: '2019-04-30', duree_delai: '60', montant_echeancier: 800 },
      { date_creation: '2017-12-20', date_echeance: '2018-12-20', duree_delai: '365', montant_echeancier: 12000 },
    ]);
    expect((await rows(`SELECT date_traitement AS d FROM raw_ccsf ORDER BY line`)).map((r) => r.d)).toEqual([
      '2018-01-30',
      '2019-04-20',
      '1999-04-01',
    ]);
  });

  it('procol: DDMonYYYY in any case, label split into action and stade, leading-zero SIRET kept', async () => {
    expect(await rows(`SELECT siret, date_effet, action_procol, stade_procol FROM raw_procol ORDER BY line`)).toEqual([
      {
        siret: '00000000000000',
        date_effet: '2014-02-24',
        action_procol: 'redressement',
        stade_procol: 'solde_procedure',
      },
      {
        siret: '01111111111111',
        date_effet: '2017-10-04',
        action_procol: 'redressement',
        stade_procol: 'solde_procedure',
      },
      {
        siret: '22222222222222',
        date_effet: '2014-05-26',
        action_procol: 'redressement',
        stade_procol: 'solde_procedure',
      },
    ]);
  });

  it('effectif: wide file, 112 + 112 + 93 tuples, leading zeros; effectif_ent keeps zeros', async () => {
    expect(
      await rows(`SELECT siret, count(*) AS n, min(effectif) AS lo FROM raw_effectif GROUP BY siret ORDER BY siret`),
    ).toEqual([
      { siret: '00000000000000', n: '112', lo: 89 },
      { siret: '11111111111111', n: '112', lo: 10 },
      { siret: '22222222222222', n: '93', lo: 3 },
    ]);
    expect(
      await rows(`SELECT strftime(periode, '%Y-%m') AS p, effectif AS e FROM raw_effectif_ent ORDER BY periode`),
    ).toEqual([
      { p: '2010-01', e: 12 },
      { p: '2010-02', e: 0 },
      { p: '2010-03', e: 9 },
      { p: '2010-04', e: 10 },
      { p: '2010-05', e: 11 },
    ]);
  });

  it('apdemande and apconso: quoted strings, 559.0 → 559, unquoted date, blank lines, MOIS kept as given', async () => {
    expect(
      await rows(
        `SELECT id_demande, effectif_entreprise, periode_fin, motif_recours, line FROM raw_apdemande ORDER BY line`,
      ),
    ).toEqual([
      {
        id_demande: 'D0000000001',
        effectif_entreprise: '559',
        periode_fin: '2005-06-30',
        motif_recours: '1',
        line: '2',
      },
      {
        id_demande: 'D0000000002',
        effectif_entreprise: '20',
        periode_fin: '2014-05-14',
        motif_recours: '3',
        line: '3',
      },
      {
        id_demande: 'D0000000003',
        effectif_entreprise: '50',
        periode_fin: '2017-12-31',
        motif_recours: '4',
        line: '5',
      },
    ]);
    expect((await rows(`SELECT periode FROM raw_apconso ORDER BY line`)).map((r) => r.periode)).toEqual([
      '2005-02-01',
      '2005-03-01',
      '2020-12-30',
    ]);
    expect(fileReport(result, 'consommation_ap.csv').warnings.map((w) => w.reason)).toContain(
      'not the first day of a month (counted in its month)',
    );
  });

  it('sirene: street types expanded, non-NAFRev2 activity dropped with a warning, bad coordinates warned, Corsica and overseas departments', async () => {
    expect(
      await rows(
        `SELECT siret, siege, type_voie, indrep, departement, ape, longitude, est_actif FROM raw_sirene ORDER BY line`,
      ),
    ).toEqual([
      {
        siret: '00000000000016',
        siege: true,
        type_voie: 'CHEMIN',
        indrep: null,
        departement: '21',
        ape: '52.21Z',
        longitude: 5.04,
        est_actif: true,
      },
      {
        siret: '11111111100011',
        siege: true,
        type_voie: 'RUE',
        indrep: 'BIS',
        departement: '2A',
        ape: null,
        longitude: 8.73,
        est_actif: true,
      },
      {
        siret: '22222222200022',
        siege: false,
        type_voie: 'HAMEAU',
        indrep: null,
        departement: '971',
        ape: '00.91U',
        longitude: null,
        est_actif: false,
      },
      {
        siret: '33333333300033',
        siege: true,
        type_voie: null,
        indrep: null,
        departement: null,
        ape: '84.11Z',
        longitude: null,
        est_actif: true,
      },
      {
        siret: '22222222200014',
        siege: true,
        type_voie: 'AVENUE',
        indrep: null,
        departement: '75',
        ape: '25.62B',
        longitude: 2.28,
        est_actif: true,
      },
    ]);
    const w = fileReport(result, 'StockEtablissement_utf8_geo.csv').warnings;
    expect(w.filter((x) => x.line === 4).map((x) => x.field)).toEqual(['latitude', 'longitude', 'siren']);
    expect(w.find((x) => x.line === 3 && x.field === 'activitePrincipaleEtablissement')?.value).toBe('NAFRev1 47.11A');
  });

  it('sirene_ul: invalid creation date → null, NAF nomenclature, states A/C', async () => {
    expect(
      await rows(
        `SELECT siren, raison_sociale, date_creation, activite_principale, est_actif FROM raw_sirene_ul ORDER BY line`,
      ),
    ).toEqual([
      {
        siren: '000000000',
        raison_sociale: 'TRANSPORTS DURAND',
        date_creation: '2001-01-01',
        activite_principale: '52.21Z',
        est_actif: true,
      },
      {
        siren: '111111111',
        raison_sociale: null,
        date_creation: null,
        activite_principale: '47.11A',
        est_actif: false,
      },
      {
        siren: '222222222',
        raison_sociale: 'MECA 22',
        date_creation: '2010-02-03',
        activite_principale: null,
        est_actif: true,
      },
      {
        siren: '333333333',
        raison_sociale: 'COMMUNE DE TEST',
        date_creation: '2015-07-01',
        activite_principale: '84.11Z',
        est_actif: true,
      },
    ]);
  });

  it('sirene_histo: open-ended periods and change flags', async () => {
    expect(
      await rows(
        `SELECT siret, date_debut, date_fin, est_actif, changement_statut_actif AS c FROM raw_sirene_histo ORDER BY line`,
      ),
    ).toHaveLength(4);
  });

  it('paydex: the invalid date 01/15/2019 is rejected on line 7', () => {
    const f = fileReport(result, 'Retro-Paydex_20201207.csv');
    expect(f.rows_imported).toBe(5);
    expect(f.rejects).toEqual([
      { line: 7, field: 'DATE_VALEUR', value: '01/15/2019', reason: 'not a date DD/MM/YYYY' },
    ]);
  });

  it('paydex + FPI: both date forms, FPI clipped to [0, 100] with a warning', async () => {
    expect(
      await rows(
        `SELECT date_valeur, paydex, fpi_30, fpi_90 FROM raw_paydex WHERE variante = 'paydex_fpi' ORDER BY line`,
      ),
    ).toEqual([
      { date_valeur: '2024-05-31', paydex: 12.5, fpi_30: 20, fpi_90: 5 },
      { date_valeur: '2024-06-15', paydex: 14, fpi_30: 25.5, fpi_90: 100 },
    ]);
  });

  it('bdf: SIREN with spaces, 31DEC2012 dates', async () => {
    expect(await rows(`SELECT siren, arrete_bilan, poids_frng, taux_marge FROM raw_bdf ORDER BY line`)).toEqual([
      { siren: '000000000', arrete_bilan: '2012-12-31', poids_frng: 12.5, taux_marge: 30.2 },
      { siren: '111111111', arrete_bilan: '2013-06-30', poids_frng: null, taux_marge: 25 },
    ]);
  });

  it('diane: UTF-16LE, pivoted by year, doubled spaces collapsed, bad numbers left empty with a warning', async () => {
    expect(
      await rows(
        `SELECT numero_siren, exercice_diane, ca, excedent_brut_d_exploitation AS ebe, arrete_bilan_diane, concours_bancaire_courant AS cbc FROM raw_diane ORDER BY numero_siren, exercice_diane`,
      ),
    ).toEqual([
      {
        numero_siren: '000000000',
        exercice_diane: '2016',
        ca: 1400,
        ebe: 100,
        arrete_bilan_diane: '2016-12-31',
        cbc: 4,
      },
      {
        numero_siren: '000000000',
        exercice_diane: '2017',
        ca: 1500.5,
        ebe: 120,
        arrete_bilan_diane: '2017-12-31',
        cbc: 3,
      },
      {
        numero_siren: '111111111',
        exercice_diane: '2017',
        ca: null,
        ebe: 3,
        arrete_bilan_diane: '2017-12-31',
        cbc: null,
      },
    ]);
    expect(fileReport(result, 'diane_2018.csv').warnings).toEqual([
      { line: 3, field: "Chiffre d'affaires net (H.T.) kEUR 2017", value: 'abc', reason: 'not a number: ignored' },
    ]);
  });

  it('ratios_inpi_bce: YYYYMMDD and ISO dates, empty cells are NULL, comma decimals', async () => {
    expect(
      await rows(
        `SELECT date_cloture, marge_brute, taux_d_endettement, ratio_de_liquidite, type_bilan FROM raw_ratios ORDER BY line`,
      ),
    ).toEqual([
      {
        date_cloture: '2022-12-31',
        marge_brute: 400000,
        taux_d_endettement: 45.5,
        ratio_de_liquidite: 1.2,
        type_bilan: 'C',
      },
      {
        date_cloture: '2021-12-31',
        marge_brute: null,
        taux_d_endettement: 50,
        ratio_de_liquidite: 1.1,
        type_bilan: 'S',
      },
      {
        date_cloture: '2022-12-31',
        marge_brute: 400000,
        taux_d_endettement: null,
        ratio_de_liquidite: null,
        type_bilan: 'K',
      },
    ]);
  });

  it('filter (header line skipped) and the historical account mapping (never-closed sentinel)', async () => {
    expect((await rows(`SELECT siren FROM raw_filter ORDER BY line`)).map((r) => r.siren)).toEqual([
      '000000000',
      '111111111',
      '222222222',
    ]);
    expect(await rows(`SELECT siret, date_fermeture FROM raw_comptes ORDER BY line`)).toEqual([
      { siret: '00000000000000', date_fermeture: '2899-01-01' },
      { siret: '11111111111111', date_fermeture: '2011-08-01' },
      { siret: '2222222220002A', date_fermeture: '2899-01-01' },
    ]);
  });
});
