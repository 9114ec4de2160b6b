// French number, money and date formatting. Missing values are "n/c" (non communiqué).
const NC = 'n/c';
const int = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const dec1 = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 1 });

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

export function nombre(v: number | null | undefined, digits = 0): string {
  if (!isNum(v)) return NC;
  return digits ? dec1.format(v) : int.format(v);
}

/** Amount in euros shown in thousands of euros, as on the reference lists. */
export function keuros(v: number | null | undefined): string {
  if (!isNum(v)) return NC;
  return `${int.format(Math.round(v / 1000))} k€`;
}

export function euros(v: number | null | undefined): string {
  if (!isNum(v)) return NC;
  return `${int.format(v)} €`;
}

export function pourcent(v: number | null | undefined, digits = 1): string {
  if (!isNum(v)) return NC;
  return `${new Intl.NumberFormat('fr-FR', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(v * 100)} %`;
}

/** Probability points: "+12,3 pt"; two decimals under one point so that small contributions are not "0,0". */
export function points(v: number): string {
  const digits = Math.abs(v * 100) < 1 ? 2 : 1;
  const s = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: digits, minimumFractionDigits: digits }).format(
    Math.abs(v * 100),
  );
  return `${v >= 0 ? '+' : '−'}${s} pt`;
}

const MOIS = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
const MOIS_LONG = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

/** "2024-06" → "juin 2024" (long) or "juin 24" (short, for axes). */
export function mois(periode: string | null | undefined, long = true): string {
  if (!periode) return NC;
  const m = /^(\d{4})-(\d{2})/.exec(periode);
  if (!m) return periode;
  const i = Number(m[2]) - 1;
  return long ? `${MOIS_LONG[i]} ${m[1]}` : `${MOIS[i]} ${m[1].slice(2)}`;
}

export function date(v: string | null | undefined): string {
  if (!v) return NC;
  const t = Date.parse(v);
  if (!Number.isFinite(t)) return v;
  return new Date(t).toLocaleDateString('fr-FR', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

export function age(dateCreation: string | null | undefined, now = new Date()): string {
  if (!dateCreation) return NC;
  const t = Date.parse(dateCreation);
  if (!Number.isFinite(t)) return NC;
  const years = Math.floor((now.getTime() - t) / (365.25 * 86_400_000));
  return years < 1 ? 'moins d’un an' : years === 1 ? '1 an' : `${years} ans`;
}

export function siretFormat(siret: string | null | undefined): string {
  if (!siret) return NC;
  return siret.length === 14
    ? `${siret.slice(0, 3)} ${siret.slice(3, 6)} ${siret.slice(6, 9)} ${siret.slice(9)}`
    : siret;
}

export function sirenFormat(siren: string | null | undefined): string {
  if (!siren) return NC;
  return siren.length === 9 ? `${siren.slice(0, 3)} ${siren.slice(3, 6)} ${siren.slice(6)}` : siren;
}

export const ALERT_LABEL: Record<string, string> = {
  fort: 'Risque fort',
  modere: 'Risque modéré',
  aucune: 'Pas d’alerte',
};

export const PROCOL_LABEL: Record<string, string> = {
  in_bonis: 'In bonis',
  sauvegarde: 'Sauvegarde',
  plan_sauvegarde: 'Plan de sauvegarde',
  redressement: 'Redressement judiciaire',
  plan_redressement: 'Plan de continuation',
  liquidation: 'Liquidation judiciaire',
};

export const MOTIF_LABEL: Record<string, string> = {
  source_interne: 'Contact par l’entreprise ou un partenaire direct',
  source_externe: 'Difficultés connues de l’écosystème local ou de la presse',
  detection: 'Détection Signaux Faibles',
  autre: 'Autre motif',
};
