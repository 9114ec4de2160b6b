import { describe, expect, it } from 'vitest';
import { familySentence, formatValue, frenchNumber } from '../../src/scoring/sentences.ts';

describe('French sentences', () => {
  it('formats numbers the French way', () => {
    expect(frenchNumber(48300)).toBe('48 300');
    expect(frenchNumber(1234567.891, 2)).toBe('1 234 567,89');
    expect(frenchNumber(-21000)).toBe('−21 000');
    expect(formatValue(48321.4, 'EUR')).toBe('48 300 €');
    expect(formatValue(12.74, '%')).toBe('12,7 %');
    expect(formatValue(null, 'EUR')).toBe('non renseigné');
    expect(formatValue(95, 'days')).toBe('95 jours');
    expect(formatValue(1.3, 'days')).toBe('1 jour');
    expect(formatValue(1, 'employees')).toBe('1 salarié');
    expect(formatValue(1, 'flag')).toBe('oui');
    expect(formatValue('C', 'code')).toBe('C');
  });

  it('writes the value and its change over 3 months', () => {
    const row: Record<string, number | null> = { dette_patronale: 48321, dette_patronale_lag3m: 27300 };
    const s = familySentence({ name: 'dette_patronale', label: 'Dette sociale patronale', unit: 'EUR' }, (f) => row[f]);
    expect(s).toBe('Dette sociale patronale : 48 300 €, en hausse de 21 000 € sur 3 mois');
  });

  it('uses the change column when there is one, falls back to 12 months, says when a value is missing', () => {
    const row: Record<string, number | null> = { effectif: 12, effectif_lag12m: 20, paydex: 75, paydex_var3m: 30 };
    expect(familySentence({ name: 'effectif', label: 'Effectif', unit: 'employees' }, (f) => row[f])).toBe(
      'Effectif : 12 salariés, en baisse de 8 salariés sur 12 mois',
    );
    expect(familySentence({ name: 'paydex', label: 'Retard moyen', unit: 'days' }, (f) => row[f])).toBe(
      'Retard moyen : 75 jours, en hausse de 30 jours sur 3 mois',
    );
    expect(familySentence({ name: 'fpi_30', label: 'FPI 30', unit: '%' }, () => null)).toBe('FPI 30 : non renseigné');
  });
});
