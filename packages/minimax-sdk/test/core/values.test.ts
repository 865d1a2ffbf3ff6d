import { describe, expect, it } from 'vitest';
import { describeValue, withTraceId } from '../../src/core/values.js';

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
