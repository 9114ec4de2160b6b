/**
 * Annual accounts, available 7 months after closing: the open-data `ratios_inpi_bce.csv` (`;`, one line per
 * company, fiscal year and type of accounts) and, for a subset of companies, a Bureau van Dijk Diane export
 * (`diane_<YYMM>.csv`: UTF-16LE with BOM, CRLF, `;`, every field quoted, wide by year, kEUR, decimal commas).
 */

import { monthOf, yearOf } from '../dates.ts';
import { comma, dmy, quoted } from '../encode.ts';
import type { Accounts, Company, World } from '../model.ts';
import { LEGAL_CATEGORIES } from '../reference/legal.ts';
import { type FileSummary, Sink, type Writer } from '../sink.ts';

export const RATIOS_HEADER = [
  'siren',
  'date_cloture_exercice',
  'chiffre_d_affaires',
  'marge_brute',
  'ebe',
  'ebit',
  'resultat_net',
  'taux_d_endettement',
  'ratio_de_liquidite',
  'ratio_de_vetuste',
  'autonomie_financiere',
  'poids_bfr_exploitation_sur_ca',
  'couverture_des_interets',
  'caf_sur_ca',
  'capacite_de_remboursement',
  'marge_ebe',
  'resultat_courant_avant_impots_sur_ca',
  'poids_bfr_exploitation_sur_ca_jours',
  'rotation_des_stocks_jours',
  'credit_clients_jours',
  'credit_fournisseurs_jours',
  'type_bilan',
];

/** Accounts of a fiscal year are public from the first day of the 7th month after closing. */
export function availableMonth(a: Accounts): number {
  return monthOf(a.closing) + 7;
}

const r2 = (x: number) => (Math.round(x * 100) / 100).toFixed(2);

type Cell = (a: Accounts) => string;
const k = (x: number) => comma(x / 1000, 1);
const pct = (x: number) => comma(x, 2);

