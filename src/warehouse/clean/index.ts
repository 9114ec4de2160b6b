/**
 * The clean monthly layer (docs/architecture.md): rebuilt from the raw tables in one transaction after each
 * import that changed something. Order matters: `delivery_info` and the register come first.
 */
import type { Warehouse } from '../db.ts';
import { loadReference } from '../reference/index.ts';
import { ensureSchema } from '../schema.ts';
import { CLEAN_AP } from './ap.ts';
import { CLEAN_COMPTES } from './comptes.ts';
import { CLEAN_COTISATION } from './cotisation.ts';
import { CLEAN_DEBIT } from './debit.ts';
import { DELIVERY_INFO } from './delivery.ts';
import { CLEAN_EFFECTIF, CLEAN_EFFECTIF_ENT } from './effectif.ts';
import { CLEAN_ENTREPRISE, CLEAN_ETABLISSEMENT } from './etablissement.ts';
import { CLEAN_PAYDEX } from './paydex.ts';
import { CLEAN_PERIMETRE } from './perimetre.ts';
import { CLEAN_CCSF, CLEAN_DELAI } from './plans.ts';
import { CLEAN_PREMIER_JUGEMENT, CLEAN_PROCOL, CLEAN_PROCOL_MENSUEL } from './procol.ts';

export const CLEAN_STEPS: [string, string][] = [
  ['delivery_info', DELIVERY_INFO],
  ['clean_etablissement', CLEAN_ETABLISSEMENT],
  ['clean_entreprise', CLEAN_ENTREPRISE],
  ['clean_perimetre', CLEAN_PERIMETRE],
  ['clean_effectif', CLEAN_EFFECTIF],
  ['clean_effectif_ent', CLEAN_EFFECTIF_ENT],
  ['clean_debit', CLEAN_DEBIT],
  ['clean_cotisation', CLEAN_COTISATION],
  ['clean_delai', CLEAN_DELAI],
  ['clean_ccsf', CLEAN_CCSF],
  ['clean_ap', CLEAN_AP],
  ['clean_procol', CLEAN_PROCOL],
  ['clean_procol_mensuel', CLEAN_PROCOL_MENSUEL],
  ['clean_premier_jugement', CLEAN_PREMIER_JUGEMENT],
  ['clean_comptes', CLEAN_COMPTES],
  ['clean_paydex', CLEAN_PAYDEX],
];

/** Rebuilds the reference tables and every clean table, atomically. */
export async function rebuildClean(db: Warehouse, onStep?: (table: string) => void): Promise<void> {
  await ensureSchema(db);
  await db.transaction(async () => {
    await loadReference(db);
    for (const [table, sql] of CLEAN_STEPS) {
      onStep?.(table);
      await db.run(sql);
    }
  });
}
