import { extname, resolve } from 'node:path';
import { UsageError } from '../common/errors.ts';
import type { Warehouse } from '../warehouse/db.ts';
import { literal } from './sql.ts';

/**
 * Writes table `panel` to a CSV or Parquet file, months as `YYYY-MM`, ordered by SIREN and month.
 * The format follows the file extension.
 */
export async function exportPanel(wh: Warehouse, file: string): Promise<{ path: string; format: string }> {
  const ext = extname(file).toLowerCase();
  const format = ext === '.csv' ? 'csv' : ext === '.parquet' ? 'parquet' : undefined;
  if (!format) throw new UsageError(`--export must name a .csv or .parquet file, got ${JSON.stringify(file)}`);
  const path = resolve(file);
  const options = format === 'csv' ? "FORMAT csv, HEADER true, DELIMITER ','" : 'FORMAT parquet, COMPRESSION zstd';
  await wh.run(
    `COPY (SELECT * REPLACE (strftime(periode, '%Y-%m') AS periode) FROM panel ORDER BY siren, periode)
     TO ${literal(path)} (${options})`,
  );
  return { path, format };
}
