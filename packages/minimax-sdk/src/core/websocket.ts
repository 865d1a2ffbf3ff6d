/**
 * The WebSocket plumbing the speech sessions share: loading the `ws` package (Node only, lazily,
 * so importing the SDK elsewhere never pulls it in), reading its frames as text, and turning a
 * refused upgrade (an HTTP answer instead of 101) into the mapped error.
 */
import type { IncomingMessage } from 'node:http';
import type WS from 'ws';
import { Attempt, abortError } from './attempt.js';
import { APIConnectionError, errorFromHTTP, MiniMaxError } from './errors.js';
import { checkHeaders, type Transport } from './transport.js';
import { isRecord } from './values.js';

export type WebSocketClass = typeof WS;
export type { WS };

/** The largest frame accepted from the server (a long sentence's audio fits with room to spare). */
const MAX_PAYLOAD = 64 * 1024 * 1024;

/** The most of a refused upgrade's body that is read for its error. */
const ERROR_BODY_LIMIT = 64 * 1024;

let wsModule: Promise<WebSocketClass> | undefined;

/** The `ws` package's WebSocket class, loaded once. */
export function loadWebSocket(): Promise<WebSocketClass> {
  wsModule ??= import('ws').then(
    (mod) => (mod.default ?? (mod as unknown as { WebSocket: WebSocketClass }).WebSocket) as WebSocketClass,
    (error: unknown) => {
      wsModule = undefined;
      // The platform authenticates the upgrade by its Authorization header, which a browser's
      // WebSocket cannot send: say so, and where to go instead, rather than fail on the handshake.
      throw new MiniMaxError(
        'The speech WebSocket needs Node.js (or Bun or Deno) with the "ws" package: MiniMax wants an Authorization header on the upgrade, which a browser cannot send. From a browser, go through your own server (a same-origin proxy; see the README, "Runtimes").',
        { cause: error },
      );
    },
  );
  return wsModule;
}

/** A frame's text. */
export function frameText(data: WS.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  // `ws` hands over Buffers: toString() skips a TextDecoder per frame.
  return (data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The error of an upgrade answered with an HTTP status instead of 101, from its (capped) body. */
export function readRefusal(response: IncomingMessage): Promise<MiniMaxError> {
  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      // The last chunk may run past the limit: concat cuts the whole at `size`.
      const text = Buffer.concat(chunks, size).toString('utf8');
      const headers = new Headers();
      for (const [key, value] of Object.entries(response.headers)) {
        if (typeof value === 'string') headers.set(key, value);
        else if (Array.isArray(value)) for (const item of value) headers.append(key, item);
      }
      const status = response.statusCode ?? 0;
      resolve(errorFromHTTP(status, headers, text, `WebSocket upgrade refused: HTTP ${status}.`));
    };
    response.on('data', (chunk: Uint8Array) => {
      if (size >= ERROR_BODY_LIMIT) return;
      chunks.push(chunk);
      size = Math.min(ERROR_BODY_LIMIT, size + chunk.byteLength);
    });
    response.on('end', finish);
    response.on('error', finish);
    response.on('close', finish);
  });
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

/** Per-socket options both speech sessions take. */
export interface DialOptions {
  timeout?: number | undefined;
  signal?: AbortSignal | undefined;
  headers?: Record<string, string | null | undefined> | undefined;
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
): Promise<{ ws: WS; url: string; handshake: Attempt }> {
  if (options.signal?.aborted) throw abortError(options.signal);
  const WebSocket = await loadWebSocket();
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
    // TLS is verified by default and no option here relaxes it.
    return {
      ws: new WebSocket(url, { headers, maxPayload: MAX_PAYLOAD, followRedirects: false }),
      url,
      handshake,
    };
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

/**
 * Routes a socket's life to its owner: each JSON object frame to `frame`, and every way it can end
 * (a refused upgrade, a socket error, a close, a frame that is not a JSON object) to `die` as a
 * MiniMaxError. Resolves once the socket is open; rejects with the first failure before that.
 */
export function watchSocket(
  ws: WS,
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
  ws.on('message', (data) => {
    const text = frameText(data);
    let frame: unknown;
    try {
      frame = JSON.parse(text);
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
  ws.on('unexpected-response', (_request, response) => {
    readRefusal(response).then((error) => {
      die(error);
      ws.terminate();
    });
  });
  // Kept for the socket's whole life: `ws` throws an 'error' event that has no listener.
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
    const why = reason.length > 0 ? `: ${reason.toString()}` : '';
    die(new APIConnectionError(`WebSocket connection closed unexpectedly (code ${code}${why}).`));
  });
  return opened;
}
