/**
 * Stands in for `speech-bidi.ts` in the web and browser builds. The bidirectional session confirms
 * each write with a WebSocket ping, which only the `ws` package sends, and those builds have no
 * `ws`: the session can never open there. This refuses as the session does, through the same
 * checks in the same order (an aborted signal, the header a browser cannot send, the pings
 * workerd's socket lacks, then the missing package), without the session's code.
 */
import { MiniMaxError } from '../core/errors.js';
import type { Transport } from '../core/transport.js';
import { socketKind } from '../core/websocket.js';
import { loadWebSocket } from '../core/ws-package.js';
import type { SpeechBidiOptions, SpeechConnectParams } from './speech-types.js';

// biome-ignore lint/complexity/noStaticOnlyClass: the same export as speech-bidi.ts, whose sessions this build never opens
export class SpeechBidiSession {
  /** @internal Refuses, as `speech-bidi.ts` would without `ws`; used by `speech.connectBidi`. */
  static async _open(
    _transport: Transport,
    _params: SpeechConnectParams,
    options: SpeechBidiOptions = {},
  ): Promise<SpeechBidiSession> {
    // Throws where no socket sends the header or pings; elsewhere only `ws` would.
    socketKind(options, { pings: true });
    await loadWebSocket();
    throw new MiniMaxError('speech.connectBidi needs the "ws" package, which this build leaves out.');
  }
}
