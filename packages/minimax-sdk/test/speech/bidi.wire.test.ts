/** The bidirectional speech session against the mock (real `ws` server on 127.0.0.1, port 0). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import {
  APIConnectionError,
  InputSafetyError,
  MiniMax,
  MiniMaxError,
  type SpeechBidiEvent,
  type SpeechBidiSession,
  splitText,
} from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';

const KEY = 'sk-bidi-test';
const BIDI = '/ws/v1/t2a_v2_bidi';
const VOICE = { voice_id: 'English_expressive_narrator' };

let mock: MockServer;
const sessions: SpeechBidiSession[] = [];

beforeEach(async () => {
  mock = await startMockServer({ apiKey: KEY });
});

afterEach(async () => {
  vi.useRealTimers();
  await Promise.all(sessions.splice(0).map((s) => s.close()));
  await mock.close();
});

async function open(options: { pingInterval?: number } = {}): Promise<SpeechBidiSession> {
  const client = new MiniMax({
    apiKey: KEY,
    baseURL: mock.url,
    maxRetries: 0,
    timeout: 5_000,
    logLevel: 'off',
  });
  const session = await client.speech.connectBidi(
    { model: 'speech-2.8-turbo', voice_setting: VOICE },
    options,
  );
  sessions.push(session);
  return session;
}

async function collect(session: SpeechBidiSession): Promise<SpeechBidiEvent[]> {
  const events: SpeechBidiEvent[] = [];
  for await (const event of session.events()) events.push(event);
  return events;
}

const sentences = (events: SpeechBidiEvent[]) =>
  events.flatMap((e) => (e.type === 'sentence_start' ? [e.text] : []));

function sentTexts(): string[] {
  return mock.requests
    .filter((r) => r.path === BIDI && r.method === 'WS')
    .flatMap((r) => {
      const body = r.body as { event?: string; text?: string };
      return body.event === 'task_continue' && typeof body.text === 'string' ? [body.text] : [];
    });
}

describe('speech.connectBidi over the wire', () => {
  it('groups fragments into sentences, with audio between the marks, and ends at finish', async () => {
    const session = await open();
    const read = collect(session);
    for (const piece of ['Hel', 'lo there. ', 'How are', ' you?']) await session.write(piece);
    await session.finish();
    const events = await read;
    expect(sentences(events)).toEqual(['Hello there.', 'How are you?']);
    const first = events.findIndex((e) => e.type === 'sentence_start');
    const end = events.findIndex((e) => e.type === 'sentence_end');
    expect(events.slice(first + 1, end).length).toBeGreaterThan(0);
    expect(events.slice(first + 1, end).every((e) => e.type === 'audio' && e.audio.byteLength > 0)).toBe(
      true,
    );
    expect(session.closed).toBe(true);
    await expect(session.write('More.')).rejects.toBeInstanceOf(MiniMaxError);
  });

  it('flush speaks an unfinished tail; cancel drops queued text and keeps the session', async () => {
    const session = await open();
    const read = collect(session);
    await session.write('A tail without an end');
    await session.flush();
    await session.write('Half a sent');
    await session.cancel();
    await session.write('Then a new one.');
    await session.finish();
    expect(sentences(await read)).toEqual(['A tail without an end', 'Then a new one.']);
  });

  it('answers 2205 by waiting and sending the same fragment again', async () => {
    const session = await open();
    const read = collect(session);
    mock.faults.add({ path: BIDI, wsFail: 2205 });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let done = false;
    const written = session.write('Say this once.').then(() => {
      done = true;
    });
    await vi.waitFor(() => expect(sentTexts()).toEqual(['Say this once.']));
    await vi.waitFor(() => expect(vi.getTimerCount()).toBeGreaterThan(0));
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(250);
    await written;
    vi.useRealTimers();
    expect(sentTexts()).toEqual(['Say this once.', 'Say this once.']);
    await session.finish();
    expect(sentences(await read)).toEqual(['Say this once.']);
  });

  it('cuts a write over 10,000 characters at sentence ends, never losing text', async () => {
    const session = await open();
    const read = collect(session);
    const text = `${'word '.repeat(1_500)}done. `.repeat(4);
    await session.write(text);
    await session.finish();
    await read;
    const sent = sentTexts();
    expect(sent.length).toBe(4);
    expect(sent.every((piece) => piece.length <= 10_000 && piece.endsWith('done. '))).toBe(true);
    expect(sent.join('')).toBe(text);
  });

  it('a task_failed mid-session is the mapped error for the writer and the reader', async () => {
    const session = await open();
    const read = collect(session);
    mock.faults.add({ path: BIDI, wsFail: 1026 });
    await expect(session.write('Blocked.')).rejects.toBeInstanceOf(InputSafetyError);
    await expect(read).rejects.toBeInstanceOf(InputSafetyError);
    await expect(session.flush()).rejects.toBeInstanceOf(InputSafetyError);
  });

  it('a second task_start (2206) and a refused start reject connectBidi', async () => {
    mock.faults.add({ path: BIDI, wsFail: 2206 });
    await expect(open()).rejects.toMatchObject({ code: 2206 });
  });

  it('a disconnect mid-session rejects the writer and the reader; nothing hangs', async () => {
    const session = await open();
    const read = collect(session);
    mock.faults.add({ path: BIDI, wsClose: 'mid-send' });
    await expect(session.write('Cut off.')).rejects.toBeInstanceOf(APIConnectionError);
    await expect(read).rejects.toBeInstanceOf(APIConnectionError);
    await session.close();
    expect(session.closed).toBe(true);
  });

  it('the server closes an idle session (2201) and the reader hears it', async () => {
    await mock.close();
    // The mock's idle clock is a timer: faked, the limit strikes exactly when the test says.
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    mock = await startMockServer({ apiKey: KEY, wsIdleMs: 300 });
    const session = await open({ pingInterval: 0 });
    const outcome = collect(session).then(
      () => 'ended',
      (error: unknown) => error,
    );
    await vi.advanceTimersByTimeAsync(299);
    expect(session.closed).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await outcome).toMatchObject({ code: 2201 });
  });

  it('keep-alive pings count as traffic, so an idle session stays open', async () => {
    await mock.close();
    const pongs = vi.spyOn(WebSocket.prototype, 'emit');
    const pongCount = () => pongs.mock.calls.filter(([name]) => name === 'pong').length;
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] });
    mock = await startMockServer({ apiKey: KEY, wsIdleMs: 300 });
    const session = await open({ pingInterval: 100 });
    // Ten ping intervals: over three times the idle limit. Each pong means the mock has taken
    // that ping (it answers before it resets its idle clock, in the same turn).
    for (let i = 1; i <= 10; i++) {
      await vi.advanceTimersByTimeAsync(100);
      // Date is not faked: a real 5 s bound on the real round trip.
      const deadline = Date.now() + 5_000;
      while (pongCount() < i) {
        if (Date.now() > deadline) throw new Error(`ping ${i} was never answered`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    expect(session.closed).toBe(false);
    const read = collect(session);
    await session.write('Still here.');
    await session.finish();
    expect(sentences(await read)).toEqual(['Still here.']);
    pongs.mockRestore();
  });
});

describe('splitText', () => {
  it('prefers sentence ends, then spaces, then the limit (never inside a surrogate pair)', () => {
    expect(splitText('One. Two three.', 9)).toEqual(['One. ', 'Two ', 'three.']);
    expect(splitText('abcdefgh', 3)).toEqual(['abc', 'def', 'gh']);
    expect(splitText('ab😀cd', 3)).toEqual(['ab', '😀c', 'd']);
    expect(splitText('short')).toEqual(['short']);
  });
});
