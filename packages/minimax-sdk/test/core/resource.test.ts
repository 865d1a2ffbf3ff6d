import { describe, expect, it } from 'vitest';
import { compact } from '../../src/core/resource.js';

describe('compact', () => {
  it('drops undefined and null, keeps 0, "", false and key order', () => {
    const out = compact({ a: 1, b: undefined, c: null, d: 0, e: '', f: false, g: [], h: {} });
    expect(out).toEqual({ a: 1, d: 0, e: '', f: false, g: [], h: {} });
    expect(Object.keys(out)).toEqual(['a', 'd', 'e', 'f', 'g', 'h']);
  });

  it('does not touch nested values or the input', () => {
    const input = { nested: { x: undefined }, y: null };
    const out = compact(input);
    expect(out).toEqual({ nested: { x: undefined } });
    expect(input).toEqual({ nested: { x: undefined }, y: null });
  });
});
