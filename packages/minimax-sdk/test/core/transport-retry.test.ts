import fc from 'fast-check';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { MiniMax } from '../../src/client.js';
import {
  type HttpMethod,
  MAX_RETRY_AFTER_MS,
  MAX_RETRY_DELAY_MS,
  neverReachedServer,
  type RequestOptions,
  readJSON,
  retryAfterMs,
  retryDelayMs,
  shouldRetry,
} from '../../src/core/transport.js';
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  AuthError,
  InvalidParameterError,
  MiniMaxError,
  RateLimitError,
  ServerError,
} from '../../src/index.js';
import { fakeFetch, jsonResponse, ok, testClient } from '../helpers/fake-fetch.js';
import { closedPort, startServer, stopAllServers } from '../helpers/http-server.js';

type Outcome = { ok: true; value: unknown } | { ok: false; error: MiniMaxError };

function call(client: MiniMax, method: HttpMethod, options: RequestOptions = {}): Promise<Outcome> {
  const spec =
    method === 'POST' ? { method, path: '/v1/create', body: { a: 1 } } : { method, path: '/v1/get' };
  return client._transport.request(spec, options, readJSON).then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error: error as MiniMaxError }),
  );
}

function refused(): TypeError {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), { code: 'ECONNREFUSED' }),
  });
}

function socketClosed(): TypeError {
  return new TypeError('fetch failed', {
    cause: Object.assign(new Error('other side closed'), { code: 'UND_ERR_SOCKET' }),
  });
}

const codeBody = (code: number) => ({ base_resp: { status_code: code, status_msg: `code ${code}` } });

