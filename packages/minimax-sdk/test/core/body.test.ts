import { describe, expect, it } from 'vitest';
import { buildBody, buildQuery, ownParams, ownValue } from '../../src/core/body.js';
import { InvalidParameterError } from '../../src/core/errors.js';

describe('buildBody', () => {
  it('drops undefined and null, keeps 0, "", false, empty lists and objects', () => {
    const out = buildBody({ a: 1, b: undefined, c: null, d: 0, e: '', f: false, g: [], h: {} });
    expect(out).toEqual({ a: 1, d: 0, e: '', f: false, g: [], h: {} });
    expect(Object.hasOwn(out, 'b')).toBe(false);
    expect(Object.hasOwn(out, 'c')).toBe(false);
  });

  it('copies nested objects the same way and never touches the input', () => {
    const input = {
      nested: { x: undefined, y: 1, deeper: { z: null, w: 'w' } },
      list: [{ q: undefined, r: 2 }],
      n: null,
    };
    const out = buildBody(input);
    expect(out).toEqual({ nested: { y: 1, deeper: { w: 'w' } }, list: [{ r: 2 }] });
    expect(Object.hasOwn(out.nested as object, 'x')).toBe(false);
    expect(input).toEqual({
      nested: { x: undefined, y: 1, deeper: { z: null, w: 'w' } },
      list: [{ q: undefined, r: 2 }],
      n: null,
    });
    expect(out.nested).not.toBe(input.nested);
  });

  it('keeps keys it does not know', () => {
    expect(buildBody({ model: 'm', brand_new_field: { on: true } })).toEqual({
      model: 'm',
      brand_new_field: { on: true },
    });
  });

  it('fills defaults only for unset keys and lets the method set or remove keys', () => {
    const out = buildBody(
      { model: 'mine', n: null, stream: true, keep: 0 },
      {
        defaults: { model: 'default', n: 1, keep: 5, other: 'x' },
        set: { stream: undefined, forced: 'yes' },
      },
    );
    expect(out).toEqual({ model: 'mine', n: 1, keep: 0, other: 'x', forced: 'yes' });
    expect(Object.hasOwn(out, 'stream')).toBe(false);
  });

  it('omits SDK controls', () => {
    expect(buildBody({ a: 1, signal: 'x' }, { omit: ['signal'] })).toEqual({ a: 1 });
  });

  it('never reads inherited keys or an own __proto__ key, at any depth', () => {
    const parsed = JSON.parse(
      '{"model":"I2V-01","__proto__":{"first_frame_image":"/etc/passwd"},"nested":{"__proto__":{"x":1},"y":2}}',
    );
    const inherited = Object.create({ secret: 'inherited' }) as Record<string, unknown>;
    inherited.own = 1;
    const out = buildBody(parsed);
    expect(out).toEqual({ model: 'I2V-01', nested: { y: 2 } });
    expect(Object.keys(out)).not.toContain('__proto__');
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect((out as Record<string, unknown>).first_frame_image).toBeUndefined();
    expect(buildBody(inherited)).toEqual({ own: 1 });
    expect(JSON.stringify(buildBody(parsed))).not.toContain('passwd');
  });

  it('keeps non-plain values (bytes, dates) as they are', () => {
    const bytes = new Uint8Array([1, 2]);
    const out = buildBody({ bytes });
    expect(out.bytes).toBe(bytes);
  });
});

describe('ownParams', () => {
  it.each([
    [null, 'null'],
    [undefined, 'undefined'],
    [42, 'a number'],
    ['text', 'a string'],
    [[1], 'an array'],
  ])('refuses %j with InvalidParameterError naming what it got', (value, what) => {
    expect(() => ownParams(value)).toThrow(InvalidParameterError);
    expect(() => ownParams(value)).toThrow(`params must be an object, got ${what}.`);
  });
});

describe('ownValue', () => {
  it('reads own keys only', () => {
    const proto = { a: 1 };
    const object = Object.create(proto) as Record<string, unknown>;
    object.b = 2;
    expect(ownValue(object, 'a')).toBeUndefined();
    expect(ownValue(object, 'b')).toBe(2);
    expect(ownValue(JSON.parse('{"__proto__":{"a":1}}'), '__proto__')).toBeUndefined();
    expect(ownValue(null, 'a')).toBeUndefined();
  });
});

describe('buildQuery', () => {
  it('sends scalars, joins lists, refuses objects', () => {
    expect(buildQuery({ purpose: 'voice_clone', page: 2, on: false, ids: ['1', '2'], no: null })).toEqual({
      purpose: 'voice_clone',
      page: 2,
      on: false,
      ids: '1,2',
    });
    expect(() => buildQuery({ nested: { a: 1 } })).toThrow(InvalidParameterError);
  });
});
