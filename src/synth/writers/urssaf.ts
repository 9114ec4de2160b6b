/**
 * URSSAF (ACOSS) files, `;`-separated: headcount (wide, `effYYYYXY` columns) per establishment and per company,
 * debit movements (ECN histories, cents, `(A)AAMMJJ` dates, 6-char periods), contributions due (decimal
 * commas, 4-char `AAXY` periods incl. quarterly), payment plans, CCSF and collective procedures.
 * Only what URSSAF knows at the end of `--to` is written; headcount lags two months.
 */

import { type Day, endOfMonth } from '../dates.ts';
import { comma, ddMonYYYY, dmy, line, urssafDate, urssafMonth, urssafQuarter } from '../encode.ts';
import type { Company, World } from '../model.ts';
import { type FileSummary, Sink, type Writer } from '../sink.ts';

export const DEBIT_HEADER =
  'Urssaf_gestion;Dep;num_cpte;Siren;Siret;Dt_immat;Etat_cpte;Cd_pro_col;Periode;Num_Ecn;Num_Hist_Ecn;Dt_trt_ecn;Mt_PO;Mt_PP;Cd_op_ecn;Motif_ecn;Recours_en_cours';
export const COTISATION_HEADER = 'Urssaf_gestion;Dep;Siret;Compte;periode;mer;enc_direct;cotis_due';
export const DELAI_HEADER =
  'Urssaf_gestion;Dep;Siret;Numero_compte_externe;Numero_structure;Date_creation;Date_echeance;Duree_delai;Denomination_premiere_ligne;Indic_6M;Annee_creation;Montant_global_echeancier;Code_externe_stade;Code_externe_action';
export const CCSF_HEADER = 'Urssaf_gestion;Dep;Siret;Compte;Date_de_traitement;Code_externe_stade;Code_externe_action';
export const PCOLL_HEADER = 'Siret;Siren;Dt_effet;Cat_v2;Lib_actx_stdx';

/** The procol label: stage tokens then nature, as URSSAF writes them (`Plan_continuation_Redressement`). */
export function libActx(action: string, stade: string): string {
  const cap = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
  const nature = cap(action);
  if (stade === 'solde_procedure') return `Solde_procedure_${action}`;
  return `${cap(stade)}_${nature}`;
}

export class UrssafWriter implements Writer {
  private readonly effSiret: Sink;
  private readonly effSiren: Sink;
  private readonly debit: Sink;
  private readonly cotis: Sink;
  private readonly delai: Sink;
  private readonly ccsf: Sink;
  private readonly pcoll: Sink;
  private readonly cut: Day;
  /** Headcount columns: `from` … `to − 2`. */
  private readonly effMonths: number[] = [];
  /** `AAXY` / `AAX0` codes per simulated month. */
  private readonly monthCodes: string[] = [];
  private readonly quarterCodes: string[] = [];

  constructor(
    dir: string,
    private readonly world: World,
  ) {
    this.cut = endOfMonth(world.to);
    for (let m = world.from; m <= world.to - 2; m++) this.effMonths.push(m);
    for (let m = world.start; m <= world.end; m++) {
      this.monthCodes.push(urssafMonth(m, false));
      this.quarterCodes.push(urssafQuarter(m, false));
    }
    const effCols = this.effMonths.map((m) => `eff${urssafMonth(m, true)}`).join(';');
    this.effSiret = new Sink(dir, 'sigfaible_effectif_siret.csv', world.part);
    this.effSiret.header(`compte;siret;rais_soc;ape_ins;dep;${effCols};base;UR_EMET\n`);
    this.effSiren = new Sink(dir, 'sigfaible_effectif_siren.csv', world.part);
    this.effSiren.header(`siren;${effCols};rais_soc\n`);
    this.debit = new Sink(dir, 'sigfaible_debits.csv', world.part);
    this.debit.header(`${DEBIT_HEADER}\n`);
    this.cotis = new Sink(dir, 'sigfaible_cotisdues.csv', world.part);
    this.cotis.header(`${COTISATION_HEADER}\n`);
    this.delai = new Sink(dir, 'sigfaible_delais.csv', world.part);
    this.delai.header(`${DELAI_HEADER}\n`);
    this.ccsf = new Sink(dir, 'sigfaible_ccsf.csv', world.part);
    this.ccsf.header(`${CCSF_HEADER}\n`);
    this.pcoll = new Sink(dir, 'sigfaible_pcoll.csv', world.part);
    this.pcoll.header(`${PCOLL_HEADER}\n`);
  }

