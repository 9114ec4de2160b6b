/**
 * Progress for long work: a line redrawn on stderr when stderr is a TTY and we are not in CI;
 * silent otherwise, so logs and `--json` output stay clean.
 */
export interface Progress {
  /** Set the current count (rows, files, trees…) and optionally a total; `force` skips the redraw throttle. */
  update(done: number, total?: number, detail?: string, force?: boolean): void;
  done(message?: string): void;
}

const enabled = Boolean(process.stderr.isTTY) && !process.env.CI;

export function progress(label: string): Progress {
  if (!enabled) return { update() {}, done() {} };
  let last = 0;
  return {
    update(done, total, detail, force) {
      const now = Date.now();
      if (!force && now - last < 100 && (total === undefined || done < total)) return;
      last = now;
      const pct = total ? ` ${((100 * done) / total).toFixed(0)}%` : '';
      const of = total ? `/${total.toLocaleString('en')}` : '';
      process.stderr.write(`\r\x1b[K${label}: ${done.toLocaleString('en')}${of}${pct}${detail ? ` ${detail}` : ''}`);
    },
    done(message) {
      process.stderr.write(`\r\x1b[K${message ? `${label}: ${message}\n` : ''}`);
    },
  };
}

/** A log line on stderr (never stdout: stdout is for `--json` and data). */
export function log(message: string): void {
  process.stderr.write(`${message}\n`);
}
