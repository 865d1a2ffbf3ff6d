/**
 * Deadlines and cancellation against a real loopback server: only real sockets show whether a
 * stalled body, an abort or a stream break actually releases the connection.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { MiniMax } from '../../src/client.js';
import { AudioStream } from '../../src/core/audio-stream.js';
import { openSSE } from '../../src/core/streaming.js';
import { type RequestOptions, readJSON } from '../../src/core/transport.js';
import { APITimeoutError, APIUserAbortError, type MiniMaxError } from '../../src/index.js';
import { fakeFetch, TEST_KEY, testClient } from '../helpers/fake-fetch.js';
import { startServer, stopAllServers, type TestServer } from '../helpers/http-server.js';

afterEach(async () => {
  vi.restoreAllMocks();
  await stopAllServers();
});

/** Fails the test instead of hanging when `promise` does not settle in time. */
function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not within ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

function client(server: TestServer, timeout: number): MiniMax {
  return testClient(globalThis.fetch, { baseURL: server.url, timeout, maxRetries: 0 });
}

function getJSON(c: MiniMax, options: RequestOptions = {}, path = '/v1/x') {
  return c._transport.request({ method: 'GET', path }, options, readJSON);
}

async function failure(promise: Promise<unknown>): Promise<MiniMaxError> {
  try {
    await promise;
  } catch (error) {
    return error as MiniMaxError;
  }
  throw new Error('expected a rejection');
}

const sseHead = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };
const event = (n: number) => `data: {"n":${n}}\n\n`;

describe('per-attempt deadline', () => {
  it('fails a stalled body with APITimeoutError near the deadline and closes the socket', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"a":');
    });
    const started = Date.now();
    const error = await within(failure(getJSON(client(server, 200))), 5000, 'stalled body');
    const elapsed = Date.now() - started;
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(error.code).toBe(0);
    expect(elapsed).toBeGreaterThanOrEqual(150);
    expect(elapsed).toBeLessThan(2000);
    await within(server.nextClose(0), 2000, 'socket close');
  });

  it('fails a server that never answers with APITimeoutError', async () => {
    const server = await startServer(() => {});
    const started = Date.now();
    const error = await within(failure(getJSON(client(server, 200))), 5000, 'silent server');
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(Date.now() - started).toBeLessThan(2000);
    await within(server.nextClose(0), 2000, 'socket close');
  });

  it('bounds the whole exchange: a slow-but-steady plain body still times out', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"parts":[');
      for (let i = 0; i < 20 && !res.destroyed; i++) {
        res.write(`${i},`);
        await delay(50);
      }
      res.end('0]}');
    });
    const error = await within(failure(getJSON(client(server, 300))), 5000, 'slow body');
    expect(error).toBeInstanceOf(APITimeoutError);
  });

  it('lets a per-call timeout override the client one', async () => {
    const server = await startServer(() => {});
    const started = Date.now();
    const error = await within(failure(getJSON(client(server, 60_000), { timeout: 150 })), 5000, 'per-call');
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('does not time out an answer that arrives in time', async () => {
    const server = await startServer(async (_req, res) => {
      await delay(50);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await expect(getJSON(client(server, 1000))).resolves.toMatchObject({ ok: true });
  });

  it('does not fire early for a timeout beyond the setTimeout range', async () => {
    const server = await startServer(async (_req, res) => {
      await delay(100);
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
    await expect(getJSON(client(server, 3_000_000_000))).resolves.toMatchObject({ ok: true });
  });
});

describe('stream deadline (idle timeout)', () => {
  async function collect(c: MiniMax, options: RequestOptions = {}, onEvent?: () => Promise<void>) {
    const connection = openSSE(c._transport, { method: 'POST', path: '/v1/stream', body: {} }, options);
    const seen: string[] = [];
    try {
      for await (const e of connection.events()) {
        seen.push(e.data);
        if (onEvent) await onEvent();
      }
      return { seen, error: undefined };
    } catch (error) {
      return { seen, error: error as MiniMaxError };
    }
  }

  it('fails a stream that goes silent after some events, and closes the socket', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, sseHead);
      res.write(event(1));
      res.write(event(2));
    });
    const started = Date.now();
    const { seen, error } = await within(collect(client(server, 200)), 5000, 'stalled stream');
    expect(seen).toEqual(['{"n":1}', '{"n":2}']);
    expect(error).toBeInstanceOf(APITimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(Date.now() - started).toBeLessThan(2000);
    await within(server.nextClose(0), 2000, 'socket close');
  });

  it('keeps a slow-but-steady stream alive past the total timeout', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, sseHead);
      for (let i = 0; i < 8 && !res.destroyed; i++) {
        res.write(event(i));
        await delay(80);
      }
      res.end();
    });
    const started = Date.now();
    const { seen, error } = await within(collect(client(server, 300)), 5000, 'steady stream');
    expect(error).toBeUndefined();
    expect(seen).toHaveLength(8);
    expect(Date.now() - started).toBeGreaterThan(300);
  });

  it('gives the wait after late headers a full deadline of its own', async () => {
    const server = await startServer(async (_req, res) => {
      await delay(250);
      res.writeHead(200, sseHead);
      res.flushHeaders();
      await delay(250);
      for (let i = 0; i < 2 && !res.destroyed; i++) {
        res.write(event(i));
        await delay(250);
      }
      res.end();
    });
    const { seen, error } = await within(collect(client(server, 450)), 5000, 'late headers');
    expect(error).toBeUndefined();
    expect(seen).toHaveLength(2);
  });

  it('does not count a slow consumer against the server', async () => {
    const server = await startServer(async (_req, res) => {
      res.writeHead(200, sseHead);
      for (let i = 0; i < 4 && !res.destroyed; i++) {
        res.write(event(i));
        await delay(30);
      }
      res.end();
    });
    const { seen, error } = await within(
      collect(client(server, 200), {}, () => delay(300)),
      8000,
      'slow consumer',
    );
    expect(error).toBeUndefined();
    expect(seen).toHaveLength(4);
  });
});

