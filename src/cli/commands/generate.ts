import { UsageError } from '../../common/errors.ts';
import { DEFAULTS, generate } from '../../synth/generate.ts';
import { type Command, int, printJson, str } from '../command.ts';
import { log, progress } from '../progress.ts';

const command: Command = {
  name: 'generate',
  summary: 'write a synthetic economy as a raw delivery',
  help: `Usage: sf generate --out DIR [--companies N] [--from YYYY-MM] [--to YYYY-MM] [--seed S] [--regions CODES]

Writes a synthetic economy as a delivery of raw files named and formatted as the real ones
(Sirene, URSSAF, DGEFP partial activity, INPI ratios, Diane, Altares paydex), up to the month
--to (the "present"), each source with its real publication delay. Ground truth (latent risk,
every procedure including those after --to) goes to DIR/_truth/. Deterministic for a seed.

Options:
  --out DIR          output directory (created if needed; files of the same names are replaced)
  --companies N      number of companies (default ${DEFAULTS.companies})
  --from YYYY-MM     first month of the delivery (default ${DEFAULTS.from})
  --to YYYY-MM       last month, the "present" (default ${DEFAULTS.to})
  --seed S           random seed, a non-negative integer (default ${DEFAULTS.seed})
  --regions CODES    comma-separated INSEE region codes, e.g. 27,R84 (default: all of France)
  --threads N        worker threads (default: one per core from 20,000 companies on); same output
  --json             print a summary of the files written and their row counts`,
  options: {
    out: { type: 'string' },
    companies: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    seed: { type: 'string' },
    regions: { type: 'string' },
    threads: { type: 'string' },
  },
  async run(ctx) {
    const out = str(ctx.values, 'out');
    if (!out) throw new UsageError('--out DIR is required\nSee: sf generate --help');
    const bar = progress('generate');
    const summary = await generate({
      out,
      companies: int(ctx.values, 'companies', DEFAULTS.companies),
      from: str(ctx.values, 'from'),
      to: str(ctx.values, 'to'),
      seed: int(ctx.values, 'seed', DEFAULTS.seed),
      regions: str(ctx.values, 'regions')?.split(','),
      threads: str(ctx.values, 'threads') === undefined ? undefined : int(ctx.values, 'threads', 1),
      onProgress: (done, total) => bar.update(done, total, 'companies'),
    });
    bar.done(`${summary.companies.toLocaleString('en')} companies in ${summary.seconds} s`);
    if (ctx.json) printJson(summary);
    else {
      for (const f of summary.files) log(`${f.file.padEnd(48)} ${String(f.rows).padStart(11)} rows`);
      log(
        `ground truth in ${out}/_truth/ (${summary.procedures_known} procedures known at --to, ${summary.procedures_total} in total)`,
      );
    }
    return 0;
  },
};

export default command;
