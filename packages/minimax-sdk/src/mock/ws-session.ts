/**
 * What every speech socket session of the mock shares: its ids, how a frame is sent (audio hex
 * spliced into the JSON text), the failure envelope, and the idle close the platform applies.
 */

import type { WebSocket } from 'ws';
import { baseResp, jsonPieces, messageForCode } from './respond.js';
import type { MockContext } from './types.js';
import { type JsonObject, randomHexId } from './util.js';

export interface SessionChannel {
  open(): boolean;
  /** Sends `message`, with `hex` in its `HEX_SLOT` when given; nothing once the socket is closing. */
  send(message: JsonObject, hex?: Buffer): void;
  /** `{event, session_id, trace_id, base_resp}`. */
  envelope(event: string, code?: number, message?: string): JsonObject;
  /** A fatal failure closes the session; skip codes (2203, 2204, 2205) leave it open. */
  fail(code: number, message: string | undefined, fatal: boolean): void;
  /** (Re)starts the idle clock: a session silent for `wsIdleMs` gets 2201 and is closed. */
  armIdle(): void;
}

/** The shared pieces of one session on `ws`; the idle clock stops when the socket closes. */
export function sessionChannel(ws: WebSocket, ctx: MockContext): SessionChannel {
  const sessionId = randomHexId();
  const traceId = randomHexId();
  let idle: NodeJS.Timeout | undefined;
  const open = () => ws.readyState === ws.OPEN;
  const send = (message: JsonObject, hex?: Buffer): void => {
    if (!open()) return;
    const pieces = jsonPieces(message, hex);
    if (pieces.length === 1) ws.send(pieces[0] as string);
    else
      ws.send(Buffer.concat(pieces.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))), {
        binary: false,
      });
  };
  const envelope = (event: string, code = 0, message?: string): JsonObject => ({
    event,
    session_id: sessionId,
    trace_id: traceId,
    base_resp: baseResp(code, message),
  });
  const fail = (code: number, message: string | undefined, fatal: boolean): void => {
    send(envelope('task_failed', code, message ?? messageForCode(code)));
    if (fatal && open()) ws.close(1000, 'task failed');
  };
  const armIdle = (): void => {
    ctx.timers.clear(idle);
    idle = ctx.timers.set(() => fail(2201, undefined, true), ctx.options.wsIdleMs);
  };
  ws.on('close', () => ctx.timers.clear(idle));
  return { open, send, envelope, fail, armIdle };
}
