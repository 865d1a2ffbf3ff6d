/**
 * Stands in for `ws-package.ts` in the web build, which has no `ws` package (see `ws.web.ts`):
 * loading the package rejects first, so no socket is ever opened here.
 */
import type { SpeechSocket, WebSocketClass } from './websocket.js';

export function wsSocket(
  _WebSocket: WebSocketClass,
  _url: string,
  _headers: Record<string, string>,
): SpeechSocket {
  throw new Error('The "ws" package is not available in this build.');
}
