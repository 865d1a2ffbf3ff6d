/**
 * The T2A WebSocket (`/ws/v1/t2a_v2`), served on the HTTP server through the upgrade event:
 * `connected_success`, then `task_start` → `task_started`, each `task_continue` → several
 * `task_continued` audio frames (the last with `is_final` and `extra_info`), `task_finish` →
 * `task_finished` and close. Failures are `task_failed` frames carrying `base_resp`.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import { applyFaultDelay, UPGRADE_KINDS, WS_KINDS } from './faults.js';
import { baseResp, HEX_SLOT, sendJson } from './respond.js';
import { subtitleUrl } from './routes/speech.js';
import {
  checkInvisible,
  hexChunks,
  type SpeechSettings,
  SUBTITLE_TYPES,
  type SubtitleType,
  speechExtraInfo,
  speechSettings,
  synthesize,
} from './speech-core.js';
import type { LoggedRequest, MockContext } from './types.js';
import { characterCount, type JsonObject } from './util.js';
import { optionalBoolean, optionalString } from './validate.js';
import { BIDI_PATH, startBidiSession } from './ws-bidi.js';
import { sessionChannel } from './ws-session.js';

/** The WebSocket path. */
export const WS_PATH = '/ws/v1/t2a_v2';
const MAX_TEXT = 10_000;

/** What the upgrade handler needs from the server. */
export interface UpgradeDeps {
  ctx: MockContext;
  /** Checks the bearer key; returns false for a missing or wrong one. */
  authorized(req: IncomingMessage): boolean;
  /** Builds the log entry of the upgrade request. */
  logEntry(req: IncomingMessage, path: string, query: Record<string, string>): LoggedRequest;
}

/**
 * Answers a plain (not upgrading) request to a socket path: what a client whose own WebSocket hides
 * a refused upgrade's status (Node's, Bun's, Deno's) sends to read why. The key is checked first,
 * with the upgrade's own refusal (401, 1004); a good key gets 426 Upgrade Required. False for a
 * path that is no socket's (the key is then not looked at: the route checks it its own way).
 */
export function answerSocketPath(path: string, res: ServerResponse, authorized: () => boolean): boolean {
  if (path !== WS_PATH && path !== BIDI_PATH) return false;
  if (!authorized()) sendJson(res, 401, { base_resp: baseResp(1004) });
  else {
    sendJson(
      res,
      426,
      { base_resp: baseResp(2013, `invalid params, ${path} is a WebSocket: send an upgrade`) },
      { upgrade: 'websocket' },
    );
  }
  return true;
}

/** Answers an upgrade request with a plain HTTP error and closes the socket. */
function refuseUpgrade(socket: Duplex, status: number, reason: string, body: unknown): void {
  const text = JSON.stringify(body);
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\nConnection: close\r\n\r\n${text}`,
  );
}

/** Creates the WebSocket server (detached from any port) and returns it with the upgrade handler. */
export function createWebSocketServer(deps: UpgradeDeps): {
  onUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void;
  /** Ends every WebSocket and every handshake still pending. */
  closeAll: () => void;
} {
  const wss = new WebSocketServer({ noServer: true });
  const { ctx } = deps;
  // Upgrading sockets leave the HTTP server's bookkeeping, so `closeAllConnections` misses them.
  const pending = new Set<Duplex>();

  const upgrade = async (req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> => {
    socket.on('error', () => {});
    pending.add(socket);
    socket.once('close', () => pending.delete(socket));
    const url = new URL(req.url ?? '/', 'http://mock');
    const query = Object.fromEntries(url.searchParams);
    const entry = deps.logEntry(req, url.pathname, query);
    ctx.log(entry);
    const refuse = (status: number, reason: string, body: unknown): void => {
      entry.response = { status, body, complete: true };
      refuseUpgrade(socket, status, reason, body);
    };
    if (url.pathname !== WS_PATH && url.pathname !== BIDI_PATH) {
      refuse(404, 'Not Found', {
        base_resp: baseResp(2013, `invalid params, no WebSocket at ${url.pathname}`),
      });
      return;
    }
    const fault = ctx.faults.take(url.pathname, UPGRADE_KINDS);
    if (fault !== undefined) {
      await applyFaultDelay(fault, ctx.timers);
      if ('status' in fault) {
        refuse(
          fault.status,
          'Mock Fault',
          // No base_resp by default, so clients map the refusal by its HTTP status as for any HTTP fault.
          fault.body ?? { message: `mock fault: HTTP ${fault.status}` },
        );
        return;
      }
      if ('drop' in fault) {
        entry.response = { status: 0, body: undefined, complete: false };
        socket.destroy();
        return;
      }
      // A stall leaves the handshake unanswered until the client gives up or the server closes.
      if ('stall' in fault) return;
    }
    if (!deps.authorized(req)) {
      refuse(401, 'Unauthorized', { base_resp: baseResp(1004) });
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => {
      pending.delete(socket);
      entry.response = { status: 101, body: undefined, complete: true };
      if (url.pathname === BIDI_PATH) startBidiSession(ws, ctx);
      else {
        // Subtitle files are served over HTTP on the same host and scheme as the socket.
        const secure = (req.socket as { encrypted?: boolean }).encrypted === true;
        startSession(ws, ctx, `${secure ? 'https' : 'http'}://${req.headers.host ?? 'localhost'}`);
      }
    });
  };

  const closeAll = (): void => {
    for (const socket of pending) socket.destroy();
    pending.clear();
    for (const client of wss.clients) client.terminate();
    wss.close();
  };

  return { onUpgrade: (req, socket, head) => void upgrade(req, socket, head), closeAll };
}

