/**
 * Stands in for `ws-package.ts` in the web build, which has no `ws` package: loading it rejects,
 * so no socket is ever opened with it here, and no bundler is shown an import of `ws` (whose
 * Node-only imports a browser app cannot resolve).
 */
import { MiniMaxError } from './errors.js';
import type { SpeechSocket, WebSocketClass } from './websocket.js';

/** Rejects: this build has no `ws` (where the runtime has a WebSocket of its own, that is used). */
export async function loadWebSocket(): Promise<WebSocketClass> {
  throw new MiniMaxError(
    'The speech WebSocket needs the "ws" package here, which this build of minimax-sdk leaves out (use Node.js 22+, Bun or Deno, whose own WebSocket is used instead).',
  );
}

export function wsSocket(
  _WebSocket: WebSocketClass,
  _url: string,
  _headers: Record<string, string>,
): SpeechSocket {
  throw new Error('The "ws" package is not available in this build.');
}
