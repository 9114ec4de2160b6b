/**
 * `importPaths`: the import stage as a function (wrapped by `sf import`, chained by `sf demo`). Recognises each
 * file's source from its name, skips content already imported (same sha256, still live), imports each file
 * atomically, then rebuilds the clean monthly layer once if anything changed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SfError } from '../common/errors.ts';
import { recognise } from '../sources/registry.ts';
import { lit } from '../sources/spec.ts';
import { rebuildClean } from './clean/index.ts';
import type { Warehouse } from './db.ts';
import { type FileReport, failedReport, importFile } from './import-file.ts';
import { inputsOf, listFiles, type RawInput } from './input.ts';
import { ensureSchema } from './schema.ts';

export interface ImportOptions {
  /** Called before and after each file (progress on a TTY). */
  onFile?: (event: { index: number; total: number; path: string; report?: FileReport }) => void;
  /** Progress within the current file (see `ImportFileOptions.onStep`). */
  onFileStep?: (step: string, done?: number, total?: number) => void;
  /** Rebuild the clean layer after importing (default true). */
  rebuildClean?: boolean;
  /** Called before each clean table is rebuilt. */
  onCleanStep?: (table: string) => void;
}

export interface ImportResult {
  files: FileReport[];
  /** Files whose name matches no source: reported, not imported. */
  ignored: string[];
}

/**
 * DuckDB settings for the import, restored afterwards (`sf demo` goes on with the same store). A France-scale
 * import writes tens of millions of rows and the clean layer's windows read them: DuckDB's default limit (80% of
 * RAM) would let it hold far more than needed, so the limit is lowered (what does not fit spills to `<db>.tmp/`) to
 * keep the process under its 6 GB budget, and the rows need not keep the file's order (every query that reads
 * them orders explicitly), which lets DuckDB insert them in parallel without buffering.
 */
export const IMPORT_SETTINGS: Record<string, string> = {
  memory_limit: process.env.SF_IMPORT_MEMORY ?? '3GB',
  preserve_insertion_order: 'false',
};

export async function importPaths(db: Warehouse, paths: string[], options: ImportOptions = {}): Promise<ImportResult> {
  return db.withSettings(IMPORT_SETTINGS, () => importAll(db, paths, options));
}

async function importAll(db: Warehouse, paths: string[], options: ImportOptions): Promise<ImportResult> {
  await ensureSchema(db);
  const files: FileReport[] = [];
  const ignored: string[] = [];
  const inputs: RawInput[] = [];
  for (const file of listFiles(paths)) {
    try {
      inputs.push(...(await inputsOf(file)));
    } catch (e) {
      files.push(failedReport(file, null, e instanceof SfError ? e.describe() : (e as Error).message));
    }
  }
  const recognised = inputs
    .map((input) => ({ input, spec: recognise(input.name) }))
    .filter(({ input, spec }) => {
      if (!spec) ignored.push(input.path);
      return spec !== undefined;
    });
  // Sources some others depend on (the account mapping) go first.
  recognised.sort((a, b) => Number(Boolean(a.spec?.after)) - Number(Boolean(b.spec?.after)));
  const tmp = mkdtempSync(join(tmpdir(), 'sf-import-'));
  const replaced = new Set<string>();
  let changed = false;
  try {
    for (const [index, { input, spec }] of recognised.entries()) {
      if (!spec) continue;
      options.onFile?.({ index, total: recognised.length, path: input.path });
      const same = await db.one(
        `SELECT batch_id FROM import_batch WHERE source = ${lit(spec.id)} AND sha256 = ${lit(input.sha256)} AND active`,
      );
      let report: FileReport;
      if (same) {
        replaced.add(spec.id);
        report = { ...failedReport(input.path, spec.id, ''), status: 'unchanged', error: null };
      } else {
        report = await importFile(db, input, spec, {
          replace: !replaced.has(spec.id),
          tmpFile: join(tmp, `${index}.csv`),
          onStep: options.onFileStep,
        });
        if (report.status === 'imported') {
          replaced.add(spec.id);
          changed = true;
        }
      }
      files.push(report);
      options.onFile?.({ index, total: recognised.length, path: input.path, report });
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  if (options.rebuildClean !== false && (changed || !(await db.tableExists('delivery_info'))))
    await rebuildClean(db, options.onCleanStep);
  return { files, ignored };
}
