/** The reference tables shipped with the code (`ref_*`), recreated at each schema check. */
import { createRequire } from 'node:module';
import { lit } from '../../sources/spec.ts';
import type { Warehouse } from '../db.ts';
import { isPublic, LEVEL2, LEVEL3 } from './categories-juridiques.ts';
import { nafRows } from './naf.ts';

const require = createRequire(import.meta.url);

const value = (v: string | number | boolean | null): string =>
  v === null ? 'NULL' : typeof v === 'string' ? lit(v) : String(v);

async function fill(db: Warehouse, table: string, ddl: string, rows: (string | number | boolean | null)[][]) {
  await db.run(`CREATE OR REPLACE TABLE ${table} (${ddl})`);
  for (let i = 0; i < rows.length; i += 500)
    await db.run(
      `INSERT INTO ${table} VALUES ${rows
        .slice(i, i + 500)
        .map((r) => `(${r.map(value).join(', ')})`)
        .join(', ')}`,
    );
}

export async function loadReference(db: Warehouse): Promise<void> {
  await fill(
    db,
    'ref_naf',
    'code VARCHAR PRIMARY KEY, libelle VARCHAR, niveau INTEGER, section VARCHAR, section_libelle VARCHAR, division VARCHAR',
    nafRows().map((r) => [r.code, r.libelle, r.niveau, r.section, r.section_libelle, r.division]),
  );
  await fill(
    db,
    'ref_categorie_juridique',
    'code VARCHAR PRIMARY KEY, libelle VARCHAR, publique BOOLEAN',
    [...LEVEL2, ...LEVEL3].map(([code, libelle]) => [code, libelle, isPublic(code)]),
  );
  const regions = require('@etalab/decoupage-administratif/data/regions.json') as { code: string; nom: string }[];
  const deps = require('@etalab/decoupage-administratif/data/departements.json') as {
    code: string;
    nom: string;
    region: string;
  }[];
  await fill(
    db,
    'ref_region',
    'code VARCHAR PRIMARY KEY, libelle VARCHAR',
    regions.map((r) => [r.code, r.nom]),
  );
  await fill(
    db,
    'ref_departement',
    'code VARCHAR PRIMARY KEY, libelle VARCHAR, region VARCHAR',
    deps.map((d) => [d.code, d.nom, d.region]),
  );
}
