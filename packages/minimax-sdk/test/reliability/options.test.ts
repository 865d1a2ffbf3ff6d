/**
 * Numeric options, on the client and per call, are finite numbers >= 0: anything else is refused
 * with an `InvalidParameterError` naming the option, as a rejected promise, before any request.
 * Before this check a string, `true` or `[]` timeout disabled the deadline (`'5' >= 0` is true),
 * NaN or a negative pollInterval polled in a tight loop and Infinity retried or waited forever.
 */
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, MiniMax } from '../../src/index.js';
import { fakeFetch, jsonResponse } from '../helpers/fake-fetch.js';

const BAD: Array<[string, unknown]> = [
  ['a string', '5'],
  ['true', true],
  ['an array', []],
  ['NaN', Number.NaN],
  ['a negative number', -1],
  ['Infinity', Number.POSITIVE_INFINITY],
];
const OPTIONS = ['timeout', 'maxRetries', 'pollInterval', 'pollTimeout'] as const;

const answer = () =>
  jsonResponse({
    task_id: 't-1',
    status: 'Processing',
    base_resp: { status_code: 0, status_msg: 'success' },
  });

function client() {
  const { fetch, calls } = fakeFetch(answer);
  return { client: new MiniMax({ apiKey: 'k', fetch, logLevel: 'off', maxRetries: 0 }), calls };
}

/** Calls `run` and checks that it returned a promise that rejected (no synchronous throw). */
async function rejection(run: () => Promise<unknown>): Promise<unknown> {
  let promise: Promise<unknown>;
  try {
    promise = run();
  } catch (error) {
    throw new Error(`threw synchronously: ${String(error)}`);
  }
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe('option validation', () => {
  for (const name of OPTIONS) {
    for (const [label, value] of BAD) {
      it(`client ${name}: ${label} is refused at construction, naming the option`, () => {
        expect(() => new MiniMax({ apiKey: 'k', logLevel: 'off', [name]: value })).toThrow(
          expect.objectContaining({ name: 'InvalidParameterError', message: expect.stringContaining(name) }),
        );
      });

      it(`per-call ${name}: ${label} rejects before any request (files.list, video.textToVideo, video.wait)`, async () => {
        const { client: c, calls } = client();
        const options = { [name]: value } as never;
        for (const run of [
          () => c.files.list({ purpose: 'voice_clone' }, options),
          () => c.video.textToVideo({ prompt: 'a fox' }, options),
          () => c.video.wait({ task_id: 't-1' }, options),
        ]) {
          const error = await rejection(run);
          expect(error).toBeInstanceOf(InvalidParameterError);
          expect((error as Error).message).toContain(name);
        }
        expect(calls).toHaveLength(0);
      });
    }
  }

  it('a non-function onProgress is refused before the creating POST', async () => {
    const { client: c, calls } = client();
    const error = await rejection(() =>
      c.video.textToVideo({ prompt: 'a fox' }, { onProgress: 'log' as never }),
    );
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as Error).message).toContain('onProgress');
    expect(calls).toHaveLength(0);
  });

  it('0 keeps its meaning and fractional values are accepted', async () => {
    const { client: c, calls } = client();
    await expect(
      c.files.list({ purpose: 'voice_clone' }, { timeout: 0, maxRetries: 0.5 }),
    ).resolves.toBeDefined();
    expect(calls).toHaveLength(1);
    expect(new MiniMax({ apiKey: 'k', logLevel: 'off', timeout: 0, pollInterval: 0 }).timeout).toBe(0);
  });

  it.each([
    ['apiKey', 42, 'apiKey must be a string'],
    ['baseURL', 'not a url', 'baseURL is not a valid URL'],
    ['baseURL', 'ftp://example.com', 'baseURL must start with http'],
    ['region', 'mars', 'region must be one of'],
    ['logLevel', 'verbose', 'logLevel must be off, error, warn, info or debug'],
    ['fetch', 'nope', 'fetch must be a function'],
    ['defaultHeaders', 'x-team: audio', 'defaultHeaders must be an object'],
    ['defaultHeaders', ['x-team'], 'defaultHeaders must be an object'],
    ['defaultHeaders', { 'x-team': 7 }, 'defaultHeaders["x-team"] must be a string'],
    ['logger', 'console', 'logger must be an object'],
    ['logger', { warn() {} }, 'logger.error must be a function'],
  ])('client %s: %j is refused at construction, naming the option', (name, value, message) => {
    const { fetch } = fakeFetch(answer);
    expect(() => new MiniMax({ apiKey: 'k', fetch, logLevel: 'off', [name]: value })).toThrow(
      expect.objectContaining({ name: 'InvalidParameterError', message: expect.stringContaining(message) }),
    );
  });
});
