import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const sf = (...args: string[]) => spawnSync('node', ['bin/sf.js', ...args], { encoding: 'utf8' });

describe('sf command line', () => {
  it('lists every command of the contract', () => {
    const r = sf('--help');
    expect(r.status).toBe(0);
    for (const c of [
      'generate',
      'import',
      'inspect',
      'features',
      'train',
      'predict',
      'publish',
      'serve',
      'users',
      'learn',
      'demo',
    ]) {
      expect(r.stdout).toContain(`  ${c} `);
    }
  });

  it('exits 2 on an unknown command or flag, naming it', () => {
    const a = sf('frobnicate');
    expect(a.status).toBe(2);
    expect(a.stderr).toContain('unknown command: frobnicate');
    const b = sf('generate', '--no-such-flag');
    expect(b.status).toBe(2);
    expect(b.stderr).toContain('--no-such-flag');
  });

  it('has --help on every command and subcommand', () => {
    for (const args of [
      ['generate'],
      ['import'],
      ['inspect'],
      ['features'],
      ['train'],
      ['predict'],
      ['backtest'],
      ['publish'],
      ['serve'],
      ['users', 'add'],
      ['learn', 'cv'],
      ['learn', 'train'],
      ['learn', 'predict'],
      ['demo'],
    ]) {
      const r = sf(...args, '--help');
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout).toContain(`Usage: sf ${args.join(' ')}`);
    }
  });
});
