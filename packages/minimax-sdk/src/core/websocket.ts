/**
 * The WebSocket plumbing the speech sessions share. MiniMax authenticates the upgrade by its
 * Authorization header, so each runtime opens the socket the way that can send it: Bun's, Deno's
 * and Node 22's own WebSocket (they take `headers`), workerd's fetch upgrade, and the `ws` package
 * on Node 20 and for the bidirectional session, which needs WebSocket pings. A browser cannot send
 * the header at all: it gets a clear error instead. Every kind is adapted to one small socket
 * interface. The `ws` package's loader and adapter are in `ws-package.ts`, which loads it lazily
 * (importing the SDK elsewhere never pulls it in) and which the web build leaves out.
 */
import type WS from 'ws';
import { Attempt, abortError } from './attempt.js';
import { APIConnectionError, AuthError, MiniMaxError } from './errors.js';
import { readText } from './readers.js';
import { ERROR_BODY_LIMIT, Events, upgradeRefused } from './socket-base.js';
import { checkHeaders, type Transport } from './transport.js';
import { isRecord, parseServerJSON } from './values.js';
import { loadWebSocket, wsSocket } from './ws-package.js';

export type WebSocketClass = typeof WS;
export type { WS };

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The socket URL of `path` on the API host: `https` becomes `wss`, `http` becomes `ws`, and a
 * path prefix of the base URL is kept.
 *
 * @example
 * socketURL('https://api.minimax.io', '/ws/v1/t2a_v2') // 'wss://api.minimax.io/ws/v1/t2a_v2'
 */
export function socketURL(baseURL: string, path: string): string {
  const url = new URL(baseURL);
  if (url.protocol === 'https:') url.protocol = 'wss:';
  else if (url.protocol === 'http:') url.protocol = 'ws:';
  url.pathname = `${url.pathname.replace(/\/+$/, '')}${path}`;
  return url.toString();
}

/**
 * How a socket is opened: `ws` (the npm package), `native` (the runtime's own `WebSocket`, given
 * the headers), `fetch-upgrade` (workerd: a `fetch` with `Upgrade: websocket`), or `none` (a
 * browser or edge runtime, which cannot send the Authorization header).
 */
export type SocketKind = 'ws' | 'native' | 'fetch-upgrade' | 'none';

/** What the socket choice looks at (the running global scope, or a test's stand-in). */
export interface SocketRuntime {
  /** `process.versions.node` when there is one (Node, and Bun's and Deno's compatibility). */
  nodeVersion?: string | undefined;
  bun?: boolean | undefined;
  deno?: boolean | undefined;
  /** Whether a global `WebSocket` constructor exists. */
  webSocket?: boolean | undefined;
  /** Whether workerd's `WebSocketPair` exists. */
  webSocketPair?: boolean | undefined;
}

/** The runtime this code runs in, as the socket choice sees it. */
export function currentRuntime(): SocketRuntime {
  const scope = globalThis as Record<string, unknown>;
  const version = (scope.process as { versions?: { node?: unknown } } | undefined)?.versions?.node;
  return {
    nodeVersion: typeof version === 'string' ? version : undefined,
    bun: scope.Bun !== undefined,
    deno: scope.Deno !== undefined,
    webSocket: typeof scope.WebSocket === 'function',
    webSocketPair: typeof scope.WebSocketPair === 'function',
  };
}

/**
 * Which socket `runtime` opens. Each native choice was checked to send the Authorization header
 * by the runtime matrix (`npm run test:runtimes`); `pings` (the bidirectional session confirms
 * each write by a ping) leaves `ws` as the only choice, since no WHATWG WebSocket sends pings.
 *
 * @example
 * chooseSocket({ nodeVersion: '20.19.0' }) // 'ws'
 * chooseSocket({ bun: true, nodeVersion: '24.3.0', webSocket: true }) // 'native'
 */
export function chooseSocket(runtime: SocketRuntime, needs: { pings?: boolean } = {}): SocketKind {
  const nodeLike = runtime.nodeVersion !== undefined || runtime.bun === true || runtime.deno === true;
  if (needs.pings) return nodeLike && !runtime.webSocketPair ? 'ws' : 'none';
  if (runtime.webSocketPair) return 'fetch-upgrade';
  if (runtime.webSocket && (runtime.bun || runtime.deno)) return 'native';
  // Node's own WebSocket (undici) takes `headers` from Node 22 on; Node 20's is behind a flag.
  if (runtime.webSocket && Number(runtime.nodeVersion?.split('.')[0]) >= 22) return 'native';
  return nodeLike ? 'ws' : 'none';
}