  write(c: Company): void {
    const w = this.world;
    const name = c.denomination || `${c.nom} ${c.prenom}`;
    const ape = c.naf.replace('.', '');
    const dep = (k: number) => c.etabs[k].commune?.departement ?? '';
    // Headcount, per establishment and summed per company; empty cells where the establishment did not exist.
    const companyTotals = new Array<number>(this.effMonths.length).fill(-1);
    for (const e of c.etabs) {
      if (e.country) continue;
      let cells = '';
      let any = false;
      for (let j = 0; j < this.effMonths.length; j++) {
        const v = e.effectif[this.effMonths[j] - w.start];
        cells += ';';
        if (v >= 0) {
          cells += String(v);
          any = true;
          companyTotals[j] = Math.max(0, companyTotals[j]) + v;
        }
      }
      if (!any) continue;
      const row = line([e.compte, e.siret, name, ape, e.commune?.departement ?? ''], ';').slice(0, -1);
      this.effSiret.row(`${row}${cells};${e.urssafCode};${e.urssafCode}7\n`);
    }
    if (companyTotals.some((v) => v >= 0)) {
      const cells = companyTotals.map((v) => (v >= 0 ? String(v) : '')).join(';');
      this.effSiren.row(`${c.siren};${cells};${line([name], ';')}`);
    }

    // Debits: every line of the ECNs of recent periods, as booked up to the cut.
    for (const ecn of c.ecns) {
      if (ecn.period < w.from - 12) continue;
      const e = c.etabs[ecn.etab];
      const periode = ecn.quarterly ? urssafQuarter(ecn.period, true) : urssafMonth(ecn.period, true);
      let out = '';
      let rows = 0;
      for (const l of ecn.lines) {
        if (l.day > this.cut) break;
        out += `${e.urssafCode};${dep(ecn.etab)};${e.compte};${c.siren};${e.siret};${e.created};${l.etatCpte};${l.cdProCol};${periode};${ecn.numEcn};${l.hist};${urssafDate(l.day)};${l.po};${l.pp};${l.op};${ecn.motif};${ecn.recours ? 1 : 0}\n`;
        rows++;
      }
      if (rows) this.debit.row(out, rows);
    }

    // Contributions due: a period is known once its due date (the month after it) has passed.
    let out = '';
    let rows = 0;
    for (const k of c.cotisations) {
      const first = k.quarterly ? k.period - 2 : k.period;
      if (first < w.from || k.period + 1 > w.to) continue;
      const e = c.etabs[k.etab];
      const periode = (k.quarterly ? this.quarterCodes : this.monthCodes)[k.period - w.start];
      out += `${e.urssafCode};${dep(k.etab)};${e.siret};${e.compte};${periode};${comma(k.called)};${comma(k.paid)};${comma(k.due)}\n`;
      rows++;
    }
    if (rows) this.cotis.row(out, rows);

    for (const d of c.delais) {
      if (d.created > this.cut) continue;
      const e = c.etabs[d.etab];
      this.delai.row(
        line(
          [
            e.urssafCode,
            dep(d.etab),
            e.siret,
            e.compte,
            d.numero,
            dmy(d.created),
            dmy(d.echeance),
            String(d.days),
            name,
            d.months > 6 ? 'SUP' : 'INF',
            String(Math.floor(d.created / 10000)),
            d.amount.toFixed(2),
            d.stade,
            d.action,
          ],
          ';',
        ),
      );
    }
    for (const l of c.ccsf) {
      if (l.day > this.cut) continue;
      const e = c.etabs[l.etab];
      this.ccsf.row(`${e.urssafCode};${dep(l.etab)};${e.siret};${e.compte};${urssafDate(l.day)};${l.stade};CCSF\n`);
    }
    // Procedure events, one line per establishment known to URSSAF at the event date.
    const opening = c.procol[0]?.day ?? 0;
    const concerned = c.etabs.filter(
      (e) => !e.country && e.created <= opening && (e.closed === null || e.closed >= opening),
    );
    for (const p of c.procol) {
      if (p.day > this.cut) continue;
      for (const e of concerned) {
        this.pcoll.row(
          `${e.siret};${c.siren};${ddMonYYYY(p.day)};${p.action.toUpperCase()};${libActx(p.action, p.stade)}\n`,
        );
      }
    }
  }

  close(): FileSummary[] {
    return [
      this.effSiret.close(),
      this.effSiren.close(),
      this.debit.close(),
      this.cotis.close(),
      this.delai.close(),
      this.ccsf.close(),
      this.pcoll.close(),
    ];
  }
}
