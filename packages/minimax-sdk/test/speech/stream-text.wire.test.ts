/** `speech.streamText` against the mock (real sockets on 127.0.0.1, port 0): a model's reply spoken as it streams. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APIConnectionError, InputSafetyError, MiniMax } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';

const KEY = 'sk-stream-text-test';
const BIDI = '/ws/v1/t2a_v2_bidi';
const PARAMS = { model: 'speech-2.8-turbo', voice_setting: { voice_id: 'English_expressive_narrator' } };

let mock: MockServer;
let dir: string;

beforeEach(async () => {
  mock = await startMockServer({ apiKey: KEY });
  dir = await mkdtemp(join(tmpdir(), 'stream-text-wire-'));
});

afterEach(async () => {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});

const client = () =>
  new MiniMax({ apiKey: KEY, baseURL: mock.url, maxRetries: 0, timeout: 5_000, logLevel: 'off' });

function sent(event: string): Record<string, unknown>[] {
  return mock.requests
    .filter((r) => r.path === BIDI && r.method === 'WS')
    .map((r) => r.body as Record<string, unknown>)
    .filter((body) => body.event === event);
}

function reply(c: MiniMax) {
  return c.text.createStream({
    model: 'MiniMax-M2.7',
    max_tokens: 256,
    messages: [{ role: 'user', content: 'Why is the sea salty? Two sentences.' }],
  });
}

describe('speech.streamText over the wire', () => {
  it("speaks a model's textStream while it streams and saves the audio", async () => {
    const c = client();
    const model = reply(c);
    const path = await c.speech.streamText(model.textStream, PARAMS).save(join(dir, 'reply.mp3'));
    const message = await model.finalMessage();
    const said = message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
    expect(said.length).toBeGreaterThan(0);
    // Every character of the reply went to the socket, in order, and the task was finished.
    expect(
      sent('task_continue')
        .map((m) => m.text)
        .join(''),
    ).toBe(said);
    expect(sent('task_finish')).toHaveLength(1);
    expect(sent('task_start')[0]).toMatchObject({
      model: 'speech-2.8-turbo',
      voice_setting: PARAMS.voice_setting,
    });
    const audio = await readFile(path);
    expect(audio.byteLength).toBeGreaterThan(0);
  });

  it("speaks a Chat Completions reply's textStream the same way", async () => {
    const c = client();
    const chat = c.chat.createStream({
      model: 'MiniMax-M2.7',
      messages: [{ role: 'user', content: 'Why is the sky blue? One sentence.' }],
    });
    const chunks: Uint8Array[] = [];
    for await (const chunk of c.speech.streamText(chat.textStream, PARAMS)) chunks.push(chunk);
    const completion = await chat.finalCompletion();
    const said = completion.choices[0]?.message.content ?? '';
    expect(said.length).toBeGreaterThan(0);
    expect(
      sent('task_continue')
        .map((m) => m.text)
        .join(''),
    ).toBe(said);
    expect(Buffer.concat(chunks).byteLength).toBeGreaterThan(0);
  });

  it('is the same audio connectBidi gives for the same text', async () => {
    const c = client();
    const text = 'First sentence here. And a second one!';
    const streamed: Uint8Array[] = [];
    for await (const chunk of c.speech.streamText(text, PARAMS)) streamed.push(chunk);
    const session = await c.speech.connectBidi(PARAMS);
    const direct: Uint8Array[] = [];
    const done = (async () => {
      for await (const chunk of session) direct.push(chunk);
    })();
    await session.write(text);
    await session.finish();
    await done;
    await session.close();
    expect(Buffer.concat(streamed).equals(Buffer.concat(direct))).toBe(true);
  });

  it('a task_failed mid-session is the mapped error and leaves no file', async () => {
    const c = client();
    // A failure queued before the start would refuse the start: queue it once the task started.
    async function* text() {
      await vi.waitFor(() => expect(sent('task_start')).toHaveLength(1));
      mock.faults.add({ path: BIDI, wsFail: 1026 });
      yield 'Blocked.';
    }
    const stream = c.speech.streamText(text(), PARAMS);
    await expect(stream.save(join(dir, 'x.mp3'))).rejects.toBeInstanceOf(InputSafetyError);
    expect(await readdir(dir)).toEqual([]);
  });

  it('a disconnect mid-session is an APIConnectionError; nothing hangs', async () => {
    const c = client();
    mock.faults.add({ path: BIDI, wsClose: 'mid-send' });
    const model = reply(c);
    const stream = c.speech.streamText(model.textStream, PARAMS);
    await expect(stream.save(join(dir, 'y.mp3'))).rejects.toBeInstanceOf(APIConnectionError);
    expect(await readdir(dir)).toEqual([]);
  });
});
