/**
 * The one transport every call goes through: headers, bodies, the attempt loop with its retries,
 * error mapping, regions and logging. Resources describe a request (`RequestSpec`) and how to
 * read its answer. The pieces it is built from live beside it: the retry policy (`retry.ts`), the
 * attempt clock and abort helpers (`attempt.ts`) and the answer readers (`readers.ts`).
 */
import { APIPromise, type WithResponse } from './api-promise.js';
import { Attempt, sleep } from './attempt.js';
import {
  APIUserAbortError,
  AuthError,
  errorFromHTTP,
  InvalidParameterError,
  MiniMaxError,
} from './errors.js';
import { type Logger, type LogLevel, levelledLogger, logsAt } from './logger.js';
import { checkRequestOptions } from './options.js';
import { MAX_ERROR_BYTES, readText } from './readers.js';
import { followsItself } from './redirect-mode.js';
import {
  BASE_URLS,
  detectRegion,
  type KeyVerdict,
  keyVerdict,
  otherRegion,
  REGION_PROBE_PATH,
  regionOfURL,
} from './region.js';
import { retryDelayMs, shouldRetry } from './retry.js';
import { traceIdOf } from './values.js';

export { Attempt, abortError, sleep } from './attempt.js';
export {
  MAX_DOWNLOAD_BYTES,
  MAX_ERROR_BYTES,
  MAX_JSON_BYTES,
  readBytes,
  readChunks,
  readJSON,
  readJSONKeeping,
  readText,
} from './readers.js';
export {
  INITIAL_RETRY_DELAY_MS,
  MAX_RETRY_AFTER_MS,
  MAX_RETRY_DELAY_MS,
  neverReachedServer,
  retryAfterMs,
  retryDelayMs,
  shouldRetry,
} from './retry.js';
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
  /** Headers that carry a parameter of the endpoint (speech to text's `language`); a per-call header of the same name wins. */
  headers?: Record<string, string>;
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
  /**
   * Node's own fetch, when `fetch` calls it (the global one, as it was when the client was made):
   * it copies every request's body unless the request asks for `redirect: 'error'`, so the
   * transport asks that for JSON bodies once the API has shown it does not redirect them, while
   * the global is still this one. A fetch put in its place later (a test library's, a tracer's)
   * may report a refused redirect its own way, so it gets redirects shown, as before.
   */
  nodeFetch?: typeof fetch | undefined;
}

/** How a successful response is read: runs inside the attempt, so its failures can be retried. */
export type ResponseReader<T> = (response: Response, attempt: Attempt) => Promise<T>;

/** Layers headers onto `target` (lower-cased); `null` removes, `undefined` is ignored. */
function applyHeaders(
  target: Record<string, string>,
  layer: Record<string, string | null | undefined>,
): Record<string, string> {
  for (const key of Object.keys(layer)) {
    const value = layer[key];
    if (value === null) delete target[key.toLowerCase()];
    else if (value !== undefined) target[key.toLowerCase()] = value;
  }
  return target;
}

/** An HTTP token: what a header name may be. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9a-z-]+$/i;

/** Whether an HTTP request can carry the value: no NUL, CR or LF, nothing beyond one byte. */
function carriable(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code === 0 || code === 10 || code === 13 || code > 0xff) return false;
  }
  return true;
}

/**
 * Refuses a header fetch would refuse or that could split the request: a line break, a NUL or a
 * character beyond one byte in a value, or a name that is not a token. The value is never quoted:
 * it is often the API key (a trailing newline from a file or a paste), and fetch's own error would
 * print it, then be retried as a connection failure.
 */
export function checkHeaders(headers: Record<string, string>): void {
  for (const name of Object.keys(headers)) {
    const value = headers[name]!;
    if (!HEADER_NAME.test(name)) {
      throw new InvalidParameterError(`The header name ${JSON.stringify(name)} is not a valid HTTP token.`);
    }
    if (!carriable(value)) {
      const what = name === 'authorization' ? 'The API key' : `The ${name} header`;
      throw new InvalidParameterError(
        `${what} holds a line break, a NUL or a character beyond Latin-1, which no HTTP request can carry ` +
          '(often a trailing newline from a file or a paste); the value is not shown.',
      );
    }
  }
}

/** Statuses that redirect (with a `Location`). */
const REDIRECTS: ReadonlySet<number> = new Set([301, 302, 303, 307, 308]);
/** Hops followed per attempt; fetch's own limit is 20, no MiniMax answer needs more than one. */
export const MAX_REDIRECTS = 5;
/** Headers of the SDK's own making, kept on a hop to another origin (the body's type too). */
const SDK_HEADERS: ReadonlySet<string> = new Set(['user-agent', 'accept', 'content-type']);

