/**
 * The one transport every call goes through: headers, bodies, deadlines, cancellation, retries,
 * error mapping and logging. Resources describe a request (`RequestSpec`) and how to read its
 * answer; everything about getting that answer safely lives here.
 */
import { APIPromise, type WithResponse } from './api-promise.js';
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  AuthError,
  errorFromHTTP,
  errorFromResponse,
  InvalidParameterError,
  isRetryableError,
  MiniMaxError,
} from './errors.js';
import { type Logger, type LogLevel, levelledLogger, logsAt } from './logger.js';
import {
  BASE_URLS,
  detectRegion,
  type KeyVerdict,
  keyVerdict,
  otherRegion,
  REGION_PROBE_PATH,
  regionOfURL,
} from './region.js';
import { isRecord, traceIdOf } from './values.js';

export { traceIdOf } from './values.js';

/** The longest a region probe may take: it stands before the caller's first request. */
const REGION_PROBE_TIMEOUT_MS = 15_000;

export type HttpMethod = 'GET' | 'POST' | 'DELETE';

/** Progress of a long-running task, reported while waiting. */
export interface TaskProgress {
  task_id: string;
  status: string;
  /** Milliseconds since the wait began. */
  elapsed_ms: number;
}

/** Per-call controls, the second argument of every method. */
export interface RequestOptions {
  /** Cancels the call; the promise rejects with `APIUserAbortError`. */
  signal?: AbortSignal | undefined;
  /** Milliseconds per attempt: the whole exchange for a plain call; headers then each gap for a stream. */
  timeout?: number | undefined;
  /** Retries after the first attempt (default: the client's, 2). */
  maxRetries?: number | undefined;
  /** Extra headers; `null` removes a default header. */
  headers?: Record<string, string | null | undefined> | undefined;
  /** Milliseconds between task polls (long-running methods only). */
  pollInterval?: number | undefined;
  /** Milliseconds to wait for a task in all (long-running methods only). */
  pollTimeout?: number | undefined;
  /** Called after each poll of a long-running task. */
  onProgress?: ((progress: TaskProgress) => void) | undefined;
}

export type QueryValue = string | number | boolean | null | undefined;

export interface RequestSpec {
  method: HttpMethod;
  /** A path under the base URL (`/v1/...`), or an absolute URL, which is fetched without the key. */
  path: string;
  query?: Record<string, QueryValue>;
  /** A JSON body. */
  body?: unknown;
  /** A multipart body, rebuilt for each attempt. */
  form?: () => FormData | Promise<FormData>;
  /** For streams: the deadline covers headers, then each gap between chunks. */
  stream?: boolean;
}

export interface TransportConfig {
  apiKey: string;
  baseURL: string;
  timeout: number;
  maxRetries: number;
  fetch: typeof fetch;
  defaultHeaders: Record<string, string | null | undefined>;
  logger: Logger;
  logLevel: LogLevel;
  userAgent: string;
  /** Find the key's region on first use (`region: 'auto'`); `baseURL` is the global host until then. */
  detectRegion?: boolean;
}

/** How a successful response is read: runs inside the attempt, so its failures can be retried. */
export type ResponseReader<T> = (response: Response, attempt: Attempt) => Promise<T>;

/** Backoff: full jitter below an exponential ceiling. */
export const INITIAL_RETRY_DELAY_MS = 500;
export const MAX_RETRY_DELAY_MS = 8_000;
/** A server's Retry-After is honoured up to this bound. */
export const MAX_RETRY_AFTER_MS = 60_000;
/** setTimeout fires at once for longer delays, so every timer is clamped to this. */
const MAX_TIMER_MS = 2_147_483_647;
/**
 * HTTP dates (IMF-fixdate, RFC 850, asctime) all start with a day name. V8's Date.parse accepts
 * almost anything ("soon 2020"), so without this check garbage would become "retry now".
 */
const HTTP_DATE = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s/i;

/** Transport error codes that prove the request never reached the server. */
const NEVER_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when a transport failure happened before any byte of the request left. */
export function neverReachedServer(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && NEVER_SENT_CODES.has(code);
}

