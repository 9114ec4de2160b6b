/**
 * French sentences for the top aggravating features, with the company's actual values:
 * "Dette sociale patronale : 48 300 €, en hausse de 21 000 € sur 3 mois".
 */

export interface FeatureInfo {
  name: string;
  /** French label shown to agents ("Dette sociale patronale"). */
  label: string;
  /** Unit as declared in the feature catalogue (EUR, %, hours, days, months, years, employees, FTE, ratio …). */
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

/** French agreement: singular below 2 ("1 jour", "0,5 an", "1,5 salarié"), plural from 2. */
function counted(text: string, singular: string, plural: string): string {
  return `${text} ${Math.abs(Number(text.replace(/ /g, '').replace(',', '.').replace('−', '-'))) < 2 ? singular : plural}`;
}

/** A value in the catalogue's unit (src/features/catalogue.ts), as a French agent would write it. */
export function formatValue(value: number | string | null | undefined, unit: string): string {
  if (value === null || value === undefined || (typeof value === 'number' && Number.isNaN(value)))
    return 'non renseigné';
  if (typeof value === 'string') return value;
  switch (unit) {
    case 'EUR':
      return amount(value);
    case 'EUR/employee':
      return `${amount(value)} par salarié`;
    case '%':
      return `${frenchNumber(value, Math.abs(value) < 100 ? 1 : 0)} %`;
    case 'hours':
      return `${frenchNumber(value)} h`;
    case 'days':
      return counted(frenchNumber(value), 'jour', 'jours');
    case 'months':
      return `${frenchNumber(value)} mois`;
    case 'years':
      return counted(frenchNumber(value, value < 10 ? 1 : 0), 'an', 'ans');
    case 'employees':
      return counted(frenchNumber(value, Number.isInteger(value) ? 0 : 1), 'salarié', 'salariés');
    case 'FTE':
      return `${frenchNumber(value, 1)} ETP`;
    case 'flag':
      return value ? 'oui' : 'non';
    case 'count':
      return frenchNumber(value);
    default:
      return frenchNumber(value, Math.abs(value) >= 100 ? 0 : 2);
  }
}

/** Units where a change over a few months reads naturally ("en hausse de 21 000 € sur 3 mois"). */
const CHANGE_UNITS = new Set(['EUR', 'EUR/employee', 'hours', 'FTE', 'employees', 'days', '%']);

/**
 * The sentence for one family (base variable) of one company. `read(name)` reads the row. The change is the
 * family's `_var3m` column when the panel has one, else the value minus its `_lag3m`, then the same over 12 months.
 */
export function familySentence(
  family: FeatureInfo,
  read: (feature: string) => number | string | null | undefined,
): string {
  const v = read(family.name);
  let text = `${family.label} : ${formatValue(v, family.unit)}`;
  if (typeof v !== 'number' || Number.isNaN(v) || !CHANGE_UNITS.has(family.unit)) return text;
  for (const months of [3, 12]) {
    const change = read(`${family.name}_var${months}m`);
    const past = read(`${family.name}_lag${months}m`);
    const delta =
      typeof change === 'number' && !Number.isNaN(change)
        ? change
        : typeof past === 'number' && !Number.isNaN(past)
          ? v - past
          : null;
    if (delta === null) continue;
    if (Math.abs(delta) < 1e-9) text += `, stable sur ${months} mois`;
    else {
      const unit = family.unit === '%' ? 'points' : family.unit;
      const size =
        unit === 'points' ? `${frenchNumber(Math.abs(delta), 1)} points` : formatValue(Math.abs(delta), unit);
      text += `, en ${delta > 0 ? 'hausse' : 'baisse'} de ${size} sur ${months} mois`;
    }
    break;
  }
  return text;
}
