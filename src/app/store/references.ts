import { DEPARTEMENTS, REGIONS } from '../access/zones.ts';
import type { Sql } from './store.ts';

/** Departments and regions (INSEE), so that names and zones resolve even before the first import. */
export async function seedReferences(sql: Sql): Promise<void> {
  await sql.query(
    `INSERT INTO region (code, libelle) SELECT * FROM json_to_recordset($1::json) AS r(code text, libelle text)
     ON CONFLICT (code) DO UPDATE SET libelle = EXCLUDED.libelle`,
    [JSON.stringify(REGIONS.map((r) => ({ code: r.code, libelle: r.nom })))],
  );
  await sql.query(
    `INSERT INTO departement (code, libelle, region)
     SELECT * FROM json_to_recordset($1::json) AS d(code text, libelle text, region text)
     ON CONFLICT (code) DO UPDATE SET libelle = EXCLUDED.libelle, region = EXCLUDED.region`,
    [JSON.stringify(DEPARTEMENTS.map((d) => ({ code: d.code, libelle: d.nom, region: d.region })))],
  );
}
