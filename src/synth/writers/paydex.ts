/**
 * Altares supplier payment delays, both variants (`;`, one value per company and month, one month late):
 * the paydex history `E_<12 digits>_Retro-Paydex_<8 digits>.csv` (`DATE_VALEUR` as `DD/MM/YYYY`) and the
 * richer `altares_paydex_<YYMM>.csv` with FPI 30/90 (`DATE_VALEUR` as `YYYY-MM-DD`), for fewer companies.
 */

import { day, endOfMonth } from '../dates.ts';
import { dmy, iso } from '../encode.ts';
import type { Company, World } from '../model.ts';
import { type FileSummary, Sink, type Writer } from '../sink.ts';

export const RETRO_HEADER = 'SIREN;NB_JOURS;NB_JOURS_LIB;DATE_VALEUR';
export const ALTARES_HEADER =
  'SIREN;ETAT_ORGANISATION;CODE_PAYDEX;PAYDEX;NBR_FOURNISSEURS;ENCOURS_ETUDIES;FPI_30;FPI_90;DATE_VALEUR';

export function paydexFileNames(world: World): { retro: string; altares: string } {
  const extraction = day(world.to + 1, 5); // delivered early in the month after `--to`
  const yy = String(Math.floor(world.to / 12) % 100).padStart(2, '0');
  const mm = String((world.to % 12) + 1).padStart(2, '0');
  return {
    retro: `E_${extraction}0800_Retro-Paydex_${extraction}.csv`,
    altares: `altares_paydex_${yy}${mm}.csv`,
  };
}

export class PaydexWriter implements Writer {
  private readonly retro: Sink;
  private readonly altares: Sink;

  constructor(
    dir: string,
    private readonly world: World,
  ) {
    const names = paydexFileNames(world);
    this.retro = new Sink(dir, names.retro, world.part);
    this.retro.header(`${RETRO_HEADER}\n`);
    this.altares = new Sink(dir, names.altares, world.part);
    this.altares.header(`${ALTARES_HEADER}\n`);
  }

  write(c: Company): void {
    let retro = '';
    let altares = '';
    let n = 0;
    const opening = c.procol[0]?.day ?? Number.POSITIVE_INFINITY;
    for (const p of c.paydex) {
      if (p.month < this.world.from || p.month > this.world.to - 1) continue;
      const valeur = endOfMonth(p.month);
      const days = Math.round(p.days);
      retro += `${c.siren};${days};${days} jour${days > 1 ? 's' : ''};${dmy(valeur)}\n`;
      n++;
      if (c.fpiCovered) {
        const code = Math.max(1, Math.min(100, Math.round(80 - 1.1 * p.days)));
        altares += `${c.siren};${valeur >= opening ? 'PROCEDURE' : 'ACTIF'};${code};${p.days.toFixed(1)};${p.suppliers};${p.encours};${p.fpi30.toFixed(1)};${p.fpi90.toFixed(1)};${iso(valeur)}\n`;
      }
    }
    if (n) this.retro.row(retro, n);
    if (altares) this.altares.row(altares, n);
  }

  close(): FileSummary[] {
    return [this.retro.close(), this.altares.close()];
  }
}
