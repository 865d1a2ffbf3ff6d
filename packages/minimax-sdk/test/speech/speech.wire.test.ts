/** Speech end to end against the offline mock server (real HTTP, SSE and WebSocket on 127.0.0.1). */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APITimeoutError,
  AuthError,
  InputSafetyError,
  MiniMax,
  type SpeechConnection,
  TaskFailedError,
} from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';

const KEY = 'sk-wire-test';
const VOICE = { voice_id: 'English_expressive_narrator', speed: 1, vol: 1, pitch: 0 };

let mock: MockServer;
let dir: string;
const connections: SpeechConnection[] = [];

beforeEach(async () => {
  mock = await startMockServer({ apiKey: KEY });
  dir = await mkdtemp(join(tmpdir(), 'speech-wire-'));
});

afterEach(async () => {
  await Promise.all(connections.splice(0).map((c) => c.close()));
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});

function client(options: ConstructorParameters<typeof MiniMax>[0] = {}): MiniMax {
  return new MiniMax({
    apiKey: KEY,
    baseURL: mock.url,
    maxRetries: 0,
    timeout: 5_000,
    logLevel: 'off',
    ...options,
  });
}

async function connect(c = client(), options = {}): Promise<SpeechConnection> {
  const conn = await c.speech.connect({ model: 'speech-2.8-turbo', voice_setting: VOICE }, options);
  connections.push(conn);
  return conn;
}

const isMP3 = (bytes: Uint8Array) =>
  (bytes[0] === 0x49 && bytes[1] === 0x44 && bytes[2] === 0x33) ||
  (bytes[0] === 0xff && (bytes[1]! & 0xe0) === 0xe0);

describe('speech over the wire', () => {
  it('tts: hex audio with metadata, saved atomically', async () => {
    const audio = await client().speech.tts({
      text: 'Hello from the mock.',
      model: 'speech-2.8-hd',
      voice_setting: VOICE,
    });
    expect(audio.data.byteLength).toBeGreaterThan(0);
    expect(isMP3(audio.data)).toBe(true);
    expect(audio.format).toBe('mp3');
    expect(audio.duration).toBeGreaterThan(0);
    expect(audio.trace_id).toBeTruthy();
    expect(audio.extra_info).toBeDefined();
    const path = await audio.save(join(dir, 'out', 'hello.mp3'));
    expect((await readFile(path)).byteLength).toBe(audio.data.byteLength);
  });

  it('tts: url output and subtitles, downloaded on save', async () => {
    const audio = await client().speech.tts({
      text: 'A URL this time.',
      model: 'speech-2.8-hd',
      voice_setting: VOICE,
      output_format: 'url',
      subtitle_enable: true,
    });
    expect(audio.data.byteLength).toBe(0);
    expect(audio.url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    expect(audio.subtitle_file).toMatch(/^http/);
    const path = await audio.save(join(dir, 'url.mp3'));
    const bytes = new Uint8Array(await readFile(path));
    expect(isMP3(bytes)).toBe(true);
    const download = mock.requests.find((r) => r.path !== '/v1/t2a_v2');
    expect(download?.headers.authorization).toBeUndefined();
  });

  it('ttsStream: saved to a file, the same audio as the chunks', async () => {
    const params = {
      text: 'Streaming over SSE, chunk after chunk.',
      model: 'speech-2.8-turbo',
      voice_setting: VOICE,
    };
    const path = await client().speech.ttsStream(params).save(join(dir, 'stream.mp3'));
    const saved = new Uint8Array(await readFile(path));
    expect(isMP3(saved)).toBe(true);
    let total = 0;
    for await (const chunk of client().speech.ttsStream(params)) total += chunk.byteLength;
    // The status-2 aggregate is not yielded again, so the total is one clip, not two.
    expect(total).toBe(saved.byteLength);
  });

  it('ttsStream: a mid-stream error leaves no file', async () => {
    mock.faults.add({ path: '/v1/t2a_v2', midStreamCode: 1026 });
    await expect(
      client()
        .speech.ttsStream({ text: 'x y z', model: 'speech-2.8-turbo', voice_setting: VOICE })
        .save(join(dir, 'f.mp3')),
    ).rejects.toBeInstanceOf(InputSafetyError);
    expect(await readdir(dir)).toEqual([]);
  });

  it('connect, send, sendStream, close', async () => {
    const conn = await connect();
    expect(conn.session_id).not.toBe('');
    const audio = await conn.send({ text: 'First sentence over the socket.' });
    expect(isMP3(audio.data)).toBe(true);
    expect(audio.extra_info).toBeDefined();
    const chunks: Uint8Array[] = [];
    for await (const chunk of conn.sendStream({ text: 'Second sentence, streamed.' })) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(0);
    expect(isMP3(chunks[0]!)).toBe(true);
    await conn.close();
    const events = mock.requests
      .filter((r) => r.method === 'WS')
      .map((r) => (r.body as { event: string }).event);
    expect(events).toEqual(['task_start', 'task_continue', 'task_continue', 'task_finish']);
  });

  it('WebSocket faults: refused key, task_failed, drop, missing is_final', async () => {
    await expect(connect(client({ apiKey: 'wrong' }))).rejects.toBeInstanceOf(AuthError);

    mock.faults.add({ path: '/ws/v1/t2a_v2', wsFail: 1004 });
    await expect(connect()).rejects.toBeInstanceOf(AuthError);

    mock.faults.add({ path: '/ws/v1/t2a_v2', wsClose: 'mid-send' });
    await expect((await connect()).send({ text: 'Closed halfway.' })).rejects.toBeInstanceOf(
      APIConnectionError,
    );

    mock.faults.add({ path: '/ws/v1/t2a_v2', wsNoFinal: true });
    const conn = await connect(client(), { idleTimeout: 200 });
    await expect(conn.send({ text: 'Never final.' })).rejects.toBeInstanceOf(APITimeoutError);
  });

  it('asyncGenerate: create, poll, retrieve, download', async () => {
    const statuses: string[] = [];
    const result = await client().speech.asyncGenerate(
      { text: 'A long text, read out as a task.', voice_setting: VOICE },
      { pollInterval: 10, onProgress: (p) => statuses.push(p.status) },
    );
    expect(result.status).toBe('Success');
    expect(result.task_id).toMatch(/^\d+$/);
    expect(result.file_id).toMatch(/^\d+$/);
    expect(result.download_url).toMatch(/^http/);
    expect(statuses.at(-1)).toBe('Success');
    const response = await fetch(result.download_url);
    expect(response.ok).toBe(true);
    expect((await response.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  it('asyncGenerate: a failed task throws TaskFailedError', async () => {
    mock.faults.add({ path: '/v1/t2a_async_v2', taskFail: 0 });
    await expect(
      client().speech.asyncGenerate({ text: 'Doomed.', voice_setting: VOICE }, { pollInterval: 10 }),
    ).rejects.toBeInstanceOf(TaskFailedError);
  });
});
