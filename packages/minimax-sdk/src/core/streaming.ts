/** The base of every SSE-backed stream: eager start, single read, abort, web-stream export. */
import type { APIPromise } from './api-promise.js';
import {
  APIUserAbortError,
  errorFromCode,
  errorFromEnvelope,
  MiniMaxError,
  readEnvelopeError,
  readMiniMaxStatus,
} from './errors.js';
import { decodeSSEBatches, type ServerSentEvent } from './sse.js';
import {
  type Attempt,
  type RequestOptions,
  type RequestSpec,
  readChunks,
  readJSON,
  type Transport,
} from './transport.js';
import { isRecord, parseServerJSON, traceIdOf } from './values.js';

/** What a stream reads: events in batches, started at once, read once. */
export interface StreamSource<E> {
  /** The HTTP response, when the stream is one (a WebSocket-backed stream has none). */
  readonly response?: Promise<Response> | undefined;
  /** The events, grouped by the chunk that completed them; the first step rejects if it failed. */
  batches(): AsyncGenerator<E[]>;
  abort(): void;
  /** Logs a warning through the client's logger. */
  warn(message: string): void;
}

/** An open SSE request: started at once, read once. */
export interface SSEConnection extends StreamSource<ServerSentEvent> {
  /** The raw response, once headers arrive (rejects with the mapped error on an HTTP error). */
  readonly response: Promise<Response>;
  /** The decoded events; the first step rejects if the request failed. */
  events(): AsyncGenerator<ServerSentEvent>;
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
  const started: APIPromise<{
    response: Response;
    attempt: Attempt;
    body?: ReadableStream<Uint8Array> | null;
    single?: ServerSentEvent;
  }> = transport.request({ ...spec, stream: true }, { ...options, signal }, async (response, attempt) => {
    const type = (response.headers.get('content-type') ?? '').toLowerCase();
    if (!type.includes('application/json') || type.includes('text/event-stream'))
      return { response, attempt, body: prefetched(response.body) };
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
    async *batches() {
      const { response: res, attempt, body, single } = await source;
      if (single) yield [single];
      else yield* decodeSSEBatches(readChunks(res, attempt, body));
    },
    async *events() {
      for await (const batch of this.batches()) yield* batch;
    },
    abort() {
      if (!controller.signal.aborted) controller.abort(new APIUserAbortError('Stream aborted.'));
    },
    warn: (message) => transport.warn(message),
  };
}

/** How far a stream reads ahead of its consumer. */
const PREFETCH_BYTES = 1 << 20;

/**
 * The body, read ahead of the consumer up to `PREFETCH_BYTES`. A stream that has fully arrived is
 * then fully read, so the connection is released even if the caller never iterates it (an unread
 * body would pin its socket, and the process, until the server drops it).
 */
function prefetched(body: ReadableStream<Uint8Array> | null): ReadableStream<Uint8Array> | null {
  if (!body) return null;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>(
      undefined,
      undefined,
      new ByteLengthQueuingStrategy({ highWaterMark: PREFETCH_BYTES }),
    ),
  );
}

