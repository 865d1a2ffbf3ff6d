/**
 * A scriptable local speech WebSocket server for the connection tests: real sockets on
 * 127.0.0.1, port 0. By default it plays the happy path of the MiniMax protocol; a test replaces
 * any step through `on`.
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type VerifyClientCallbackAsync, type WebSocket, WebSocketServer } from 'ws';

export type Message = Record<string, unknown>;

export interface Handlers {
  /** Runs when a client connects (default: sends `connected_success`). */
  connection?: (socket: WebSocket) => void;
  task_start?: (socket: WebSocket, message: Message) => void;
  task_continue?: (socket: WebSocket, message: Message) => void;
  task_finish?: (socket: WebSocket, message: Message) => void;
}

export interface SpeechServer {
  url: string;
  port: number;
  wss: WebSocketServer;
  /** Every message received, in order. */
  received: Message[];
  /** Request path and headers of every upgrade. */
  upgrades: { path: string; headers: IncomingHttpHeaders }[];
  sockets: WebSocket[];
  /** Resolves when a client socket has closed, with how many have closed so far. */
  closedCount(): number;
  waitForClose(count?: number): Promise<void>;
  /** Resolves once `count` messages have arrived. */
  waitForMessages(count: number): Promise<void>;
  close(): Promise<void>;
}

export const hex = (text: string): string => Buffer.from(text, 'utf8').toString('hex');

export const ok = { status_code: 0, status_msg: 'success' };

export const EXTRA = {
  audio_length: 1234,
  audio_sample_rate: 32000,
  audio_size: 5,
  bitrate: 128000,
  audio_format: 'mp3',
  audio_channel: 1,
  usage_characters: 5,
  word_count: 1,
  invisible_character_ratio: 0,
};

export function send(socket: WebSocket, message: Message): void {
  socket.send(JSON.stringify(message));
}

/** Audio frames for `text`: its bytes as hex, split in two, the second one final. */
export function speak(socket: WebSocket, text: string, extra: Message = EXTRA): void {
  const all = hex(text);
  const cut = Math.max(2, Math.floor(all.length / 4) * 2);
  send(socket, {
    event: 'task_continued',
    data: { audio: all.slice(0, cut) },
    is_final: false,
    session_id: 'sess-1',
    trace_id: 'tr-ws',
    base_resp: ok,
  });
  send(socket, {
    event: 'task_continued',
    data: { audio: all.slice(cut) },
    extra_info: extra,
    is_final: true,
    session_id: 'sess-1',
    trace_id: 'tr-ws',
    base_resp: ok,
  });
}

const defaults: Required<Handlers> = {
  connection: (socket) =>
    send(socket, { event: 'connected_success', session_id: 'sess-1', trace_id: 'tr-ws', base_resp: ok }),
  task_start: (socket) =>
    send(socket, { event: 'task_started', session_id: 'sess-1', trace_id: 'tr-ws', base_resp: ok }),
  task_continue: (socket, message) => speak(socket, String(message.text)),
  task_finish: (socket) => {
    send(socket, { event: 'task_finished', session_id: 'sess-1', trace_id: 'tr-ws', base_resp: ok });
    socket.close(1000);
  },
};

export async function startSpeechServer(
  handlers: Handlers = {},
  options: { verifyClient?: VerifyClientCallbackAsync } = {},
): Promise<SpeechServer> {
  const on = { ...defaults, ...handlers };
  const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', verifyClient: options.verifyClient });
  await new Promise<void>((resolve) => wss.once('listening', () => resolve()));
  const port = (wss.address() as AddressInfo).port;
  const received: Message[] = [];
  const upgrades: SpeechServer['upgrades'] = [];
  const sockets: WebSocket[] = [];
  let closed = 0;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };
  wss.on('connection', (socket, request) => {
    sockets.push(socket);
    upgrades.push({ path: request.url ?? '', headers: request.headers });
    socket.on('close', () => {
      closed++;
      notify();
    });
    socket.on('error', () => {});
    socket.on('message', (data) => {
      const message = JSON.parse(data.toString()) as Message;
      received.push(message);
      notify();
      const handler = on[message.event as keyof Handlers] as ((s: WebSocket, m: Message) => void) | undefined;
      handler?.(socket, message);
    });
    on.connection(socket);
  });
  const until = (check: () => boolean) =>
    new Promise<void>((resolve) => {
      if (check()) return resolve();
      const listener = () => {
        if (!check()) return;
        listeners.delete(listener);
        resolve();
      };
      listeners.add(listener);
    });
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    wss,
    received,
    upgrades,
    sockets,
    closedCount: () => closed,
    waitForClose: (count = 1) => until(() => closed >= count),
    waitForMessages: (count) => until(() => received.length >= count),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of wss.clients) socket.terminate();
        wss.close(() => resolve());
      }),
  };
}
