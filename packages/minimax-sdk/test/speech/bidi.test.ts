/**
 * SpeechBidiSession against a fake socket (the `ws` module replaced): exact frames, exact timing
 * with fake timers. The 2204 split, the 2205 back-off, typed failures, cancel mid-sentence,
 * flush, a dropped socket and the keep-alive pings.
 */
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  APIConnectionError,
  InputSafetyError,
  MiniMax,
  MiniMaxError,
  type SpeechBidiEvent,
  type SpeechBidiSession,
} from '../../src/index.js';
import { TEST_KEY } from '../helpers/fake-fetch.js';

type Frame = Record<string, unknown>;

/** A scripted server: what a fake socket answers to each frame the client sends. */
interface Script {
  task_start?(socket: FakeSocket, frame: Frame): void;
  task_continue?(socket: FakeSocket, frame: Frame): void;
  task_flush?(socket: FakeSocket, frame: Frame): void;
  task_cancel?(socket: FakeSocket, frame: Frame): void;
  task_finish?(socket: FakeSocket, frame: Frame): void;
  /** How a ping is answered; default: a pong with the same data, after what came before. */
  ping?(socket: FakeSocket, data: string): void;
}

const ok = { status_code: 0, status_msg: 'success' };
const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');

class FakeSocket extends EventEmitter {
  static script: Script = {};
  static sockets: FakeSocket[] = [];
  readyState = 0;
  /** Everything sent, in order: frames as objects, pings as `{ ping: data }`. */
  readonly sent: Frame[] = [];
  readonly url: string;
  readonly options: Record<string, unknown>;

  constructor(url: string, options: Record<string, unknown>) {
    super();
    this.url = url;
    this.options = options;
    FakeSocket.sockets.push(this);
    // Opens on a later turn, as a real socket does (after the caller has attached its listeners).
    setImmediate(() => {
      this.readyState = 1;
      this.emit('open');
      this.reply({ event: 'connected_success' });
    });
  }

  /** A frame from the server, delivered as `ws` delivers text frames. */
  reply(frame: Frame): void {
    if (this.readyState !== 1) return;
    this.emit(
      'message',
      Buffer.from(JSON.stringify({ session_id: 's1', trace_id: 't1', base_resp: ok, ...frame })),
      false,
    );
  }

  fail(code: number, message = 'failed'): void {
    this.reply({ event: 'task_failed', base_resp: { status_code: code, status_msg: message } });
  }

  /** The continue texts sent so far. */
  texts(): string[] {
    return this.sent.flatMap((f) => (f.event === 'task_continue' ? [String(f.text)] : []));
  }

  events(): unknown[] {
    return this.sent.map((f) => f.event ?? (f.ping !== undefined ? 'ping' : '?'));
  }

  send(data: string, callback?: (error?: Error) => void): void {
    const frame = JSON.parse(data) as Frame;
    this.sent.push(frame);
    queueMicrotask(() => {
      callback?.();
      const handler = FakeSocket.script[frame.event as keyof Script] as
        | ((s: FakeSocket, f: Frame) => void)
        | undefined;
      handler?.(this, frame);
    });
  }

  ping(data?: string): void {
    const text = data ?? '';
    this.sent.push({ ping: text });
    queueMicrotask(() => {
      if (FakeSocket.script.ping) FakeSocket.script.ping(this, text);
      else if (this.readyState === 1) this.emit('pong', Buffer.from(text));
    });
  }

  close(code = 1000): void {
    if (this.readyState >= 2) return;
    this.readyState = 2;
    queueMicrotask(() => this.drop(code));
  }

  terminate(): void {
    if (this.readyState === 3) return;
    this.readyState = 2;
    queueMicrotask(() => this.drop(1006));
  }

  /** The connection is gone (the server closed it, or it broke). */
  drop(code = 1006): void {
    if (this.readyState === 3) return;
    this.readyState = 3;
    this.emit('close', code, Buffer.alloc(0));
  }
}

vi.mock('ws', () => ({ default: FakeSocket, WebSocket: FakeSocket }));

/** The happy path: started, each text spoken at once as one sentence, finish closes. */
const happy: Script = {
  task_start: (s) => s.reply({ event: 'task_started' }),
  task_continue: (s, f) => {
    s.reply({ event: 'sentence_start', data: { text: f.text } });
    s.reply({ event: 'task_continued', data: { audio: hex(String(f.text)) } });
    s.reply({ event: 'sentence_end', data: { text: f.text } });
  },
  task_flush: (s) => s.reply({ event: 'task_flushed' }),
  task_cancel: (s) => s.reply({ event: 'task_canceled' }),
  task_finish: (s) => {
    s.reply({ event: 'task_finished' });
    s.close();
  },
};

