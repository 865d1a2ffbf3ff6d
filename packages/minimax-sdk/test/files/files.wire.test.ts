import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidParameterError, MiniMax } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';

let mock: MockServer;
let client: MiniMax;
let dir: string;
beforeEach(async () => {
  mock = await startMockServer({ apiKey: 'wire-key' });
  client = new MiniMax({ apiKey: 'wire-key', baseURL: mock.url, maxRetries: 0, logLevel: 'off' });
  dir = await mkdtemp(join(tmpdir(), 'mm-files-wire-'));
});
afterEach(async () => {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});

describe('files against the mock server', () => {
  it('upload, list, retrieve, download, retrieveContent and delete round-trip the bytes', async () => {
    const bytes = new Uint8Array(4096).map((_, i) => (i * 7) % 256);
    const path = join(dir, 'sample.mp3');
    await writeFile(path, bytes);

    const uploaded = await client.files.upload({ file: path, purpose: 'voice_clone' });
    expect(uploaded).toMatchObject({ filename: 'sample.mp3', purpose: 'voice_clone', bytes: 4096 });
    expect(uploaded.file_id).toMatch(/^\d+$/);
    expect(uploaded.trace_id).toBeTruthy();
    const logged = mock.requests.at(-1)!;
    expect(logged.body).toMatchObject({
      fields: { purpose: 'voice_clone' },
      files: [{ field: 'file', filename: 'sample.mp3', contentType: 'audio/mpeg', size: 4096 }],
    });

    const other = await client.files.upload({ file: new Uint8Array([1, 2, 3]), purpose: 'prompt_audio' });
    expect(other.filename).toBe('upload');

    const listed = await client.files.list({ purpose: 'voice_clone' });
    expect(listed.map((f) => f.file_id)).toEqual([uploaded.file_id]);

    const info = await client.files.retrieve({ file_id: uploaded.file_id });
    expect(info.file_id).toBe(uploaded.file_id);
    expect(info.download_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
    const viaURL = new Uint8Array(await (await fetch(info.download_url!)).arrayBuffer());
    expect(viaURL).toEqual(bytes);

    const content = await client.files.retrieveContent({ file_id: Number(uploaded.file_id) });
    expect(content).toEqual(bytes);

    await client.files.delete({ file_id: uploaded.file_id, purpose: 'voice_clone' });
    expect(mock.requests.at(-1)!.body).toEqual({ file_id: Number(uploaded.file_id), purpose: 'voice_clone' });
    expect(await client.files.list({ purpose: 'voice_clone' })).toHaveLength(0);
    await expect(client.files.retrieve({ file_id: uploaded.file_id })).rejects.toMatchObject({ code: 2013 });
  });

  it('checks the purpose and the file id before sending anything', async () => {
    await expect(
      client.files.upload({ file: new Uint8Array([1]), purpose: 'video' as 'voice_clone' }),
    ).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(client.files.retrieve({ file_id: 'abc' })).rejects.toBeInstanceOf(InvalidParameterError);
    expect(mock.requests).toHaveLength(0);
  });

  it('an invalid video input upload is refused with HTTP 400, read as InvalidParameterError', async () => {
    const error = await client.files
      .upload({
        file: new File([new Uint8Array(16 * 1024 * 1024)], 'voice.mp3'),
        purpose: 'video_generation_input',
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error).toMatchObject({ code: 2013, status: 400 });
  });
});