describe('retryDelayMs', () => {
  it('stays within full-jitter bounds with a cap (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 40 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        (retry, r) => {
          const delay = retryDelayMs(retry, undefined, () => r);
          const ceiling = Math.min(8000, 500 * 2 ** retry);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(ceiling);
          expect(delay).toBeCloseTo(r * ceiling, 6);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('grows exponentially up to the cap', () => {
    const top = () => 1;
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => retryDelayMs(n, undefined, top))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
    expect(MAX_RETRY_DELAY_MS).toBe(8000);
    expect(retryDelayMs(3, undefined, () => 0)).toBe(0);
  });

  it('honours retry-after-ms, then Retry-After in seconds', () => {
    expect(retryDelayMs(0, new Headers({ 'retry-after-ms': '1234' }), () => 0.5)).toBe(1234);
    expect(retryDelayMs(0, new Headers({ 'retry-after': '3' }), () => 0.5)).toBe(3000);
    expect(retryDelayMs(0, new Headers({ 'retry-after': '1.5' }), () => 0.5)).toBe(1500);
    expect(retryDelayMs(0, new Headers({ 'retry-after-ms': '10', 'retry-after': '3' }), () => 0.5)).toBe(10);
  });

  it('honours Retry-After as an HTTP date', () => {
    const now = Date.now();
    const date = new Date(Math.ceil(now / 1000) * 1000 + 5000).toUTCString();
    const delay = retryAfterMs(new Headers({ 'retry-after': date }), now);
    expect(delay).toBeGreaterThan(4000);
    expect(delay).toBeLessThanOrEqual(6000);
    // RFC 850 and asctime forms are valid HTTP dates too.
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sunday, 06-Nov-94 08:49:37 GMT' }), 0)).toBeGreaterThan(
      0,
    );
    expect(retryAfterMs(new Headers({ 'retry-after': 'Sun Nov  6 08:49:37 1994' }), 0)).toBeGreaterThan(0);
  });

  it('clamps hints to [0, 60 000]', () => {
    expect(MAX_RETRY_AFTER_MS).toBe(60_000);
    expect(retryDelayMs(0, new Headers({ 'retry-after': '3600' }), () => 0.5)).toBe(60_000);
    expect(retryDelayMs(0, new Headers({ 'retry-after-ms': '999999999' }), () => 0.5)).toBe(60_000);
    expect(retryDelayMs(0, new Headers({ 'retry-after': '-5' }), () => 0.5)).toBe(0);
    expect(retryDelayMs(0, new Headers({ 'retry-after-ms': '-100' }), () => 0.5)).toBe(0);
    const past = new Date(Date.now() - 60_000).toUTCString();
    expect(retryDelayMs(0, new Headers({ 'retry-after': past }), () => 0.5)).toBe(0);
    const farFuture = new Date(Date.now() + 10 * 60_000).toUTCString();
    expect(retryDelayMs(0, new Headers({ 'retry-after': farFuture }), () => 0.5)).toBe(60_000);
  });

  it('ignores garbage and falls back to backoff', () => {
    for (const value of ['soon', 'hello 2020', '', '  ', 'NaN', '1 2', 'tomorrow at 5']) {
      expect(retryAfterMs(new Headers({ 'retry-after': value }))).toBeUndefined();
      expect(retryDelayMs(1, new Headers({ 'retry-after': value }), () => 0.5)).toBe(500);
    }
    expect(retryDelayMs(1, new Headers({ 'retry-after-ms': 'abc' }), () => 0.5)).toBe(500);
    expect(retryAfterMs(undefined)).toBeUndefined();
  });

  it('never yields a delay outside [0, 60 000] for any header value (property)', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.integer({ min: 0, max: 30 }), (ms, after, retry) => {
        const headers = new Headers();
        // Header values cannot hold control characters; keep what fetch itself would accept.
        const clean = (s: string) => s.replace(/[^\x20-\x7e]/g, '');
        headers.set('retry-after-ms', clean(ms));
        headers.set('retry-after', clean(after));
        const delay = retryDelayMs(retry, headers);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(60_000);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('shouldRetry / neverReachedServer', () => {
  it('knows which transport failures prove the request never left', () => {
    expect(neverReachedServer(refused())).toBe(true);
    for (const code of ['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'UND_ERR_CONNECT_TIMEOUT']) {
      expect(neverReachedServer(Object.assign(new Error(code), { code }))).toBe(true);
    }
    expect(neverReachedServer(socketClosed())).toBe(false);
    expect(neverReachedServer(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(false);
    expect(neverReachedServer(new TypeError('fetch failed'))).toBe(false);
    expect(neverReachedServer(undefined)).toBe(false);
  });

  it('replays POSTs only when the server asked for it or never saw them', () => {
    const conn = (cause: unknown) => new APIConnectionError('x', { cause });
    expect(shouldRetry('POST', conn(refused()), undefined)).toBe(true);
    expect(shouldRetry('POST', conn(socketClosed()), undefined)).toBe(false);
    expect(shouldRetry('GET', conn(socketClosed()), undefined)).toBe(true);
    expect(shouldRetry('POST', new APITimeoutError('t'), undefined)).toBe(false);
    expect(shouldRetry('GET', new APITimeoutError('t'), undefined)).toBe(true);
    expect(shouldRetry('POST', new ServerError('s', { status: 503, code: 503 }), undefined)).toBe(true);
    expect(shouldRetry('POST', new RateLimitError('r', { status: 200, code: 1039 }), undefined)).toBe(true);
    expect(shouldRetry('GET', new AuthError('a', { status: 401, code: 401 }), undefined)).toBe(false);
    expect(shouldRetry('GET', new APIUserAbortError(), undefined)).toBe(false);
    expect(shouldRetry('GET', new MiniMaxError('decode'), undefined)).toBe(false);
  });
});

describe('retries with a fake fetch (fake timers)', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  async function run(client: MiniMax, method: HttpMethod, options: RequestOptions = {}): Promise<Outcome> {
    const pending = call(client, method, options);
    await vi.runAllTimersAsync();
    const outcome = await pending;
    expect(vi.getTimerCount()).toBe(0);
    return outcome;
  }

  it.each([1000, 1001, 1002, 1024, 1033, 1039, 1041, 2045])(
    'retries code %i: maxRetries + 1 attempts, POST included',
    async (code) => {
      const { fetch, calls } = fakeFetch(() => jsonResponse(codeBody(code)));
      const outcome = await run(testClient(fetch, { maxRetries: 2 }), 'POST');
      expect(calls).toHaveLength(3);
      expect(outcome.ok).toBe(false);
      expect((outcome as { error: MiniMaxError }).error.code).toBe(code);
    },
  );

  it.each([1004, 1008, 1026, 1027, 1042, 2013, 2049, 9999])('does not retry code %i', async (code) => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(codeBody(code)));
    const outcome = await run(testClient(fetch, { maxRetries: 3 }), 'GET');
    expect(calls).toHaveLength(1);
    expect((outcome as { error: MiniMaxError }).error.code).toBe(code);
  });

  it.each([408, 409, 429, 500, 502, 503, 504, 529])('retries HTTP %i, POST included', async (status) => {
    const { fetch, calls } = fakeFetch(() => new Response('busy', { status }));
    const outcome = await run(testClient(fetch, { maxRetries: 2 }), 'POST');
    expect(calls).toHaveLength(3);
    expect((outcome as { error: MiniMaxError }).error.status).toBe(status);
  });

  it.each([400, 401, 402, 403, 404, 413, 422])('does not retry HTTP %i', async (status) => {
    const { fetch, calls } = fakeFetch(() => jsonResponse({ error: 'no' }, { status }));
    await run(testClient(fetch, { maxRetries: 3 }), 'GET');
    expect(calls).toHaveLength(1);
  });

  it('recovers when a retry succeeds', async () => {
    const { fetch, calls } = fakeFetch((_, i) =>
      i < 2 ? new Response('oops', { status: 500 }) : jsonResponse(ok({ done: true })),
    );
    const outcome = await run(testClient(fetch, { maxRetries: 2 }), 'POST');
    expect(calls).toHaveLength(3);
    expect(outcome).toMatchObject({ ok: true, value: { done: true } });
  });

  it('uses the default of 2 retries', async () => {
    const { fetch, calls } = fakeFetch(() => new Response('x', { status: 503 }));
    await run(testClient(fetch, { maxRetries: undefined }), 'GET');
    expect(calls).toHaveLength(3);
  });

  it.each([
    [0, undefined, 1],
    [5, undefined, 6],
    [2, 0, 1],
    [0, 4, 5],
    [2, 1, 2],
  ])('client maxRetries %s, per-call %s: %i attempts', async (clientRetries, callRetries, attempts) => {
    const { fetch, calls } = fakeFetch(() => new Response('x', { status: 500 }));
    await run(testClient(fetch, { maxRetries: clientRetries }), 'GET', { maxRetries: callRetries });
    expect(calls).toHaveLength(attempts);
  });

  it.each([Number.NaN, -1])('rejects per-call maxRetries %s before sending', async (maxRetries) => {
    const { fetch, calls } = fakeFetch(() => new Response('x', { status: 500 }));
    const outcome = await run(testClient(fetch), 'GET', { maxRetries });
    expect((outcome as { error: MiniMaxError }).error).toBeInstanceOf(InvalidParameterError);
    expect(calls).toHaveLength(0);
  });

  it('waits a jittered backoff between attempts', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const { fetch, calls } = fakeFetch(() => new Response('x', { status: 500 }));
    const pending = call(testClient(fetch, { maxRetries: 2 }), 'GET');
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(249);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(499);
    expect(calls).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(3);
    expect(await pending).toMatchObject({ ok: false });
  });

  it.each([
    [{ 'retry-after': '3' }, 3000],
    [{ 'retry-after-ms': '1500' }, 1500],
    [{ 'retry-after': 'Tue, 01 Jan 2030 00:00:05 GMT' }, 5000],
    [{ 'retry-after': '3600' }, 60_000],
    [{ 'retry-after': '-7' }, 0],
  ])('honours %o as a %i ms wait', async (headers, wait) => {
    vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
    const { fetch, calls } = fakeFetch((_, i) =>
      i === 0 ? new Response('slow down', { status: 429, headers }) : jsonResponse(ok({})),
    );
    const pending = call(testClient(fetch, { maxRetries: 1 }), 'POST');
    if (wait > 0) {
      await vi.advanceTimersByTimeAsync(wait - 1);
      expect(calls).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(1);
    } else {
      await vi.advanceTimersByTimeAsync(0);
    }
    expect(calls).toHaveLength(2);
    expect(await pending).toMatchObject({ ok: true });
  });

  it('honours Retry-After on a retryable base_resp code', async () => {
    const { fetch, calls } = fakeFetch((_, i) =>
      i === 0 ? jsonResponse(codeBody(1002), { headers: { 'retry-after': '7' } }) : jsonResponse(ok({})),
    );
    const pending = call(testClient(fetch, { maxRetries: 1 }), 'POST');
    await vi.advanceTimersByTimeAsync(6999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    expect(await pending).toMatchObject({ ok: true });
  });

  it('replays a POST after connection refused', async () => {
    const { fetch, calls } = fakeFetch(() => {
      throw refused();
    });
    const outcome = await run(testClient(fetch, { maxRetries: 2 }), 'POST');
    expect(calls).toHaveLength(3);
    const { error } = outcome as { error: MiniMaxError };
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain('ECONNREFUSED');
    expect(error.code).toBe(0);
    expect(error.status).toBeUndefined();
  });

  it('recovers a POST after one refused connection', async () => {
    const { fetch, calls } = fakeFetch((_, i) => {
      if (i === 0) throw refused();
      return jsonResponse(ok({ id: 1 }));
    });
    const outcome = await run(testClient(fetch, { maxRetries: 2 }), 'POST');
    expect(calls).toHaveLength(2);
    expect(outcome).toMatchObject({ ok: true, value: { id: 1 } });
  });

  it.each([
    ['a socket closed after sending', socketClosed],
    ['a bare fetch failure', () => new TypeError('fetch failed')],
    ['a reset', () => Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' })],
  ])('does not replay a POST after %s, but does replay a GET', async (_name, makeError) => {
    const post = fakeFetch(() => {
      throw makeError();
    });
    const postOutcome = await run(testClient(post.fetch, { maxRetries: 2 }), 'POST');
    expect(post.calls).toHaveLength(1);
    expect((postOutcome as { error: MiniMaxError }).error).toBeInstanceOf(APIConnectionError);

    const get = fakeFetch(() => {
      throw makeError();
    });
    await run(testClient(get.fetch, { maxRetries: 2 }), 'GET');
    expect(get.calls).toHaveLength(3);
  });

  it('rejects at once when aborted during a retry sleep, leaving no timer', async () => {
    const { fetch, calls } = fakeFetch(() => new Response('x', { status: 503 }));
    const controller = new AbortController();
    const pending = call(testClient(fetch, { maxRetries: 5 }), 'GET', { signal: controller.signal });
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    const outcome = await pending;
    expect((outcome as { error: MiniMaxError }).error).toBeInstanceOf(APIUserAbortError);
    expect(vi.getTimerCount()).toBe(0);
    expect(calls).toHaveLength(1);
  });
});

describe('replay rules against a real server', () => {
  beforeEach(() => {
    // No backoff: these tests count requests, not delays.
    vi.spyOn(Math, 'random').mockReturnValue(0);
  });
  afterEach(async () => {
    vi.restoreAllMocks();
    await stopAllServers();
  });

  it('does not replay a POST reset after the request was read; replays a GET', async () => {
    const server = await startServer((req) => {
      req.resume();
      req.on('end', () => req.socket.destroy());
    });
    const client = testClient(globalThis.fetch, { baseURL: server.url, maxRetries: 2 });
    const post = await call(client, 'POST');
    expect(post.ok).toBe(false);
    expect((post as { error: MiniMaxError }).error).toBeInstanceOf(APIConnectionError);
    expect(server.requests).toBe(1);

    const get = await call(client, 'GET');
    expect((get as { error: MiniMaxError }).error).toBeInstanceOf(APIConnectionError);
    expect(server.requests).toBe(4);
  });

  it('does not replay a POST after a read timeout (stalled response); replays a GET', async () => {
    const server = await startServer((req) => {
      req.resume();
    });
    const client = testClient(globalThis.fetch, { baseURL: server.url, maxRetries: 2, timeout: 150 });
    const post = await call(client, 'POST');
    expect((post as { error: MiniMaxError }).error).toBeInstanceOf(APITimeoutError);
    expect(server.requests).toBe(1);

    const get = await call(client, 'GET');
    expect((get as { error: MiniMaxError }).error).toBeInstanceOf(APITimeoutError);
    expect(server.requests).toBe(4);
  });

  it('does not replay a POST whose body stalled after the headers', async () => {
    const server = await startServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
    });
    const client = testClient(globalThis.fetch, { baseURL: server.url, maxRetries: 2, timeout: 150 });
    const post = await call(client, 'POST');
    expect((post as { error: MiniMaxError }).error).toBeInstanceOf(APITimeoutError);
    expect(server.requests).toBe(1);
  });

  it('replays a POST after a retryable status from a real server', async () => {
    const server = await startServer((req, res, i) => {
      req.resume();
      if (i < 2) res.writeHead(503).end('<html>down</html>');
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ok({ n: i })));
    });
    const client = testClient(globalThis.fetch, { baseURL: server.url, maxRetries: 2 });
    const post = await call(client, 'POST');
    expect(post).toMatchObject({ ok: true, value: { n: 2 } });
    expect(server.requests).toBe(3);
  });

  it('replays a POST to a closed port (connection refused)', async () => {
    const port = await closedPort();
    let attempts = 0;
    const counting: typeof fetch = (input, init) => {
      attempts++;
      return globalThis.fetch(input, init);
    };
    const client = testClient(counting, { baseURL: `http://127.0.0.1:${port}`, maxRetries: 2 });
    const post = await call(client, 'POST');
    const { error } = post as { error: MiniMaxError };
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(error.message).toContain('ECONNREFUSED');
    expect(attempts).toBe(3);
  });
});