const sessions: SpeechBidiSession[] = [];

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  FakeSocket.sockets = [];
  FakeSocket.script = {};
});

async function open(script: Script = {}, options: { pingInterval?: number } = {}) {
  FakeSocket.script = { ...happy, ...script };
  const client = new MiniMax({
    apiKey: TEST_KEY,
    baseURL: 'http://fake.test',
    maxRetries: 0,
    logLevel: 'off',
  });
  const session = await client.speech.connectBidi(
    { model: 'speech-2.8-turbo', voice_setting: { voice_id: 'English_expressive_narrator' } },
    options,
  );
  sessions.push(session);
  return { session, socket: FakeSocket.sockets.at(-1) as FakeSocket };
}

async function collect(session: SpeechBidiSession): Promise<SpeechBidiEvent[]> {
  const events: SpeechBidiEvent[] = [];
  for await (const event of session.events()) events.push(event);
  return events;
}

const heard = (events: SpeechBidiEvent[]) =>
  events.flatMap((e) => (e.type === 'audio' ? [Buffer.from(e.audio).toString('utf8')] : [])).join('');

/** Lets queued microtasks (the fake socket's answers) run. */
const settle = async () => {
  for (let i = 0; i < 20; i++) await Promise.resolve();
};

describe('SpeechBidiSession (fake socket)', () => {
  it('opens on the bidi path with task_start, and confirms each fragment with a ping after it', async () => {
    const { session, socket } = await open();
    expect(socket.url).toBe('ws://fake.test/ws/v1/t2a_v2_bidi');
    expect(socket.sent[0]).toEqual({
      event: 'task_start',
      model: 'speech-2.8-turbo',
      voice_setting: { voice_id: 'English_expressive_narrator' },
    });
    expect(session.session_id).toBe('s1');
    await session.write('Hello. ');
    expect(socket.sent.slice(1)).toEqual([{ event: 'task_continue', text: 'Hello. ' }, { ping: 'w1' }]);
  });

  it('splits a write over 10,000 characters at sentence ends, in order, each under the limit (2204)', async () => {
    const { session, socket } = await open();
    const read = collect(session);
    const sentence = `${'abcd '.repeat(999)}end. `; // 5,000 characters
    const text = sentence.repeat(5);
    await session.write(text);
    const sent = socket.texts();
    expect(sent).toHaveLength(3);
    expect(sent.every((piece) => piece.length <= 10_000 && piece.endsWith('end. '))).toBe(true);
    expect(sent.join('')).toBe(text);
    // Each fragment waited for its own confirmation before the next went out.
    expect(socket.events().slice(1)).toEqual([
      'task_continue',
      'ping',
      'task_continue',
      'ping',
      'task_continue',
      'ping',
    ]);
    await session.finish();
    expect(heard(await read)).toBe(text);
  });

  it('answers 2205 by waiting 250 ms, then 500 ms, and resending the same fragment', async () => {
    let refusals = 2;
    const { session, socket } = await open({
      task_continue: (s, f) => {
        if (refusals-- > 0) s.fail(2205, 'too much queued');
        else happy.task_continue?.(s, f);
      },
    });
    const read = collect(session);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let done = false;
    const written = session.write('Say it once. ').then(() => {
      done = true;
    });
    await settle();
    expect(socket.texts()).toEqual(['Say it once. ']);
    await vi.advanceTimersByTimeAsync(249);
    expect(socket.texts()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(socket.texts()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(499);
    expect(socket.texts()).toHaveLength(2);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await written;
    expect(socket.texts()).toEqual(['Say it once. ', 'Say it once. ', 'Say it once. ']);
    vi.useRealTimers();
    await session.finish();
    expect(heard(await read)).toBe('Say it once. ');
  });

  it('gives up after 10 refusals in a row with a 2205 error, never reporting the text as sent', async () => {
    const { session, socket } = await open({ task_continue: (s) => s.fail(2205) });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const written = session.write('Never taken.').catch((error: unknown) => error);
    // 250 + 500 + 1000 + 2000 + 4000 × 5: the pause doubles up to its 4 s ceiling.
    await vi.advanceTimersByTimeAsync(23_750);
    const error = await written;
    expect(error).toBeInstanceOf(MiniMaxError);
    expect(error).toMatchObject({ code: 2205, trace_id: 't1' });
    expect((error as Error).message).toMatch(/10 times in a row.*not sent/);
    expect(socket.texts()).toHaveLength(10);
    // The session itself is still usable: 2205 is back-pressure, not a failure.
    expect(session.closed).toBe(false);
  });

  it('a 2206 on start rejects connectBidi with code 2206 and drops the socket', async () => {
    const failed = open({ task_start: (s) => s.fail(2206, 'one session per connection') }).catch(
      (e: unknown) => e,
    );
    const error = await failed;
    expect(error).toBeInstanceOf(MiniMaxError);
    expect(error).toMatchObject({ code: 2206, message: 'one session per connection' });
    await settle();
    expect(FakeSocket.sockets[0]?.readyState).toBe(3);
  });

  it('task_failed mid-session is the mapped error for the writer, the reader and later calls', async () => {
    const { session, socket } = await open({ task_continue: (s) => s.fail(1026, 'input sensitive') });
    const read = collect(session);
    await expect(session.write('Blocked.')).rejects.toBeInstanceOf(InputSafetyError);
    await expect(read).rejects.toMatchObject({ code: 1026, trace_id: 't1' });
    await expect(session.flush()).rejects.toBeInstanceOf(InputSafetyError);
    expect(session.closed).toBe(true);
    await settle();
    expect(socket.readyState).toBe(3);
  });

  it('a task_failed without a code is still a MiniMaxError carrying its message', async () => {
    const { session } = await open({
      task_continue: (s) =>
        s.reply({ event: 'task_failed', base_resp: undefined, message: 'engine crashed' }),
    });
    const error = await session.write('Hi.').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect((error as Error).message).toBe('engine crashed');
  });

  it('cancel mid-sentence drops the queued audio and what arrives until task_canceled, then goes on', async () => {
    let cancelled: FakeSocket | undefined;
    const { session, socket } = await open({
      task_continue: (s, f) => {
        if (String(f.text).startsWith('Long')) {
          // The first half of a long sentence is spoken; the rest never comes.
          s.reply({ event: 'sentence_start', data: { text: f.text } });
          s.reply({ event: 'task_continued', data: { audio: hex('half') } });
        } else happy.task_continue?.(s, f);
      },
      task_cancel: (s) => {
        cancelled = s;
        // Audio already on its way when the server took the cancel: still dropped.
        s.reply({ event: 'task_continued', data: { audio: hex('late') } });
        s.reply({ event: 'task_canceled' });
      },
    });
    await session.write('Long sentence being spoken');
    await settle();
    await session.cancel();
    expect(cancelled).toBe(socket);
    expect(socket.events()).toContain('task_cancel');
    await session.write('After. ');
    await session.finish();
    const events = await collect(session);
    expect(heard(events)).toBe('After. ');
    expect(
      events.filter((e) => e.type === 'sentence_start').map((e) => (e as { text: string }).text),
    ).toEqual(['After. ']);
  });

  it('flush waits for the write before it, sends task_flush and resolves on task_flushed', async () => {
    let flushedAfter: unknown[] = [];
    const { session, socket } = await open({
      task_flush: (s) => {
        flushedAfter = s.events();
        s.reply({ event: 'task_flushed' });
      },
    });
    const write = session.write('An unfinished tail');
    const flush = session.flush();
    await Promise.all([write, flush]);
    expect(flushedAfter.slice(1)).toEqual(['task_continue', 'ping', 'task_flush']);
    expect(socket.events().at(-1)).toBe('task_flush');
  });

  it('a dropped socket rejects the writer and the reader with APIConnectionError; close() resolves', async () => {
    const { session, socket } = await open({ ping: () => {}, task_continue: () => {} });
    const read = collect(session);
    const write = session.write('Cut off.');
    await settle();
    socket.drop(1006);
    await expect(write).rejects.toBeInstanceOf(APIConnectionError);
    await expect(read).rejects.toBeInstanceOf(APIConnectionError);
    await expect(read).rejects.toThrow(/closed unexpectedly \(code 1006\)/);
    await session.close();
    expect(session.closed).toBe(true);
  });

  it('a socket that dies while nobody reads stays an error for the later reader, even after close()', async () => {
    const { session, socket } = await open();
    socket.drop(1006);
    await settle();
    // close() marks the end of the audio; after a failure that must not read as a clean end.
    await session.close();
    await expect(collect(session)).rejects.toBeInstanceOf(APIConnectionError);
  });

  it('pings every 30 s while open, none with pingInterval 0, none after close', async () => {
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval'] });
    const { session, socket } = await open();
    const pings = () => socket.sent.filter((f) => f.ping === '').length;
    await vi.advanceTimersByTimeAsync(29_999);
    expect(pings()).toBe(0);
    await vi.advanceTimersByTimeAsync(1);
    expect(pings()).toBe(1);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(pings()).toBe(3);
    await session.close();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(pings()).toBe(3);
    expect(vi.getTimerCount()).toBe(0);

    const quiet = await open({}, { pingInterval: 0 });
    await vi.advanceTimersByTimeAsync(120_000);
    expect(quiet.socket.sent.some((f) => f.ping === '')).toBe(false);
  });
});
