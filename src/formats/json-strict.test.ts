import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { JsonSyntaxError, parseStrictJson } from './json-strict.js';

describe('parseStrictJson', () => {
  it('agrees with JSON.parse on any JSON text without duplicate keys', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = JSON.stringify(value, null, 1);
        expect(parseStrictJson(text)).toEqual(JSON.parse(text));
      }),
      { numRuns: 300 },
    );
  });

  it('refuses duplicate keys, naming the key, the path, line and column', () => {
    expect(() => parseStrictJson('{"units":{"t":"s",\n "t":"s"}}')).toThrow(/duplicate key "t" in units \(first at line 1, column 11\) at line 2, column 2/);
    expect(() => parseStrictJson('{"a":1,"a":1}')).toThrow(JsonSyntaxError);
  });

  it('refuses what is not JSON', () => {
    for (const bad of ['{"lalala":blahblah}', '{"a":1,}', '[1,2', '"\\x"', '01', '{"a" 1}', '[1] 2', '', 'NaN', '{"a":"\u0001"}']) {
      expect(() => parseStrictJson(bad), bad).toThrow(JsonSyntaxError);
    }
  });

  it('keeps "__proto__" as an ordinary key', () => {
    const v = parseStrictJson('{"__proto__": {"polluted": true}}') as Record<string, unknown>;
    expect(Object.keys(v)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
