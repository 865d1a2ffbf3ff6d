/**
 * What every speech socket session of the mock shares: its ids, how a frame is sent (audio hex
 * spliced into the JSON text), the failure envelope, and the idle close the platform applies.
 */

import type { WebSocket } from 'ws';
import { baseResp, jsonPieces, MockApiError, messageForCode } from './respond.js';
import type { MockContext } from './types.js';
import { isObject, type JsonObject, randomHexId } from './util.js';

/** A session's answer to each client event it knows, by `event` name. */
export type SessionHandlers = Record<string, (msg: JsonObject) => void>;

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
  /**
   * Logs every frame under `path`, hands each JSON event to its handler (an unknown event or a
   * frame that is not a JSON object fails the session with 2202), then greets the client with
   * `connected_success`. With `pingIsActivity`, client pings keep an idle session open.
   */
  listen(path: string, handlers: SessionHandlers, options?: { pingIsActivity?: boolean }): void;
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
  const listen: SessionChannel['listen'] = (path, handlers, options = {}) => {
    ws.on('message', (data, isBinary) => {
      armIdle();
      const raw = Array.isArray(data)
        ? Buffer.concat(data)
        : data instanceof ArrayBuffer
          ? Buffer.from(data)
          : data;
      let msg: unknown;
      try {
        msg = JSON.parse(raw.toString('utf8'));
      } catch {
        msg = undefined;
      }
      ctx.log({
        method: 'WS',
        path,
        query: {},
        headers: {},
        body: msg ?? raw.toString('utf8'),
        time: Date.now(),
      });
      if (!isObject(msg))
        return fail(2202, `illegal event: ${isBinary ? 'binary' : 'text'} frame is not a JSON object`, true);
      const event =
        typeof msg.event === 'string' && Object.hasOwn(handlers, msg.event) ? msg.event : undefined;
      try {
        if (event === undefined) fail(2202, `illegal event: ${String(msg.event)}`, true);
        else handlers[event]?.(msg);
      } catch (err) {
        if (!(err instanceof MockApiError)) throw err;
        // Settings and text errors keep their API code; a refused start ends the session.
        fail(err.code, err.message, event === 'task_start' || err.code !== 1042);
      }
    });
    if (options.pingIsActivity) ws.on('ping', armIdle);
    ws.on('error', () => ws.terminate());
    send(envelope('connected_success'));
    armIdle();
  };
  ws.on('close', () => ctx.timers.clear(idle));
  return { open, send, envelope, fail, armIdle, listen };
}
