import { SfError } from '../common/errors.ts';
import type { Warehouse } from '../warehouse/db.ts';
import { FINANCE_VALUES } from './catalogue.ts';
import { WORK } from './context.ts';

/**
 * The clean-layer tables the panel reads (docs/architecture.md), with the columns it uses.
 * `clean_perimetre` and `delivery_info` are required; any other table may be absent (a source not delivered,
 * e.g. paydex since 2025): an empty stand-in is created so that its features come out NULL.
 */
export const INPUTS: Record<string, { required?: boolean; columns: Record<string, string> }> = {
  delivery_info: { required: true, columns: { last_month: 'DATE' } },
  clean_perimetre: {
    required: true,
    columns: { siren: 'VARCHAR', inclus: 'BOOLEAN', raison: 'VARCHAR', selon_filtre: 'BOOLEAN' },
  },
  clean_entreprise: {
    columns: {
      siren: 'VARCHAR',
      categorie_juridique: 'VARCHAR',
      naf_section: 'VARCHAR',
      naf_division: 'VARCHAR',
      date_creation: 'DATE',
      siret_siege: 'VARCHAR',
      departement_siege: 'VARCHAR',
      region_siege: 'VARCHAR',
    },
  },
  clean_etablissement: { columns: { siret: 'VARCHAR', siren: 'VARCHAR', date_creation: 'DATE' } },
  clean_effectif: { columns: { siret: 'VARCHAR', periode: 'DATE', effectif: 'DOUBLE' } },
  clean_effectif_ent: { columns: { siren: 'VARCHAR', periode: 'DATE', effectif: 'DOUBLE' } },
  clean_debit: {
    columns: { siret: 'VARCHAR', periode: 'DATE', dette_ouvriere: 'DOUBLE', dette_patronale: 'DOUBLE' },
  },
  clean_cotisation: { columns: { siret: 'VARCHAR', periode: 'DATE', cotisation: 'DOUBLE' } },
  clean_delai: { columns: { siret: 'VARCHAR', periode: 'DATE', montant_echeancier: 'DOUBLE' } },
  clean_ccsf: { columns: { siret: 'VARCHAR', periode: 'DATE', ccsf_en_cours: 'BOOLEAN' } },
  clean_ap: {
    columns: {
      siret: 'VARCHAR',
      periode: 'DATE',
      heures_consommees: 'DOUBLE',
      etp_consomme: 'DOUBLE',
      etp_autorise: 'DOUBLE',
    },
  },
  clean_premier_jugement: { columns: { siren: 'VARCHAR', date_jugement: 'DATE' } },
  clean_comptes: {
    columns: {
      siren: 'VARCHAR',
      date_cloture: 'DATE',
      disponible_le: 'DATE',
      ...Object.fromEntries(FINANCE_VALUES.map((v) => [v.name, 'DOUBLE'])),
    },
  },
  clean_paydex: {
    columns: { siren: 'VARCHAR', periode: 'DATE', paydex: 'DOUBLE', fpi_30: 'DOUBLE', fpi_90: 'DOUBLE' },
  },
};

/**
 * Checks the inputs against the contract and returns, for each, the table to read.
 * Must run after the work schema exists (stand-ins live there).
 */
export async function resolveInputs(wh: Warehouse): Promise<Record<string, string>> {
  const rows = await wh.all<{ table_name: string; column_name: string }>(
    `SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'main'`,
  );
  const present = new Map<string, Set<string>>();
  for (const r of rows) {
    if (!present.has(r.table_name)) present.set(r.table_name, new Set());
    present.get(r.table_name)!.add(r.column_name);
  }
  const src: Record<string, string> = {};
  for (const [table, spec] of Object.entries(INPUTS)) {
    const cols = present.get(table);
    if (!cols) {
      if (spec.required)
        throw new SfError(`table ${table} is missing from the analytical store: run \`sf import\` first`, {
          setting: 'db',
        });
      const defs = Object.entries(spec.columns).map(([c, t]) => `${c} ${t}`);
      await wh.run(`CREATE TABLE ${WORK}.${table} (${defs.join(', ')})`);
      src[table] = `${WORK}.${table}`;
      continue;
    }
    const missing = Object.keys(spec.columns).filter((c) => !cols.has(c));
    if (missing.length)
      throw new SfError(`table ${table} lacks column(s) ${missing.join(', ')} required by the panel`, {
        setting: 'db',
      });
    src[table] = table;
  }
  return src;
}
