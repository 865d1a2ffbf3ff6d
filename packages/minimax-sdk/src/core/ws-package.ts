/**
 * The `ws` package: its lazy loader, and its socket in the speech sessions' shape (Node 20, and the
 * bidirectional session, which needs pings). Its own module because only the Node build has `ws`:
 * the web build swaps it for `ws-package.web.ts`, so no browser bundle imports `ws` or carries this
 * adapter.
 */
import type { IncomingMessage } from 'node:http';
import type WS from 'ws';
import { MiniMaxError } from './errors.js';
import { ERROR_BODY_LIMIT, Events, upgradeRefused } from './socket-base.js';
import type { SpeechSocket, WebSocketClass } from './websocket.js';

let wsModule: Promise<WebSocketClass> | undefined;

/** The `ws` package's WebSocket class, loaded once. */
export function loadWebSocket(): Promise<WebSocketClass> {
  wsModule ??= import('ws').then(
    (mod) => (mod.default ?? (mod as unknown as { WebSocket: WebSocketClass }).WebSocket) as WebSocketClass,
    (error: unknown) => {
      wsModule = undefined;
      throw new MiniMaxError(
        'The speech WebSocket needs the "ws" package here, and it could not be loaded (it is a dependency of minimax-sdk: reinstall it, or use Node.js 22+, Bun or Deno, whose own WebSocket is used instead).',
        { cause: error },
      );
    },
  );
  return wsModule;
}

/** The largest frame accepted from the server (a long sentence's audio fits with room to spare). */
const MAX_PAYLOAD = 64 * 1024 * 1024;

/** Opens `url` with the `ws` package (never following a redirect) in the shared shape. */
export function wsSocket(
  WebSocket: WebSocketClass,
  url: string,
  headers: Record<string, string>,
): SpeechSocket {
  return new WsSocket(new WebSocket(url, { headers, maxPayload: MAX_PAYLOAD, followRedirects: false }));
}

/** A `ws` frame's text. */
function frameText(data: WS.RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  // `ws` hands over Buffers: toString() skips a TextDecoder per frame.
  return (data instanceof ArrayBuffer ? Buffer.from(data) : data).toString('utf8');
}

/** The error of an upgrade answered with an HTTP status instead of 101, from its (capped) body. */
function readRefusal(response: IncomingMessage): Promise<MiniMaxError> {
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
      resolve(upgradeRefused(status, headers, text));
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

/** A `ws` socket in the shared shape. */
class WsSocket extends Events implements SpeechSocket {
  readonly kind = 'ws' as const;
  readonly #ws: WS;

  constructor(ws: WS) {
    super();
    this.#ws = ws;
    ws.on('open', () => this.emit('open'));
    ws.on('message', (data) => this.emit('message', frameText(data)));
    ws.on('unexpected-response', (_request, response) => {
      readRefusal(response).then((error) => this.emit('refused', error));
    });
    // Kept for the socket's whole life: `ws` throws an 'error' event that has no listener.
    ws.on('error', (error) => this.emit('error', error));
    ws.on('close', (code, reason) => this.emit('close', code, reason.toString()));
    ws.on('pong', (data) => this.emit('pong', data.toString('utf8')));
  }

  get readyState(): number {
    return this.#ws.readyState;
  }

  send(text: string, done: (error?: Error) => void): void {
    this.#ws.send(text, done);
  }

  close(code: number): void {
    this.#ws.close(code);
  }

  terminate(): void {
    this.#ws.terminate();
  }

  ping = (data?: string): void => {
    this.#ws.ping(data);
  };
}
