import { describe, expect, it } from 'vitest';
import { RawJson, stringifyWithRaw } from '../../src/app/json.ts';

describe('stringifyWithRaw', () => {
  it('embeds stored JSON text as is, and serialises everything else as JSON.stringify does', () => {
    const v = {
      a: 1,
      s: 'é "q" \\ \n',
      n: null,
      u: undefined,
      d: new Date(Date.UTC(2024, 5, 1)),
      arr: [1, { x: 2 }],
      nested: { raw: new RawJson('[{"periode" : "2024-06", "v" : 1.5}]'), empty: {} },
      top: new RawJson('{"k":true}'),
    };
    const out = stringifyWithRaw(v);
    expect(JSON.parse(out)).toEqual({
      ...JSON.parse(JSON.stringify({ ...v, nested: { empty: {} }, top: undefined })),
      nested: { raw: [{ periode: '2024-06', v: 1.5 }], empty: {} },
      top: { k: true },
    });
    expect(out).toContain('[{"periode" : "2024-06", "v" : 1.5}]');
    expect(stringifyWithRaw(new RawJson('null'))).toBe('null');
    expect(stringifyWithRaw([new RawJson('1'), undefined, 'x'])).toBe('[1,null,"x"]');
  });
});
