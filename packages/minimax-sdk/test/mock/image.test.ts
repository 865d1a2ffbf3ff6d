import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { postJson, startMock } from './helpers.js';

interface ImageBody {
  id: string;
  data: { image_urls?: string[]; image_base64?: string[] };
  metadata: { success_count: string; failed_count: string };
}

const BASE = {
  model: 'image-01',
  prompt: 'A lighthouse at dusk',
  response_format: 'url',
  n: 1,
  prompt_optimizer: false,
};

async function decodeUrl(url: string): Promise<PNG> {
  const res = await fetch(url);
  expect(res.headers.get('content-type')).toBe('image/png');
  return PNG.sync.read(Buffer.from(await res.arrayBuffer()));
}

describe('POST /v1/image_generation', () => {
  it('returns n URLs of decodable 1024x1024 PNGs by default, with string counts and an id', async () => {
    const mock = await startMock();
    const body = await postJson<ImageBody>(mock, '/v1/image_generation', { ...BASE, n: 2 });
    expect(body.base_resp.status_code).toBe(0);
    expect(body.id).toEqual(expect.any(String));
    expect(body.metadata).toEqual({ success_count: '2', failed_count: '0' });
    expect(body.data.image_base64).toBeUndefined();
    const urls = body.data.image_urls ?? [];
    expect(urls).toHaveLength(2);
    expect(urls[0]).not.toBe(urls[1]);
    for (const url of urls) {
      const png = await decodeUrl(url);
      expect([png.width, png.height]).toEqual([1024, 1024]);
    }
  });

  it.each([
    ['16:9', 1280, 720],
    ['9:16', 720, 1280],
    ['21:9', 1344, 576],
    ['4:3', 1152, 864],
  ])('sizes aspect_ratio %s as %ix%i', async (ratio, width, height) => {
    const mock = await startMock();
    const body = await postJson<ImageBody>(mock, '/v1/image_generation', { ...BASE, aspect_ratio: ratio });
    const png = await decodeUrl(body.data.image_urls?.[0] ?? '');
    expect([png.width, png.height]).toEqual([width, height]);
  });

  it('uses width and height, and lets aspect_ratio win when both are given', async () => {
    const mock = await startMock();
    const sized = await postJson<ImageBody>(mock, '/v1/image_generation', {
      ...BASE,
      width: 512,
      height: 768,
    });
    const png = await decodeUrl(sized.data.image_urls?.[0] ?? '');
    expect([png.width, png.height]).toEqual([512, 768]);
    const both = await postJson<ImageBody>(mock, '/v1/image_generation', {
      ...BASE,
      aspect_ratio: '16:9',
      width: 512,
      height: 768,
    });
    const png2 = await decodeUrl(both.data.image_urls?.[0] ?? '');
    expect([png2.width, png2.height]).toEqual([1280, 720]);
  });

  it('returns base64 PNGs with response_format base64; the same seed gives the same image', async () => {
    const mock = await startMock();
    const body = { ...BASE, response_format: 'base64', aspect_ratio: '1:1', seed: 7 };
    const first = await postJson<ImageBody>(mock, '/v1/image_generation', body);
    expect(first.data.image_urls).toBeUndefined();
    const b64 = first.data.image_base64?.[0] ?? '';
    const png = PNG.sync.read(Buffer.from(b64, 'base64'));
    expect([png.width, png.height]).toEqual([1024, 1024]);
    const second = await postJson<ImageBody>(mock, '/v1/image_generation', body);
    expect(second.data.image_base64?.[0]).toBe(b64);
  });

  it('accepts a style with a weight in (0, 1]', async () => {
    const mock = await startMock();
    const body = await postJson(mock, '/v1/image_generation', {
      ...BASE,
      model: 'image-01-live',
      style: { style_type: 'watercolor', style_weight: 1 },
    });
    expect(body.base_resp.status_code).toBe(0);
  });

  it('accepts a subject reference', async () => {
    const mock = await startMock();
    const body = await postJson(mock, '/v1/image_generation', {
      ...BASE,
      subject_reference: [{ type: 'character', image_file: 'https://example.com/face.jpg' }],
    });
    expect(body.base_resp.status_code).toBe(0);
  });

  it.each([
    [{ prompt: undefined }, 'prompt'],
    [{ prompt: 'x'.repeat(1501) }, 'prompt'],
    [{ model: undefined }, 'model'],
    [{ n: 10 }, 'n'],
    [{ n: 0 }, 'n'],
    [{ aspect_ratio: '5:4' }, 'aspect_ratio'],
    [{ width: 1000 }, 'height'],
    [{ width: 1001, height: 1000 }, 'width'],
    [{ width: 4096, height: 1024 }, 'width'],
    [{ response_format: 'png' }, 'response_format'],
    [{ subject_reference: [{ type: 'character' }] }, 'subject_reference[0].image_file'],
    [
      { subject_reference: [{ type: 'character', image_file: 'face.jpg' }] },
      'subject_reference[0].image_file',
    ],
    [{ model: 'image-01-live', style: { style_type: 'watercolor', style_weight: 0 } }, 'style.style_weight'],
    [
      { model: 'image-01-live', style: { style_type: 'watercolor', style_weight: 1.5 } },
      'style.style_weight',
    ],
  ])('refuses %j with 2013 naming %s', async (patch, field) => {
    const mock = await startMock();
    const body = await postJson(mock, '/v1/image_generation', { ...BASE, ...patch });
    expect(body.base_resp.status_code).toBe(2013);
    expect(body.base_resp.status_msg).toContain(field);
  });

  it.each([
    ['data:image/webp;base64,UklGRg==', 'must be a JPG, JPEG or PNG'],
    [`data:image/png;base64,${Buffer.alloc(10 * 1024 * 1024).toString('base64')}`, 'under 10 MB'],
  ])('refuses a data-URL subject reference outside the image rules (%#)', async (image_file, problem) => {
    const mock = await startMock();
    const body = await postJson(mock, '/v1/image_generation', {
      ...BASE,
      subject_reference: [{ type: 'character', image_file }],
    });
    expect(body.base_resp.status_code).toBe(2013);
    expect(body.base_resp.status_msg).toContain('subject_reference[0].image_file');
    expect(body.base_resp.status_msg).toContain(problem);
  });

  it('takes a JPEG or PNG data-URL subject reference', async () => {
    const mock = await startMock();
    for (const image_file of ['data:image/jpeg;base64,/9j/4AAQ', 'data:image/png;base64,iVBORw0KGgo=']) {
      const body = await postJson(mock, '/v1/image_generation', {
        ...BASE,
        subject_reference: [{ type: 'character', image_file }],
      });
      expect(body.base_resp.status_code).toBe(0);
    }
  });
});
