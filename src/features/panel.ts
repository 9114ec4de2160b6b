import { SfError } from '../common/errors.ts';
import { isMonth, monthIndex } from '../common/months.ts';
import type { Warehouse } from '../warehouse/db.ts';
import { ap } from './ap.ts';
import { FEATURES, TARGET_COLUMNS } from './catalogue.ts';
import { type PanelContext, WORK } from './context.ts';
import { contexte } from './contexte.ts';
import { effectif } from './effectif.ts';
import type { Family } from './family.ts';
import { finance } from './finance.ts';
import { resolveInputs } from './inputs.ts';
import { paydex } from './paydex.ts';
import { type ChunkRows, chunkRows, mi, monthDate, selectList } from './sql.ts';
import { target } from './target.ts';
import { urssaf } from './urssaf.ts';

/** First month of the panel unless `--from` says otherwise. */
export const DEFAULT_FROM = '2016-01';
/** Companies per chunk of the grid, joins and windows. */
const CHUNK_COMPANIES = 15_000;
/** History read before the first panel month, for the longest lag. */
const HISTORY = 36;

const FAMILIES: Family[] = [urssaf, ap, effectif, paydex, finance, contexte, target];

export interface PanelOptions {
  /** First and last panel months (`YYYY-MM`); default 2016-01 and the delivery's latest month. */
  from?: string;
  to?: string;
  /**
   * DuckDB memory cap during the build (default 6GB, `$SF_FEATURES_MEMORY`): beyond it, windows and joins
   * spill to disk, keeping the process under the 8 GB target at France scale.
   */
  memoryLimit?: string;
  /**
   * Companies per chunk (default 15,000): the grid, its joins and the windows run chunk by chunk (they are per
   * company, so the result is the same), which bounds memory at France scale.
   */
  chunkCompanies?: number;
  /** Called with the name of each step as it starts (progress display). */
  onStep?: (step: string, index: number, total: number) => void;
}

export interface PanelSummary {
  from: string;
  to: string;
  last_month: string;
  rows: number;
  companies: number;
  features: number;
  in_perimeter_rows: number;
  already_in_procedure_rows: number;
  labelled_rows: number;
  positive_rows: number;
  seconds: number;
}

async function lastMonthOf(wh: Warehouse, src: Record<string, string>): Promise<string> {
  const row = await wh.one<{ m: string | null }>(
    `SELECT strftime(max(last_month), '%Y-%m') AS m FROM ${src.delivery_info}`,
  );
  if (!row?.m) throw new SfError('delivery_info has no last_month: run `sf import` first', { setting: 'db' });
  return row.m;
}

function checkMonth(name: string, value: string): void {
  if (!isMonth(value))
    throw new SfError(`--${name} must be a month YYYY-MM, got ${JSON.stringify(value)}`, { setting: name });
}

/**
 * The panel rows of the companies that `rows` keeps: grid → raw (joins) → filled → windowed → panel rows with
 * outer joins, in catalogue order.
 */
function panelSql(ctx: PanelContext, rows: ChunkRows): string {
  const raw = Object.assign({}, ...FAMILIES.map((f) => f.raw?.(ctx) ?? {}));
  const filled = Object.assign({}, ...FAMILIES.map((f) => f.filled ?? {}));
  const windowed: Record<string, string> = Object.assign({}, ...FAMILIES.map((f) => f.windowed?.(ctx) ?? {}));
  const outer: Record<string, string> = Object.assign({}, ...FAMILIES.map((f) => f.outer?.(ctx) ?? {}));
  const column = (name: string): string => {
    if (name in outer) return outer[name];
    if (name in windowed) return `p.${name}`;
    throw new Error(`feature ${name} of the catalogue has no SQL`);
  };
  return `
    WITH g AS (SELECT id, CAST(unnest(range(m, ${ctx.end + 1})) AS INTEGER) AS m FROM ${rows('debut')}),
    base AS (
      SELECT g.id, g.m, ${selectList(raw).join(', ')}
      FROM g ${FAMILIES.flatMap((f) => f.joins?.(rows) ?? []).join('\n      ')}),
    f AS (
      SELECT *, ${selectList(filled).join(', ')} FROM base
      WINDOW w AS (PARTITION BY id ORDER BY m)),
    p AS (
      SELECT * FROM (
        SELECT id, m, ${selectList(windowed).join(', ')}
        FROM f WINDOW w AS (PARTITION BY id ORDER BY m))
      WHERE m BETWEEN ${ctx.start} AND ${ctx.end} AND e_actif)
    SELECT c.siren, ${monthDate('p.m')} AS periode,
      ${[
        ...FEATURES.map(
          (f) => `CAST(${column(f.name)} AS ${f.kind === 'numeric' ? 'DOUBLE' : 'VARCHAR'}) AS ${f.name}`,
        ),
        ...TARGET_COLUMNS.map((n) => `${column(n)} AS ${n}`),
      ].join(',\n      ')}
    FROM p JOIN ${rows('company')} c ON c.id = p.id
    ${FAMILIES.flatMap((f) => f.outerJoins?.(rows) ?? []).join('\n    ')}
    WHERE c.m_creation IS NULL OR p.m >= c.m_creation`;
}

/**
 * Builds table `panel` (one row per SIREN and month, the catalogue's features, perimeter and target) from the
 * clean layer, replacing any previous panel in one statement. Everything runs in DuckDB; intermediate tables
 * live in schema `features_work`, dropped at the end.
 */
