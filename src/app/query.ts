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

/** SQL: `members` (key → SQL value) as a select list, `v AS k, …`. */
export function selectList(members: Record<string, string>): string {
  return Object.entries(members)
    .map(([k, v]) => `${v} AS ${k}`)
    .join(', ');
}

/** SQL: `members` (key → SQL value) as a `json` object. */
export function jsonObject(members: Record<string, string>): string {
  return `json_build_object(${Object.entries(members)
    .map(([k, v]) => `'${k}', ${v}`)
    .join(', ')})`;
}

/**
 * SQL text: `"k" : v, …` of `members`, a JSON object's text without its braces, to be written once and put
 * together with other members by concatenation. `btrim` strips only the two braces: the values are scalars, so the
 * text starts with a key's quote and ends with a value.
 */
export function jsonMembers(members: Record<string, string>): string {
  return `btrim(${jsonObject(members)}::text, '{}')`;
}

/** SQL text: the same members computed at each read, for concatenation with stored ones. */
export function jsonMembersLive(members: Record<string, string>): string {
  return Object.entries(members)
    .map(([k, v]) => `'"${k}" : ' || COALESCE(to_json(${v})::text, 'null')`)
    .join(" || ', ' || ");
}
