/** The clean monthly layer on small hand-computed cases (files written here, expectations worked out by hand). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Warehouse } from '../../src/warehouse/db.ts';
import { importPaths } from '../../src/warehouse/import.ts';
import { inspectCompany } from '../../src/warehouse/inspect.ts';

let dir: string;
let db: Warehouse;
const write = (name: string, lines: string[]) => writeFileSync(join(dir, name), `${lines.join('\n')}\n`);
const rows = (sql: string) => db.json<Record<string, unknown>>(sql);

// SIRENs (Luhn-valid, to keep warnings out of the way): A is a healthy SAS, B in procedures, the others test the perimeter.
const A = '732829320';
const SIRET_A = `${A}00074`;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'sf-clean-'));
  const debitHeader =
    'Urssaf_gestion;Dep;num_cpte;Siren;Siret;Dt_immat;Etat_cpte;Cd_pro_col;Periode;Num_Ecn;Num_Hist_Ecn;Dt_trt_ecn;Mt_PO;Mt_PP;Cd_op_ecn;Motif_ecn;Recours_en_cours';
  const d = (periode: string, ecn: string, hist: number, date: string, po: number, pp: number) =>
    `117;21;C1;${A};${SIRET_A};1010101;1;0;${periode};${ecn};${hist};${date};${po};${pp};1;2;0`;
  write('sigfaible_debits.csv', [
    debitHeader,
    d('201801', '101', 1, '1180105', 50000, 100000), // Jan 5: ECN1 = 500 / 1000 …
    d('201801', '101', 2, '1180115', 100000, 200000), // … Jan 15, later history line of the same month wins: 1000 / 2000
    d('201801', '101', 3, '1180125', 40000, 80000), // Jan 25 → counts in February (day-20 rule): 400 / 800
    d('201802', '101', 1, '1180305', 200000, 0), // March: a second ECN, 2000 / 0 → total 2400 / 800
    d('201801', '101', 4, '1180421', 0, 0), // Apr 21 → May: ECN1 paid → 2000 / 0, then forward-filled
  ]);
  write('sigfaible_cotisdues.csv', [
    'Urssaf_gestion;Dep;Siret;Compte;periode;mer;enc_direct;cotis_due',
    `117;21;${SIRET_A};C1;1810;0;0;300`, // Q1 2018 → 100 a month
    `117;21;${SIRET_A};C1;1811;0;0;50,5`, // January 2018 only
    `117;21;${SIRET_A};C1;1862;0;0;1200`, // year 2018 → 100 a month
    `117;21;${SIRET_A};C1;1832;0;0;0`, // August 2018: the delivery's last month
  ]);
  write('sigfaible_pcoll.csv', [
    'Siret;Siren;Dt_effet;Cat_v2;Lib_actx_stdx',
    '55210055400013;552100554;10JAN2018;x;Ouverture_Redressement',
    '55210055400013;552100554;05MAR2018;x;Ouverture_Liquidation',
    '55210055400013;552100554;05MAR2018;x;Redressement_Inclusion_autre_procedure',
    '40483304800022;404833048;20MAY2008;x;Plan_continuation_Sauvegarde',
    '40483304800022;404833048;15JUN2018;x;Solde_procedure_sauvegarde',
    '54205118000066;542051180;15FEB2018;x;Redressement_Ouverture',
    '54205118000066;542051180;20JUN2018;x;Redressement_Plan_continuation',
    '54205118000066;542051180;01AUG2018;x;Sauvegarde_Ouverture',
  ]);
  write('demande_ap.csv', [
    '"ID_DA","ETAB_SIRET","EFF_ENT","EFF_ETAB","DATE_STATUT","DATE_DEB","DATE_FIN","HTA","MTA","EFF_AUTO","MOTIF_RECOURS_SE","PERIMETRE_AP","S_HEURE_CONSOM_TOT","S_EFF_CONSOM_TOT","S_MONTANT_CONSOM_TOT"',
    `"D1","${SIRET_A}","20","20","2018-01-01","2018-01-01","2018-02-28","590","0","2","1","1","151.67","1","0"`,
  ]);
  write('consommation_ap.csv', [
    '"ID_DA","ETAB_SIRET","HEURES","MONTANTS","EFFECTIFS","MOIS"',
    `"D1","${SIRET_A}",151.67,0,1,"2018-01-01"`,
  ]);
  write('sigfaible_delais.csv', [
    'Urssaf_gestion;Dep;Siret;Numero_compte_externe;Numero_structure;Date_creation;Date_echeance;Duree_delai;Denomination_premiere_ligne;Indic_6M;Annee_creation;Montant_global_echeancier;Code_externe_stade;Code_externe_action',
    `117;21;${SIRET_A};C1;S1;15/03/2018;10/06/2018;87;A;INF;2018;2400;APPROB;DELAI`,
  ]);
  // Perimeter: A ≥ 10 employees; 111 below; 222 public; 333 excluded NAF; 444 head office abroad; 555 unknown to Sirene.
  write('sigfaible_effectif_siren.csv', [
    'siren;eff201811;eff201812;eff201813',
    `${A};8;12;9`,
    '552100554;50;50;50',
    '404833048;20;20;20',
    '542051180;20;20;20',
    '111111118;9;9;9',
    '222222226;30;30;30',
    '333333334;30;30;30',
    '444444442;30;30;30',
    '555555550;30;30;30',
  ]);
  const ulHeader =
    'siren,denominationUniteLegale,prenom1UniteLegale,prenom2UniteLegale,prenom3UniteLegale,prenom4UniteLegale,nomUniteLegale,nomUsageUniteLegale,categorieJuridiqueUniteLegale,dateCreationUniteLegale,etatAdministratifUniteLegale,activitePrincipaleUniteLegale,nomenclatureActivitePrincipaleUniteLegale';
  const ul = (siren: string, cat: string, naf: string) =>
    `${siren},SOC ${siren},,,,,,,${cat},2000-01-01,A,${naf},NAFRev2`;
  write('sireneUL.csv', [
    ulHeader,
    ul(A, '5710', '25.62B'),
    ul('552100554', '5499', '47.11A'),
    ul('404833048', '5499', '47.11A'),
    ul('542051180', '5499', '47.11A'),
    ul('111111118', '5710', '25.62B'),
    ul('222222226', '7210', '25.62B'),
    ul('333333334', '5710', '84.11Z'),
    ul('444444442', '5710', '25.62B'),
  ]);
  const etHeader =
    'siren,nic,etablissementSiege,complementAdresseEtablissement,numeroVoieEtablissement,indiceRepetitionEtablissement,typeVoieEtablissement,libelleVoieEtablissement,libelleCommuneEtablissement,libelleCommuneEtrangerEtablissement,distributionSpecialeEtablissement,codeCommuneEtablissement,codeCedexEtablissement,libelleCedexEtablissement,codePaysEtrangerEtablissement,libellePaysEtrangerEtablissement,codePostalEtablissement,dateCreationEtablissement,etatAdministratifEtablissement,activitePrincipaleEtablissement,nomenclatureActivitePrincipaleEtablissement';
  const et = (siren: string, nic: string, commune: string) =>
    `${siren},${nic},true,,1,,RUE,X,VILLE,${commune ? '' : 'BRUXELLES'},,${commune},,,${commune ? '' : '99131'},${commune ? '' : 'BELGIQUE'},${commune ? '21000' : ''},2000-01-01,A,25.62B,NAFRev2`;
  write('StockEtablissement_utf8.csv', [
    etHeader,
    et(A, '00074', '21231'),
    et('552100554', '00013', '75056'),
    et('404833048', '00022', '75056'),
    et('542051180', '00066', '75056'),
    et('111111118', '00010', '21231'),
    et('222222226', '00010', '21231'),
    et('333333334', '00010', '21231'),
    et('444444442', '00010', ''),
  ]);
  write('ratios_inpi_bce.csv', [
    'siren;date_cloture_exercice;ca;mb;ebe;ebit;rn;a;b;c;d;e;f;g;h;i;j;k;l;m;n;type_bilan',
    `${A};20171231;1000000;;80000;;30000;;;;;;;;;;;;;;;C`,
  ]);
  db = await Warehouse.open(':memory:');
  const r = await importPaths(db, [dir]);
  for (const f of r.files) expect(f.rejects, f.path).toEqual([]);
});
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('clean monthly layer', () => {
  it('knows the delivery month', async () => {
    expect(await rows(`SELECT strftime(last_month, '%Y-%m') AS m FROM delivery_info`)).toEqual([{ m: '2018-08' }]);
  });

  it('debt: latest state of each ECN per month, day-20 rule, forward-filled to the last month', async () => {
    expect(
      await rows(
        `SELECT strftime(periode, '%Y-%m') AS p, dette_ouvriere AS o, dette_patronale AS pp FROM clean_debit ORDER BY periode`,
      ),
    ).toEqual([
      { p: '2018-01', o: 1000, pp: 2000 },
      { p: '2018-02', o: 400, pp: 800 },
      { p: '2018-03', o: 2400, pp: 800 },
      { p: '2018-04', o: 2400, pp: 800 },
      { p: '2018-05', o: 2000, pp: 0 },
      { p: '2018-06', o: 2000, pp: 0 },
      { p: '2018-07', o: 2000, pp: 0 },
      { p: '2018-08', o: 2000, pp: 0 },
    ]);
  });

  it('contributions: quarters and years spread over their months', async () => {
    const got = await rows(
      `SELECT strftime(periode, '%Y-%m') AS p, cotisation AS c FROM clean_cotisation ORDER BY periode`,
    );
    expect(got.slice(0, 5)).toEqual([
      { p: '2018-01', c: 250.5 },
      { p: '2018-02', c: 200 },
      { p: '2018-03', c: 200 },
      { p: '2018-04', c: 100 },
      { p: '2018-05', c: 100 },
    ]);
    expect(got).toHaveLength(12);
    expect(got[7]).toEqual({ p: '2018-08', c: 100 });
  });

  it('short-time work in FTE (151.67 h), authorised hours spread over the days of the request', async () => {
    expect(
      await rows(
        `SELECT strftime(periode, '%Y-%m') AS p, round(heures_autorisees, 2) AS ha, round(etp_autorise, 4) AS ea, etp_consomme AS ec FROM clean_ap ORDER BY periode`,
      ),
    ).toEqual([
      { p: '2018-01', ha: 310, ea: 2.0439, ec: 1 },
      { p: '2018-02', ha: 280, ea: 1.8461, ec: null },
    ]);
  });

  it('payment plans run from the creation month up to, excluding, the due month', async () => {
    expect(
      (await rows(`SELECT strftime(periode, '%Y-%m') AS p FROM clean_delai ORDER BY periode`)).map((r) => r.p),
    ).toEqual(['2018-03', '2018-04', '2018-05']);
  });

  it('procedures: severity rule, inclusion in another procedure, 10-year plan rule', async () => {
    const state = async (siren: string) =>
      (
        await rows(
          `SELECT strftime(periode, '%Y-%m') AS p, procol FROM clean_procol_mensuel WHERE siren = '${siren}' AND periode >= DATE '2018-01-01' ORDER BY periode`,
        )
      ).map((r) => `${r.p} ${r.procol}`);
    // redressement in January; liquidation opened in March while the redressement is folded into it.
    expect(await state('552100554')).toEqual([
      '2018-01 redressement',
      '2018-02 redressement',
      ...['03', '04', '05', '06', '07', '08'].map((m) => `2018-${m} liquidation`),
    ]);
    // A continuation plan of May 2008 ends by itself in May 2018 (the solde_procedure event is ignored).
    expect(await state('404833048')).toEqual(
      ['2018-01', '2018-02', '2018-03', '2018-04'].map((m) => `${m} plan_sauvegarde`),
    );
    // Redressement, then its plan; a sauvegarde opened later is less severe than the running redressement plan.
    expect(await state('542051180')).toEqual([
      '2018-02 redressement',
      '2018-03 redressement',
      '2018-04 redressement',
      '2018-05 redressement',
      '2018-06 plan_redressement',
      '2018-07 plan_redressement',
      '2018-08 plan_redressement',
    ]);
    expect(
      await rows(`SELECT siren, strftime(date_jugement, '%Y-%m-%d') AS d FROM clean_premier_jugement ORDER BY siren`),
    ).toEqual([
      { siren: '404833048', d: '2008-05-20' },
      { siren: '542051180', d: '2018-02-15' },
      { siren: '552100554', d: '2018-01-10' },
    ]);
  });

  it('perimeter: each exclusion with its reason', async () => {
    expect(await rows(`SELECT siren, inclus, raison FROM clean_perimetre ORDER BY siren`)).toEqual([
      { siren: '111111118', inclus: false, raison: 'effectif_insuffisant' },
      { siren: '222222226', inclus: false, raison: 'categorie_juridique_publique' },
      { siren: '333333334', inclus: false, raison: 'naf_exclu' },
      { siren: '404833048', inclus: true, raison: null },
      { siren: '444444442', inclus: false, raison: 'siege_etranger' },
      { siren: '542051180', inclus: true, raison: null },
      { siren: '552100554', inclus: true, raison: null },
      { siren: '555555550', inclus: false, raison: 'absent_sirene' },
      { siren: A, inclus: true, raison: null },
    ]);
  });

  it('accounts become available 7 months after the closing month', async () => {
    expect(
      await rows(`SELECT strftime(disponible_le, '%Y-%m') AS d, chiffre_d_affaires AS ca FROM clean_comptes`),
    ).toEqual([{ d: '2018-07', ca: 1000000 }]);
  });

  it('sf inspect answers from the clean layer', async () => {
    const doc = await inspectCompany(db, A, { from: '2018-01', to: '2018-03' });
    expect(doc).toMatchObject({
      siren: A,
      raison_sociale: `SOC ${A}`,
      categorie_juridique: '5710',
      naf: '25.62B',
      perimetre: { inclus: true, raison: null },
      etablissements: [{ siret: SIRET_A, siege: true, departement: '21', code_commune: '21231', actif: true }],
      comptes_annuels: [
        {
          date_cloture: '2017-12-31',
          disponible_le: '2018-07',
          chiffre_d_affaires: 1000000,
          ebe: 80000,
          resultat_net: 30000,
        },
      ],
      paydex: [],
      prediction: null,
    });
    expect(doc.mensuel).toEqual([
      {
        periode: '2018-01',
        effectif: 8,
        cotisation: 250.5,
        dette_ouvriere: 1000,
        dette_patronale: 2000,
        ap_heures_consommees: 151.67,
        ap_etp_autorise: expect.closeTo(2.0439, 3),
        delai_en_cours: false,
        procol: 'in_bonis',
      },
      {
        periode: '2018-02',
        effectif: 12,
        cotisation: 200,
        dette_ouvriere: 400,
        dette_patronale: 800,
        ap_heures_consommees: null,
        ap_etp_autorise: expect.closeTo(1.8461, 3),
        delai_en_cours: false,
        procol: 'in_bonis',
      },
      {
        periode: '2018-03',
        effectif: 9,
        cotisation: 200,
        dette_ouvriere: 2400,
        dette_patronale: 800,
        ap_heures_consommees: null,
        ap_etp_autorise: null,
        delai_en_cours: true,
        procol: 'in_bonis',
      },
    ]);
    expect((await inspectCompany(db, '552100554', { from: '2018-03', to: '2018-03' })).mensuel[0].procol).toBe(
      'liquidation',
    );
  });
});
