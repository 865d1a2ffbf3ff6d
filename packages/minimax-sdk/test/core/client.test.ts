import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type HttpMethod, type RequestOptions, readJSON } from '../../src/core/transport.js';
import MiniMaxDefault, {
  AuthError,
  InvalidParameterError,
  MiniMax,
  type MiniMaxError,
  ServerError,
  VERSION,
} from '../../src/index.js';
import {
  fakeFetch,
  jsonResponse,
  ok,
  type RecordedRequest,
  TEST_KEY,
  testClient,
} from '../helpers/fake-fetch.js';

beforeEach(() => {
  // The runner's own environment must not leak into these tests.
  vi.stubEnv('MINIMAX_API_KEY', undefined);
  vi.stubEnv('MINIMAX_BASE_URL', undefined);
  vi.stubEnv('MINIMAX_LOG', undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
  vi.useRealTimers();
  vi.restoreAllMocks();
});

function okFetch() {
  return fakeFetch(() => jsonResponse(ok({ value: 1 })));
}

function send(
  client: MiniMax,
  method: HttpMethod = 'GET',
  path = '/v1/x',
  options: RequestOptions = {},
  body?: unknown,
) {
  return client._transport.request({ method, path, body }, options, readJSON);
}

function only(calls: RecordedRequest[]): RecordedRequest {
  expect(calls).toHaveLength(1);
  return calls[0] as RecordedRequest;
}

describe('construction and defaults', () => {
  it('exports the client as default and named export', () => {
    expect(MiniMaxDefault).toBe(MiniMax);
  });

  it('has the documented defaults', () => {
    const client = new MiniMax({ apiKey: 'k' });
    expect(client.baseURL).toBe('https://api.minimax.io');
    expect(client.timeout).toBe(600_000);
    expect(client.maxRetries).toBe(2);
    expect(client.pollInterval).toBe(5_000);
    expect(client.pollTimeout).toBe(600_000);
    expect(client.logLevel).toBe('warn');
  });

  it('builds every resource namespace', () => {
    const client = new MiniMax({ apiKey: 'k' });
    for (const name of ['text', 'speech', 'voice', 'video', 'image', 'music', 'files'] as const) {
      expect(client[name]).toBeTypeOf('object');
    }
  });

  it('stores explicit options', () => {
    const client = new MiniMax({
      apiKey: 'k',
      baseURL: 'http://127.0.0.1:9999',
      timeout: 1234,
      maxRetries: 5,
      pollInterval: 10,
      pollTimeout: 20,
      logLevel: 'debug',
    });
    expect(client).toMatchObject({
      baseURL: 'http://127.0.0.1:9999',
      timeout: 1234,
      maxRetries: 5,
      pollInterval: 10,
      pollTimeout: 20,
      logLevel: 'debug',
    });
  });

  it('throws AuthError (code 0) without a key', () => {
    expect(() => new MiniMax()).toThrow(AuthError);
    try {
      new MiniMax({});
    } catch (error) {
      expect((error as MiniMaxError).code).toBe(0);
      expect((error as MiniMaxError).message).toContain('MINIMAX_API_KEY');
    }
  });

  it('treats an empty key as missing, even with the env var set (seed: no fallback for "")', () => {
    vi.stubEnv('MINIMAX_API_KEY', 'from-env');
    expect(() => new MiniMax({ apiKey: '' })).toThrow(AuthError);
  });

  it('reads MINIMAX_API_KEY and sends it as a Bearer token', async () => {
    vi.stubEnv('MINIMAX_API_KEY', 'env-key');
    const { fetch, calls } = okFetch();
    await send(new MiniMax({ fetch }));
    expect(only(calls).headers.authorization).toBe('Bearer env-key');
  });

  it('prefers an explicit key over the env var', async () => {
    vi.stubEnv('MINIMAX_API_KEY', 'env-key');
    const { fetch, calls } = okFetch();
    await send(new MiniMax({ apiKey: 'explicit', fetch }));
    expect(only(calls).headers.authorization).toBe('Bearer explicit');
  });

  it('reads MINIMAX_BASE_URL; an explicit baseURL wins; an empty one falls back to the default', () => {
    vi.stubEnv('MINIMAX_BASE_URL', 'https://env.example');
    expect(new MiniMax({ apiKey: 'k' }).baseURL).toBe('https://env.example');
    expect(new MiniMax({ apiKey: 'k', baseURL: 'https://explicit.example' }).baseURL).toBe(
      'https://explicit.example',
    );
    vi.stubEnv('MINIMAX_BASE_URL', '');
    expect(new MiniMax({ apiKey: 'k' }).baseURL).toBe('https://api.minimax.io');
  });

  it('strips trailing slashes and keeps a base path', async () => {
    const { fetch, calls } = okFetch();
    const client = new MiniMax({ apiKey: 'k', fetch, baseURL: 'https://proxy.example/minimax/' });
    expect(client.baseURL).toBe('https://proxy.example/minimax');
    await send(client, 'GET', '/v1/x');
    expect(only(calls).url).toBe('https://proxy.example/minimax/v1/x');
    expect(new MiniMax({ apiKey: 'k', baseURL: 'https://a.example///' }).baseURL).toBe('https://a.example');
  });

  it.each(['not a url', 'ftp://files.example', 'ws://x.example', ''])('rejects baseURL %j', (baseURL) => {
    expect(() => new MiniMax({ apiKey: 'k', baseURL })).toThrow(InvalidParameterError);
  });

  it.each([
    ['timeout', -1],
    ['timeout', Number.NaN],
    ['maxRetries', -1],
    ['pollInterval', -5],
    ['pollTimeout', -5],
  ])('rejects %s = %s', (name, value) => {
    expect(() => new MiniMax({ apiKey: 'k', [name]: value })).toThrow(InvalidParameterError);
  });

  it('rejects an unknown logLevel and accepts any case', () => {
    expect(() => new MiniMax({ apiKey: 'k', logLevel: 'verbose' as never })).toThrow(InvalidParameterError);
    expect(new MiniMax({ apiKey: 'k', logLevel: 'DEBUG' as never }).logLevel).toBe('debug');
  });

  it('reads MINIMAX_LOG; the option wins; garbage in the env falls back to warn', () => {
    vi.stubEnv('MINIMAX_LOG', 'info');
    expect(new MiniMax({ apiKey: 'k' }).logLevel).toBe('info');
    expect(new MiniMax({ apiKey: 'k', logLevel: 'error' }).logLevel).toBe('error');
    vi.stubEnv('MINIMAX_LOG', 'loud');
    expect(new MiniMax({ apiKey: 'k' }).logLevel).toBe('warn');
  });

  it('close() is harmless, and the client still works afterwards', async () => {
    const { fetch, calls } = okFetch();
    const client = testClient(fetch);
    await expect(client.close()).resolves.toBeUndefined();
    await expect(client.close()).resolves.toBeUndefined();
    await client[Symbol.asyncDispose]();
    await send(client);
    expect(calls).toHaveLength(1);
  });
});

describe('browser guard', () => {
  it('refuses to run in a page unless dangerouslyAllowBrowser is set', () => {
    vi.stubGlobal('window', {});
    vi.stubGlobal('document', {});
    expect(() => new MiniMax({ apiKey: 'k' })).toThrow(/browser/i);
    expect(() => new MiniMax({ apiKey: 'k', dangerouslyAllowBrowser: true })).not.toThrow();
  });

  it('does not trip with only one of window / document', () => {
    vi.stubGlobal('window', {});
    expect(() => new MiniMax({ apiKey: 'k' })).not.toThrow();
  });
});

describe('withOptions', () => {
  it('overrides options, keeps the key and leaves the original alone', async () => {
    const { fetch, calls } = okFetch();
    const base = testClient(fetch, { timeout: 1000, maxRetries: 1 });
    const patient = base.withOptions({ timeout: 30_000, maxRetries: 5, pollInterval: 7 });
    expect(patient).toBeInstanceOf(MiniMax);
    expect(patient).not.toBe(base);
    expect(patient).toMatchObject({
      timeout: 30_000,
      maxRetries: 5,
      pollInterval: 7,
      baseURL: 'https://api.test',
    });
    expect(base).toMatchObject({ timeout: 1000, maxRetries: 1 });
    await send(patient);
    expect(only(calls).headers.authorization).toBe(`Bearer ${TEST_KEY}`);
  });

  it('can replace the key and the base URL', async () => {
    const { fetch, calls } = okFetch();
    const other = testClient(fetch).withOptions({ apiKey: 'other', baseURL: 'https://b.example/' });
    await send(other);
    expect(only(calls).url).toBe('https://b.example/v1/x');
    expect(only(calls).headers.authorization).toBe('Bearer other');
  });

  it('validates overrides', () => {
    expect(() => testClient(okFetch().fetch).withOptions({ timeout: -1 })).toThrow(InvalidParameterError);
  });
});

describe('request headers and bodies', () => {
  it('sends the user agent, the bearer key, accept and compact JSON', async () => {
    const seen: string[] = [];
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({})));
    const spy: typeof globalThis.fetch = (input, init) => {
      seen.push(String(init?.body));
      return fetch(input, init);
    };
    await send(testClient(spy), 'POST', '/v1/create', {}, { text: 'hi', n: 1 });
    const request = only(calls);
    expect(request.method).toBe('POST');
    expect(request.headers['user-agent']).toBe(`minimax-sdk-typescript/${VERSION}`);
    expect(request.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers.accept).toBe('application/json');
    expect(request.body).toEqual({ text: 'hi', n: 1 });
    expect(seen[0]).toBe('{"text":"hi","n":1}');
  });

  it('sends no content-type and no body for a GET', async () => {
    const { fetch, calls } = okFetch();
    await send(testClient(fetch));
    expect(only(calls).headers['content-type']).toBeUndefined();
    expect(only(calls).body).toBeUndefined();
  });

  it('adds defaultHeaders; per-call headers override them; null removes', async () => {
    const { fetch, calls } = okFetch();
    const client = testClient(fetch, { defaultHeaders: { 'X-Team': 'audio', 'X-Env': 'dev' } });
    await send(client, 'GET', '/v1/x', { headers: { 'x-env': 'prod', 'User-Agent': null, 'X-Extra': '1' } });
    const { headers } = only(calls);
    expect(headers['x-team']).toBe('audio');
    expect(headers['x-env']).toBe('prod');
    expect(headers['x-extra']).toBe('1');
    expect(headers['user-agent']).toBeUndefined();
  });

  it('lets defaultHeaders remove a built-in header with null', async () => {
    const { fetch, calls } = okFetch();
    await send(testClient(fetch, { defaultHeaders: { 'user-agent': null, accept: null } }));
    expect(only(calls).headers['user-agent']).toBeUndefined();
    expect(only(calls).headers.accept).toBeUndefined();
    expect(only(calls).headers.authorization).toBe(`Bearer ${TEST_KEY}`);
  });

  it('ignores undefined header values', async () => {
    const { fetch, calls } = okFetch();
    await send(testClient(fetch), 'GET', '/v1/x', { headers: { 'x-maybe': undefined } });
    expect('x-maybe' in only(calls).headers).toBe(false);
  });

  it('drops unset query values and keeps falsy ones', async () => {
    const { fetch, calls } = okFetch();
    await testClient(fetch)._transport.request(
      { method: 'GET', path: '/v1/q', query: { a: 0, b: '', c: false, d: undefined, e: null, f: 'x y' } },
      {},
      readJSON,
    );
    expect(only(calls).query).toEqual({ a: '0', b: '', c: 'false', f: 'x y' });
  });

  it('does not send the key to an absolute download URL', async () => {
    const { fetch, calls } = fakeFetch(() => new Response(new Uint8Array([1, 2, 3])));
    const client = testClient(fetch);
    const bytes = await client._download('https://cdn.example/file.mp3?sig=abc');
    expect(bytes).toEqual(new Uint8Array([1, 2, 3]));
    const request = only(calls);
    expect(request.url).toBe('https://cdn.example/file.mp3?sig=abc');
    expect(request.headers.authorization).toBeUndefined();
    expect(JSON.stringify(request.headers)).not.toContain(TEST_KEY);
    expect(request.headers['user-agent']).toBe(`minimax-sdk-typescript/${VERSION}`);
  });

  it('does not send the key even when the download URL is on the API host', async () => {
    const { fetch, calls } = fakeFetch(() => new Response('x'));
    await testClient(fetch)._download('https://api.test/files/1.mp3');
    expect(only(calls).headers.authorization).toBeUndefined();
  });

  it('maps a failed download to an SDK error', async () => {
    const { fetch } = fakeFetch(() => new Response('nope', { status: 403 }));
    await expect(testClient(fetch)._download('https://cdn.example/x')).rejects.toBeInstanceOf(AuthError);
  });

  it('returns a JSON file from a download as bytes, and still catches an error in disguise', async () => {
    const subtitles = JSON.stringify([{ text: 'hi', time_begin: 0 }]);
    const { fetch } = fakeFetch((request) =>
      request.path.endsWith('.json')
        ? new Response(subtitles, { headers: { 'content-type': 'application/json' } })
        : jsonResponse({ base_resp: { status_code: 1004, status_msg: 'auth' } }),
    );
    const client = testClient(fetch);
    expect(new TextDecoder().decode(await client._download('https://cdn.example/sub.json'))).toBe(subtitles);
    await expect(client._download('https://cdn.example/x.mp3')).rejects.toBeInstanceOf(AuthError);
  });
});

