/**
 * Stands in for `speech-bidi.ts` in the web build. The bidirectional session confirms each write
 * with a WebSocket ping, which only the `ws` package sends, and the web build has no `ws`: there
 * `dialSocket` always refuses, with the error that says why (the header a browser cannot send, the
 * pings workerd's socket lacks, or the missing package). So the session itself is left out of
 * browser bundles, and opening one refuses exactly as it does with the session in.
 */
import { MiniMaxError } from '../core/errors.js';
import type { Transport } from '../core/transport.js';
import { dialSocket } from '../core/websocket.js';
import { BIDI_SOCKET_PATH } from './speech-bidi-split.js';
import type { SpeechBidiOptions, SpeechConnectParams } from './speech-types.js';

// biome-ignore lint/complexity/noStaticOnlyClass: the same export as speech-bidi.ts, whose sessions this build never opens
export class SpeechBidiSession {
  /** @internal Refuses, as `speech-bidi.ts` would without `ws`; used by `speech.connectBidi`. */
  static async _open(
    transport: Transport,
    _params: SpeechConnectParams,
    options: SpeechBidiOptions = {},
  ): Promise<SpeechBidiSession> {
    const { ws, handshake } = await dialSocket(transport, BIDI_SOCKET_PATH, options, { pings: true });
    // Not reached: without `ws` no socket here sends pings. Should one open, it is not kept.
    handshake.finish();
    ws.terminate();
    throw new MiniMaxError('speech.connectBidi needs the "ws" package, which this build leaves out.');
  }
}