/** Diane columns in export order; `yearly` columns get one column per year (` YYYY` suffix, latest first). */
export const DIANE_COLUMNS: { name: string; yearly: boolean; cell?: Cell }[] = [
  { name: 'Marquée', yearly: false },
  { name: "Nom de l'entreprise", yearly: false },
  { name: 'Numéro Siren', yearly: false },
  { name: 'Statut juridique ', yearly: false },
  { name: 'Procédure collective', yearly: false },
  { name: 'Effectif consolidé', yearly: true, cell: (a) => String(a.effectif) },
  { name: 'Dettes fiscales et sociales kEUR', yearly: true, cell: (a) => k(a.dettesFiscalesSociales) },
  { name: 'Frais de R&D : net kEUR', yearly: true, cell: () => '' },
  { name: 'Conces., brev. et droits sim. : net kEUR', yearly: true, cell: (a) => k(a.ca * 0.002) },
  { name: 'Nombre d’ES', yearly: false },
  { name: 'Nombre de filiales', yearly: false },
  { name: 'Taille de la Composition du Groupe', yearly: false },
  { name: 'Dernière année disponible', yearly: false },
  { name: 'Date de clôture', yearly: true, cell: (a) => dmy(a.closing) },
  { name: 'Nombre de mois', yearly: true, cell: (a) => String(a.months) },
  { name: 'Conc. banc. cour. & sold. cr. kEUR', yearly: true, cell: (a) => k(Math.max(0, -a.ebe) * 0.5) },
  { name: 'Equilibre financier', yearly: true, cell: (a) => pct(a.liquidite * 0.8) },
  { name: 'Indépendance fin. %', yearly: true, cell: (a) => pct(a.autonomie * 1.2) },
  { name: 'Endettement %', yearly: true, cell: (a) => pct(a.tauxEndettement) },
  { name: 'Autonomie fin. %', yearly: true, cell: (a) => pct(a.autonomie) },
  { name: "Degré d'amort. des immob. corp. %", yearly: true, cell: (a) => pct(a.vetuste) },
  { name: "Financ. de l'actif circ. net", yearly: true, cell: (a) => pct(a.liquidite * 0.6) },
  { name: 'Liquidité générale', yearly: true, cell: (a) => pct(a.liquidite) },
  { name: 'Liquidité réduite', yearly: true, cell: (a) => pct(a.liquidite * 0.75) },
  { name: 'Rotation des stocks jours', yearly: true, cell: (a) => (a.stocksJours === null ? '' : pct(a.stocksJours)) },
  { name: 'Crédit clients jours', yearly: true, cell: (a) => pct(a.clientsJours) },
  { name: 'Crédit fournisseurs jours', yearly: true, cell: (a) => pct(a.fournisseursJours) },
  { name: 'C. A. par effectif (milliers/pers.) kEUR', yearly: true, cell: (a) => k(a.ca / Math.max(1, a.effectif)) },
  { name: "Taux d'intérêt financier %", yearly: true, cell: (a) => pct((100 * a.interets) / Math.max(1, a.ca * 0.3)) },
  { name: "Intérêts / Chiffre d'affaires %", yearly: true, cell: (a) => pct((100 * a.interets) / a.ca) },
  { name: 'Endettement global jours', yearly: true, cell: (a) => pct(a.tauxEndettement * 1.5) },
  { name: "Taux d'endettement %", yearly: true, cell: (a) => pct(a.tauxEndettement) },
  { name: 'Capacité de remboursement', yearly: true, cell: (a) => pct(capacite(a)) },
  { name: "Capacité d'autofin. %", yearly: true, cell: (a) => pct((100 * a.ebe * 0.7) / a.ca) },
  { name: 'Couv. du C.A. par le f.d.r. jours', yearly: true, cell: (a) => pct(a.bfrPct * 2.5) },
  { name: 'Couv. du C.A. par bes. en fdr jours', yearly: true, cell: (a) => pct(a.bfrPct * 3.65) },
  { name: "Poids des BFR d'exploitation %", yearly: true, cell: (a) => pct(a.bfrPct) },
  { name: 'Exportation %', yearly: true, cell: () => '0,00' },
  {
    name: 'Efficacité économique (milliers/pers.) kEUR',
    yearly: true,
    cell: (a) => k(a.valeurAjoutee / Math.max(1, a.effectif)),
  },
  {
    name: 'Prod. du potentiel de production',
    yearly: true,
    cell: (a) => pct(a.valeurAjoutee / Math.max(1, a.ca * 0.4)),
  },
  {
    name: 'Productivité du capital financier',
    yearly: true,
    cell: (a) => pct(a.valeurAjoutee / Math.max(1, a.ca * 0.5)),
  },
  {
    name: 'Productivité du capital investi',
    yearly: true,
    cell: (a) => pct(a.valeurAjoutee / Math.max(1, a.ca * 0.6)),
  },
  { name: "Taux d'invest. productif %", yearly: true, cell: (a) => pct(5 + (a.ebe > 0 ? 5 : 0)) },
  { name: 'Rentabilité économique %', yearly: true, cell: (a) => pct((100 * a.ebit) / Math.max(1, a.ca * 0.6)) },
  { name: 'Performance %', yearly: true, cell: (a) => pct((100 * a.ebe) / a.ca) },
  { name: 'Rend. brut des f. propres nets %', yearly: true, cell: (a) => pct((100 * a.ebe) / Math.max(1, a.ca * 0.3)) },
  { name: 'Rentabilité nette %', yearly: true, cell: (a) => pct((100 * a.resultatNet) / a.ca) },
  {
    name: 'Rend. des capitaux propres nets %',
    yearly: true,
    cell: (a) => pct((100 * a.resultatNet) / Math.max(1, a.ca * 0.3)),
  },
  {
    name: 'Rend. des res. durables nettes %',
    yearly: true,
    cell: (a) => pct((100 * a.ebit) / Math.max(1, a.ca * 0.5)),
  },
  { name: 'Taux de marge commerciale %', yearly: true, cell: (a) => pct((100 * a.margeBrute) / a.ca) },
  { name: 'Taux de valeur ajoutée %', yearly: true, cell: (a) => pct((100 * a.valeurAjoutee) / a.ca) },
  {
    name: 'Part des salariés %',
    yearly: true,
    cell: (a) => pct((100 * a.chargesPersonnel) / Math.max(1, a.valeurAjoutee)),
  },
  { name: "Part de l'Etat %", yearly: true, cell: () => '4,00' },
  { name: 'Part des prêteurs %', yearly: true, cell: (a) => pct((100 * a.interets) / Math.max(1, a.valeurAjoutee)) },
  { name: "Part de l'autofin. %", yearly: true, cell: (a) => pct((100 * a.ebe * 0.5) / Math.max(1, a.valeurAjoutee)) },
  { name: "Chiffre d'affaires net (H.T.) kEUR", yearly: true, cell: (a) => k(a.ca) },
  { name: 'Dont exportation kEUR', yearly: true, cell: () => '0,0' },
  { name: 'Achats march. et autres approv. kEUR', yearly: true, cell: (a) => k(a.ca - a.margeBrute) },
  { name: 'Achats de march. kEUR', yearly: true, cell: (a) => k((a.ca - a.margeBrute) * 0.9) },
  { name: 'Achats de mat. prem. et autres approv. kEUR', yearly: true, cell: (a) => k(a.ca * 0.05) },
  { name: "Production de l'ex. kEUR", yearly: true, cell: (a) => k(a.ca * 0.4) },
  { name: 'Marge commerciale kEUR', yearly: true, cell: (a) => k(a.margeBrute) },
  { name: "Consommation de l'ex. kEUR", yearly: true, cell: (a) => k(a.ca * 0.2) },
  { name: 'Autres achats et charges externes kEUR', yearly: true, cell: (a) => k(a.ca * 0.15) },
  { name: 'Valeur ajoutée kEUR', yearly: true, cell: (a) => k(a.valeurAjoutee) },
  { name: 'Charges de personnel kEUR', yearly: true, cell: (a) => k(a.chargesPersonnel) },
  { name: 'Impôts, taxes et vers. assimil. kEUR', yearly: true, cell: (a) => k(a.ca * 0.01) },
  { name: "Subventions d'expl. kEUR", yearly: true, cell: () => '0,0' },
  { name: "Excédent brut d'exploitation kEUR", yearly: true, cell: (a) => k(a.ebe) },
  { name: 'Autres Prod., char. et Repr. kEUR', yearly: true, cell: () => '0,0' },
  // The double space is in the real export header (the reader collapses it).
  { name: "Dot. d'exploit. aux amort. et  prov. kEUR", yearly: true, cell: (a) => k(a.ebe - a.ebit) },
  { name: "Résultat d'expl. kEUR", yearly: true, cell: (a) => k(a.ebit) },
  { name: 'Opérations en commun kEUR', yearly: true, cell: () => '0,0' },
  { name: 'Produits fin. kEUR', yearly: true, cell: (a) => k(a.ca * 0.001) },
  { name: 'Charges fin. kEUR', yearly: true, cell: (a) => k(a.interets * 1.1) },
  { name: 'Intérêts et charges assimilées kEUR', yearly: true, cell: (a) => k(a.interets) },
  { name: 'Résultat courant avant impôts kEUR', yearly: true, cell: (a) => k(a.ebit - a.interets) },
  { name: 'Produits except. kEUR', yearly: true, cell: () => '0,0' },
  { name: 'Charges except. kEUR', yearly: true, cell: () => '0,0' },
  { name: 'Particip. des sal. aux résul. kEUR', yearly: true, cell: () => '0,0' },
  {
    name: 'Impôts sur le bénéf. et impôts diff. kEUR',
    yearly: true,
    cell: (a) => k(Math.max(0, a.ebit - a.interets) * 0.25),
  },
  { name: 'Bénéfice ou perte kEUR', yearly: true, cell: (a) => k(a.resultatNet) },
];

