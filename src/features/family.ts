import type { PanelContext } from './context.ts';
import type { ChunkRows } from './sql.ts';

/**
 * One family of features, as SQL in four layers over the dense month grid `g(id, m)` of each company (`id`: the
 * integer key of table `company`):
 * 1. `prepare`: monthly aggregates of its clean tables, per company `id`, in the work schema;
 * 2. `joins` + `raw`: those values joined onto the grid (NULL vs 0 decided here), reading each work table
 *    through `rows`, which keeps the companies of the chunk being built;
 * 3. `filled`: values needing a first window (latest known within n months), over window `w`;
 * 4. `windowed`: lags, means and changes over window `w`; `outer`: joins and columns on the panel rows `p`.
 * Column names of layers 2–3 are shared by all families, so each prefixes its internal ones.
 */
export interface Family {
  prepare?(ctx: PanelContext): string[];
  joins?(rows: ChunkRows): string[];
  raw?(ctx: PanelContext): Record<string, string>;
  filled?: Record<string, string>;
  windowed?(ctx: PanelContext): Record<string, string>;
  outerJoins?(rows: ChunkRows): string[];
  outer?(ctx: PanelContext): Record<string, string>;
}
