/**
 * The macro-economic calendar shared by every company: a distress index (scaled by each sector's exposure),
 * the State-support factor on failure hazards (failures held back in 2020–2021, caught up in 2022–2023),
 * the partial-activity waves and the 2020 contribution deferrals.
 */

export interface MacroMonth {
  /** Added to a company's latent distress, times its sector exposure. */
  distress: number;
  /** Multiplies failure hazards: < 1 under State support, > 1 during the catch-up. */
  support: number;
  /** Monthly probability scale of a partial-activity request (times exposure). */
  apWave: number;
  /** Probability scale of deferring the month's contributions (times exposure). */
  deferral: number;
}

const NEUTRAL: MacroMonth = { distress: 0, support: 1, apWave: 0, deferral: 0 };

/** Calendar by `YYYY-MM`; months not listed are neutral. */
const CALENDAR: Record<string, Partial<MacroMonth>> = {
  '2020-03': { distress: 1.1, support: 0.3, apWave: 0.55, deferral: 0.45 },
  '2020-04': { distress: 1.6, support: 0.25, apWave: 0.45, deferral: 0.5 },
  '2020-05': { distress: 1.3, support: 0.25, apWave: 0.25, deferral: 0.4 },
  '2020-06': { distress: 0.9, support: 0.3, apWave: 0.12, deferral: 0.2 },
  '2020-07': { distress: 0.6, support: 0.35, apWave: 0.05 },
  '2020-08': { distress: 0.5, support: 0.35, apWave: 0.04 },
  '2020-09': { distress: 0.5, support: 0.35, apWave: 0.05 },
  '2020-10': { distress: 0.6, support: 0.35, apWave: 0.08 },
  '2020-11': { distress: 0.9, support: 0.3, apWave: 0.2, deferral: 0.15 },
  '2020-12': { distress: 0.7, support: 0.3, apWave: 0.1, deferral: 0.1 },
  '2021-01': { distress: 0.6, support: 0.35, apWave: 0.1, deferral: 0.1 },
  '2021-02': { distress: 0.6, support: 0.35, apWave: 0.08 },
  '2021-03': { distress: 0.55, support: 0.4, apWave: 0.08 },
  '2021-04': { distress: 0.55, support: 0.4, apWave: 0.1 },
  '2021-05': { distress: 0.4, support: 0.45, apWave: 0.05 },
  '2021-06': { distress: 0.35, support: 0.5, apWave: 0.03 },
  '2021-07': { distress: 0.25, support: 0.6 },
  '2021-08': { distress: 0.2, support: 0.6 },
  '2021-09': { distress: 0.2, support: 0.65 },
  '2021-10': { distress: 0.15, support: 0.7 },
  '2021-11': { distress: 0.15, support: 0.75 },
  '2021-12': { distress: 0.15, support: 0.8 },
};

function byYear(year: number): MacroMonth {
  if (year === 2022) return { ...NEUTRAL, distress: 0.2, support: 1.3 };
  if (year === 2023) return { ...NEUTRAL, distress: 0.3, support: 1.45 };
  if (year === 2024) return { ...NEUTRAL, distress: 0.3, support: 1.3 };
  return NEUTRAL;
}

export function macroOf(monthText: string): MacroMonth {
  const year = Number(monthText.slice(0, 4));
  const entry = CALENDAR[monthText];
  return entry ? { ...NEUTRAL, ...entry } : byYear(year);
}
