/**
 * `speech.streamText` against a scriptable local `ws` server (127.0.0.1, port 0): every text
 * source shape, coalescing, and each way a session can end early (the source throws, abort, the
 * signal, a dropped socket, a reader that stops) with both sides released.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APIUserAbortError,
  type AudioStream,
  InvalidParameterError,
  MiniMax,
  MiniMaxError,
  type SpeechConnectParams,
} from '../../src/index.js';
import { TEST_KEY } from '../helpers/fake-fetch.js';
import { type Handlers, type SpeechServer, startSpeechServer } from './ws-server.js';

const PARAMS: SpeechConnectParams = {
  model: 'speech-2.8-turbo',
  voice_setting: { voice_id: 'English_expressive_narrator' },
};
const decoder = new TextDecoder();

let servers: SpeechServer[] = [];
let dirs: string[] = [];

afterEach(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  servers = [];
  dirs = [];
});

async function server(handlers: Handlers = {}): Promise<SpeechServer> {
  const s = await startSpeechServer(handlers);
  servers.push(s);
  return s;
}

function client(s: SpeechServer): MiniMax {
  return new MiniMax({ apiKey: TEST_KEY, baseURL: s.url, timeout: 5_000, maxRetries: 0, logLevel: 'off' });
}

async function read(stream: AsyncIterable<Uint8Array>): Promise<string> {
  let all = '';
  for await (const chunk of stream) all += decoder.decode(chunk);
  return all;
}

const texts = (s: SpeechServer) =>
  s.received.flatMap((m) => (m.event === 'task_continue' ? [String(m.text)] : []));
const events = (s: SpeechServer) => s.received.map((m) => m.event);

/** A hand-driven async text source: `push` a piece, `end()`, `fail(error)`; `returned` counts `return()`. */
function manualSource() {
  const waiting: ((step: IteratorResult<string>) => void)[] = [];
  const failing: ((error: unknown) => void)[] = [];
  const queued: (IteratorResult<string> | { error: unknown })[] = [];
  const source = {
    returned: 0,
    push(value: string) {
      this.settle({ done: false, value });
    },
    end() {
      this.settle({ done: true, value: undefined });
    },
    fail(error: unknown) {
      this.settle({ error });
    },
    settle(step: IteratorResult<string> | { error: unknown }) {
      const resolve = waiting.shift();
      const reject = failing.shift();
      if (!resolve || !reject) queued.push(step);
      else if ('error' in step) reject(step.error);
      else resolve(step);
    },
    [Symbol.asyncIterator]() {
      return {
        next: (): Promise<IteratorResult<string>> => {
          const step = queued.shift();
          if (step) return 'error' in step ? Promise.reject(step.error) : Promise.resolve(step);
          return new Promise((resolve, reject) => {
            waiting.push(resolve);
            failing.push(reject);
          });
        },
        return: async (): Promise<IteratorResult<string>> => {
          source.returned++;
          return { done: true, value: undefined };
        },
      };
    },
  };
  return source;
}

