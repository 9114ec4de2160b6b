import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { SfError } from '../../common/errors.ts';
import type { AppStore } from './store.ts';

const DIR = new URL('./migrations/', import.meta.url);

/**
 * Applies, in name order and each in its own transaction, the `migrations/*.sql` files not yet applied.
 * An applied file whose content changed is an error: migrations are append-only.
 */
export async function migrate(store: AppStore): Promise<string[]> {
  await store.exec(
    'CREATE TABLE IF NOT EXISTS schema_migration (name text PRIMARY KEY, sha256 text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const files = readdirSync(DIR)
    .filter((f) => f.endsWith('.sql'))
    .sort();
  const applied: string[] = [];
  for (const name of files) {
    const sql = readFileSync(new URL(name, DIR), 'utf8');
    const sha = createHash('sha256').update(sql).digest('hex');
    const done = await store.transaction(async (tx) => {
      // Two processes starting together: the second waits, then sees the row.
      await tx.query('SELECT pg_advisory_xact_lock(7007)');
      const row = (
        await tx.query<{ sha256: string }>('SELECT sha256 FROM schema_migration WHERE name = $1', [name])
      )[0];
      if (row) {
        if (row.sha256 !== sha)
          throw new SfError(`migration ${name} was changed after being applied; add a new migration instead`, {
            file: name,
          });
        return false;
      }
      await tx.exec(sql);
      await tx.query('INSERT INTO schema_migration (name, sha256) VALUES ($1, $2)', [name, sha]);
      return true;
    });
    if (done) applied.push(name);
  }
  return applied;
}
