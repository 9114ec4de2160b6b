import { type Viewer, viewerParams } from './access/rule.ts';

/** Collects the parameters of one statement; the viewer's are always `$1`–`$3` (see access/rule.ts). */
export class Params {
  readonly values: unknown[];
  constructor(viewer: Viewer) {
    this.values = viewerParams(viewer);
  }
  /** Adds a value, returns its placeholder. */
  p(v: unknown): string {
    this.values.push(v);
    return `$${this.values.length}`;
  }
}

/** `q` as a LIKE pattern: the user's `%`, `_` and `\` match themselves. */
export function likeContains(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