/** Node's fetch refusing a redirect (`redirect: 'error'`): a TypeError caused by "unexpected redirect". */
function isRefusedRedirect(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    error.cause instanceof Error &&
    error.cause.message === 'unexpected redirect'
  );
}

function isAbsoluteURL(path: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(path);
}

export class Transport {
  readonly #config: TransportConfig;
  readonly #log: Logger;
  #base: Promise<string> | undefined;
  readonly #verdicts = new Map<string, Promise<KeyVerdict>>();

  /**
   * Whether the headers every API call starts from (the SDK's, the key, `defaultHeaders`) pass
   * `checkHeaders`: they are the same on every call, so they are checked once; only a call's own
   * headers are checked each time. Any that fail are checked with the call's, as a whole, so a
   * call that removes a bad default still goes out.
   */
  #ownHeadersValid: boolean | undefined;

  /**
   * Whether the API answers JSON requests without redirecting them: unknown until the first one
   * is answered, and false for good once one is redirected. While true, and only with Node's own
   * fetch, JSON requests ask fetch to refuse redirects: it then sends the body as it is, where
   * otherwise it copies the body's stream on every call (about a tenth of a small call's time)
   * to be able to send it again after a redirect. A JSON body is a string, so if the API
   * redirects one after all, the transport sends it again and follows the redirect itself.
   */
  #redirectFree: boolean | undefined;

  constructor(config: TransportConfig) {
    // A copy: the headers checked once must stay the ones sent (`withOptions` makes another client).
    this.#config = { ...config, defaultHeaders: { ...config.defaultHeaders } };
    this.#log = levelledLogger(config.logger, config.logLevel, config.apiKey);
  }

  get baseURL(): string {
    return this.#config.baseURL;
  }

