/** Historical URSSAF files without a `Siret` column: the SIRET comes from the account mapping (sources.md §2.8). */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { FIXTURES, fileReport, importInto } from './helpers.ts';

const dir = mkdtempSync(join(tmpdir(), 'sf-hist-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('historical URSSAF files (account → SIRET)', () => {
  it('resolves each line through the mapping at its date, and rejects unmapped accounts', async () => {
    cpSync(
      join(FIXTURES, 'delivery', 'sigfaible_etablissement_utf8.csv'),
      join(dir, 'sigfaible_etablissement_utf8.csv'),
    );
    const line = (account: string, periode: string) =>
      `117;75;${account};000000000;20010101;1;0;${periode};659;1;990505;100;200;1;2;0`;
    writeFileSync(
      join(dir, 'sigfaible_debits.csv'),
      [
        'Urssaf_gestion;Dep;num_cpte;Siren;Dt_immat;Etat_cpte;Cd_pro_col;Periode;Num_Ecn;Num_Hist_Ecn;Dt_trt_ecn;Mt_PO;Mt_PP;Cd_op_ecn;Motif_ecn;Recours_en_cours',
        line('117000000000000001', '201712'), // never-closed account → 00000000000000
        line('117000000000000002', '201511'), // account closed on 2011-08-01: no SIRET in 2015
        line('117000000000000002', '201011'), // … but one in 2010 → 11111111111111
        line('117000000000000003', '201712'), // provisional SIRET only
        '',
      ].join('\n'),
    );
    const { db, result } = await importInto([dir]);
    const f = fileReport(result, 'sigfaible_debits.csv');
    expect(f.status).toBe('imported');
    expect(f.rejects.map((r) => [r.line, r.field, r.reason])).toEqual([
      [3, 'num_cpte', 'account mapped to no SIRET at that date (sigfaible_etablissement_utf8.csv)'],
      [5, 'num_cpte', 'account mapped to no SIRET at that date (sigfaible_etablissement_utf8.csv)'],
    ]);
    expect(await db.json('SELECT line, siret FROM raw_debit ORDER BY line')).toEqual([
      { line: '2', siret: '00000000000000' },
      { line: '4', siret: '11111111111111' },
    ]);
    db.close();
  });
});