/** Runs one WebSocket session. */
function startSession(ws: WebSocket, ctx: MockContext, origin: string): void {
  let settings: SpeechSettings | undefined;
  /** The subtitle type when `subtitle_enable` was set at `task_start`. */
  let subtitleType: SubtitleType | undefined;
  const { open, send, envelope, fail, listen } = sessionChannel(ws, ctx);

  const onStart = (msg: JsonObject): void => {
    if (settings !== undefined) {
      fail(2202, 'illegal event: task already started', true);
      return;
    }
    const fault = ctx.faults.take(WS_PATH, ['wsFail']);
    if (fault !== undefined && 'wsFail' in fault) {
      fail(fault.wsFail, fault.message, true);
      return;
    }
    settings = speechSettings(msg, ctx, { streaming: true });
    const type = (optionalString(msg, 'subtitle_type', { oneOf: SUBTITLE_TYPES }) ??
      'sentence') as SubtitleType;
    if (optionalBoolean(msg, 'subtitle_enable') === true) subtitleType = type;
    optionalBoolean(msg, 'continuous_sound');
    send(envelope('task_started'));
  };

  const onContinue = (msg: JsonObject): void => {
    if (settings === undefined) {
      fail(2202, 'illegal event: task_continue before task_start', true);
      return;
    }
    const text = msg.text;
    if (typeof text !== 'string' || text.trim() === '') {
      fail(2203, undefined, false);
      return;
    }
    if (characterCount(text) > MAX_TEXT) {
      fail(2204, undefined, false);
      return;
    }
    checkInvisible(text);
    const fault = ctx.faults.take(WS_PATH, WS_KINDS);
    if (fault !== undefined && 'wsFail' in fault) {
      fail(fault.wsFail, fault.message, true);
      return;
    }
    const clip = synthesize(ctx, text, settings);
    const chunks = hexChunks(clip.hex);
    const noFinal = fault !== undefined && 'wsNoFinal' in fault;
    const closeMidSend = fault !== undefined && 'wsClose' in fault;
    chunks.forEach((chunk, i) => {
      if (!open()) return;
      const final = i === chunks.length - 1 && !noFinal;
      const data: JsonObject = { audio: HEX_SLOT };
      if (final && subtitleType !== undefined) {
        data.subtitle_file = subtitleUrl({ origin }, ctx, text, clip.durationMs, subtitleType);
      }
      const frame: JsonObject = { ...envelope('task_continued'), data, is_final: final };
      if (final) frame.extra_info = speechExtraInfo(text, clip);
      send(frame, chunk);
      if (closeMidSend && i === 0) ws.close(1011, 'mock fault: closed mid-send');
    });
  };

  const onFinish = (): void => {
    send(envelope('task_finished'));
    if (open()) ws.close(1000, 'task finished');
  };

  listen(WS_PATH, { task_start: onStart, task_continue: onContinue, task_finish: onFinish });
}
