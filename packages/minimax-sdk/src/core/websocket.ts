/**
 * The WebSocket plumbing the speech sessions share: loading the `ws` package (Node only, lazily,
 * so importing the SDK elsewhere never pulls it in), reading its frames as text, and turning a
 * refused upgrade (an HTTP answer instead of 101) into the mapped error.
 */
import type { IncomingMessage } from 'node:http';
import type WS from 'ws';
import { errorFromHTTP, MiniMaxError } from './errors.js';

export type WebSocketClass = typeof WS;
export type { WS };

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
