import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ImageResult, InputSafetyError, InvalidParameterError, MiniMaxError } from '../../src/index.js';
import { fakeFetch, jsonResponse, ok, testClient } from '../helpers/fake-fetch.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xdb, 4, 5]);
const WEBP = new Uint8Array([
  ...new TextEncoder().encode('RIFF'),
  0,
  0,
  0,
  0,
  ...new TextEncoder().encode('WEBPVP8 '),
]);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mm-image-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const URL_ANSWER = ok({
  id: '03ff3cd0a1b2',
  data: { image_urls: ['https://cdn.test/a.jpeg', 'https://cdn.test/b.png'] },
  metadata: { success_count: 2, failed_count: 0 },
  trace_id: 'tr-img',
});

describe('image.generate', () => {
  it('sends the defaults in order and reads URL results', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(URL_ANSWER));
    const result = await testClient(fetch).image.generate({ prompt: 'A lighthouse at dawn' });
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.path).toBe('/v1/image_generation');
    expect(calls[0]!.body).toEqual({
      model: 'image-01',
      prompt: 'A lighthouse at dawn',
      response_format: 'url',
      n: 1,
      prompt_optimizer: false,
    });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual(
      ['model', 'prompt', 'response_format', 'n', 'prompt_optimizer'].sort(),
    );
    expect(result).toBeInstanceOf(ImageResult);
    expect({ ...result }).toEqual({
      id: '03ff3cd0a1b2',
      image_urls: ['https://cdn.test/a.jpeg', 'https://cdn.test/b.png'],
      image_base64: null,
      success_count: 2,
      failed_count: 0,
      trace_id: 'tr-img',
    });
  });

  it('sends aspect_ratio, width and height together (not exclusive), with every other option', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(URL_ANSWER));
    await testClient(fetch).image.generate({
      prompt: 'p',
      model: 'image-01-live',
      aspect_ratio: '16:9',
      width: 1280,
      height: 720,
      response_format: 'base64',
      seed: 42,
      n: 3,
      prompt_optimizer: true,
      subject_reference: [{ type: 'character', image_file: 'https://img.test/face.jpg' }],
      style: { style_type: '水彩', style_weight: 0.5 },
      aigc_watermark: true,
    });
    expect(calls[0]!.body).toEqual({
      model: 'image-01-live',
      prompt: 'p',
      response_format: 'base64',
      n: 3,
      prompt_optimizer: true,
      aspect_ratio: '16:9',
      width: 1280,
      height: 720,
      seed: 42,
      subject_reference: [{ type: 'character', image_file: 'https://img.test/face.jpg' }],
      style: { style_type: '水彩', style_weight: 0.5 },
      aigc_watermark: true,
    });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual(
      [
        'model',
        'prompt',
        'response_format',
        'n',
        'prompt_optimizer',
        'aspect_ratio',
        'width',
        'height',
        'seed',
        'subject_reference',
        'style',
        'aigc_watermark',
      ].sort(),
    );
  });

  it('sends local subject images (bytes, a Blob) as data URLs and keeps URLs as they are', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(URL_ANSWER));
    await testClient(fetch).image.generate({
      prompt: 'p',
      subject_reference: [
        { type: 'character', image_file: PNG },
        { type: 'character', image_file: new Blob([JPEG]) },
        { type: 'character', image_file: 'https://img.test/face.jpg' },
      ],
    });
    expect((calls[0]!.body as { subject_reference: unknown }).subject_reference).toEqual([
      { type: 'character', image_file: `data:image/png;base64,${b64(PNG)}` },
      { type: 'character', image_file: `data:image/jpeg;base64,${b64(JPEG)}` },
      { type: 'character', image_file: 'https://img.test/face.jpg' },
    ]);
  });

  it('sends seed 0 (a set value, not a missing one)', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(URL_ANSWER));
    await testClient(fetch).image.generate({ prompt: 'p', seed: 0 });
    expect(calls[0]!.body).toMatchObject({ seed: 0 });
  });

  it('reads base64 results and decodes them with images()', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse(
        ok({
          id: 'i2',
          data: { image_base64: [b64(PNG), b64(JPEG)] },
          metadata: { success_count: '2', failed_count: '1' },
        }),
      ),
    );
    const result = await testClient(fetch).image.generate({ prompt: 'p', response_format: 'base64' });
    expect(result.image_urls).toBeNull();
    expect(result.image_base64).toEqual([b64(PNG), b64(JPEG)]);
    expect(result.success_count).toBe(2);
    expect(result.failed_count).toBe(1);
    const images = await result.images();
    expect(images.map((i) => [...i])).toEqual([[...PNG], [...JPEG]]);
  });

  it('saves base64 images with extensions from their bytes', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse(
        ok({ id: 'i3', data: { image_base64: [b64(PNG), b64(JPEG), b64(WEBP), b64(new Uint8Array([1]))] } }),
      ),
    );
    const result = await testClient(fetch).image.generate({ prompt: 'p', response_format: 'base64', n: 4 });
    const out = join(dir, 'nested', 'out');
    const saved = await result.save(`${out}/`);
    expect(saved).toEqual(
      ['image_0.png', 'image_1.jpeg', 'image_2.webp', 'image_3.bin'].map((n) => join(out, n)),
    );
    expect([...(await readFile(saved[0]!))]).toEqual([...PNG]);
    expect([...(await readFile(saved[2]!))]).toEqual([...WEBP]);
    // Atomic writes leave no temp files behind.
    expect((await readdir(out)).sort()).toEqual([
      'image_0.png',
      'image_1.jpeg',
      'image_2.webp',
      'image_3.bin',
    ]);
  });

  it('downloads URL images without the API key, for images() and save()', async () => {
    const { fetch, calls } = fakeFetch((req) => {
      if (req.url === 'https://cdn.test/a.jpeg')
        return new Response(JPEG, { headers: { 'content-type': 'image/jpeg' } });
      if (req.url === 'https://cdn.test/b.png')
        return new Response(PNG, { headers: { 'content-type': 'image/png' } });
      return jsonResponse(URL_ANSWER);
    });
    const result = await testClient(fetch).image.generate({ prompt: 'p', n: 2 });
    const saved = await result.save(dir);
    expect(saved).toEqual([join(dir, 'image_0.jpeg'), join(dir, 'image_1.png')]);
    expect([...(await readFile(saved[1]!))]).toEqual([...PNG]);
    const downloads = calls.slice(1);
    expect(downloads.map((c) => c.url)).toEqual(['https://cdn.test/a.jpeg', 'https://cdn.test/b.png']);
    expect(downloads.every((c) => c.headers.authorization === undefined)).toBe(true);
    // The bytes are kept: a second call downloads nothing.
    await result.images();
    expect(calls).toHaveLength(3);
  });

  it('reads missing or null data and metadata as empty', async () => {
    const { fetch } = fakeFetch((_req, i) =>
      jsonResponse(ok(i === 0 ? { id: 'x' } : { id: 7, data: null, metadata: null })),
    );
    const client = testClient(fetch);
    for (let i = 0; i < 2; i++) {
      const result = await client.image.generate({ prompt: 'p' });
      expect(result).toMatchObject({
        image_urls: null,
        image_base64: null,
        success_count: 0,
        failed_count: 0,
      });
      expect(await result.images()).toEqual([]);
      expect(await result.save(dir)).toEqual([]);
    }
  });

  it('rejects invalid base64 as a MiniMaxError, and save() without a folder', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(ok({ id: 'x', data: { image_base64: ['not*base64!'] } })));
    const result = await testClient(fetch).image.generate({ prompt: 'p', response_format: 'base64' });
    await expect(result.images()).rejects.toBeInstanceOf(MiniMaxError);
    await expect(result.save('')).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it('maps a content-safety error', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse({ base_resp: { status_code: 1026, status_msg: 'input new_sensitive' }, trace_id: 'tr-s' }),
    );
    const error = await testClient(fetch)
      .image.generate({ prompt: 'p' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputSafetyError);
    expect((error as InputSafetyError).trace_id).toBe('tr-s');
  });
});