/** Parses one event's JSON, turning garbage into a `MiniMaxError` (never a bare SyntaxError). */
export function parseEventJSON(event: ServerSentEvent): Record<string, unknown> {
  let value: unknown;
  try {
    value = parseServerJSON(event.data);
  } catch (error) {
    throw new MiniMaxError(`Malformed event in stream: ${event.data.slice(0, 200)}`, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new MiniMaxError(`Unexpected event in stream: ${event.data.slice(0, 200)}`);
  }
  return value as Record<string, unknown>;
}

/** The `response` of a stream that has none; handled, so it never counts as unhandled. */
function noResponse(): Promise<Response> {
  const none = Promise.reject(
    new MiniMaxError('This stream speaks over a WebSocket: it has no HTTP response.'),
  );
  none.catch(() => {});
  return none;
}

/** How a stream's read ended: to its last event, by an error, or by the consumer stopping early. */
export type StreamOutcome = 'completed' | 'failed' | 'closed';

/**
 * Shared shape of every SSE-backed stream (text, chat, audio, transcription): an async iterable
 * that can be read once, aborted, and handed on as a web `ReadableStream`.
 *
 * Subclasses handle one event at a time and `emit` what the stream yields. The iterator is written
 * by hand rather than as an async generator: events arrive in batches (one per network chunk), and
 * serving a batch from a queue costs one resolved promise per item instead of a generator's
 * several microtask hops, which is most of the SDK's own cost on a fast text stream.
 */
export abstract class BaseStream<T, E = ServerSentEvent> implements AsyncIterable<T> {
  /**
   * The raw `Response` once headers arrive. A stream that is not an HTTP response (one spoken over
   * a WebSocket) has none: this rejects, saying so.
   */
  readonly response: Promise<Response>;
  readonly #connection: StreamSource<E>;
  #read = false;

  protected constructor(connection: StreamSource<E>) {
    this.#connection = connection;
    this.response = connection.response ?? noResponse();
  }

  /** Handles one event, emitting any items; returns true when it was the stream's last event. */
  protected abstract onEvent(event: E, emit: (item: T) => void): boolean | undefined;

  /** Called with the response before the first event. */
  protected onResponse(_response: Response): void {}

  /** Called when the stream ran to its end (last event or end of body); may throw if it ended early. */
  protected onEnd(): void {}

  /** Logs a warning through the client's logger. */
  protected warn(message: string): void {
    this.#connection.warn(message);
  }

  /** Called as each item is handed to the consumer. */
  protected onDeliver(_item: T): void {}

  /** Called once, however the read ended, after the consumer took every item before that point. */
  protected onSettle(_outcome: StreamOutcome, _error?: unknown): void {}

  /** How `toReadableStream()` writes one item. */
  protected abstract encode(item: T): Uint8Array;

  [Symbol.asyncIterator](): AsyncIterator<T> {
    if (this.#read) throw new MiniMaxError('This stream was already read; a stream can be read once.');
    this.#read = true;
    const source = this.#connection.batches();
    const queue: T[] = [];
    const emit = (item: T) => {
      queue.push(item);
    };
    let head = 0;
    let started = false;
    // How the body ended, known once its last batch is handled; reported (onSettle) only when the
    // consumer has taken every item before that point, so hooks see exactly what it saw.
    let ending: { outcome: 'completed' } | { outcome: 'failed'; error: unknown } | undefined;
    let settled = false;
    let inflight: Promise<IteratorResult<T>> | undefined;
    const settle = (outcome: StreamOutcome, error?: unknown) => {
      if (settled) return;
      settled = true;
      this.onSettle(outcome, error);
    };
    const deliver = (): IteratorResult<T> => {
      const value = queue[head++] as T;
      this.onDeliver(value);
      return { done: false, value };
    };

    const pump = async (): Promise<IteratorResult<T>> => {
      for (;;) {
        if (head < queue.length) return deliver();
        if (ending?.outcome === 'failed') {
          settle('failed', ending.error);
          throw ending.error;
        }
        if (ending || settled) {
          settle('completed');
          return { done: true, value: undefined };
        }
        queue.length = 0;
        head = 0;
        try {
          const step = await source.next();
          if (!started) {
            started = true;
            if (this.#connection.response) this.onResponse(await this.response);
          }
          let last = step.done === true;
          if (!step.done) {
            for (const event of step.value) {
              if (this.onEvent(event, emit)) {
                last = true;
                break;
              }
            }
          }
          if (last) {
            // Stops reading (and frees the connection) when the last event came before the body's end.
            if (!step.done) await source.return(undefined);
            this.onEnd();
            ending = { outcome: 'completed' };
          }
        } catch (error) {
          await source.return(undefined).catch(() => {});
          ending = { outcome: 'failed', error };
        }
      }
    };

    const iterator: AsyncIterator<T> = {
      next: () => {
        if (inflight) return inflight.then(iterator.next, iterator.next);
        if (head < queue.length) return Promise.resolve(deliver());
        const step = pump();
        inflight = step;
        const clear = () => {
          inflight = undefined;
        };
        step.then(clear, clear);
        return step;
      },
      return: async () => {
        queue.length = 0;
        head = 0;
        settle('closed');
        await source.return(undefined).catch(() => {});
        return { done: true, value: undefined };
      },
    };
    return iterator;
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

const ndjson = /* @__PURE__ */ new TextEncoder();

/** What a result stream calls the thing it rebuilds, for its errors. */
export interface ResultNames {
  /** `message`, `completion`, `response`. */
  noun: string;
  /** What proves the result complete, named when it never came: `no message_stop`. */
  marker: string;
}

/**
 * A JSON event stream that also rebuilds one final result from what it yields (a `Message`, a
 * `ChatCompletion`): the result grows as the consumer reads, and `final()` settles when the read
 * ends, however it ended. A body that ends cleanly but early (a proxy cutting it) never passes for
 * a whole result. `toReadableStream()` writes the items as NDJSON.
 */
export abstract class ResultStream<T, R> extends BaseStream<T> {
  readonly #final: Promise<R>;
  #resolve!: (result: R) => void;
  #reject!: (error: unknown) => void;
  #started = false;
  #headers: Headers | undefined;
  #traceId = '';

  readonly #names: ResultNames;

  protected constructor(connection: SSEConnection, names: ResultNames) {
    super(connection);
    this.#names = names;
    this.#final = new Promise<R>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    // Nobody may ever ask for the result; its failure is reported by the iteration.
    this.#final.catch(() => {});
  }

  override [Symbol.asyncIterator](): AsyncIterator<T> {
    const iterator = super[Symbol.asyncIterator]();
    this.#started = true;
    return iterator;
  }

  protected override onResponse(response: Response): void {
    // The trace id comes from the headers, which stay the same for the whole stream.
    this.#headers = response.headers;
    this.#traceId = traceIdOf(undefined, response.headers);
  }

  /** The request's trace id, from the response headers (empty before they arrive). */
  protected get traceId(): string {
    return this.#traceId;
  }

  /** The response headers, for the context of an error built outside `throwIfError`. */
  protected get responseHeaders(): Headers | undefined {
    return this.#headers;
  }

  /**
   * Throws the mapped error when an event reports one: a non-zero `base_resp`, or an error
   * envelope. The HTTP status was 200, so the code stays 0 and the class comes from the envelope.
   */
  protected throwIfError(payload: Record<string, unknown>): void {
    const status = readMiniMaxStatus(payload);
    if (status && status.code !== 0) throw errorFromCode(status, this.#errorContext(payload));
    // A typed event that merely carries an `error` field (a failed response's item) is not an
    // envelope; an untyped object with one, or an `error` event, is.
    if (payload.type === 'error' || (isRecord(payload.error) && typeof payload.type !== 'string')) {
      const info = readEnvelopeError(payload);
      if (info) throw errorFromEnvelope(info, this.#errorContext(payload));
    }
  }

  /** An in-stream error's context: made only for an error, not for every event checked. */
  #errorContext(payload: Record<string, unknown>) {
    return { headers: this.#headers, trace_id: this.#traceId, body: payload };
  }

  /**
   * Settles the result once the read is over: `result` when the stream proved it complete,
   * otherwise the error that says why there is none.
   */
  protected settleResult(
    outcome: StreamOutcome,
    error: unknown,
    result: R | undefined,
    partial: boolean,
  ): void {
    const { noun, marker } = this.#names;
    if (outcome === 'failed') this.#reject(error);
    else if (result !== undefined) this.#resolve(result);
    else if (outcome === 'closed')
      this.#reject(new APIUserAbortError(`The stream was closed before the ${noun} was complete.`));
    else if (partial)
      this.#reject(new MiniMaxError(`The stream ended before the ${noun} was complete (${marker}).`));
    else this.#reject(new MiniMaxError(`The stream ended without a ${noun}.`));
  }

  /** The result; reads the stream itself when nothing else does, else waits for that read to end. */
  protected result(): Promise<R> {
    if (!this.#started) {
      const drain = async () => {
        for await (const _ of this) {
          // Reading drives the result; the items themselves are not needed here.
        }
      };
      drain().catch(() => {});
    }
    return this.#final;
  }

  protected encode(item: T): Uint8Array {
    return ndjson.encode(`${JSON.stringify(item)}\n`);
  }
}
