/**
 * Shared helpers for the mock server tests: start servers that are closed after each test, call
 * them with plain fetch, read SSE and drive the WebSocket.
 */

import { afterEach } from 'vitest';
import WebSocket from 'ws';
import { type MockServer, type MockServerOptions, startMockServer } from '../../src/mock/index.js';

const running: MockServer[] = [];

afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});

/** Starts a mock server that is closed after the current test. */
export async function startMock(options: MockServerOptions = {}): Promise<MockServer> {
  const server = await startMockServer(options);
  running.push(server);
  return server;
}

export const KEY = 'test-key';

/** `base_resp` of a native response. */
export interface BaseResp {
  status_code: number;
  status_msg: string;
}

/** The envelope every native response has; tests cast bodies to richer shapes as needed. */
export interface Envelope {
  base_resp: BaseResp;
  trace_id?: string;
}

/** A T2A / music `extra_info`. */
export type ExtraInfo = Record<string, number | string>;

/** A WebSocket frame from the server. */
export interface WsFrame {
  event?: string;
  session_id?: string;
  trace_id?: string;
  data?: { audio?: string } | null;
  is_final?: boolean;
  extra_info?: ExtraInfo;
  base_resp?: BaseResp;
}

/** POSTs JSON with a bearer key. */
export function post(
  mock: MockServer,
  path: string,
  body: unknown,
  key: string | null = KEY,
): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== null) headers.authorization = `Bearer ${key}`;
  return fetch(mock.url + path, { method: 'POST', headers, body: JSON.stringify(body) });
}

/** GETs with a bearer key. */
export function get(mock: MockServer, path: string, key: string | null = KEY): Promise<Response> {
  const headers: Record<string, string> = {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  return fetch(mock.url + path, { headers });
}

/** POSTs JSON and returns the parsed body, typed as the caller expects it. */
export async function postJson<T extends object = Envelope>(
  mock: MockServer,
  path: string,
  body: unknown,
  key: string | null = KEY,
): Promise<T & Envelope> {
  return (await (await post(mock, path, body, key)).json()) as T & Envelope;
}

/** GETs and returns the parsed body, typed as the caller expects it. */
export async function getJson<T extends object = Envelope>(
  mock: MockServer,
  path: string,
  key: string | null = KEY,
): Promise<T & Envelope> {
  return (await (await get(mock, path, key)).json()) as T & Envelope;
}

/** One parsed SSE event. */
export interface SseEvent<T = Record<string, unknown>> {
  event: string | undefined;
  data: T;
}

/** Parses a complete SSE body (as the mock frames it: `event:` optional, one `data:` line). */
export function parseSse<T = Record<string, unknown>>(text: string): SseEvent<T>[] {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      let event: string | undefined;
      let data = '';
      for (const line of block.split('\n')) {
        if (line.startsWith('event: ')) event = line.slice(7);
        else if (line.startsWith('data: ')) data += line.slice(6);
      }
      return { event, data: JSON.parse(data) as T };
    });
}

/** Hex to bytes. */
export function fromHex(hex: string): Uint8Array {
  return new Uint8Array(Buffer.from(hex, 'hex'));
}

/** A WebSocket client that queues every frame it receives. */
export class WsClient {
  readonly frames: WsFrame[] = [];
  private waiters: Array<() => void> = [];
  closed: { code: number; reason: string } | undefined;

  constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.frames.push(JSON.parse(data.toString()) as WsFrame);
      this.wake();
    });
    socket.on('close', (code, reason) => {
      this.closed = { code, reason: reason.toString() };
      this.wake();
    });
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Resolves once `predicate` holds for the received frames (or the socket closed). */
  async until(predicate: (frames: WsFrame[]) => boolean, timeoutMs = 5000): Promise<WsFrame[]> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this.frames)) {
      if (this.closed !== undefined)
        throw new Error(`socket closed (${this.closed.code}) before the condition held`);
      if (Date.now() > deadline) throw new Error('timed out waiting for frames');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.frames;
  }

  /** Resolves once the socket is closed. */
  async whenClosed(timeoutMs = 5000): Promise<{ code: number; reason: string }> {
    const deadline = Date.now() + timeoutMs;
    while (this.closed === undefined) {
      if (Date.now() > deadline) throw new Error('socket did not close');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
    return this.closed;
  }

  send(message: unknown): void {
    this.socket.send(JSON.stringify(message));
  }

  /** Frames with the given event. */
  events(name: string): WsFrame[] {
    return this.frames.filter((f) => f.event === name);
  }
}

/** Opens a T2A WebSocket (`path`); rejects with the HTTP status when the upgrade is refused. */
export function connectWs(
  mock: MockServer,
  key: string | null = KEY,
  path = '/ws/v1/t2a_v2',
): Promise<WsClient> {
  const headers: Record<string, string> = {};
  if (key !== null) headers.authorization = `Bearer ${key}`;
  const socket = new WebSocket(`${mock.url.replace('http', 'ws')}${path}`, { headers });
  const client = new WsClient(socket);
  return new Promise((resolve, reject) => {
    socket.once('open', () => resolve(client));
    socket.once('unexpected-response', (_req, res) => {
      reject(Object.assign(new Error(`upgrade refused: ${res.statusCode}`), { status: res.statusCode }));
      socket.terminate();
    });
    socket.once('error', reject);
  });
}

export const VOICE = { voice_id: 'English_expressive_narrator', speed: 1, vol: 1, pitch: 0 };

/** A file object as the files endpoints describe it. */
export interface FileObject {
  file_id: number;
  bytes: number;
  created_at: number;
  filename: string;
  purpose: string;
  download_url?: string;
}

/** Uploads bytes through multipart and returns the `file` object. */
export async function upload(
  mock: MockServer,
  purpose: string,
  data: Uint8Array | string,
  filename = 'sample.mp3',
): Promise<FileObject> {
  const form = new FormData();
  form.append('purpose', purpose);
  form.append('file', new Blob([typeof data === 'string' ? data : new Uint8Array(data)]), filename);
  const res = await fetch(`${mock.url}/v1/files/upload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}` },
    body: form,
  });
  const body = (await res.json()) as Envelope & { file: FileObject };
  if (body.base_resp.status_code !== 0) throw new Error(`upload failed: ${JSON.stringify(body.base_resp)}`);
  return body.file;
}
