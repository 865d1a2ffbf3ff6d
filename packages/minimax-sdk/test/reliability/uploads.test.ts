/**
 * Uploads by path stream the file: the bytes are read from disk in chunks while the multipart body
 * is sent, instead of the whole file (several copies of it) held in memory first.
 */
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MiniMax, toFile } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';
import { fakeFetch } from '../helpers/fake-fetch.js';

const SIZE = 512 * 1024;
let dir: string;
let path: string;
let bytes: Uint8Array;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mm-uploads-'));
  path = join(dir, 'sample.mp3');
  bytes = new Uint8Array(SIZE).map((_, i) => (i * 31) % 251);
  await writeFile(path, bytes);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function chunksOf(blob: Blob): Promise<Uint8Array[]> {
  const chunks: Uint8Array[] = [];
  const reader = blob.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return chunks;
    chunks.push(value);
  }
}

describe('uploads by path stream from disk', () => {
  it('toFile(path) gives a File that reads the disk in chunks, not a buffer of the whole file', async () => {
    const file = await toFile(path);
    expect(file.name).toBe('sample.mp3');
    expect(file.type).toBe('audio/mpeg');
    expect(file.size).toBe(SIZE);
    // A file-backed Blob is read lazily: a change on disk after toFile() is seen at read time.
    // A File holding a copy of the bytes would still read the old bytes.
    const chunks = await chunksOf(file);
    expect(chunks.length).toBeGreaterThan(1);
    expect(Math.max(...chunks.map((c) => c.byteLength))).toBeLessThan(SIZE);
    expect(chunks.reduce((n, c) => n + c.byteLength, 0)).toBe(SIZE);
    await appendFile(path, 'x');
    await expect(file.arrayBuffer()).rejects.toThrow();
  });

  it('files.upload hands fetch a form whose file part streams from disk', async () => {
    const { fetch, calls } = fakeFetch(
      () =>
        new Response(
          JSON.stringify({
            file: { file_id: 1, bytes: SIZE, created_at: 1, filename: 'sample.mp3', purpose: 'voice_clone' },
            base_resp: { status_code: 0, status_msg: 'success' },
          }),
          { headers: { 'content-type': 'application/json' } },
        ),
    );
    const client = new MiniMax({ apiKey: 'k', fetch, maxRetries: 0, logLevel: 'off' });
    await client.files.upload({ file: path, purpose: 'voice_clone' });
    const form = calls[0]!.body as FormData;
    const part = form.get('file') as File;
    expect(part.size).toBe(SIZE);
    expect((await chunksOf(part)).length).toBeGreaterThan(1);
  });

  it.each([
    ['voice.uploadAudio (a voice sample)', (c: MiniMax) => c.voice.uploadAudio({ file: path })],
    ['speech.transcribe', (c: MiniMax) => c.speech.transcribe({ file: path })],
    ['speech.transcribeStream', (c: MiniMax) => c.speech.transcribeStream({ file: path }).finalText()],
  ])('%s by path streams from disk too', async (_name, call) => {
    let part: File | undefined;
    let chunks = 0;
    let readAfterChange: unknown;
    const { fetch } = fakeFetch(async (request) => {
      part = (request.body as FormData).get('file') as File;
      chunks = (await chunksOf(part)).length;
      // A disk-backed part notices the file changed under it; a copy in memory would not.
      await appendFile(path, 'x');
      readAfterChange = await part.arrayBuffer().then(
        () => undefined,
        (error: unknown) => error,
      );
      return new Response('{}', { status: 400 });
    });
    const client = new MiniMax({ apiKey: 'k', fetch, maxRetries: 0, logLevel: 'off' });
    await Promise.resolve(call(client)).catch(() => {});
    expect(part?.size).toBe(SIZE);
    expect(chunks).toBeGreaterThan(1);
    expect(readAfterChange).toMatchObject({ name: 'NotReadableError' });
  });

  it('the mock receives every byte with a Content-Length, not a chunked body', async () => {
    const mock: MockServer = await startMockServer({ apiKey: 'wire-key' });
    try {
      const client = new MiniMax({ apiKey: 'wire-key', baseURL: mock.url, maxRetries: 0, logLevel: 'off' });
      const uploaded = await client.files.upload({ file: path, purpose: 'voice_clone' });
      expect(uploaded.bytes).toBe(SIZE);
      const logged = mock.requests.at(-1)!;
      expect(Number(logged.headers['content-length'])).toBeGreaterThan(SIZE);
      expect(logged.headers['transfer-encoding']).toBeUndefined();
      const info = await client.files.retrieve({ file_id: uploaded.file_id });
      const back = new Uint8Array(await (await globalThis.fetch(info.download_url!)).arrayBuffer());
      // Buffer.equals: a deep toEqual over half a megabyte takes seconds.
      expect(Buffer.from(back).equals(Buffer.from(bytes))).toBe(true);
    } finally {
      await mock.close();
    }
  });

  it('a folder or a missing path is refused before anything is sent', async () => {
    const { fetch, calls } = fakeFetch(() => new Response('{}'));
    const client = new MiniMax({ apiKey: 'k', fetch, maxRetries: 0, logLevel: 'off' });
    await expect(client.files.upload({ file: dir, purpose: 'voice_clone' })).rejects.toMatchObject({
      name: 'InvalidParameterError',
    });
    await expect(
      client.files.upload({ file: join(dir, 'none.mp3'), purpose: 'voice_clone' }),
    ).rejects.toMatchObject({
      name: 'InvalidParameterError',
    });
    expect(calls).toHaveLength(0);
  });
});
