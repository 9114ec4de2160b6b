/**
 * DGEFP partial-activity files, comma-separated with quoted strings and unquoted dot-decimal numbers:
 * `demande_ap.csv` (requests, known when decided) and `consommation_ap.csv` (monthly consumption, one month late).
 */

import { type Day, day, endOfMonth } from '../dates.ts';
import { dot, iso, quoted } from '../encode.ts';
import type { Company, World } from '../model.ts';
import { type FileSummary, Sink, type Writer } from '../sink.ts';

export const DEMANDE_HEADER =
  '"ID_DA","ETAB_SIRET","EFF_ENT","EFF_ETAB","DATE_STATUT","DATE_DEB","DATE_FIN","HTA","MTA","EFF_AUTO","MOTIF_RECOURS_SE","PERIMETRE_AP","S_HEURE_CONSOM_TOT","S_EFF_CONSOM_TOT","S_MONTANT_CONSOM_TOT","RECOURS_ANTERIEUR"';
export const CONSO_HEADER = '"ID_DA","ETAB_SIRET","HEURES","MONTANTS","EFFECTIFS","MOIS"';

export class ApWriter implements Writer {
  private readonly demande: Sink;
  private readonly conso: Sink;
  private readonly cut: Day;

  constructor(
    dir: string,
    private readonly world: World,
  ) {
    this.cut = endOfMonth(world.to);
    this.demande = new Sink(dir, 'demande_ap.csv', world.part);
    this.demande.header(`${DEMANDE_HEADER}\n`);
    this.conso = new Sink(dir, 'consommation_ap.csv', world.part);
    this.conso.header(`${CONSO_HEADER}\n`);
  }

  write(c: Company): void {
    for (const d of c.ap) {
      if (d.statut > this.cut) continue;
      const siret = c.etabs[d.etab].siret;
      let hours = 0;
      let amount = 0;
      let eff = 0;
      for (const k of d.conso) {
        if (k.month > this.world.to - 1) break;
        hours += k.hours;
        amount += k.amount;
        eff = Math.max(eff, k.effectif);
        this.conso.row(
          `${quoted(d.id)},${quoted(siret)},${dot(k.hours)},${dot(k.amount)},${dot(k.effectif, 1)},${quoted(iso(day(k.month, 1)))}\n`,
        );
      }
      this.demande.row(
        `${quoted(d.id)},${quoted(siret)},${dot(d.effEnt, 1)},${dot(d.effEtab, 1)},${quoted(iso(d.statut))},${quoted(iso(d.debut))},${iso(d.fin)},${dot(d.hours)},${dot(d.amount)},${dot(d.effAuto, 1)},${quoted(String(d.motif))},${quoted(String(d.perimetre))},${dot(hours)},${eff},${dot(amount)},${quoted(String(d.recoursAnterieur))}\n`,
      );
    }
  }

  close(): FileSummary[] {
    return [this.demande.close(), this.conso.close()];
  }
}
