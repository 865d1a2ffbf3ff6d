/**
 * Stands in for `speech-connection.ts` in the browser build. A browser's WebSocket cannot send the
 * Authorization header MiniMax authenticates the upgrade by, so `speech.connect` refuses there
 * before any connection is tried; this refuses through the same check (`socketKind`), without the
 * session's code or the socket adapters. Workerd, Bun, Deno and Node, which can open the socket,
 * resolve the package's other builds by their own `exports` conditions.
 */
import { MiniMaxError } from '../core/errors.js';
import type { Transport } from '../core/transport.js';
import { socketKind } from '../core/websocket.js';
import type { SpeechConnectOptions, SpeechConnectParams } from './speech-types.js';

// biome-ignore lint/complexity/noStaticOnlyClass: the same export as speech-connection.ts, whose sessions this build never opens
export class SpeechConnection {
  /** @internal Refuses, as `speech-connection.ts` does in a browser; used by `speech.connect`. */
  static async _open(
    _transport: Transport,
    _params: SpeechConnectParams,
    options: SpeechConnectOptions = {},
  ): Promise<SpeechConnection> {
    socketKind(options);
    // A runtime that could open the socket but was handed the browser build (a test under jsdom).
    throw new MiniMaxError(
      "speech.connect: this is minimax-sdk's browser build, which opens no WebSocket; this runtime can open one with the build its own exports condition picks (node, bun, deno or workerd).",
    );
  }
}
