/** The API key must not surface anywhere a user or a log collector could see it. */
import { inspect } from 'node:util';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AudioStream } from '../../src/core/audio-stream.js';
import { levelledLogger } from '../../src/core/logger.js';
import { pollTask } from '../../src/core/poll.js';
import { openSSE } from '../../src/core/streaming.js';
import { type RequestOptions, readJSON } from '../../src/core/transport.js';
import { MiniMax, MiniMaxError, toFile } from '../../src/index.js';
import { fakeFetch, jsonResponse, ok, sseResponse } from '../helpers/fake-fetch.js';
import { closedPort, startServer, stopAllServers } from '../helpers/http-server.js';

const KEY = 'sk-redact-Zq8vW2xY7pLm3nB5tK9r';

interface Line {
  level: string;
  text: string;
}

function collectingLogger() {
  const lines: Line[] = [];
  const at =
    (level: string) =>
    (message: string, ...rest: unknown[]) =>
      lines.push({ level, text: [message, ...rest].map((v) => inspect(v, { depth: 10 })).join(' ') });
  return { lines, logger: { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') } };
}

/** Every view of a value a user might print. */
function views(value: unknown): string[] {
  const out = [
    inspect(value),
    inspect(value, { depth: Number.POSITIVE_INFINITY, showHidden: true }),
    inspect(value, {
      depth: Number.POSITIVE_INFINITY,
      showHidden: true,
      customInspect: false,
      getters: true,
    }),
    String(value),
  ];
  try {
    out.push(JSON.stringify(value) ?? '');
  } catch {
    // Circular structures cannot be serialised; inspect covers them.
  }
  if (value instanceof Error) {
    out.push(value.message, String(value.stack), value.toString());
    let cause: unknown = value.cause;
    while (cause) {
      out.push(inspect(cause, { depth: 10, showHidden: true }), String(cause));
      cause = (cause as { cause?: unknown }).cause;
    }
  }
  return out;
}

function expectNoKey(value: unknown, label: string): void {
  for (const view of views(value)) {
    expect(view.includes(KEY), `${label} leaks the key: ${view.slice(0, 300)}`).toBe(false);
  }
}

async function rejection(promise: PromiseLike<unknown>): Promise<MiniMaxError> {
  try {
    await promise;
  } catch (error) {
    return error as MiniMaxError;
  }
  throw new Error('expected a rejection');
}

let log: ReturnType<typeof collectingLogger>;
beforeEach(() => {
  vi.stubEnv('MINIMAX_API_KEY', undefined);
  vi.stubEnv('MINIMAX_LOG', undefined);
  log = collectingLogger();
});
afterEach(async () => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  await stopAllServers();
  // Every test logged at debug level; none of those lines may carry the key.
  for (const line of log.lines) expect(line.text.includes(KEY), `log line: ${line.text}`).toBe(false);
});

function client(fetchImpl: typeof fetch, extra: ConstructorParameters<typeof MiniMax>[0] = {}): MiniMax {
  return new MiniMax({
    apiKey: KEY,
    baseURL: 'https://api.test',
    fetch: fetchImpl,
    maxRetries: 0,
    logger: log.logger,
    logLevel: 'debug',
    ...extra,
  });
}

describe('the client object', () => {
  it('never shows the key', () => {
    const c = client(fakeFetch(() => jsonResponse({})).fetch);
    expectNoKey(c, 'client');
    expect(Object.keys(c).join(',')).not.toContain(KEY);
    for (const key of Reflect.ownKeys(c)) {
      const value = (c as unknown as Record<PropertyKey, unknown>)[key];
      expect(typeof value === 'string' && value.includes(KEY)).toBe(false);
    }
    expect(String(c)).not.toContain(KEY);
    expect(`${c}`).not.toContain(KEY);
    expectNoKey(c._transport, 'transport');
    for (const name of ['text', 'speech', 'voice', 'video', 'image', 'music', 'files'] as const) {
      expectNoKey(c[name], name);
    }
  });

  it('withOptions keeps the key (it is still sent) but still hides it', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({})));
    const clone = client(fetch).withOptions({ timeout: 5000 });
    expectNoKey(clone, 'clone');
    await clone._transport.request({ method: 'GET', path: '/v1/x' }, {}, readJSON);
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
  });

  it('a key taken from MINIMAX_API_KEY is hidden too', () => {
    vi.stubEnv('MINIMAX_API_KEY', KEY);
    const c = new MiniMax({ fetch: fakeFetch(() => jsonResponse({})).fetch, logLevel: 'off' });
    expectNoKey(c, 'env client');
  });
});

