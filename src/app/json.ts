/** Content type of the responses serialised here rather than by Fastify. */
export const JSON_TYPE = 'application/json; charset=utf-8';

/** JSON text already serialised (by the app store), to be embedded as is in a response. */
export class RawJson {
  constructor(readonly text: string) {}
}

/**
 * `JSON.stringify` for a response that embeds `RawJson` values: plain objects and arrays are walked to find them,
 * anything else is serialised by `JSON.stringify`. Saves parsing and re-serialising JSON the store built (a list
 * page's rows).
 */
export function stringifyWithRaw(v: unknown): string {
  if (v instanceof RawJson) return v.text;
  if (Array.isArray(v)) return `[${v.map((x) => (x === undefined ? 'null' : stringifyWithRaw(x))).join(',')}]`;
  if (v !== null && typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
    const members: string[] = [];
    for (const [k, x] of Object.entries(v))
      if (x !== undefined) members.push(`${JSON.stringify(k)}:${stringifyWithRaw(x)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(v) ?? 'null';
}
