import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidParameterError, MiniMax } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';

let mock: MockServer;
let client: MiniMax;
let dir: string;
beforeEach(async () => {
  mock = await startMockServer();
  client = new MiniMax({ apiKey: 'wire-key', baseURL: mock.url, maxRetries: 0, logLevel: 'off' });
  dir = await mkdtemp(join(tmpdir(), 'mm-image-wire-'));
});
afterEach(async () => {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});

describe('image against the mock server', () => {
  it('url format: saves decodable PNGs at the requested aspect ratio', async () => {
    const result = await client.image.generate({
      prompt: 'A lighthouse at dawn',
      aspect_ratio: '16:9',
      n: 2,
    });
    expect(result.image_urls).toHaveLength(2);
    expect(result.image_base64).toBeNull();
    expect(result.success_count).toBe(2);
    expect(result.failed_count).toBe(0);
    const paths = await result.save(dir);
    expect(paths).toEqual([join(dir, 'image_0.png'), join(dir, 'image_1.png')]);
    for (const path of paths) {
      const image = PNG.sync.read(Buffer.from(await readFile(path)));
      expect([image.width, image.height]).toEqual([1280, 720]);
    }
    // Downloads go to the media host without the key.
    const downloads = mock.requests.filter((r) => r.path.startsWith('/__mock/media/'));
    expect(downloads).toHaveLength(2);
    expect(downloads.every((r) => r.headers.authorization === undefined)).toBe(true);
  });

  it('base64 format: decodes the images in memory', async () => {
    const result = await client.image.generate({
      prompt: 'A cat astronaut',
      response_format: 'base64',
      width: 512,
      height: 768,
      seed: 7,
    });
    expect(result.image_urls).toBeNull();
    const [bytes] = await result.images();
    const image = PNG.sync.read(Buffer.from(bytes!));
    expect([image.width, image.height]).toEqual([512, 768]);
    expect(mock.requests.filter((r) => r.path.startsWith('/__mock/media/'))).toHaveLength(0);
  });

  it('surfaces the server validation error', async () => {
    await expect(client.image.generate({ prompt: 'p', n: 20 })).rejects.toBeInstanceOf(InvalidParameterError);
  });
});