describe('abort', () => {
  it('rejects at once while connecting to a server that never answers, and closes the socket', async () => {
    const server = await startServer(() => {});
    const controller = new AbortController();
    const pending = failure(getJSON(client(server, 60_000), { signal: controller.signal }));
    await delay(100);
    expect(server.requests).toBe(1);
    const aborted = Date.now();
    controller.abort();
    const error = await within(pending, 2000, 'abort');
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(Date.now() - aborted).toBeLessThan(200);
    await within(server.nextClose(0), 2000, 'socket close');
  });

  it('rejects at once during the body, and closes the socket', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"slow":');
    });
    const controller = new AbortController();
    const pending = failure(getJSON(client(server, 60_000), { signal: controller.signal }));
    await delay(100);
    const aborted = Date.now();
    controller.abort();
    const error = await within(pending, 2000, 'abort');
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(Date.now() - aborted).toBeLessThan(200);
    await within(server.nextClose(0), 2000, 'socket close');
  });

  it('rejects a stream read at once when the caller signal aborts, and closes the socket', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, sseHead);
      res.write(event(1));
    });
    const controller = new AbortController();
    const connection = openSSE(
      client(server, 60_000)._transport,
      { method: 'POST', path: '/v1/stream', body: {} },
      { signal: controller.signal },
    );
    const iterator = connection.events();
    expect((await iterator.next()).value?.data).toBe('{"n":1}');
    const next = failure(iterator.next());
    await delay(50);
    const aborted = Date.now();
    controller.abort();
    expect(await within(next, 2000, 'abort')).toBeInstanceOf(APIUserAbortError);
    expect(Date.now() - aborted).toBeLessThan(200);
    await within(server.nextClose(0), 2000, 'socket close');
  });

  it('stream.abort() rejects the pending read and closes the socket', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, sseHead);
      res.write('data: {"data":{"audio":"00ff","status":1}}\n\n');
    });
    const stream = new AudioStream(
      openSSE(client(server, 60_000)._transport, { method: 'POST', path: '/v1/t2a_v2', body: {} }),
    );
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual(new Uint8Array([0, 255]));
    const next = failure(iterator.next());
    await delay(50);
    stream.abort();
    expect(await within(next, 2000, 'abort')).toBeInstanceOf(APIUserAbortError);
    await within(server.nextClose(0), 2000, 'socket close');
  });

  it('closes the connection when the consumer breaks out of for await', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, sseHead);
      res.write(event(1));
      res.write(event(2));
    });
    const connection = openSSE(client(server, 60_000)._transport, { method: 'POST', path: '/s', body: {} });
    for await (const e of connection.events()) {
      expect(e.data).toBe('{"n":1}');
      break;
    }
    await within(server.nextClose(0), 2000, 'socket close');
  });

  it('rejects at once during a retry sleep (real timers)', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0.999);
    const server = await startServer((_req, res) => {
      res.writeHead(503).end('busy');
    });
    const controller = new AbortController();
    const c = testClient(globalThis.fetch, { baseURL: server.url, maxRetries: 3 });
    const pending = failure(getJSON(c, { signal: controller.signal }));
    await delay(100);
    expect(server.requests).toBe(1);
    const aborted = Date.now();
    controller.abort();
    expect(await within(pending, 2000, 'abort')).toBeInstanceOf(APIUserAbortError);
    expect(Date.now() - aborted).toBeLessThan(200);
    expect(server.requests).toBe(1);
  });

  it('never sends when the signal is already aborted (real server)', async () => {
    const server = await startServer((_req, res) => {
      res.end('{}');
    });
    const error = await failure(getJSON(client(server, 60_000), { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    await delay(50);
    expect(server.requests).toBe(0);
    expect(server.connections).toBe(0);
  });

  it('never calls a custom fetch when the signal is already aborted', async () => {
    const { fetch, calls } = fakeFetch(() => new Response('{}'));
    const c = testClient(fetch);
    const error = await failure(getJSON(c, { signal: AbortSignal.abort() }));
    expect(error).toBeInstanceOf(APIUserAbortError);
    expect(calls).toHaveLength(0);
    const stream = openSSE(
      c._transport,
      { method: 'POST', path: '/s', body: {} },
      { signal: AbortSignal.abort() },
    );
    expect(await failure(stream.events().next())).toBeInstanceOf(APIUserAbortError);
    expect(calls).toHaveLength(0);
  });

  it('keeps the abort reason when it is an SDK error', async () => {
    const { fetch } = fakeFetch(() => new Response('{}'));
    const reason = new APITimeoutError('my deadline');
    const error = await failure(getJSON(testClient(fetch), { signal: AbortSignal.abort(reason) }));
    expect(error).toBe(reason);
  });

  it('does not leak the key through an abort error', async () => {
    const { fetch } = fakeFetch(() => new Response('{}'));
    const error = await failure(getJSON(testClient(fetch), { signal: AbortSignal.abort('why') }));
    expect(String(error)).not.toContain(TEST_KEY);
  });
});
