import { describe, expect, it } from 'vitest';
import { familySentence, formatValue, frenchNumber } from '../../src/scoring/sentences.ts';

describe('French sentences', () => {
  it('formats numbers the French way', () => {
    expect(frenchNumber(48300)).toBe('48 300');
    expect(frenchNumber(1234567.891, 2)).toBe('1 234 567,89');
    expect(frenchNumber(-21000)).toBe('−21 000');
    expect(formatValue(48321.4, '€')).toBe('48 300 €');
    expect(formatValue(0.127, 'share')).toBe('12,7 %');
    expect(formatValue(null, '€')).toBe('non renseigné');
    expect(formatValue(95, 'jours')).toBe('95 jours');
  });

  it('writes the value and its change over 3 months', () => {
    const row: Record<string, number | null> = { dette_patronale: 48321, dette_patronale_lag3m: 27300 };
    const s = familySentence(
      { name: 'dette_patronale', label: 'Dette sociale patronale', unit: '€' },
      (f) => row[f],
      (f, m) => `${f}_lag${m}m`,
    );
    expect(s).toBe('Dette sociale patronale : 48 300 €, en hausse de 21 000 € sur 3 mois');
  });

  it('falls back to the 12-month change, and says when a value is missing', () => {
    const row: Record<string, number | null> = { effectif: 12, effectif_lag12m: 20 };
    const lag = (f: string, m: number) => `${f}_lag${m}m`;
    expect(familySentence({ name: 'effectif', label: 'Effectif', unit: 'salariés' }, (f) => row[f], lag)).toBe(
      'Effectif : 12 salariés, en baisse de 8 salariés sur 12 mois',
    );
    expect(familySentence({ name: 'paydex', label: 'Paydex', unit: 'jours' }, () => null, lag)).toBe(
      'Paydex : non renseigné',
    );
  });
});
