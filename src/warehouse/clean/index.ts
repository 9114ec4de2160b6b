import type { Warehouse } from '../db.ts';

export async function rebuildClean(_db: Warehouse): Promise<void> {}