describe('withResponse', () => {
  it('gives data and the raw response', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse(ok({ value: 7 }), { status: 201, headers: { 'trace-id': 'tr-w', 'x-custom': 'yes' } }),
    );
    const promise = send(testClient(fetch));
    const { data, response } = await promise.withResponse();
    expect(data.value).toBe(7);
    expect(response).toBeInstanceOf(Response);
    expect(response.status).toBe(201);
    expect(response.headers.get('x-custom')).toBe('yes');
    expect(data.trace_id).toBe('tr-w');
    expect(await promise).toBe(data);
  });

  it('awaiting directly gives the data; then/catch/finally behave like a promise', async () => {
    const { fetch, calls } = okFetch();
    const promise = send(testClient(fetch));
    expect(await promise).toMatchObject({ value: 1 });
    expect(await promise.then((d) => d.value)).toBe(1);
    let finished = false;
    await promise.finally(() => {
      finished = true;
    });
    expect(finished).toBe(true);
    expect(calls).toHaveLength(1);
  });

  it('a rejected call used only through withResponse raises no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { fetch } = fakeFetch(() => new Response('down', { status: 500 }));
      const promise = send(testClient(fetch));
      await expect(promise.withResponse()).rejects.toBeInstanceOf(ServerError);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('a rejected call awaited directly rejects with the mapped error', async () => {
    const { fetch } = fakeFetch(() => new Response('down', { status: 500 }));
    const promise = send(testClient(fetch));
    await expect(promise).rejects.toBeInstanceOf(ServerError);
    await expect(promise.catch((e: unknown) => (e as MiniMaxError).status)).resolves.toBe(500);
  });
});

