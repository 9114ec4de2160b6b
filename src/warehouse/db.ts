import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { type DuckDBConnection, DuckDBInstance, type DuckDBValue } from '@duckdb/node-api';

export type Params = Record<string, DuckDBValue> | DuckDBValue[];

/**
 * The analytical store: one embedded DuckDB file. Every stage (import, features, scoring, publish)
 * goes through this small wrapper so that opening, parameters and transactions work the same way.
 */
export class Warehouse {
  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly connection: DuckDBConnection,
    /** false for a `fork()`: closing it leaves the store open. */
    private readonly ownsInstance = true,
  ) {}

  static async open(path: string): Promise<Warehouse> {
    if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    return new Warehouse(path, instance, connection);
  }

  /** Runs statements that return nothing useful (DDL, INSERT …). */
  async run(sql: string, params?: Params): Promise<void> {
    await this.connection.run(sql, params);
  }

  /** Rows as plain JS objects (BIGINT → bigint, DATE → Date). */
  async all<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJS() as T[];
  }

  /** Rows as JSON-ready objects (BIGINT → string, DATE → 'YYYY-MM-DD'). */
  async json<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.connection.runAndReadAll(sql, params);
    return reader.getRowObjectsJson() as T[];
  }

  async one<T = Record<string, unknown>>(sql: string, params?: Params): Promise<T | undefined> {
    return (await this.all<T>(sql, params))[0];
  }

  /** Runs `work` in one transaction: all of it is stored, or none of it. */
  async transaction<T>(work: () => Promise<T>): Promise<T> {
    await this.run('BEGIN TRANSACTION');
    try {
      const result = await work();
      await this.run('COMMIT');
      return result;
    } catch (e) {
      await this.run('ROLLBACK');
      throw e;
    }
  }

  /** The current value of each DuckDB setting named, as text. */
  async settings(names: string[]): Promise<Record<string, string>> {
    const values: Record<string, string> = {};
    for (const name of names) {
      const row = await this.one<{ v: string }>('SELECT CAST(current_setting($1) AS VARCHAR) AS v', [name]);
      values[name] = String(row?.v ?? '');
    }
    return values;
  }

  /**
   * Runs `work` with DuckDB settings changed (`SET name = 'value'`), restoring the previous values afterwards
   * (as DuckDB reports them: a memory limit comes back rounded to 0.1 of its unit).
   */
  async withSettings<T>(settings: Record<string, string>, work: () => Promise<T>): Promise<T> {
    const before = await this.settings(Object.keys(settings));
    const apply = async (values: Record<string, string>) => {
      for (const [name, value] of Object.entries(values))
        await this.run(`SET ${name} = '${value.replaceAll("'", "''")}'`);
    };
    await apply(settings);
    try {
      return await work();
    } finally {
      await apply(before);
    }
  }

  async tableExists(name: string): Promise<boolean> {
    const row = await this.one<{ n: bigint }>(
      'SELECT count(*) AS n FROM information_schema.tables WHERE table_name = $1',
      [name],
    );
    return Number(row?.n ?? 0) > 0;
  }

  /**
   * Another connection to the same store, for statements run concurrently with this one's: it has its own
   * transaction and sees only what is committed. DuckDB's global settings (`withSettings`) apply to it too.
   */
  async fork(): Promise<Warehouse> {
    return new Warehouse(this.path, this.instance, await this.instance.connect(), false);
  }

  close(): void {
    this.connection.closeSync();
    if (this.ownsInstance) this.instance.closeSync();
  }
}