function capacite(a: Accounts): number {
  const caf = a.ebe * 0.7;
  const debt = (a.tauxEndettement / 100) * Math.max(1, a.ca * 0.3);
  return caf > 0 ? debt / caf : 99;
}

export function dianeFileName(world: World): string {
  const yymm = `${String(Math.floor(world.to / 12) % 100).padStart(2, '0')}${String((world.to % 12) + 1).padStart(2, '0')}`;
  return `diane_${yymm}.csv`;
}

export class AccountsWriter implements Writer {
  private readonly ratios: Sink;
  private readonly diane: Sink;
  /** Diane years, latest first. */
  private readonly years: number[] = [];

  constructor(
    dir: string,
    private readonly world: World,
  ) {
    this.ratios = new Sink(dir, 'ratios_inpi_bce.csv', world.part);
    this.ratios.header(`${RATIOS_HEADER.join(';')}\n`);
    this.diane = new Sink(dir, dianeFileName(world), world.part, 'utf16le');
    for (let y = Math.floor(world.to / 12); y >= Math.floor(world.from / 12) - 1; y--) this.years.push(y);
    const header: string[] = [];
    for (const col of DIANE_COLUMNS) {
      if (col.yearly) for (const y of this.years) header.push(quoted(`${col.name} ${y}`));
      else header.push(quoted(col.name));
    }
    this.diane.header(`${header.join(';')}\r\n`);
  }