  /** Logs a warning through the client's logger (at `warn` level and above; the key redacted). */
  warn(message: string): void {
    if (logsAt(this.#config.logLevel, 'warn')) this.#log.warn(message);
  }

  /** Logs a line at `debug` level through the client's logger (the key redacted). */
  debug(message: string): void {
    if (logsAt(this.#config.logLevel, 'debug')) this.#log.debug(message);
  }

  get defaultTimeout(): number {
    return this.#config.timeout;
  }

  /**
   * The client's fetch, unwrapped (no retries, no redirects followed): for a request that is not
   * an API call, such as reading why a runtime's own WebSocket was refused.
   */
  get fetch(): typeof fetch {
    return this.#config.fetch;
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

  /** `apiHeaders(extra, accept)`, refused as `checkHeaders` refuses. */
  #checkedAPIHeaders(
    extra: Record<string, string | null | undefined> | undefined,
    accept: string,
  ): Record<string, string> {
    if (this.#ownHeadersValid === undefined) {
      try {
        checkHeaders(this.apiHeaders({}, accept));
        this.#ownHeadersValid = true;
      } catch {
        this.#ownHeadersValid = false;
      }
    }
    const headers = this.apiHeaders(extra, accept);
    if (!this.#ownHeadersValid) checkHeaders(headers);
    else if (extra) checkHeaders(applyHeaders({}, extra));
    return headers;
  }

  async #init(
    spec: RequestSpec,
    options: RequestOptions,
    signal: AbortSignal,
    apiHost: boolean,
  ): Promise<RequestInit> {
    // An absolute URL is a media or file download on another host: neither the key nor the
    // client's default headers (which may hold other credentials) go there.
    let headers: Record<string, string>;
    if (!apiHost) {
      headers = applyHeaders({ 'user-agent': this.#config.userAgent, accept: '*/*' }, options.headers ?? {});
      checkHeaders(headers);
    } else {
      headers = this.#checkedAPIHeaders(
        spec.headers ? { ...spec.headers, ...options.headers } : options.headers,
        spec.stream ? 'text/event-stream' : 'application/json',
      );
    }
    let body: BodyInit | undefined;
    if (spec.form) {
      body = await spec.form();
    } else if (spec.body !== undefined) {
      headers['content-type'] = 'application/json';
      body = JSON.stringify(spec.body);
    }
    const init: RequestInit = { method: spec.method, headers, body, signal };
    if (!followsItself()) return init;
    if (
      this.#redirectFree &&
      typeof body === 'string' &&
      apiHost &&
      this.#config.nodeFetch !== undefined &&
      this.#config.nodeFetch === globalThis.fetch
    ) {
      init.redirect = 'error';
      init.window = null;
    } else {
      init.redirect = 'manual';
    }
    return init;
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
    // Before anything else (the region probe included): a bad option must not cost a request. A
    // long-running method's creating POST carries the poll options too, so they are checked here.
    checkRequestOptions(options);
    // A path under the base URL, or an absolute URL (a download on another host): decided once.
    const apiHost = !isAbsoluteURL(spec.path);
    const base = apiHost ? await this.resolveBaseURL() : '';
    const url = this.buildURL(spec.path, spec.query, base);
    const maxRetries = Math.floor(options.maxRetries ?? this.#config.maxRetries);
    const timeout = options.timeout ?? this.#config.timeout;
    const logPath = spec.path.startsWith('/') ? spec.path : '<download>';
    for (let retry = 0; ; retry++) {
      const attempt = new Attempt(retry + 1, timeout, options.signal);
      const started = Date.now();
      let init: RequestInit;
      try {
        init = await this.#init(spec, options, attempt.signal, apiHost);
      } catch (error) {
        attempt.finish();
        throw error instanceof MiniMaxError ? error : new MiniMaxError(String(error), { cause: error });
      }
      let response: Response | undefined;
      let failure: MiniMaxError;
      try {
        // A custom fetch may not check the signal; an aborted call must never send anything.
        if (attempt.aborted) throw attempt.signal.reason;
        response = await this.#follow(url, init, apiHost);
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

  /**
   * Fetches `url`, following redirects ourselves (fetch's own following keeps every header but
   * `Authorization` on a hop to another host, so `defaultHeaders` and per-call headers, which
   * may hold other credentials, went along). A hop to another origin drops every header the
   * caller or the key put there and keeps only the SDK's own; once dropped they stay dropped.
   * 303, and 301/302 after a POST, turn into a GET without a body, as browsers do. At most
   * `MAX_REDIRECTS` hops, all inside the attempt's deadline. A browser page cannot read a
   * redirect's target, so there the browser follows (it drops `Authorization` itself).
   */
  async #follow(url: string, init: RequestInit, apiHost: boolean): Promise<Response> {
    // `#init` asks for manual redirects where this runtime shows them, for refused ones where
    // the API has shown it does not redirect (see `#redirectFree`); elsewhere fetch follows.
    // The first hop goes out with that init as built: a spread copy of it cost fetch a slow
    // property lookup for each RequestInit member it reads, on every call.
    let request = init;
    if (init.redirect === 'error') {
      try {
        return await this.#config.fetch(url, init);
      } catch (error) {
        if (!isRefusedRedirect(error)) throw error;
      }
      this.#redirectFree = false;
      request = { ...init, redirect: 'manual' };
    } else if (init.redirect !== 'manual') {
      return this.#config.fetch(url, init);
    }
    let current = new URL(url);
    const origin = current.origin;
    let stripped = false;
    for (let hop = 0; ; hop++) {
      const response = await this.#config.fetch(hop === 0 ? url : current.toString(), request);
      const location = REDIRECTS.has(response.status) ? response.headers.get('location') : null;
      if (hop === 0 && apiHost && typeof request.body === 'string') {
        this.#redirectFree = location === null && this.#redirectFree !== false;
      }
      if (location === null) return response;
      response.body?.cancel().catch(() => {});
      if (hop >= MAX_REDIRECTS) {
        // Not a connection failure: a loop answers the same way every time, so it is not retried.
        throw new MiniMaxError(
          `Too many redirects: more than ${MAX_REDIRECTS} from ${apiHost ? 'the API' : 'a download URL'}.`,
          { status: response.status, headers: response.headers },
        );
      }
      let next: URL;
      try {
        next = new URL(location, current);
      } catch {
        throw new MiniMaxError(`A redirect pointed to an invalid URL (HTTP ${response.status}).`);
      }
      if (next.protocol !== 'http:' && next.protocol !== 'https:') {
        throw new MiniMaxError(`A redirect pointed to a ${next.protocol} URL, which is not followed.`);
      }
      const headers = { ...(request.headers as Record<string, string>) };
      const method = String(request.method ?? 'GET').toUpperCase();
      const toGet =
        response.status === 303
          ? method !== 'GET'
          : (response.status === 301 || response.status === 302) && method === 'POST';
      let body = request.body;
      if (toGet) {
        body = undefined;
        delete headers['content-type'];
      }
      if (!stripped && next.origin !== origin) {
        stripped = true;
        for (const name of Object.keys(headers)) {
          if (!SDK_HEADERS.has(name)) delete headers[name];
        }
      }
      request = { ...request, method: toGet ? 'GET' : request.method, headers, body };
      current = next;
    }
  }

  async #errorFrom(response: Response, attempt: Attempt): Promise<MiniMaxError> {
    let text = '';
    try {
      // An error page needs no more than this; a huge (or endlessly inflating) one is cut short.
      text = await readText(response, MAX_ERROR_BYTES, true);
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
