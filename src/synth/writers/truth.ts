/**
 * Ground truth in `DIR/_truth/` (never imported): what later stages are tested against.
 * - `companies.csv`: one line per company: identity, size, perimeter expected by the rules of sources.md §8.1,
 *   first procedure opening (even after `--to`), whether it came without warning.
 * - `procedures.csv`: every procedure event, with `connu` = known at `--to`.
 * - `risk.csv`: per company and month (`--from` … `--to`): latent distress, monthly failure hazard, the
 *   probability of an opening within 18 months implied by the simulated hazards, and the true headcount.
 * - `macro.csv` (written at the end): the macro calendar and the realised opening rates.
 */

import { monthText } from '../../common/months.ts';
import { endOfMonth, monthOf } from '../dates.ts';
import { iso, line } from '../encode.ts';
import type { Company, World } from '../model.ts';
import { type FileSummary, Sink, type Writer } from '../sink.ts';

const EXCLUDED_CATEGORIES = new Set(
  '4110 4120 4140 4160 7210 7220 7346 7348 7366 7373 7379 7383 7389 7410 7430 7470 7490'.split(' '),
);
const EXCLUDED_NAF = new Set(
  '84.11Z 84.12Z 84.13Z 84.21Z 84.22Z 84.23Z 84.24Z 84.25Z 84.30A 84.30B 84.30C 85.10Z 85.20Z 85.31Z 85.32Z 85.41Z 85.42Z 94.11Z 94.12Z 94.20Z 94.91Z 94.92Z 64.11Z 64.19Z 64.30Z 64.91Z 64.92Z 64.99Z 65.11Z 65.12Z 65.20Z 65.30Z 66.11Z 66.12Z 66.19A 66.19B 66.21Z 66.22Z 66.29Z 66.30Z 99.00Z'.split(
    ' ',
  ),
);

export const COMPANIES_HEADER = [
  'siren',
  'raison_sociale',
  'categorie_juridique',
  'publique',
  'naf',
  'section',
  'region',
  'departement',
  'siege_etranger',
  'nb_etablissements',
  'date_creation',
  'date_cessation',
  'effectif_max_36m',
  'effectif_fin',
  'perimetre',
  'raison_exclusion',
  'date_ouverture',
  'procedure_ouverture',
  'ouverture_connue',
  'sans_signal',
  'paydex',
  'fpi',
  'comptes',
  'diane',
];

/** Realised aggregates per month, for `macro.csv`. */
export interface MacroTally {
  active10: Float64Array;
  openings10: Float64Array;
  openings: Float64Array;
  apCompanies: Float64Array;
}

export function newTally(world: World): MacroTally {
  const n = world.end - world.start + 1;
  return {
    active10: new Float64Array(n),
    openings10: new Float64Array(n),
    openings: new Float64Array(n),
    apCompanies: new Float64Array(n),
  };
}

export class TruthWriter implements Writer {
  private readonly companies: Sink;
  private readonly procedures: Sink;
  private readonly risk: Sink;
  readonly tally: MacroTally;
  private readonly months: string[] = [];

  constructor(
    dir: string,
    private readonly world: World,
  ) {
    this.companies = new Sink(dir, 'companies.csv', world.part);
    this.companies.header(`${COMPANIES_HEADER.join(',')}\n`);
    this.procedures = new Sink(dir, 'procedures.csv', world.part);
    this.procedures.header('siren,date_effet,action,stade,connu\n');
    this.risk = new Sink(dir, 'risk.csv', world.part);
    this.risk.header('siren,periode,latent,hazard,proba_18m,effectif\n');
    this.tally = newTally(world);
    for (let m = world.start; m <= world.end; m++) this.months.push(monthText(m));
  }