/** The name a socket kind goes by in the debug log (and the runtime matrix). */
function kindLabel(kind: SocketKind, runtime: SocketRuntime): string {
  if (kind === 'ws') return 'the ws package';
  if (kind === 'fetch-upgrade') return "workerd's fetch upgrade";
  return `${runtime.bun ? 'Bun' : runtime.deno ? 'Deno' : 'Node'}'s own WebSocket`;
}

/** The events a speech socket reports, whatever opened it. */
export interface SocketEvents {
  open: [];
  /** A text frame (binary frames are read as UTF-8 too). */
  message: [text: string];
  /** The upgrade was answered with an HTTP status instead of 101: its mapped error. */
  refused: [error: MiniMaxError];
  error: [error: Error];
  close: [code: number, reason: string];
  pong: [data: string];
}

export type Listener<K extends keyof SocketEvents> = (...args: SocketEvents[K]) => void;

/** The part of a socket the speech sessions use (the `ws` package's shape, narrowed). */
export interface SpeechSocket {
  readonly kind: SocketKind;
  /** 0 connecting, 1 open, 2 closing, 3 closed (as in the WebSocket standard). */
  readonly readyState: number;
  /** Sends a text frame; `done` gets the error when it could not be sent. */
  send(text: string, done: (error?: Error) => void): void;
  close(code: number): void;
  /** Drops the connection at once; `close` follows. */
  terminate(): void;
  /** Only where the socket can send pings (`ws`). */
  ping?: ((data?: string) => void) | undefined;
  on<K extends keyof SocketEvents>(event: K, listener: Listener<K>): void;
  once<K extends keyof SocketEvents>(event: K, listener: Listener<K>): void;
}

/** The standard WebSocket surface the adapter uses (browsers, Bun, Deno, undici, workerd). */
export interface StandardWebSocket {
  readonly readyState: number;
  binaryType?: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: never) => void): void;
  /** workerd: a socket from a fetch upgrade starts only once accepted. */
  accept?: () => void;
}

const decoder = /* @__PURE__ */ new TextDecoder();

/** How long the plain GET that reads a native socket's refusal may take (inside the handshake's). */
const PROBE_TIMEOUT_MS = 10_000;

/**
 * Reads why a runtime's own WebSocket failed before opening: the standard socket hides the
 * refusal's status and body, so the same URL is fetched once with the same headers. Resolves the
 * answer's mapped error, or undefined when nothing could be read.
 */
export type RefusalProbe = (signal: AbortSignal) => Promise<MiniMaxError | undefined>;

/**
 * The status a runtime's WebSocket error names for a refused upgrade. Bun says "Expected 101 status
 * code: 401" and Deno "Invalid status code: 401"; Node's (undici) names none. Only a number after
 * "status code" counts: a URL in the message holds digits too (127.0.0.1).
 *
 * @example
 * namedStatus("WebSocket connection to 'ws://127.0.0.1:80/x' failed: Expected 101 status code: 403") // 403
 */
export function namedStatus(detail: string): number | undefined {
  const match = /\bstatus code:?\s*([1-5]\d\d)\b/i.exec(detail);
  const status = match ? Number(match[1]) : undefined;
  return status === 101 ? undefined : status;
}

/**
 * The error of a native socket refused before opening, from the status the runtime named (if any)
 * and the answer a plain GET of the same URL got (if any). That GET is not an upgrade, so a server
 * may refuse it for that alone (404, 426): its answer counts only when it has the status the
 * runtime named, or, when the runtime named none, when it refuses the key, which a server does
 * before it looks at the upgrade. Undefined when neither says anything: a connection error then.
 */
export function explainRefusal(
  status: number | undefined,
  probed: MiniMaxError | undefined,
): MiniMaxError | undefined {
  if (probed !== undefined && (status === undefined ? probed instanceof AuthError : probed.status === status))
    return probed;
  if (status === undefined) return undefined;
  return upgradeRefused(status);
}