/** Parses `retry-after-ms`, then `Retry-After` in seconds or as an HTTP date, into ms. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Number(ms);
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  if (!HTTP_DATE.test(value.trim())) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date - now;
}

/** The delay before retry number `retry` (0-based): the server's hint, clamped, or jittered backoff. */
export function retryDelayMs(retry: number, headers?: Headers, random: () => number = Math.random): number {
  const hinted = retryAfterMs(headers);
  if (hinted !== undefined) return Math.min(Math.max(hinted, 0), MAX_RETRY_AFTER_MS);
  const ceiling = Math.min(MAX_RETRY_DELAY_MS, INITIAL_RETRY_DELAY_MS * 2 ** retry);
  return random() * ceiling;
}

/** Sleeps, rejecting with `APIUserAbortError` at once if `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.min(Math.max(ms, 0), MAX_TIMER_MS),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error an aborted signal stands for: its own `MiniMaxError` reason, else `APIUserAbortError`. */
export function abortError(signal: AbortSignal): MiniMaxError {
  const reason: unknown = signal.reason;
  return reason instanceof MiniMaxError ? reason : new APIUserAbortError(undefined, { cause: reason });
}

/**
 * One attempt's deadline and cancellation. `signal` aborts the fetch and its body when the
 * caller aborts or the deadline passes; the reason tells which.
 */
export class Attempt {
  readonly number: number;
  readonly signal: AbortSignal;
  readonly #controller = new AbortController();
  readonly #timeoutMs: number;
  readonly #userSignal: AbortSignal | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #paused = false;
  readonly #onUserAbort = () => this.#controller.abort(abortError(this.#userSignal!));

