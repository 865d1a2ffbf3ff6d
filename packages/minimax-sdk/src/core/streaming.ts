/** The base of every SSE-backed stream: eager start, single read, abort, web-stream export. */
import type { APIPromise } from './api-promise.js';
import { APIUserAbortError, MiniMaxError } from './errors.js';
import { decodeSSE, type ServerSentEvent } from './sse.js';
import {
  type Attempt,
  type RequestOptions,
  type RequestSpec,
  readChunks,
  readJSON,
  type Transport,
} from './transport.js';

/** An open SSE request: started at once, read once. */
export interface SSEConnection {
  /** The raw response, once headers arrive (rejects with the mapped error on an HTTP error). */
  readonly response: Promise<Response>;
  /** The decoded events; the first step rejects if the request failed. */
  events(): AsyncGenerator<ServerSentEvent>;
  abort(): void;
}

/**
 * Starts a streaming request now (not on first read). Nothing here can raise an unhandled
 * rejection: a caller who never reads simply never sees the error.
 */
export function openSSE(
  transport: Transport,
  spec: RequestSpec,
  options: RequestOptions = {},
): SSEConnection {
  const controller = new AbortController();
  const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
  const started: APIPromise<{ response: Response; attempt: Attempt; single?: ServerSentEvent }> =
    transport.request({ ...spec, stream: true }, { ...options, signal }, async (response, attempt) => {
      const type = (response.headers.get('content-type') ?? '').toLowerCase();
      if (!type.includes('application/json') || type.includes('text/event-stream'))
        return { response, attempt };
      // MiniMax answers some failures with HTTP 200 and a JSON body, stream endpoints included. Read
      // as SSE, that body holds no event and the stream would end silently; read as JSON, its
      // base_resp maps to the real error (and is retried like any other answer).
      const body = await readJSON(response);
      attempt.finish();
      return { response, attempt, single: { event: undefined, data: JSON.stringify(body), id: undefined } };
    });
  const source = Promise.resolve(started);
  source.catch(() => {});
  const response = source.then((s) => s.response);
  response.catch(() => {});
  return {
    response,
    async *events() {
      const { response: res, attempt, single } = await source;
      if (single) yield single;
      else yield* decodeSSE(readChunks(res, attempt));
    },
    abort() {
      if (!controller.signal.aborted) controller.abort(new APIUserAbortError('Stream aborted.'));
    },
  };
}

/** Parses one event's JSON, turning garbage into a `MiniMaxError` (never a bare SyntaxError). */
export function parseEventJSON(event: ServerSentEvent): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(event.data);
  } catch (error) {
    throw new MiniMaxError(`Malformed event in stream: ${event.data.slice(0, 200)}`, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MiniMaxError(`Unexpected event in stream: ${event.data.slice(0, 200)}`);
  }
  return value as Record<string, unknown>;
}

/**
 * Shared shape of `MessageStream` and `AudioStream`: an async iterable that can be read once,
 * aborted, and handed on as a web `ReadableStream`.
 */
export abstract class BaseStream<T> implements AsyncIterable<T> {
  /** The raw `Response` once headers arrive. */
  readonly response: Promise<Response>;
  readonly #connection: SSEConnection;
  #read = false;

  protected constructor(connection: SSEConnection) {
    this.#connection = connection;
    this.response = connection.response;
  }

  /** Turns decoded events into what the stream yields. */
  protected abstract transform(events: AsyncIterable<ServerSentEvent>): AsyncGenerator<T>;

  /** How `toReadableStream()` writes one item. */
  protected abstract encode(item: T): Uint8Array;

  [Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.#read) throw new MiniMaxError('This stream was already read; a stream can be read once.');
    this.#read = true;
    return this.transform(this.#connection.events());
  }

  /** Stops the request and releases the connection; a pending read rejects with `APIUserAbortError`. */
  abort(): void {
    this.#connection.abort();
  }

  /** The stream as a web `ReadableStream` of bytes; cancelling it aborts the request. */
  toReadableStream(): ReadableStream<Uint8Array> {
    const iterator = this[Symbol.asyncIterator]();
    return new ReadableStream<Uint8Array>({
      pull: async (controller) => {
        try {
          const step = await iterator.next();
          if (step.done) controller.close();
          else controller.enqueue(this.encode(step.value));
        } catch (error) {
          controller.error(error);
        }
      },
      cancel: async () => {
        this.abort();
        await iterator.return?.();
      },
    });
  }
}