  write(c: Company): void {
    const known = c.accounts.filter((a) => availableMonth(a) <= this.world.to);
    let out = '';
    for (const a of known) {
      const base = [
        c.siren,
        String(a.closing),
        String(a.ca),
        String(a.margeBrute),
        String(a.ebe),
        String(a.ebit),
        String(a.resultatNet),
        r2(a.tauxEndettement),
        r2(a.liquidite),
        r2(a.vetuste),
        r2(a.autonomie),
        r2(a.bfrPct),
        a.interets > 0 ? r2((100 * a.ebe) / a.interets) : '',
        r2((70 * a.ebe) / a.ca),
        r2(capacite(a)),
        r2((100 * a.ebe) / a.ca),
        r2((100 * (a.ebit - a.interets)) / a.ca),
        r2(a.bfrPct * 3.65),
        a.stocksJours === null ? '' : r2(a.stocksJours),
        r2(a.clientsJours),
        r2(a.fournisseursJours),
      ];
      out += `${base.join(';')};${a.typeBilan}\n`;
      if (a.consolidated) out += `${base.join(';')};K\n`;
    }
    if (out) this.ratios.row(out, out.split('\n').length - 1);
    if (c.diane && known.length) this.writeDiane(c, known);
  }

  private writeDiane(c: Company, known: Accounts[]): void {
    const byYear = new Map<number, Accounts>();
    for (const a of known) byYear.set(yearOf(a.closing), a);
    const procedureKnown = c.procol.some((p) => monthOf(p.day) <= this.world.to);
    const legal = LEGAL_CATEGORIES.find((l) => l.code === c.legal)?.libelle ?? '';
    const lastYear = Math.max(...byYear.keys());
    const cells: string[] = [];
    for (const col of DIANE_COLUMNS) {
      if (col.yearly) {
        for (const y of this.years) {
          const a = byYear.get(y);
          cells.push(quoted(a && col.cell ? col.cell(a) : ''));
        }
        continue;
      }
      const value: Record<string, string> = {
        Marquée: '',
        "Nom de l'entreprise": c.denomination,
        'Numéro Siren': c.siren,
        'Statut juridique ': legal,
        'Procédure collective': procedureKnown ? 'Oui' : 'Non',
        'Nombre d’ES': String(c.etabs.filter((e) => !e.siege && !e.pseudo).length),
        'Nombre de filiales': String(c.index % 4 === 0 ? c.index % 7 : 0),
        'Taille de la Composition du Groupe': String(c.index % 4 === 0 ? 1 + (c.index % 7) : 1),
        'Dernière année disponible': String(lastYear),
      };
      cells.push(quoted(value[col.name] ?? ''));
    }
    this.diane.row(`${cells.join(';')}\r\n`);
  }

  close(): FileSummary[] {
    return [this.ratios.close(), this.diane.close()];
  }
}