  constructor(number: number, timeoutMs: number, userSignal: AbortSignal | undefined) {
    this.number = number;
    this.signal = this.#controller.signal;
    this.#timeoutMs = timeoutMs;
    this.#userSignal = userSignal;
    if (userSignal?.aborted) this.#onUserAbort();
    else userSignal?.addEventListener('abort', this.#onUserAbort, { once: true });
    this.#arm();
  }

  #arm(): void {
    if (!Number.isFinite(this.#timeoutMs) || this.#timeoutMs <= 0 || this.signal.aborted) return;
    this.#timer = setTimeout(
      () => {
        this.#controller.abort(new APITimeoutError(`Request timed out after ${this.#timeoutMs} ms.`));
      },
      Math.min(this.#timeoutMs, MAX_TIMER_MS),
    );
  }

  /**
   * Stops the clock while the caller, not the server, holds things up (a stream consumer working
   * on a chunk); the next `touch()` starts a full deadline again.
   */
  pause(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#paused = true;
  }

  /** Restarts the deadline: a stream calls this for every chunk, making it an idle timeout. */
  touch(): void {
    if (this.#paused) {
      this.#paused = false;
      this.#arm();
      return;
    }
    if (this.#timer === undefined) return;
    const timer = this.#timer as { refresh?: () => void };
    if (typeof timer.refresh === 'function') timer.refresh();
    else {
      clearTimeout(this.#timer);
      this.#arm();
    }
  }

  /** Ends the attempt: no timer and no listener outlive it. */
  finish(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#paused = false;
    this.#userSignal?.removeEventListener('abort', this.#onUserAbort);
  }

  /** Aborts the fetch (used when a consumer stops reading a stream). */
  cancel(): void {
    this.finish();
    if (!this.signal.aborted)
      this.#controller.abort(new APIUserAbortError('Stream was closed by the caller.'));
  }

  /** Turns whatever a fetch or body read threw into a `MiniMaxError`. */
  wrap(error: unknown): MiniMaxError {
    if (this.signal.aborted) return abortError(this.signal);
    if (error instanceof MiniMaxError) return error;
    const detail = error instanceof Error ? error.message : String(error);
    const code = errorCode(error);
    return new APIConnectionError(`Connection error: ${detail}${code ? ` (${code})` : ''}`, { cause: error });
  }
}

/** Layers headers onto `target` (lower-cased); `null` removes, `undefined` is ignored. */
function applyHeaders(
  target: Record<string, string>,
  layer: Record<string, string | null | undefined>,
): Record<string, string> {
  for (const [key, value] of Object.entries(layer)) {
    if (value === null) delete target[key.toLowerCase()];
    else if (value !== undefined) target[key.toLowerCase()] = value;
  }
  return target;
}

function isAbsoluteURL(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path);
}

/**
 * Replays only what is safe: an answer that says "try again", any GET failure, and a POST
 * failure that provably happened before the request left (POSTs start billed work).
 */
export function shouldRetry(
  method: HttpMethod,
  error: MiniMaxError,
  response: Response | undefined,
): boolean {
  if (error.status !== undefined) return isRetryableError(error);
  if (!(error instanceof APIConnectionError || error instanceof APITimeoutError)) return false;
  return method === 'GET' || (response === undefined && neverReachedServer(error.cause));
}

export class Transport {
  readonly #config: TransportConfig;
  readonly #log: Logger;
  #base: Promise<string> | undefined;
  readonly #verdicts = new Map<string, Promise<KeyVerdict>>();

  constructor(config: TransportConfig) {
    this.#config = config;
    this.#log = levelledLogger(config.logger, config.logLevel, config.apiKey);
  }

  get baseURL(): string {
    return this.#config.baseURL;
  }

  /** Logs a warning through the client's logger (at `warn` level and above; the key redacted). */
  warn(message: string): void {
    if (logsAt(this.#config.logLevel, 'warn')) this.#log.warn(message);
  }

  get defaultTimeout(): number {
    return this.#config.timeout;
  }

  /**
   * The base URL requests go to: the configured one, or with `region: 'auto'` the host that
   * accepts the key, found once and kept for the client's life.
   */
  resolveBaseURL(): Promise<string> {
    if (!this.#config.detectRegion) return Promise.resolve(this.#config.baseURL);
    this.#base ??= detectRegion((base) => this.#verdict(base)).then((region) => {
      this.#log.debug(`[minimax] region auto: the key belongs to ${region} (${BASE_URLS[region]})`);
      return BASE_URLS[region];
    });
    return this.#base;
  }

  /** What an official host says of the key (asked once per host). */
  #verdict(base: string): Promise<KeyVerdict> {
    let verdict = this.#verdicts.get(base);
    if (!verdict) {
      verdict = (async () => {
        try {
          const response = await this.#config.fetch(`${base}${REGION_PROBE_PATH}`, {
            method: 'GET',
            headers: this.apiHeaders(),
            signal: AbortSignal.timeout(
              Math.min(this.#config.timeout || REGION_PROBE_TIMEOUT_MS, REGION_PROBE_TIMEOUT_MS),
            ),
          });
          return await keyVerdict(response);
        } catch {
          return 'unknown';
        }
      })();
      this.#verdicts.set(base, verdict);
    }
    return verdict;
  }

  /**
   * An auth failure on one official host, when the other one accepts the key, says so: a key
   * used on the wrong platform is the usual cause, and the API's own message does not tell.
   */
  async #withRegionHint(failure: MiniMaxError, base: string): Promise<MiniMaxError> {
    const region = regionOfURL(base);
    if (!(failure instanceof AuthError) || region === undefined) return failure;
    const other = otherRegion(region);
    if ((await this.#verdict(BASE_URLS[other])) !== 'accepted') return failure;
    failure.message +=
      ` This key is not valid on ${base} but the ${other === 'cn' ? 'China' : 'global'} platform ` +
      `(${BASE_URLS[other]}) accepts it: use region: '${other}' (or 'auto'), or set MINIMAX_REGION=${other}.`;
    return failure;
  }

  buildURL(path: string, query?: Record<string, QueryValue>, base = this.#config.baseURL): string {
    const url = isAbsoluteURL(path) ? path : `${base}${path}`;
    if (!query) return url;
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== null) params.append(key, String(value));
    }
    const text = params.toString();
    return text ? `${url}${url.includes('?') ? '&' : '?'}${text}` : url;
  }

  /**
   * Headers for the API host: the SDK's, then `defaultHeaders`, then per-call ones; `null` removes
   * what came before. Also used for the WebSocket upgrade.
   */
  apiHeaders(
    extra: Record<string, string | null | undefined> = {},
    accept = 'application/json',
  ): Record<string, string> {
    const headers: Record<string, string> = {
      'user-agent': this.#config.userAgent,
      accept,
      authorization: `Bearer ${this.#config.apiKey}`,
    };
    applyHeaders(headers, this.#config.defaultHeaders);
    applyHeaders(headers, extra);
    return headers;
  }

  async #init(spec: RequestSpec, options: RequestOptions, signal: AbortSignal): Promise<RequestInit> {
    // An absolute URL is a media or file download on another host: neither the key nor the
    // client's default headers (which may hold other credentials) go there.
    const headers = isAbsoluteURL(spec.path)
      ? applyHeaders({ 'user-agent': this.#config.userAgent, accept: '*/*' }, options.headers ?? {})
      : this.apiHeaders(options.headers, spec.stream ? 'text/event-stream' : 'application/json');
    let body: BodyInit | undefined;
    if (spec.form) {
      body = await spec.form();
    } else if (spec.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(spec.body);
    }
    return { method: spec.method, headers, body, signal };
  }

  /**
   * Sends a request with retries and reads the answer with `read`, all inside the attempt's
   * deadline (for `spec.stream`, `read` takes over the attempt and must call `finish()`).
   */
  request<T>(spec: RequestSpec, options: RequestOptions, read: ResponseReader<T>): APIPromise<T> {
    return new APIPromise(this.#run(spec, options, read));
  }

  async #run<T>(
    spec: RequestSpec,
    options: RequestOptions,
    read: ResponseReader<T>,
  ): Promise<WithResponse<T>> {
    const base = isAbsoluteURL(spec.path) ? '' : await this.resolveBaseURL();
    const url = this.buildURL(spec.path, spec.query, base);
    // NaN would never satisfy `retry >= maxRetries` (endless retries) and would silently disable the
    // deadline, so bad per-call values are rejected like bad client options.
    if (options.maxRetries !== undefined && !(options.maxRetries >= 0)) {
      throw new InvalidParameterError(`maxRetries must be a number >= 0, got ${String(options.maxRetries)}.`);
    }
    if (options.timeout !== undefined && !(options.timeout >= 0)) {
      throw new InvalidParameterError(`timeout must be a number >= 0, got ${String(options.timeout)}.`);
    }
    const maxRetries = Math.floor(options.maxRetries ?? this.#config.maxRetries);
    const timeout = options.timeout ?? this.#config.timeout;
    const logPath = spec.path.startsWith('/') ? spec.path : '<download>';
    for (let retry = 0; ; retry++) {
      const attempt = new Attempt(retry + 1, timeout, options.signal);
      const started = Date.now();
      let init: RequestInit;
      try {
        init = await this.#init(spec, options, attempt.signal);
      } catch (error) {
        attempt.finish();
        throw error instanceof MiniMaxError ? error : new MiniMaxError(String(error), { cause: error });
      }
      let response: Response | undefined;
      let failure: MiniMaxError;
      try {
        // A custom fetch may not check the signal; an aborted call must never send anything.
        if (attempt.signal.aborted) throw attempt.signal.reason;
        response = await this.#config.fetch(url, init);
        if (!response.ok) throw await this.#errorFrom(response, attempt);
        // Once a stream's headers are in, the clock waits for the consumer: it starts again when the
        // body is read. A stream nobody reads then holds no timer (and cannot keep a process alive).
        if (spec.stream) attempt.pause();
        const data = await read(response, attempt);
        if (!spec.stream) attempt.finish();
        // traceIdOf reads up to three headers: only worth it when the line is printed.
        if (logsAt(this.#config.logLevel, 'debug')) {
          this.#logAttempt(
            spec.method,
            logPath,
            response.status,
            attempt.number,
            started,
            traceIdOf(data, response.headers),
          );
        }
        return { data, response };
      } catch (error) {
        attempt.finish();
        failure = attempt.wrap(error);
        if (response && !response.bodyUsed) response.body?.cancel().catch(() => {});
      }
      this.#logAttempt(
        spec.method,
        logPath,
        response?.status,
        attempt.number,
        started,
        failure.trace_id,
        failure,
      );
      if (failure instanceof APIUserAbortError) throw failure;
      if (retry >= maxRetries || !shouldRetry(spec.method, failure, response)) {
        throw base ? await this.#withRegionHint(failure, base) : failure;
      }
      const delay = retryDelayMs(retry, failure.headers);
      if (logsAt(this.#config.logLevel, 'info')) {
        this.#log.info(
          `[minimax] retrying ${spec.method} ${logPath} in ${Math.round(delay)} ms (${failure.name})`,
        );
      }
      await sleep(delay, options.signal);
    }
  }

  async #errorFrom(response: Response, attempt: Attempt): Promise<MiniMaxError> {
    let text = '';
    try {
      text = await response.text();
    } catch (error) {
      return attempt.wrap(error);
    }
    return errorFromHTTP(response.status, response.headers, text);
  }

  #logAttempt(
    method: string,
    path: string,
    status: number | undefined,
    attempt: number,
    started: number,
    traceId: string,
    error?: MiniMaxError,
  ): void {
    if (!logsAt(this.#config.logLevel, 'debug')) return;
    const line = `[minimax] ${method} ${path} status=${status ?? '-'} attempt=${attempt} elapsed=${Date.now() - started}ms trace_id=${traceId || '-'}`;
    this.#log.debug(error ? `${line} error=${error.name}: ${error.message}` : line);
  }
}

/** Reads a JSON body, mapping a non-zero `base_resp` (MiniMax answers errors with HTTP 200). */
export async function readJSON(response: Response): Promise<Record<string, unknown>> {
  return parseJSONBody(await response.text(), response);
}

/** Like `readJSON`, but a 2xx error body that `keep` accepts is returned for its caller to handle. */
export function readJSONKeeping(
  keep: (body: Record<string, unknown>) => boolean,
): (response: Response) => Promise<Record<string, unknown>> {
  return async (response) => parseJSONBody(await response.text(), response, keep);
}

/** `keep` lets through an error body its caller handles itself (a failed task's final status). */
function parseJSONBody(
  text: string,
  response: Response,
  keep?: (body: Record<string, unknown>) => boolean,
): Record<string, unknown> {
  if (text === '' && response.status !== 204) {
    // An empty answer where JSON was promised is the server's fault; reading it as `{}` would turn
    // it into an empty result (no voices, no files) that looks like a real one.
    throw new MiniMaxError(`Empty response body (HTTP ${response.status}) where JSON was expected.`, {
      status: response.status,
      headers: response.headers,
      body: text,
      trace_id: traceIdOf(undefined, response.headers),
    });
  }
  let body: unknown;
  try {
    body = text === '' ? {} : JSON.parse(text);
  } catch (error) {
    throw new MiniMaxError(`Invalid JSON in response (HTTP ${response.status}): ${text.slice(0, 200)}`, {
      status: response.status,
      headers: response.headers,
      body: text,
      cause: error,
      trace_id: traceIdOf(undefined, response.headers),
    });
  }
  const traceId = traceIdOf(body, response.headers);
  const error = errorFromResponse(response.status, body, { headers: response.headers, trace_id: traceId });
  if (error && !(response.ok && keep && isRecord(body) && keep(body))) throw error;
  if (!isRecord(body)) {
    throw new MiniMaxError('Expected a JSON object in the response.', {
      status: response.status,
      headers: response.headers,
      body,
      trace_id: traceId,
    });
  }
  const record = body as Record<string, unknown>;
  if (traceId && record.trace_id === undefined) record.trace_id = traceId;
  return record;
}

/**
 * Reads a byte body; a JSON body on a byte endpoint is checked for an error in disguise. Any other
 * JSON (a subtitle array, a file that happens to be JSON) is just bytes.
 */
export async function readBytes(response: Response): Promise<Uint8Array> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if ((response.headers.get('content-type') ?? '').includes('application/json')) {
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      return bytes;
    }
    const error = errorFromResponse(response.status, body, {
      headers: response.headers,
      trace_id: traceIdOf(body, response.headers),
    });
    if (error) throw error;
  }
  return bytes;
}

/**
 * Yields a response body chunk by chunk under the attempt's idle deadline; stopping early
 * (break, abort, error) cancels the request and releases the socket.
 */
export async function* readChunks(
  response: Response,
  attempt: Attempt,
  body: ReadableStream<Uint8Array> | null = response.body,
): AsyncGenerator<Uint8Array> {
  if (!body) {
    attempt.finish();
    return;
  }
  const reader = body.getReader();
  let done = false;
  attempt.touch();
  try {
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (error) {
        throw attempt.wrap(error);
      }
      if (result.done) {
        done = true;
        return;
      }
      // The idle deadline measures the server's silence, not the time the consumer spends on a chunk.
      attempt.pause();
      yield result.value;
      attempt.touch();
    }
  } finally {
    attempt.finish();
    if (!done) {
      attempt.cancel();
      reader.cancel().catch(() => {});
    }
    reader.releaseLock();
  }
}
