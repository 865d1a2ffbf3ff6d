import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeValue, parseServerJSON, withTraceId } from '../../src/core/values.js';

describe('withTraceId', () => {
  it('takes the first non-empty id, from a string or an object, and keeps one already there', () => {
    expect(
      withTraceId({} as { trace_id?: string }, '', { trace_id: '' }, { trace_id: 't-1' }, 't-2'),
    ).toEqual({
      trace_id: 't-1',
    });
    expect(withTraceId({ trace_id: 'mine' }, 't-2')).toEqual({ trace_id: 'mine' });
    const none = withTraceId({} as { trace_id?: string }, undefined, null, 42);
    expect(Object.hasOwn(none, 'trace_id')).toBe(false);
  });
});

describe('describeValue', () => {
  it.each([
    ['5', '"5"'],
    [5, '5'],
    [Number.NaN, 'NaN'],
    [10n, '10n'],
    [true, 'true'],
    [null, 'null'],
    [undefined, 'undefined'],
    [[1], 'an array'],
    [{ secret: 'sk-1' }, 'an object'],
    [() => 1, 'a function'],
  ])("shows %s as %s, never an object's contents", (value, shown) => {
    expect(describeValue(value)).toBe(shown);
  });
});

describe('parseServerJSON', () => {
  const dropProto = (key: string, value: unknown) => (key === '__proto__' ? undefined : value);
  const hex = (c: string) => c.charCodeAt(0).toString(16).padStart(4, '0');
  /** `__proto__` with the letter at `at` escaped, in lower- or upper-case hex. */
  const escapedAt = (at: number, upper: boolean) =>
    [...'__proto__'].map((c, i) => (i === at ? `\\u${upper ? hex(c).toUpperCase() : hex(c)}` : c)).join('');

  it('drops the key spelt out or with any one of its letters escaped, at any depth', () => {
    const spellings = [
      '__proto__',
      ...[...'__proto__'].flatMap((_, i) => [escapedAt(i, false), escapedAt(i, true)]),
    ];
    for (const key of spellings) {
      const parsed = parseServerJSON(`{"a":1,"${key}":{"polluted":true},"n":{"${key}":{"polluted":true}}}`);
      expect(parsed, key).toEqual({ a: 1, n: {} });
      expect(Object.hasOwn(parsed as object, '__proto__'), key).toBe(false);
    }
  });

  it('keeps what only looks like the key, and other escapes', () => {
    expect(parseServerJSON('{"__PROTO__":1,"_proto_":2,"caf\\u00e9":"\\u00e9t\\u00e9"}')).toEqual({
      __PROTO__: 1,
      _proto_: 2,
      café: 'été',
    });
  });

  it('reads any JSON as JSON.parse with the key dropped does', () => {
    const keyish = fc.constantFrom('__proto__', escapedAt(0, false), escapedAt(3, true), 'x\\u00e9', 'proto');
    const text = fc.oneof(
      fc.json(),
      fc.tuple(keyish, fc.json()).map(([key, value]) => `{"${key}":${value},"k":[${value}]}`),
    );
    fc.assert(
      fc.property(text, (t) => {
        expect(parseServerJSON(t)).toEqual(JSON.parse(t, dropProto));
      }),
    );
  });
});
