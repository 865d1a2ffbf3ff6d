import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ServerSentEvent } from '../../src/core/sse.js';
import { BaseStream, openSSE, parseEventJSON, type SSEConnection } from '../../src/core/streaming.js';
import { APIUserAbortError, AuthError, MiniMaxError, RateLimitError } from '../../src/index.js';
import { fakeFetch, jsonResponse, sseResponse, testClient } from '../helpers/fake-fetch.js';

afterEach(() => {
  vi.restoreAllMocks();
});

/** The smallest concrete stream: yields each event's data. */
class TextEvents extends BaseStream<string> {
  constructor(connection: SSEConnection) {
    super(connection);
  }
  protected onEvent(event: ServerSentEvent, emit: (item: string) => void): boolean {
    emit(event.data);
    return false;
  }
  protected encode(item: string): Uint8Array {
    return new TextEncoder().encode(`${item}\n`);
  }
}

function open(responder: Parameters<typeof fakeFetch>[0], signal?: AbortSignal) {
  const { fetch, calls } = fakeFetch(responder);
  const connection = openSSE(
    testClient(fetch)._transport,
    { method: 'POST', path: '/v1/s', body: { a: 1 } },
    { signal },
  );
  return { connection, calls };
}

describe('openSSE', () => {
  it('starts the request at once, before any read, and asks for an event stream', async () => {
    const { connection, calls } = open(() => sseResponse(['data: 1\n\n']));
    await Promise.resolve();
    await Promise.resolve();
    expect(calls).toHaveLength(1);
    expect(calls[0]?.headers.accept).toBe('text/event-stream');
    expect(calls[0]?.body).toEqual({ a: 1 });
    const response = await connection.response;
    expect(response.status).toBe(200);
  });

  it('decodes the events', async () => {
    const { connection } = open(() => sseResponse(['data: 1\n', '\ndata:', ' 2\r\n\r\n']));
    const seen: string[] = [];
    for await (const e of connection.events()) seen.push(e.data);
    expect(seen).toEqual(['1', '2']);
  });

  it('rejects the first read and the response with the mapped error', async () => {
    const { connection } = open(() =>
      jsonResponse(
        { type: 'error', error: { type: 'authentication_error', message: 'no' } },
        { status: 401 },
      ),
    );
    await expect(connection.events().next()).rejects.toBeInstanceOf(AuthError);
    await expect(connection.response).rejects.toBeInstanceOf(AuthError);
  });

  it('raises no unhandled rejection when a failed stream is never read', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      open(() => jsonResponse({ base_resp: { status_code: 1002, status_msg: 'slow' } }, { status: 429 }));
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('maps a JSON error answered with HTTP 200 on a stream endpoint (seed defect 3)', async () => {
    const { connection } = open(() =>
      jsonResponse({ base_resp: { status_code: 1004, status_msg: 'bad key' } }),
    );
    await expect(connection.events().next()).rejects.toBeInstanceOf(AuthError);
    await expect(connection.response).rejects.toBeInstanceOf(AuthError);
  });

  it('retries a retryable JSON error on a stream endpoint, since the server answered', async () => {
    const { fetch, calls } = fakeFetch((_, i) =>
      i === 0
        ? jsonResponse({ base_resp: { status_code: 1002, status_msg: 'slow' } })
        : sseResponse(['data: ok\n\n']),
    );
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const client = testClient(fetch, { maxRetries: 1 });
    const connection = openSSE(client._transport, { method: 'POST', path: '/v1/s', body: {} });
    const seen: string[] = [];
    for await (const e of connection.events()) seen.push(e.data);
    expect(seen).toEqual(['ok']);
    expect(calls).toHaveLength(2);
  });

  it('gives a JSON success answer on a stream endpoint as one event', async () => {
    const { connection } = open(() => jsonResponse({ base_resp: { status_code: 0 }, data: { audio: 'ff' } }));
    const seen: ServerSentEvent[] = [];
    for await (const e of connection.events()) seen.push(e);
    expect(seen).toHaveLength(1);
    expect(JSON.parse(seen[0]?.data ?? '')).toMatchObject({ data: { audio: 'ff' } });
  });

  it('abort() rejects a pending read with APIUserAbortError', async () => {
    const { connection } = open(
      (request) =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('data: first\n\n'));
              request.signal?.addEventListener('abort', () => controller.error(request.signal?.reason));
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    );
    const events = connection.events();
    expect((await events.next()).value?.data).toBe('first');
    const pending = events.next();
    connection.abort();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
  });
});

describe('BaseStream', () => {
  it('can be read once', async () => {
    const { connection } = open(() => sseResponse(['data: a\n\n']));
    const stream = new TextEvents(connection);
    const seen: string[] = [];
    for await (const item of stream) seen.push(item);
    expect(seen).toEqual(['a']);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(MiniMaxError);
    await expect(stream.response).resolves.toBeInstanceOf(Response);
  });

  it('toReadableStream() encodes every item', async () => {
    const { connection } = open(() => sseResponse(['data: a\n\ndata: b\n\n']));
    const text = await new Response(new TextEvents(connection).toReadableStream()).text();
    expect(text).toBe('a\nb\n');
  });

  it('cancelling the readable stream aborts the request', async () => {
    let aborted = false;
    const { connection } = open(
      (request) =>
        new Response(
          new ReadableStream<Uint8Array>({
            start(controller) {
              controller.enqueue(new TextEncoder().encode('data: a\n\n'));
              request.signal?.addEventListener('abort', () => {
                aborted = true;
                controller.error(request.signal?.reason);
              });
            },
          }),
        ),
    );
    const reader = new TextEvents(connection).toReadableStream().getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toBe('a\n');
    await reader.cancel();
    expect(aborted).toBe(true);
  });

  it('an error mid-stream reaches the readable stream', async () => {
    const { connection } = open(() =>
      jsonResponse({ type: 'error', error: { type: 'rate_limit_error', message: 'x' } }, { status: 429 }),
    );
    const reader = new TextEvents(connection).toReadableStream().getReader();
    await expect(reader.read()).rejects.toBeInstanceOf(RateLimitError);
  });
});

describe('parseEventJSON', () => {
  const event = (data: string): ServerSentEvent => ({ event: undefined, data, id: undefined });

  it('parses an object', () => {
    expect(parseEventJSON(event('{"a":1}'))).toEqual({ a: 1 });
  });

  it.each(['not json', '{"a":', '[1,2]', '"text"', '42', 'null', ''])(
    'turns %j into a MiniMaxError',
    (data) => {
      expect(() => parseEventJSON(event(data))).toThrow(MiniMaxError);
    },
  );
});
