import { type ParseArgsConfig, parseArgs } from 'node:util';
import { SfError, UsageError } from '../common/errors.ts';

export type OptionSpec = NonNullable<ParseArgsConfig['options']>;
export type OptionValues = Record<string, string | boolean | string[] | undefined>;

export interface CommandContext {
  values: OptionValues;
  positionals: string[];
  /** `--json` was given: one JSON document on stdout, everything else on stderr. */
  json: boolean;
}

/** One `sf` command: its help text, its options (node:util parseArgs) and what it does. */
export interface Command {
  /** Full name as typed, e.g. `import` or `learn cv`. */
  name: string;
  summary: string;
  /** Usage lines and option descriptions, shown by `--help`. */
  help: string;
  options?: OptionSpec;
  positionals?: boolean;
  /** Returns the exit code (0 when omitted). */
  run(ctx: CommandContext): Promise<number | undefined> | number | undefined;
}

/** A family of commands under one word (`sf learn …`, `sf users …`). */
export interface CommandGroup {
  name: string;
  summary: string;
  subcommands: Record<string, () => Promise<Command>>;
}

const COMMON: OptionSpec = {
  help: { type: 'boolean', short: 'h' },
  json: { type: 'boolean' },
};

/** Parses argv for a command. Unknown flags and missing values are usage errors (exit 2). */
export function parseCommandArgs(cmd: Command, argv: string[]): CommandContext & { help: boolean } {
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: argv,
      options: { ...COMMON, ...cmd.options },
      allowPositionals: cmd.positionals ?? false,
      strict: true,
    });
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\nSee: sf ${cmd.name} --help`);
  }
  const values = parsed.values as OptionValues;
  return { values, positionals: parsed.positionals, json: Boolean(values.json), help: Boolean(values.help) };
}

/** A command of the contract that a later issue builds: it answers with a clear message and exit 1. */
export function notYet(name: string, summary: string, help: string, issue: number, options?: OptionSpec): Command {
  return {
    name,
    summary,
    help,
    options,
    positionals: true,
    run() {
      throw new SfError(`\`sf ${name}\` is not available yet (planned in issue #${issue}).`);
    },
  };
}

// Typed accessors: parseArgs gives string | boolean | string[] | undefined.
export function str(values: OptionValues, key: string): string | undefined {
  const v = values[key];
  return typeof v === 'string' ? v : undefined;
}

export function int(values: OptionValues, key: string, fallback: number): number {
  const v = str(values, key);
  if (v === undefined) return fallback;
  if (!/^-?\d+$/.test(v)) throw new UsageError(`--${key} must be an integer, got ${JSON.stringify(v)}`);
  return Number(v);
}

export function num(values: OptionValues, key: string, fallback: number): number {
  const v = str(values, key);
  if (v === undefined) return fallback;
  const n = Number(v);
  if (v.trim() === '' || !Number.isFinite(n))
    throw new UsageError(`--${key} must be a number, got ${JSON.stringify(v)}`);
  return n;
}

export function bool(values: OptionValues, key: string): boolean {
  return values[key] === true;
}

/** Prints the one JSON document of `--json` on stdout. */
export function printJson(doc: unknown): void {
  process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
}