  write(c: Company): void {
    const w = this.world;
    const cut = endOfMonth(w.to);
    // Headcount as the perimeter sees it: the last 36 monthly columns of the effectif file.
    let effMax = -1;
    for (let m = Math.max(w.from, w.to - 2 - 35); m <= w.to - 2; m++)
      effMax = Math.max(effMax, c.effectif[m - w.start]);
    const effFin = c.effectif[w.to - 2 - w.start];
    const siege = c.etabs.find((e) => e.siege)!;
    const home = siege.commune ?? c.etabs.find((e) => e.commune)?.commune ?? null;
    const reason =
      effMax < 10
        ? 'effectif_insuffisant'
        : EXCLUDED_CATEGORIES.has(c.legal)
          ? 'categorie_juridique_publique'
          : EXCLUDED_NAF.has(c.naf)
            ? 'naf_exclu'
            : c.abroad
              ? 'siege_etranger'
              : '';
    const opening = c.procol[0];
    this.companies.row(
      line(
        [
          c.siren,
          c.denomination || `${c.nom} ${c.prenom}`,
          c.legal,
          c.publique ? '1' : '0',
          c.naf,
          c.section,
          home?.region ?? '',
          home?.departement ?? '',
          c.abroad ? '1' : '0',
          String(c.etabs.filter((e) => !e.pseudo).length),
          iso(c.created),
          c.ceased ? iso(c.ceased) : '',
          String(Math.max(0, effMax)),
          String(Math.max(0, effFin)),
          reason ? '0' : '1',
          reason,
          opening ? iso(opening.day) : '',
          opening?.action ?? '',
          opening && opening.day <= cut ? '1' : '0',
          opening ? (c.sudden ? '1' : '0') : '',
          c.paydex.length ? '1' : '0',
          c.fpiCovered ? '1' : '0',
          String(c.accounts.length),
          c.diane ? '1' : '0',
        ],
        ',',
      ),
    );
    for (const p of c.procol) {
      this.procedures.row(`${c.siren},${iso(p.day)},${p.action},${p.stade},${p.day <= cut ? 1 : 0}\n`);
    }
    // Monthly risk, and the realised tallies.
    const n = c.hazard.length;
    const openingT = opening ? monthOf(opening.day) - w.start : -1;
    let out = '';
    let rows = 0;
    for (let t = 0; t < n; t++) {
      const eff = c.effectif[t];
      if (eff < 0) continue;
      if (eff >= 10 && (openingT < 0 || t <= openingT)) this.tally.active10[t]++;
      if (t === openingT) {
        this.tally.openings[t]++;
        if (eff >= 10 || c.effectif[Math.max(0, t - 1)] >= 10) this.tally.openings10[t]++;
      }
      const m = w.start + t;
      if (c.ap.some((d) => d.conso.some((k) => k.month === m))) this.tally.apCompanies[t]++;
      if (m < w.from || m > w.to) continue;
      let survive = 1;
      for (let k = t; k < Math.min(n, t + 18); k++) survive *= 1 - c.hazard[k];
      out += `${c.siren},${this.months[t]},${Math.round(c.latent[t] * 1000) / 1000},${Math.round(c.hazard[t] * 1e6) / 1e6},${Math.round((1 - survive) * 1e4) / 1e4},${eff}\n`;
      rows++;
    }
    if (rows) this.risk.row(out, rows);
  }

  close(): FileSummary[] {
    return [this.companies.close(), this.procedures.close(), this.risk.close()];
  }
}

/** `macro.csv`: the macro calendar and the realised rates, from the tallies of every shard. */
export function writeMacro(dir: string, world: World, tallies: MacroTally[]): FileSummary {
  const macro = new Sink(dir, 'macro.csv', false);
  macro.header(
    'periode,distress,support,ap_wave,deferral,entreprises_10plus,ouvertures,ouvertures_10plus,taux_annualise_10plus,entreprises_ap\n',
  );
  const sum = (pick: (t: MacroTally) => Float64Array, i: number) => tallies.reduce((s, t) => s + pick(t)[i], 0);
  for (let i = 0; i < world.macro.length; i++) {
    const m = world.macro[i];
    const active = sum((t) => t.active10, i);
    const open10 = sum((t) => t.openings10, i);
    const rate = active > 0 ? (12 * open10) / active : 0;
    macro.row(
      `${monthText(world.start + i)},${m.distress},${m.support},${m.apWave},${m.deferral},${active},${sum((t) => t.openings, i)},${open10},${rate.toFixed(5)},${sum((t) => t.apCompanies, i)}\n`,
    );
  }
  return macro.close();
}