describe('errors from every path', () => {
  const call = (c: MiniMax, options: RequestOptions = {}) =>
    c._transport.request({ method: 'POST', path: '/v1/x', body: { a: 1 } }, options, readJSON);

  it('an API error (base_resp)', async () => {
    const c = client(
      fakeFetch(() => jsonResponse({ base_resp: { status_code: 1004, status_msg: 'bad key' } })).fetch,
    );
    expectNoKey(await rejection(call(c)), 'base_resp error');
  });

  it('an HTTP error with a text body', async () => {
    const c = client(fakeFetch(() => new Response('<h1>401</h1>', { status: 401 })).fetch);
    expectNoKey(await rejection(call(c)), 'HTTP error');
  });

  it('a 2xx that is not JSON', async () => {
    const c = client(fakeFetch(() => new Response('garbage')).fetch);
    expectNoKey(await rejection(call(c)), 'decode error');
  });

  it('a connection error from a custom fetch', async () => {
    const c = client(
      fakeFetch(() => {
        throw new TypeError('fetch failed', {
          cause: Object.assign(new Error('boom'), { code: 'ECONNRESET' }),
        });
      }).fetch,
    );
    expectNoKey(await rejection(call(c)), 'connection error');
  });

  it('a refused connection from real fetch (after retries)', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const port = await closedPort();
    const c = client(globalThis.fetch, { baseURL: `http://127.0.0.1:${port}`, maxRetries: 1 });
    expectNoKey(await rejection(call(c)), 'refused');
  });

  it('a timeout and an abort from real fetch', async () => {
    const server = await startServer(() => {});
    const c = client(globalThis.fetch, { baseURL: server.url, timeout: 100 });
    expectNoKey(await rejection(call(c)), 'timeout');
    const controller = new AbortController();
    const pending = rejection(call(c, { timeout: 60_000, signal: controller.signal }));
    setTimeout(() => controller.abort(), 20);
    expectNoKey(await pending, 'abort');
  });

  it('an invalid per-call option', async () => {
    const c = client(fakeFetch(() => jsonResponse({})).fetch);
    expectNoKey(await rejection(call(c, { maxRetries: -3 })), 'invalid option');
  });

  it('a stream that fails on its HTTP status and one that fails mid-stream', async () => {
    const failing = client(
      fakeFetch(() =>
        jsonResponse(
          { type: 'error', error: { type: 'authentication_error', message: 'no' } },
          { status: 401 },
        ),
      ).fetch,
    );
    const stream = openSSE(failing._transport, { method: 'POST', path: '/v1/s', body: {} });
    expectNoKey(await rejection(stream.events().next()), 'stream status error');
    expectNoKey(await rejection(stream.response), 'stream response');

    const mid = client(
      fakeFetch(() =>
        sseResponse([
          'data: {"data":{"audio":"00","status":1}}\n\n',
          'data: {"base_resp":{"status_code":1000,"status_msg":"boom"}}\n\n',
        ]),
      ).fetch,
    );
    const audio = new AudioStream(openSSE(mid._transport, { method: 'POST', path: '/v1/t2a_v2', body: {} }));
    const error = await rejection(
      (async () => {
        for await (const _ of audio) {
          // drain
        }
      })(),
    );
    expectNoKey(error, 'mid-stream error');
    expectNoKey(audio, 'audio stream');
  });

  it('construction errors', () => {
    for (const options of [{ baseURL: 'nope' }, { timeout: -1 }, { logLevel: 'loud' as never }]) {
      try {
        new MiniMax({ apiKey: KEY, ...options });
        throw new Error('expected a throw');
      } catch (error) {
        expect(error).toBeInstanceOf(MiniMaxError);
        expectNoKey(error, `construction ${JSON.stringify(options)}`);
      }
    }
  });

  it('poll and upload errors', async () => {
    const failed = await rejection(
      pollTask({
        task_id: 't-1',
        interval: 1,
        timeout: 1000,
        query: async () => ({ status: 'Fail', base_resp: { status_code: 1026, status_msg: 'unsafe' } }),
      }),
    );
    expectNoKey(failed, 'task failed');
    expectNoKey(await rejection(toFile('/definitely/not/here.mp3')), 'missing file');
  });
});

describe('log lines', () => {
  it('never carry the key at any level, on success, failure and retry', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const { fetch } = fakeFetch((_, i) =>
      i === 0 ? new Response('x', { status: 503 }) : jsonResponse(ok({ trace_id: 'tr' })),
    );
    const c = client(fetch, { maxRetries: 1 });
    await c._transport.request({ method: 'GET', path: '/v1/x' }, {}, readJSON);
    await c._download('https://cdn.example/file.mp3');
    expect(log.lines.some((l) => l.level === 'debug')).toBe(true);
    expect(log.lines.some((l) => l.level === 'info')).toBe(true);
  });

  it('the levelled logger scrubs the key from messages and string arguments at every level', () => {
    const seen: string[] = [];
    const sink = (message: string, ...rest: unknown[]) => seen.push([message, ...rest].join(' '));
    const logger = levelledLogger({ error: sink, warn: sink, info: sink, debug: sink }, 'debug', KEY);
    for (const level of ['error', 'warn', 'info', 'debug'] as const) {
      logger[level](`header Bearer ${KEY} at ${level}`, `extra ${KEY}`);
    }
    expect(seen).toHaveLength(4);
    for (const line of seen) {
      expect(line).not.toContain(KEY);
      expect(line).toContain('***');
    }
  });

  it('the levelled logger drops what is below its level', () => {
    const seen: string[] = [];
    const sink = (message: string) => seen.push(message);
    const target = { error: sink, warn: sink, info: sink, debug: sink };
    const expected = { off: 0, error: 1, warn: 2, info: 3, debug: 4 } as const;
    for (const [level, count] of Object.entries(expected)) {
      seen.length = 0;
      const logger = levelledLogger(target, level as keyof typeof expected, KEY);
      logger.error('e');
      logger.warn('w');
      logger.info('i');
      logger.debug('d');
      expect(seen).toHaveLength(count);
    }
  });
});
