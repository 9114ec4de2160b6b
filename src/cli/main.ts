import { SfError, UsageError } from '../common/errors.ts';
import { type Command, type CommandGroup, parseCommandArgs } from './command.ts';
import { registry } from './commands/index.ts';

const TOP_HELP = (): string => {
  const lines = ['sf — Signaux Faibles: early detection of companies at risk', '', 'Usage: sf <command> [options]', ''];
  for (const entry of Object.values(registry)) lines.push(`  ${entry.name.padEnd(10)} ${entry.summary}`);
  lines.push('', 'Every command has --help. Exit codes: 0 done, 1 failed, 2 bad usage.');
  return lines.join('\n');
};

function groupHelp(group: CommandGroup): string {
  const lines = [`sf ${group.name} — ${group.summary}`, '', `Usage: sf ${group.name} <command> [options]`, ''];
  for (const name of Object.keys(group.subcommands)) lines.push(`  ${group.name} ${name}`);
  return lines.join('\n');
}

async function resolve(argv: string[]): Promise<{ cmd: Command; rest: string[] } | string> {
  const [first, ...rest] = argv;
  if (!first || first === '--help' || first === '-h' || first === 'help') return TOP_HELP();
  if (first === '--version') return '0.1.0';
  const entry = registry[first];
  if (!entry) throw new UsageError(`unknown command: ${first}\n\n${TOP_HELP()}`);
  if ('load' in entry) return { cmd: await entry.load(), rest };
  const [sub, ...subRest] = rest;
  if (!sub || sub === '--help' || sub === '-h') return groupHelp(entry);
  const loader = entry.subcommands[sub];
  if (!loader) throw new UsageError(`unknown command: sf ${first} ${sub}\n\n${groupHelp(entry)}`);
  return { cmd: await loader(), rest: subRest };
}

/** Runs one `sf` invocation and returns its exit code. */
export async function main(argv: string[]): Promise<number> {
  try {
    const found = await resolve(argv);
    if (typeof found === 'string') {
      process.stdout.write(`${found}\n`);
      return 0;
    }
    const { cmd, rest } = found;
    const ctx = parseCommandArgs(cmd, rest);
    if (ctx.help) {
      process.stdout.write(`sf ${cmd.name} — ${cmd.summary}\n\n${cmd.help.trim()}\n`);
      return 0;
    }
    return (await cmd.run(ctx)) ?? 0;
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`sf: ${e.message}\n`);
      return 2;
    }
    if (e instanceof SfError) {
      process.stderr.write(`sf: ${e.describe()}\n`);
      return 1;
    }
    process.stderr.write(`sf: ${(e as Error)?.stack ?? String(e)}\n`);
    return 1;
  }
}