/** A failure before opening whose refusal is being read. */
interface Explaining {
  /** The runtime's close, held until the refusal is read. */
  close?: [code: number, reason: string] | undefined;
  stop(): void;
}

/** A standard WebSocket (or one still being opened by a fetch upgrade) in the shared shape. */
class StandardSocket extends Events implements SpeechSocket {
  readonly kind: SocketKind;
  #socket: StandardWebSocket | undefined;
  #opened = false;
  #ended = false;
  readonly #probe: RefusalProbe | undefined;
  /** While a failure before opening is being explained: the runtime's close, held until then. */
  #explaining: Explaining | undefined;

  constructor(
    kind: SocketKind,
    socket: StandardWebSocket | Promise<StandardWebSocket>,
    probe?: RefusalProbe,
  ) {
    super();
    this.kind = kind;
    this.#probe = probe;
    if (socket instanceof Promise) {
      socket.then(
        (ready) => {
          if (this.#ended) ready.close(1000);
          else this.#attach(ready, true);
        },
        (error: unknown) => {
          if (this.#ended) return;
          if (error instanceof MiniMaxError) this.emit('refused', error);
          else this.emit('error', error instanceof Error ? error : new Error(String(error)));
          this.#end(1006, '');
        },
      );
    } else this.#attach(socket, false);
  }

  #attach(socket: StandardWebSocket, accepted: boolean): void {
    this.#socket = socket;
    try {
      socket.binaryType = 'arraybuffer';
    } catch {
      // A runtime whose binaryType cannot be set hands ArrayBuffers anyway (workerd).
    }
    socket.addEventListener('open', () => this.#open());
    socket.addEventListener('message', (event: { data: unknown }) => {
      if (this.#ended) return;
      const { data } = event;
      this.emit(
        'message',
        typeof data === 'string'
          ? data
          : decoder.decode(data instanceof ArrayBuffer ? new Uint8Array(data) : (data as Uint8Array)),
      );
    });
    socket.addEventListener('error', (event: { message?: unknown; error?: unknown }) => {
      if (this.#ended || this.#explaining) return;
      const detail =
        typeof event.message === 'string' && event.message
          ? event.message
          : event.error instanceof Error
            ? event.error.message
            : 'WebSocket error';
      if (this.#opened) this.emit('error', new Error(detail));
      else this.#explain(namedStatus(detail), new Error(detail));
    });
    socket.addEventListener('close', (event: { code?: number; reason?: string }) => {
      const code = event.code ?? 1006;
      const reason = event.reason ?? '';
      if (this.#explaining) this.#explaining.close = [code, reason];
      else if (!this.#opened && !this.#ended && this.#probe) {
        // Closed before opening with no error first: the refusal may still be read.
        this.#explain(undefined, undefined, [code, reason]);
      } else this.#end(code, reason);
    });
    if (accepted) {
      socket.accept?.();
      // An accepted upgrade is open already: its 'open' event never comes.
      queueMicrotask(() => this.#open());
    }
  }

  /**
   * Reports a failure before opening as the refusal it was (the mapped error of its HTTP answer)
   * when that can be told, else as `error` (a connection error). With a probe, the runtime's own
   * close is held back until the probe's answer is in, so the refusal is what the session sees.
   */
  #explain(status: number | undefined, error: Error | undefined, close?: [number, string]): void {
    const report = (probed: MiniMaxError | undefined) => {
      const refusal = explainRefusal(status, probed);
      if (refusal) this.emit('refused', refusal);
      else if (error) this.emit('error', error);
    };
    const probe = this.#probe;
    if (!probe) {
      report(undefined);
      return;
    }
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), PROBE_TIMEOUT_MS);
    const explaining: Explaining = { close, stop: () => controller.abort() };
    this.#explaining = explaining;
    probe(controller.signal)
      .catch(() => undefined)
      .then((probed) => {
        clearTimeout(timer);
        if (this.#ended) return;
        this.#explaining = undefined;
        report(probed);
        const [code, reason] = explaining.close ?? [1006, ''];
        this.#end(code, reason);
      });
  }

  #open(): void {
    if (this.#opened || this.#ended) return;
    this.#opened = true;
    this.emit('open');
  }

  #end(code: number, reason: string): void {
    if (this.#ended) return;
    this.#ended = true;
    // Given up on (a deadline, an abort): the refusal's reading is of no use any more.
    this.#explaining?.stop();
    this.emit('close', code, reason);
  }

  get readyState(): number {
    if (this.#ended) return 3;
    return this.#socket?.readyState ?? 0;
  }

  send(text: string, done: (error?: Error) => void): void {
    // A standard socket drops data sent while closing without a word: refuse it instead.
    if (this.readyState !== 1 || !this.#socket) {
      done(new Error('the WebSocket is not open'));
      return;
    }
    try {
      this.#socket.send(text);
    } catch (error) {
      done(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    done();
  }

  close(code: number): void {
    if (this.#socket && !this.#ended) this.#socket.close(code);
    else this.terminate();
  }

  terminate(): void {
    if (this.#ended) return;
    try {
      this.#socket?.close();
    } catch {
      // Closing a socket that never opened may throw; it is dropped either way.
    }
    // No standard way to drop a connection at once: report it closed now, as `ws` does.
    queueMicrotask(() => this.#end(1006, ''));
  }
}

/**
 * The refusal of an upgrade answered by plain HTTP (workerd's fetch upgrade, or the GET that reads
 * a native socket's refusal), read as any other error: at most ERROR_BODY_LIMIT of the body.
 */
async function fetchRefusal(response: Response): Promise<MiniMaxError> {
  let text = '';
  try {
    text = await readText(response, ERROR_BODY_LIMIT, true);
  } catch {
    // The status alone still says what happened.
  }
  return upgradeRefused(response.status, response.headers, text);
}

/**
 * The plain GET that reads a native socket's refusal: the socket's URL as http(s), the upgrade's
 * own headers (the key among them, so a bad key is refused the same way), no redirect followed,
 * at most ERROR_BODY_LIMIT of the body read. A failed fetch is simply no answer.
 */
function refusalProbe(transport: Transport, url: string, headers: Record<string, string>): RefusalProbe {
  return async (signal) => {
    const target = url.replace(/^ws(s?):/, 'http$1:');
    transport.debug(`[minimax] WebSocket ${url} failed before opening: GET ${target} to read why`);
    return fetchRefusal(
      await transport.fetch(target, { method: 'GET', headers, redirect: 'manual', signal }),
    );
  };
}

/** workerd opens an outgoing socket by a fetch with `Upgrade: websocket` (headers allowed). */
async function upgradeByFetch(url: string, headers: Record<string, string>): Promise<StandardWebSocket> {
  const target = url.replace(/^ws(s?):/, 'http$1:');
  const response = await fetch(target, { headers: { ...headers, upgrade: 'websocket' } });
  const socket = (response as Response & { webSocket?: StandardWebSocket | null }).webSocket;
  if (response.status !== 101 || !socket) throw await fetchRefusal(response);
  return socket;
}

/** The error of a runtime that cannot send the Authorization header on a WebSocket upgrade. */
function unsupported(needsPings: boolean): MiniMaxError {
  if (needsPings) {
    return new MiniMaxError(
      'speech.connectBidi needs Node.js, Bun or Deno (with the "ws" package): the session confirms each write with a WebSocket ping, which this runtime\'s WebSocket cannot send. speech.connect works here.',
    );
  }
  return new MiniMaxError(
    'The speech WebSocket cannot be opened here: MiniMax authenticates the upgrade by an Authorization header, which a browser\'s WebSocket cannot send (and an API key does not belong in a web page anyway). Open the socket from your server instead, e.g. a same-origin proxy that adds the header (README, "Runtimes").',
  );
}

/** Per-socket options both speech sessions take. */
export interface DialOptions {
  timeout?: number | undefined;
  signal?: AbortSignal | undefined;
  headers?: Record<string, string | null | undefined> | undefined;
}

/**
 * How this runtime opens a socket for a session that `needs` pings, checked before anything else:
 * an aborted signal, or a runtime that cannot send the Authorization header (a browser) or the
 * pings (workerd), throws here. The sessions' stand-ins in the web and browser builds refuse
 * through it too, so they refuse exactly as the sessions do.
 */
export function socketKind(options: DialOptions, needs: { pings?: boolean } = {}): SocketKind {
  if (options.signal?.aborted) throw abortError(options.signal);
  const runtime = currentRuntime();
  const kind = chooseSocket(runtime, needs);
  // Only a runtime that has a socket of its own lacks pings; a browser lacks the header first.
  if (kind === 'none') throw unsupported(needs.pings === true && runtime.webSocketPair === true);
  return kind;
}

/**
 * Starts opening a socket to `path` with the API's headers. `handshake` is the one deadline of the
 * whole opening (upgrade and task start); the caller's signal cancels it too. The caller must
 * `finish()` it.
 */
export async function dialSocket(
  transport: Transport,
  path: string,
  options: DialOptions,
  needs: { pings?: boolean } = {},
): Promise<{ ws: SpeechSocket; url: string; handshake: Attempt }> {
  const kind = socketKind(options, needs);
  const WebSocket = kind === 'ws' ? await loadWebSocket() : undefined;
  const url = socketURL(await transport.resolveBaseURL(), path);
  const { accept: _accept, ...headers } = transport.apiHeaders(options.headers);
  // The upgrade is an HTTP request too: the same headers are refused as on every other call.
  checkHeaders(headers);
  const handshake = new Attempt(
    1,
    options.timeout ?? transport.defaultTimeout,
    options.signal,
    'WebSocket handshake',
  );
  try {
    // TLS is verified by default and no option here relaxes it; a redirect is never followed
    // (the standard WebSocket refuses redirects itself).
    let ws: SpeechSocket;
    if (WebSocket) {
      ws = wsSocket(WebSocket, url, headers);
    } else if (kind === 'fetch-upgrade') {
      ws = new StandardSocket(kind, upgradeByFetch(url, headers));
    } else {
      const Standard = (globalThis as unknown as { WebSocket: StandardWebSocketClass }).WebSocket;
      ws = new StandardSocket(kind, new Standard(url, { headers }), refusalProbe(transport, url, headers));
    }
    transport.debug(`[minimax] WebSocket ${url} via ${kindLabel(kind, currentRuntime())}`);
    return { ws, url, handshake };
  } catch (error) {
    handshake.finish();
    throw new APIConnectionError(
      `Failed to establish WebSocket connection to ${url}: ${errorMessage(error)}`,
      {
        cause: error,
      },
    );
  }
}

/** Bun's, Deno's and undici's WebSocket take `{ headers }` as their second argument. */
type StandardWebSocketClass = new (
  url: string,
  init: { headers: Record<string, string> },
) => StandardWebSocket;

/**
 * Routes a socket's life to its owner: each JSON object frame to `frame`, and every way it can end
 * (a refused upgrade, a socket error, a close, a frame that is not a JSON object) to `die` as a
 * MiniMaxError. Resolves once the socket is open; rejects with the first failure before that.
 */
export function watchSocket(
  ws: SpeechSocket,
  url: string,
  handlers: { frame(frame: Record<string, unknown>): void; die(error: MiniMaxError): void },
): Promise<void> {
  let open = false;
  let rejectOpened: (error: MiniMaxError) => void = () => {};
  const opened = new Promise<void>((resolve, reject) => {
    ws.once('open', () => {
      open = true;
      resolve();
    });
    rejectOpened = reject;
  });
  opened.catch(() => {});
  const die = (error: MiniMaxError) => {
    rejectOpened(error);
    handlers.die(error);
  };
  ws.on('message', (text) => {
    let frame: unknown;
    try {
      frame = parseServerJSON(text);
    } catch {
      frame = undefined;
    }
    if (isRecord(frame)) {
      handlers.frame(frame);
      return;
    }
    // The server speaks JSON objects only: anything else means the session cannot be trusted.
    die(new MiniMaxError(`Malformed WebSocket frame: ${text.slice(0, 200)}`));
    ws.terminate();
  });
  ws.on('refused', (error) => {
    die(error);
    ws.terminate();
  });
  ws.on('error', (error) => {
    const detail = errorMessage(error);
    die(
      new APIConnectionError(
        open ? `WebSocket error: ${detail}` : `Failed to establish WebSocket connection to ${url}: ${detail}`,
        { cause: error },
      ),
    );
  });
  ws.on('close', (code, reason) => {
    const why = reason.length > 0 ? `: ${reason}` : '';
    die(new APIConnectionError(`WebSocket connection closed unexpectedly (code ${code}${why}).`));
  });
  return opened;
}