describe('per-call options', () => {
  it('rejects a negative or NaN per-call timeout before sending', async () => {
    const { fetch, calls } = okFetch();
    await expect(send(testClient(fetch), 'GET', '/v1/x', { timeout: -1 })).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
    await expect(send(testClient(fetch), 'GET', '/v1/x', { timeout: Number.NaN })).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
    expect(calls).toHaveLength(0);
  });
});

describe('logging', () => {
  function collector() {
    const lines: Array<{ level: string; line: string }> = [];
    const at =
      (level: string) =>
      (message: string, ...rest: unknown[]) =>
        lines.push({ level, line: [message, ...rest].map(String).join(' ') });
    return { lines, logger: { error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') } };
  }

  it('writes a debug line per attempt with method, path, status, attempt, elapsed and trace id', async () => {
    const { lines, logger } = collector();
    const { fetch } = fakeFetch(() => jsonResponse(ok({}), { headers: { 'trace-id': 'tr-log' } }));
    await send(testClient(fetch, { logger, logLevel: 'debug' }), 'POST', '/v1/t2a_v2', {}, {});
    const debug = lines.filter((l) => l.level === 'debug');
    expect(debug).toHaveLength(1);
    const line = debug[0]?.line ?? '';
    expect(line).toContain('POST');
    expect(line).toContain('/v1/t2a_v2');
    expect(line).toContain('status=200');
    expect(line).toContain('attempt=1');
    expect(line).toMatch(/elapsed=\d+ms/);
    expect(line).toContain('trace_id=tr-log');
  });

  it('logs failed attempts and retries, numbering the attempts', async () => {
    vi.useFakeTimers();
    const { lines, logger } = collector();
    const { fetch } = fakeFetch((_, i) =>
      i === 0 ? new Response('x', { status: 503, headers: { 'trace-id': 'tr-a' } }) : jsonResponse(ok({})),
    );
    const pending = send(testClient(fetch, { logger, logLevel: 'debug', maxRetries: 1 }));
    await vi.runAllTimersAsync();
    await pending;
    const debug = lines.filter((l) => l.level === 'debug').map((l) => l.line);
    expect(debug[0]).toContain('status=503');
    expect(debug[0]).toContain('attempt=1');
    expect(debug[0]).toContain('trace_id=tr-a');
    expect(debug[0]).toContain('ServerError');
    expect(debug[1]).toContain('attempt=2');
    expect(lines.some((l) => l.level === 'info' && l.line.includes('retrying'))).toBe(true);
  });

  it.each([
    ['off', 0, 0],
    ['error', 0, 0],
    ['warn', 0, 0],
    ['info', 1, 0],
    ['debug', 1, 2],
  ] as const)('level %s: %i info lines, %i debug lines', async (logLevel, infos, debugs) => {
    vi.useFakeTimers();
    const { lines, logger } = collector();
    const { fetch } = fakeFetch((_, i) =>
      i === 0 ? new Response('x', { status: 503 }) : jsonResponse(ok({})),
    );
    const pending = send(testClient(fetch, { logger, logLevel, maxRetries: 1 }));
    await vi.runAllTimersAsync();
    await pending;
    expect(lines.filter((l) => l.level === 'info')).toHaveLength(infos);
    expect(lines.filter((l) => l.level === 'debug')).toHaveLength(debugs);
  });

  it('takes the level from MINIMAX_LOG', async () => {
    vi.stubEnv('MINIMAX_LOG', 'debug');
    const { lines, logger } = collector();
    const { fetch } = okFetch();
    await send(new MiniMax({ apiKey: 'k', fetch, logger, baseURL: 'https://api.test' }));
    expect(lines.filter((l) => l.level === 'debug')).toHaveLength(1);
  });

  it('labels absolute downloads without their URL (signed URLs are secrets too)', async () => {
    const { lines, logger } = collector();
    const { fetch } = fakeFetch(() => new Response('x'));
    await testClient(fetch, { logger, logLevel: 'debug' })._download(
      'https://cdn.example/a.mp3?Signature=s3cr3t',
    );
    expect(lines.map((l) => l.line).join('\n')).not.toContain('s3cr3t');
  });
});