export async function buildPanel(wh: Warehouse, options: PanelOptions = {}): Promise<PanelSummary> {
  const t0 = performance.now();
  if (options.from) checkMonth('from', options.from);
  if (options.to) checkMonth('to', options.to);
  await wh.run(`DROP SCHEMA IF EXISTS ${WORK} CASCADE`);
  await wh.run(`CREATE SCHEMA ${WORK}`);
  // Row order inside work tables is irrelevant: let DuckDB write them in parallel and with less memory.
  // No roaring compression of NULL masks (the panel has many mostly-NULL columns): a panel chunk written alone
  // took about half the CPU without it (whole runs on the shared machine: within noise). Same values either way.
  const { disabled_compression_methods: disabled } = await wh.settings(['disabled_compression_methods']);
  return wh.withSettings(
    {
      preserve_insertion_order: 'false',
      disabled_compression_methods: [disabled, 'roaring'].filter(Boolean).join(','),
      memory_limit: options.memoryLimit ?? process.env.SF_FEATURES_MEMORY ?? '6GB',
    },
    () => build(wh, options, t0),
  );
}

/** The build itself, under the settings `buildPanel` chose. */
async function build(wh: Warehouse, options: PanelOptions, t0: number): Promise<PanelSummary> {
  try {
    const src = await resolveInputs(wh);
    const last = await lastMonthOf(wh, src);
    const from = options.from ?? DEFAULT_FROM;
    const to = options.to ?? last;
    if (monthIndex(to) > monthIndex(last))
      throw new SfError(`--to ${to} is after the latest month with data (${last})`, { setting: 'to' });
    if (monthIndex(from) > monthIndex(to)) throw new SfError(`--from ${from} is after --to ${to}`, { setting: 'from' });
    const ctx: PanelContext = {
      start: monthIndex(from),
      end: monthIndex(to),
      historyStart: monthIndex(from) - HISTORY,
      lastMonth: monthIndex(last),
      src,
    };
    const chunkCompanies = options.chunkCompanies ?? CHUNK_COMPANIES;
    const steps: [string, string[]][] = [
      ['companies', companySql(ctx)],
      ...FAMILIES.map((f, i): [string, string[]] => [`sources ${i + 1}/${FAMILIES.length}`, f.prepare?.(ctx) ?? []]),
      ['grid', debutSql(ctx)],
    ];
    const total = steps.length + 1;
    for (const [i, [name, statements]] of steps.entries()) {
      options.onStep?.(name, i, total);
      for (const s of statements) await wh.run(s);
    }
    const count = await wh.one<{ n: bigint }>(`SELECT count(*) AS n FROM ${WORK}.company`);
    const chunks = Math.max(1, Math.ceil(Number(count?.n ?? 0) / chunkCompanies));
    // The previous panel stays until the new one is complete.
    await wh.transaction(async () => {
      for (let k = 0; k < chunks; k++) {
        options.onStep?.(`features ${k + 1}/${chunks}`, steps.length, total);
        const panel = panelSql(ctx, chunkRows(k * chunkCompanies, (k + 1) * chunkCompanies));
        await wh.run(k === 0 ? `CREATE OR REPLACE TABLE panel AS ${panel}` : `INSERT INTO panel ${panel}`);
      }
    });
    const s = await wh.one<Record<string, bigint | null>>(`SELECT count(*) AS rows, count(DISTINCT siren) AS companies,
        count(*) FILTER (WHERE perimetre_raison IS NULL) AS in_perimeter,
        count(*) FILTER (WHERE already_in_procedure) AS already,
        count(failure_18m) AS labelled, count(*) FILTER (WHERE failure_18m = 1) AS positive FROM panel`);
    return {
      from,
      to,
      last_month: last,
      rows: Number(s?.rows ?? 0),
      companies: Number(s?.companies ?? 0),
      features: FEATURES.length,
      in_perimeter_rows: Number(s?.in_perimeter ?? 0),
      already_in_procedure_rows: Number(s?.already ?? 0),
      labelled_rows: Number(s?.labelled ?? 0),
      positive_rows: Number(s?.positive ?? 0),
      seconds: Math.round((performance.now() - t0) / 100) / 10,
    };
  } finally {
    await wh.run(`DROP SCHEMA IF EXISTS ${WORK} CASCADE`);
    // Written out now, under the build's memory cap: left to the store's closing, the checkpoint of a
    // France-scale panel runs with the default cap (80% of RAM); the process then peaked at 11.9 GB.
    await wh.run('CHECKPOINT');
  }
}

/**
 * The companies of the perimeter table with their Sirene identity, and whether an imported `filter` file, not
 * headcount, defined the perimeter (`selon_filtre`). `id` numbers them in SIREN order, from 0: chunk k is the
 * ids from k × chunk size.
 */
function companySql({ src }: PanelContext): string[] {
  return [
    `CREATE TABLE ${WORK}.company AS
       SELECT CAST(row_number() OVER (ORDER BY p.siren) - 1 AS INTEGER) AS id, p.siren, p.raison, coalesce(p.selon_filtre, false) AS selon_filtre, e.naf_section, e.naf_division, e.departement_siege, e.region_siege,
              e.categorie_juridique, e.siret_siege, ${mi('e.date_creation')} AS m_creation
       FROM ${src.clean_perimetre} p LEFT JOIN ${src.clean_entreprise} e USING (siren)`,
  ];
}

/**
 * The first grid month of each company with data: its first data month, at most 36 months before the panel
 * start. Its grid is then one row per month from there to the panel end (dense: lags and windows only need
 * month arithmetic).
 */
function debutSql(ctx: PanelContext): string[] {
  const firsts = ['cotisation', 'debit', 'effectif', 'ap', 'paydex'].map((t) => `SELECT id, m FROM ${WORK}.${t}`);
  return [
    `CREATE TABLE ${WORK}.debut AS
       SELECT id, greatest(${ctx.historyStart}, least(min(m), ${ctx.start})) AS m
       FROM (${firsts.join(' UNION ALL ')}) GROUP BY id`,
  ];
}
