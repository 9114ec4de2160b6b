/**
 * Every raw source, in the order file names are tested (sources.md §1.1: `effectif_ent` before `effectif`).
 * Adding a source = writing its module and listing it here.
 */
import apconso from './apconso.ts';
import apdemande from './apdemande.ts';
import bdf from './bdf.ts';
import ccsf from './ccsf.ts';
import comptes from './comptes.ts';
import cotisation from './cotisation.ts';
import debit from './debit.ts';
import delai from './delai.ts';
import diane from './diane.ts';
import effectif from './effectif.ts';
import effectifEnt from './effectif-ent.ts';
import filter from './filter.ts';
import paydex from './paydex.ts';
import paydexFpi from './paydex-fpi.ts';
import procol from './procol.ts';
import ratios from './ratios.ts';
import sirene from './sirene.ts';
import sireneHisto from './sirene-histo.ts';
import sireneUl from './sirene-ul.ts';
import type { SourceSpec } from './spec.ts';

export const SOURCES: SourceSpec[] = [
  apconso,
  apdemande,
  effectifEnt,
  procol,
  cotisation,
  delai,
  ccsf,
  sireneUl,
  sireneHisto,
  sirene,
  debit,
  comptes,
  effectif,
  filter,
  ratios,
  diane,
  bdf,
  paydex,
  paydexFpi,
];

/** The source of a file name (without `.gz`), or undefined. */
export function recognise(name: string): SourceSpec | undefined {
  return SOURCES.find((s) => s.match(name));
}
