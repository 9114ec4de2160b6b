/**
 * Identifiers: SIREN and SIRET with valid Luhn check digits, a unique SIREN per company index (an affine
 * bijection of the index modulo 10^8, so no global registry is needed), URSSAF account numbers.
 */

/** True when the digits pass the Luhn check (every second digit from the right doubled). */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** Appends the Luhn check digit. */
export function withCheckDigit(body: string): string {
  for (let c = 0; c < 10; c++) {
    const s = `${body}${c}`;
    if (luhnValid(s)) return s;
  }
  throw new Error('unreachable');
}

const MULT = 48_271; // odd and not a multiple of 5: x → MULT·x mod 10^8 is a bijection

/** The SIREN of company `index` for `seed`: unique for indexes below 10^8. */
export function sirenOf(index: number, seed: number): string {
  const offset = (seed * 2_654_435 + 12_345_678) % 100_000_000;
  const body = (index * MULT + offset) % 100_000_000;
  return withCheckDigit(String(body).padStart(8, '0'));
}

/** A real-looking SIRET: SIREN + 4-digit NIC body + check digit making the 14 digits pass Luhn. */
export function siretOf(siren: string, nicBody: number): string {
  return withCheckDigit(`${siren}${String(nicBody).padStart(4, '0')}`);
}

/** ACOSS pseudo-SIRET: the NIC starts with 5, 6, 7 or 9 (temporary work, modelling, film production). */
export function pseudoSiretOf(siren: string, first: 5 | 6 | 7 | 9, n: number): string {
  return `${siren}${first}${String(n).padStart(4, '0')}`;
}

/** 18-digit URSSAF account number, derived from the SIRET and the account rank. */
export function compteOf(siret: string, urssafCode: string, rank: number): string {
  return `${urssafCode}${siret.slice(2, 14)}${String(rank).padStart(3, '0')}`.slice(0, 18).padEnd(18, '0');
}
