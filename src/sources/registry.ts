/**
 * Every raw source, in the order file names are tested (sources.md §1.1: `effectif_ent` before `effectif`).
 * Adding a source = writing its module and listing it here.
 */
import debit from './debit.ts';
import type { SourceSpec } from './spec.ts';

export const SOURCES: SourceSpec[] = [debit];

/** The source of a file name (without `.gz`), or undefined. */
export function recognise(name: string): SourceSpec | undefined {
  return SOURCES.find((s) => s.match(name));
}