describe('speech.streamText', () => {
  it('speaks a string as one piece, then finishes and closes the socket', async () => {
    const s = await server();
    const stream = client(s).speech.streamText('Hello there. How are you?', PARAMS);
    expect(await read(stream)).toBe('Hello there. How are you?');
    expect(events(s)).toEqual(['task_start', 'task_continue', 'task_finish']);
    expect(s.received[0]).toEqual({ event: 'task_start', ...PARAMS });
    expect(stream.trace_id).toBe('tr-ws');
    await s.waitForClose(1);
  });

  it('takes an array and a sync generator; pieces that arrive while the socket opens go as one', async () => {
    const s = await server();
    const pieces = ['One, ', 'two. ', 'Three.'];
    expect(await read(client(s).speech.streamText(pieces, PARAMS))).toBe(pieces.join(''));
    // All three were pulled before the task started: one fragment, no round trip per piece.
    expect(texts(s)).toEqual([pieces.join('')]);
    function* words() {
      yield 'Four ';
      yield 'five.';
    }
    expect(await read(client(s).speech.streamText(words(), PARAMS))).toBe('Four five.');
  });

  it('writes an async source as it arrives, joining what came during a write, losing nothing', async () => {
    const s = await server();
    const source = manualSource();
    const stream = client(s).speech.streamText(source, PARAMS);
    const heard = read(stream);
    await s.waitForMessages(1);
    source.push('First ');
    await s.waitForMessages(2);
    for (const piece of ['sentence. ', 'Sec', 'ond ', 'one.']) source.push(piece);
    source.end();
    expect(await heard).toBe('First sentence. Second one.');
    expect(texts(s).join('')).toBe('First sentence. Second one.');
    expect(texts(s).length).toBeLessThan(5);
    expect(source.returned).toBe(0);
  });

  it('speaks a MessageStream-like textStream (an async generator)', async () => {
    const s = await server();
    async function* reply() {
      for (const word of ['The ', 'sea ', 'is ', 'salty.']) {
        await new Promise((resolve) => setImmediate(resolve));
        yield word;
      }
    }
    expect(await read(client(s).speech.streamText(reply(), PARAMS))).toBe('The sea is salty.');
  });

  it('a source that throws ends the session: its own error is the stream error, no file is left', async () => {
    const s = await server();
    const dir = await mkdtemp(join(tmpdir(), 'stream-text-'));
    dirs.push(dir);
    const boom = new Error('model stream broke');
    const source = manualSource();
    const stream = client(s).speech.streamText(source, PARAMS);
    const saved = stream.save(join(dir, 'reply.mp3'));
    source.push('Half a ');
    await s.waitForMessages(2);
    source.fail(boom);
    await expect(saved).rejects.toBe(boom);
    await s.waitForClose(1);
    // The session was dropped, not finished: the half sentence is never spoken.
    expect(events(s)).not.toContain('task_finish');
    expect(await readdir(dir)).toEqual([]);
    // A failed source is not asked to return().
    expect(source.returned).toBe(0);
  });

  it('a source that yields a non-string is an InvalidParameterError and is released', async () => {
    const s = await server();
    const source = manualSource();
    const stream = client(s).speech.streamText(source, PARAMS);
    const heard = read(stream);
    (source as unknown as { settle(step: IteratorResult<unknown>): void }).settle({ done: false, value: 42 });
    await expect(heard).rejects.toThrow(InvalidParameterError);
    await expect(heard).rejects.toThrow(/yielded number/);
    expect(source.returned).toBe(1);
  });

  it('abort() closes the socket and returns the source, even while the source is waiting', async () => {
    const s = await server();
    const source = manualSource();
    const stream = client(s).speech.streamText(source, PARAMS);
    const heard = read(stream);
    source.push('Some text ');
    await s.waitForMessages(2);
    stream.abort();
    await expect(heard).rejects.toBeInstanceOf(APIUserAbortError);
    await s.waitForClose(1);
    expect(source.returned).toBe(1);
  });

  it('the signal aborts it the same way, also before the socket has opened', async () => {
    const s = await server();
    const controller = new AbortController();
    const source = manualSource();
    const stream = client(s).speech.streamText(source, PARAMS, { signal: controller.signal });
    controller.abort();
    await expect(read(stream)).rejects.toBeInstanceOf(APIUserAbortError);
    expect(source.returned).toBe(1);
    const already = client(s).speech.streamText('Never.', PARAMS, { signal: controller.signal });
    await expect(read(already)).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it('a dropped socket is an APIConnectionError; the source is released and nothing hangs', async () => {
    const s = await server({ task_continue: (socket) => socket.terminate() });
    const source = manualSource();
    const stream = client(s).speech.streamText(source, PARAMS);
    const heard = read(stream);
    source.push('Cut off. ');
    await expect(heard).rejects.toBeInstanceOf(APIConnectionError);
    await s.waitForClose(1);
    // The writer learns it on its next write; the reader releases the source at once.
    expect(source.returned).toBe(1);
  });

  it('a task_failed frame is the mapped error', async () => {
    const s = await server({
      task_continue: (socket) =>
        socket.send(
          JSON.stringify({ event: 'task_failed', base_resp: { status_code: 1026, status_msg: 'sensitive' } }),
        ),
    });
    await expect(read(client(s).speech.streamText('Blocked.', PARAMS))).rejects.toMatchObject({ code: 1026 });
    await s.waitForClose(1);
  });

  it('a reader that stops early closes the socket and releases the source', async () => {
    const s = await server();
    const source = manualSource();
    const stream = client(s).speech.streamText(source, PARAMS);
    source.push('First. ');
    for await (const _chunk of stream) break;
    await s.waitForClose(1);
    expect(source.returned).toBe(1);
  });

  it('save() writes the audio; toReadableStream() hands on the same bytes', async () => {
    const s = await server();
    const dir = await mkdtemp(join(tmpdir(), 'stream-text-'));
    dirs.push(dir);
    const path = await client(s).speech.streamText(['Saved ', 'audio.'], PARAMS).save(join(dir, 'a.mp3'));
    expect(decoder.decode(await readFile(path))).toBe('Saved audio.');
    const web = client(s).speech.streamText('Web stream.', PARAMS).toReadableStream();
    expect(decoder.decode(await new Response(web).arrayBuffer())).toBe('Web stream.');
  });

  it('has no HTTP response, and says so', async () => {
    const s = await server();
    const stream: AudioStream = client(s).speech.streamText('No response.', PARAMS);
    await expect(stream.response).rejects.toThrow(/WebSocket/);
    expect(await read(stream)).toBe('No response.');
  });

  it('refuses bad text and bad parameters at once, before any socket opens', async () => {
    const s = await server();
    const speech = client(s).speech;
    expect(() => speech.streamText(42 as unknown as string, PARAMS)).toThrow(InvalidParameterError);
    expect(() => speech.streamText(null as unknown as string, PARAMS)).toThrow(InvalidParameterError);
    expect(() =>
      speech.streamText('Hi.', { voice_setting: PARAMS.voice_setting } as SpeechConnectParams),
    ).toThrow(InvalidParameterError);
    expect(s.upgrades).toHaveLength(0);
  });

  it('a refused open is the stream error and releases the source', async () => {
    const s = await server({
      task_start: (socket) =>
        socket.send(
          JSON.stringify({ event: 'task_failed', base_resp: { status_code: 2206, status_msg: 'busy' } }),
        ),
    });
    const source = manualSource();
    const error = await read(client(s).speech.streamText(source, PARAMS)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect(error).toMatchObject({ code: 2206 });
    expect(source.returned).toBe(1);
  });
});
