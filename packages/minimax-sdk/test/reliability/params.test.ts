/**
 * `null`, a number or a string where a method takes its params object is an
 * `InvalidParameterError`, in every method of every resource, before anything is sent. Before
 * this, 21 of 30 methods threw a `TypeError` reading a property of it, 9 of them synchronously
 * from a promise-returning method (a caller's `.catch()` never saw it).
 *
 * The methods are found by walking the client's resources, so a new one is covered without being
 * listed here. A promise-returning method rejects and never throws. A stream-returning method
 * hands back its stream object synchronously, and bad params throw `InvalidParameterError` from
 * the call itself (`streamText` documents this), so no stream is made for a request that cannot
 * be sent.
 */
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, type MiniMax } from '../../src/index.js';
import { fakeFetch, jsonResponse, testClient } from '../helpers/fake-fetch.js';

const BAD: Array<[string, unknown]> = [
  ['null', null],
  ['a number', 42],
  ['a string', 'a fox'],
];

/** Methods whose first argument is the request options, not params. */
const NO_PARAMS = new Set(['models.list', 'account.quota']);
/** Methods whose params come second (the first is the text to speak). */
const PARAMS_SECOND = new Set(['speech.streamText']);
/** Methods that return a stream object rather than a promise. */
const STREAMS = new Set([
  'text.createStream',
  'chat.createStream',
  'responses.createStream',
  'speech.ttsStream',
  'speech.transcribeStream',
  'speech.streamText',
  'music.generateStream',
]);

type Method = { name: string; call: (...args: unknown[]) => unknown };

/** Every public method of every resource of `client`, nested resources (`video.v2`) included. */
function methodsOf(client: MiniMax): Method[] {
  const found: Method[] = [];
  const visit = (target: object, prefix: string, depth: number) => {
    const names = new Set<string>();
    for (let proto = Object.getPrototypeOf(target); proto && proto !== Object.prototype; ) {
      for (const name of Object.getOwnPropertyNames(proto)) names.add(name);
      proto = Object.getPrototypeOf(proto);
    }
    for (const name of names) {
      if (name === 'constructor' || name.startsWith('_')) continue;
      const value = (target as Record<string, unknown>)[name];
      if (typeof value === 'function') {
        found.push({ name: `${prefix}${name}`, call: (...args) => value.apply(target, args) });
      }
    }
    if (depth > 0) return;
    for (const [name, value] of Object.entries(target)) {
      if (name.startsWith('_') || typeof value !== 'object' || value === null) continue;
      visit(value, `${prefix}${name}.`, depth + 1);
    }
  };
  for (const [name, value] of Object.entries(client)) {
    if (name.startsWith('_') || typeof value !== 'object' || value === null) continue;
    visit(value, `${name}.`, 0);
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

function setup() {
  const { fetch, calls } = fakeFetch(() => jsonResponse({ base_resp: { status_code: 0, status_msg: 'ok' } }));
  return { client: testClient(fetch, { maxRetries: 0, logLevel: 'off' }), calls };
}

describe('params that are not an object', () => {
  const methods = methodsOf(setup().client);

  it('the walk finds every resource method, and the lists above name real ones', () => {
    const names = methods.map((m) => m.name);
    expect(names.length).toBeGreaterThanOrEqual(50);
    for (const name of [...NO_PARAMS, ...PARAMS_SECOND, ...STREAMS]) expect(names).toContain(name);
    expect(names).toContain('video.v2.generate');
    expect(names).toContain('video.templates.wait');
  });

  for (const { name } of methods.filter((m) => !NO_PARAMS.has(m.name))) {
    const stream = STREAMS.has(name);
    it(`${name}: ${stream ? 'throws' : 'rejects with'} InvalidParameterError for null, a number or a string, sending nothing`, async () => {
      const { client, calls } = setup();
      const method = methodsOf(client).find((m) => m.name === name)!;
      for (const [label, value] of BAD) {
        const args = PARAMS_SECOND.has(name) ? ['Hello.', value] : [value];
        let result: unknown;
        let thrown: unknown;
        try {
          result = method.call(...args);
        } catch (error) {
          thrown = error;
        }
        if (stream) {
          expect(thrown, `${name}(${label})`).toBeInstanceOf(InvalidParameterError);
          continue;
        }
        expect(thrown, `${name}(${label}) threw synchronously`).toBeUndefined();
        expect(typeof (result as Promise<unknown>)?.then, `${name}(${label}) returns a promise`).toBe(
          'function',
        );
        const error = await (result as Promise<unknown>).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, `${name}(${label})`).toBeInstanceOf(InvalidParameterError);
      }
      expect(calls).toHaveLength(0);
    });
  }
});
