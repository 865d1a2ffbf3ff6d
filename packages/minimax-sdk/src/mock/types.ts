/**
 * Public types of the mock server, and the internal context its handlers share.
 */

import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import type { Fault, FaultController, FaultQueue } from './faults.js';
import type { MediaCache } from './media-cache.js';
import type { MultipartBody } from './multipart.js';
import type { MockState } from './state.js';
import type { Timers } from './util.js';

/**
 * How long tasks (video generation, long-text speech) take to finish.
 *
 * By default a task moves one stage forward per query, so a video's 1st query says `Preparing`,
 * the 2nd `Queueing`, the 3rd `Processing` and the 4th `Success` (long-text speech: `Processing`,
 * then `Success`), whatever the clock says. Tests stay deterministic and need no fake timers.
 */
export interface TaskScheduleOptions {
  /**
   * Queries spent in each stage before the next one (default 1; 0 finishes on the first query).
   * Ignored when only `msPerStage` is given.
   */
  pollsPerStage?: number;
  /**
   * Wall-clock milliseconds spent in each stage, counted from creation. When both options are
   * given, a task is in whichever stage is further along.
   */
  msPerStage?: number;
}

/**
 * How the mock calls a task's `callback_url` back. The platform documents only that the
 * challenge must be echoed within 3 seconds; the rest are this mock's choices.
 */
export interface CallbackScheduleOptions {
  /** How often a task with a receiver is looked at for a new status (default 1000 ms). */
  intervalMs?: number;
  /** How long each post waits for an answer (default 3000 ms, the challenge's documented limit). */
  timeoutMs?: number;
  /** Tries per post, the first included (default 3). */
  attempts?: number;
  /** Wait before the 2nd try; doubled before each later one (default 1000 ms). */
  retryDelayMs?: number;
}

/** One attempt to post to a task's `callback_url`. */
export interface CallbackDelivery {
  url: string;
  task_id: string;
  /** `challenge` (the handshake) or `status` (a status change). */
  kind: 'challenge' | 'status';
  /** The JSON body posted. */
  body: Record<string, unknown>;
  /** 1 for the first try of this post, 2 for its first retry, … */
  attempt: number;
  /** Whether the receiver took it (2xx; for a challenge, with the challenge echoed). */
  ok: boolean;
  /** The receiver's HTTP status, when it answered. */
  status?: number;
  /** Why the attempt failed. */
  error?: string;
  /** When the attempt ended (epoch ms). */
  time: number;
}

/** Options of `startMockServer`. Every field is optional. */
export interface MockServerOptions {
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Interface to listen on; default `127.0.0.1` (loopback only). */
  host?: string;
  /**
   * The only bearer key accepted. Without it any non-empty key is. A wrong or missing key gets
   * `base_resp` 1004 (HTTP 200) on native endpoints, HTTP 401 with an Anthropic error on
   * `/anthropic/v1/messages`, and a refused (401) WebSocket upgrade.
   */
  apiKey?: string;
  /** How fast tasks advance; see `TaskScheduleOptions`. */
  taskSchedule?: TaskScheduleOptions;
  /** The WebSocket closes after this long with no client event (default 120 000 ms, as the real API). */
  wsIdleMs?: number;
  /**
   * The most requests kept in `requests` (default 10 000); older entries are dropped first, so a
   * long benchmark does not grow memory without bound.
   */
  requestLogLimit?: number;
  /** Largest request body accepted, in bytes (default 64 MiB); bigger ones get HTTP 413. */
  maxBodyBytes?: number;
  /**
   * How long a V2 video's `content.url` stays good (default 1 h); after that the link answers 403
   * and the task must be queried again for a fresh one.
   */
  videoUrlTtlMs?: number;
  /** How tasks created with `callback_url` are called back; see `CallbackScheduleOptions`. */
  callbacks?: CallbackScheduleOptions;
  /** Faults armed from the start, as if passed to `faults.add`. */
  faults?: Fault[];
  /**
   * Serve https and wss instead of http and ws, with a self-signed certificate made at start for
   * `localhost`, `127.0.0.1` and `::1`; trust `MockServer.ca` in the client (for Node's fetch,
   * `NODE_EXTRA_CA_CERTS` pointing at a file holding it). Default false.
   */
  tls?: boolean;
}

