/**
 * French sentences for the top aggravating features, with the company's actual values:
 * "Dette sociale patronale : 48 300 €, en hausse de 21 000 € sur 3 mois".
 */

export interface FeatureInfo {
  name: string;
  /** French label shown to agents ("Dette sociale patronale"). */
  label: string;
  /** Unit as declared in the feature catalogue (€, %, heures, jours, mois, ans, salariés, ETP, ratio …). */
  unit: string;
}

/** Groups thousands with a plain space, French decimal comma: 48300 → "48 300", 0.25 → "0,25". */
export function frenchNumber(value: number, decimals = 0): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const [int, dec] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  const sign = value < 0 && Number(fixed) !== 0 ? '−' : '';
  return `${sign}${grouped}${dec ? `,${dec}` : ''}`;
}

/** Amounts from 1 000 € are rounded to the hundred: agents read orders of magnitude, not cents. */
function amount(value: number): string {
  const v = Math.abs(value) >= 1000 ? Math.round(value / 100) * 100 : Math.round(value);
  return `${frenchNumber(v)} €`;
}

/** A value in the feature's unit, as a French agent would write it. */
export function formatValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'non renseigné';
  switch (unit.toLowerCase()) {
    case '€':
    case 'eur':
    case 'euros':
      return amount(value);
    case '%':
      return `${frenchNumber(value, Math.abs(value) < 100 ? 1 : 0)} %`;
    case 'share':
    case 'part':
    case 'fraction':
      return `${frenchNumber(100 * value, Math.abs(value) < 1 ? 1 : 0)} %`;
    case 'h':
    case 'heures':
      return `${frenchNumber(value)} h`;
    case 'jours':
    case 'days':
      return `${frenchNumber(value)} jours`;
    case 'mois':
    case 'months':
      return `${frenchNumber(value)} mois`;
    case 'ans':
    case 'years':
      return `${frenchNumber(value, value < 10 ? 1 : 0)} ans`;
    case 'salariés':
    case 'salaries':
    case 'personnes':
      return `${frenchNumber(value, Number.isInteger(value) ? 0 : 1)} salariés`;
    case 'etp':
      return `${frenchNumber(value, 1)} ETP`;
    case 'bool':
    case 'booléen':
      return value ? 'oui' : 'non';
    default:
      return frenchNumber(value, Math.abs(value) >= 100 ? 0 : 2);
  }
}

/** Units where a change over a few months reads naturally ("en hausse de 21 000 € sur 3 mois"). */
const CHANGE_UNITS = new Set(['€', 'eur', 'euros', 'h', 'heures', 'salariés', 'salaries', 'personnes', 'etp', 'jours']);

/**
 * The sentence for one family (base variable) of one company. `read(name)` reads the row; the change is
 * taken against the family's 3-month lag when the panel has one, else its 12-month lag.
 */
export function familySentence(
  family: FeatureInfo,
  read: (feature: string) => number | null | undefined,
  lagName: (family: string, months: number) => string,
): string {
  const v = read(family.name);
  let text = `${family.label} : ${formatValue(v, family.unit)}`;
  if (v === null || v === undefined || Number.isNaN(v) || !CHANGE_UNITS.has(family.unit.toLowerCase())) return text;
  for (const months of [3, 12]) {
    const past = read(lagName(family.name, months));
    if (past === null || past === undefined || Number.isNaN(past)) continue;
    const delta = v - past;
    if (Math.abs(delta) < 1e-9) text += `, stable sur ${months} mois`;
    else
      text += `, en ${delta > 0 ? 'hausse' : 'baisse'} de ${formatValue(Math.abs(delta), family.unit)} sur ${months} mois`;
    break;
  }
  return text;
}