/** One logged request (or WebSocket message). */
export interface LoggedRequest {
  /** HTTP method, or `"WS"` for a message received on a WebSocket. */
  method: string;
  /** Path without the query string. */
  path: string;
  /** Query parameters (the last value wins when a name repeats). */
  query: Record<string, string>;
  /** Request headers; `authorization` reads `Bearer ***` and `x-api-key` reads `***`. */
  headers: Record<string, string>;
  /**
   * The parsed JSON body; for multipart, `{ fields, files: [{field, filename, contentType, size}] }`;
   * the raw text when the body was not JSON; the parsed message for WebSocket entries;
   * `undefined` when there was no body.
   */
  body: unknown;
  /** When it arrived (epoch ms). */
  time: number;
  /**
   * What it was answered, once the answer is done (absent while it is still being sent, and for
   * WebSocket messages).
   */
  response?: LoggedResponse;
}

/** The answer a logged request got. */
export interface LoggedResponse {
  /** HTTP status (101 for an accepted WebSocket upgrade); 0 when the connection was dropped unanswered. */
  status: number;
  /**
   * The parsed JSON answer; the text of a text or SSE answer (cut after 64 KiB); for binary media
   * `{ content_type, bytes }`; `undefined` for an empty one.
   */
  body: unknown;
  /** `false` when the connection ended before the answer did (a dropped or truncated answer). */
  complete: boolean;
}

/** A running mock server. */
export interface MockServer {
  /** Base URL to give the SDK, e.g. `http://127.0.0.1:53111` (no trailing slash). */
  readonly url: string;
  /** The port it listens on. */
  readonly port: number;
  /** With `tls: true`: the PEM certificate to trust (it is its own CA); absent otherwise. */
  readonly ca?: string;
  /**
   * Requests received so far, oldest first: API calls, WebSocket upgrades and messages, and
   * downloads of handed-out URLs (not the `/__mock/` control routes). A live array; `reset()`
   * empties it in place.
   */
  readonly requests: LoggedRequest[];
  /**
   * Posts made to `callback_url`s so far, one entry per attempt, oldest first (bounded like
   * `requests`). A live array; `reset()` empties it in place.
   */
  readonly callbacks: CallbackDelivery[];
  /** Fault injection. */
  readonly faults: FaultController;
  /** Forgets the request log, faults, files, custom voices and tasks. */
  reset(): void;
  /** Stops listening, ends every socket (HTTP and WebSocket) and clears every timer. */
  close(): Promise<void>;
  /** Same as `close()`, for `await using mock = await startMockServer()`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** Options with defaults applied. */
export interface ResolvedOptions {
  apiKey: string | undefined;
  pollsPerStage: number;
  msPerStage: number | undefined;
  wsIdleMs: number;
  requestLogLimit: number;
  maxBodyBytes: number;
  videoUrlTtlMs: number;
  callbackIntervalMs: number;
  callbackTimeoutMs: number;
  callbackAttempts: number;
  callbackRetryDelayMs: number;
}

/** What every handler can reach: per-server state, never module-level. */
export interface MockContext {
  readonly options: ResolvedOptions;
  readonly state: MockState;
  readonly faults: FaultQueue;
  readonly media: MediaCache;
  readonly timers: Timers;
  /** Adds to the request log, honouring the size limit. */
  log(entry: LoggedRequest): void;
  /** Adds to the callback log, honouring the same limit. */
  logCallback(entry: CallbackDelivery): void;
  /** Aborted when the server closes: outgoing callback posts stop with it. */
  readonly closed: AbortSignal;
}

/** One HTTP request, parsed, as handlers see it. */
export interface MockRequest {
  readonly method: string;
  readonly path: string;
  readonly query: Record<string, string>;
  readonly headers: IncomingHttpHeaders;
  /** Parsed JSON body (`undefined` when absent; multipart bodies are in `multipart`). */
  readonly body: unknown;
  readonly multipart: MultipartBody | undefined;
  /** Origin that URLs handed out should use, from the Host header the client sent. */
  readonly origin: string;
  readonly traceId: string;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
}

/**
 * A route handler. It returns the success payload (the router adds `trace_id` and `base_resp`),
 * or writes the response itself and returns nothing. Validation failures throw `MockApiError`.
 */
export type Handler = (r: MockRequest, ctx: MockContext) => Promise<HandlerResult> | HandlerResult;

/** A payload (plain object, or `HexBody` for audio), or `undefined` when the handler answered itself. */
export type HandlerResult = object | undefined;
