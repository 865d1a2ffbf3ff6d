import { parseBuffer } from 'music-metadata';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import type { MockServer } from '../../src/mock/index.js';
import { type FileObject, getJson, post, postJson, startMock } from './helpers.js';

interface Query {
  task_id: string;
  status: string;
  file_id: string;
  video_width?: number;
  video_height?: number;
}

function png(width: number, height: number): string {
  const image = new PNG({ width, height });
  return `data:image/png;base64,${PNG.sync.write(image).toString('base64')}`;
}

/** A JPEG's first bytes: SOI, an APP0 segment, then the frame header with the size. */
function jpeg(width: number, height: number): string {
  const app0 = [0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0];
  const sof = [0xff, 0xc0, 0, 11, 8, height >> 8, height & 255, width >> 8, width & 255, 1, 1, 0x11, 0];
  return `data:image/jpeg;base64,${Buffer.from([0xff, 0xd8, ...app0, ...sof, 0xff, 0xd9]).toString('base64')}`;
}

/** A WebP's extended header (VP8X), which carries the canvas size. */
function webp(width: number, height: number): string {
  const b = Buffer.alloc(30);
  b.write('RIFF', 0, 'latin1');
  b.writeUInt32LE(22, 4);
  b.write('WEBPVP8X', 8, 'latin1');
  b.writeUInt32LE(10, 16);
  b.writeUIntLE(width - 1, 24, 3);
  b.writeUIntLE(height - 1, 27, 3);
  return `data:image/webp;base64,${b.toString('base64')}`;
}

async function createVideo(mock: MockServer, body: Record<string, unknown> = {}): Promise<string> {
  const created = await postJson<{ task_id: string }>(mock, '/v1/video_generation', {
    model: 'MiniMax-Hailuo-02',
    prompt: 'A cat surfing a wave [Tracking shot]',
    duration: 6,
    resolution: '768P',
    ...body,
  });
  expect(created.base_resp.status_code).toBe(0);
  return created.task_id;
}

const query = (mock: MockServer, id: string) =>
  getJson<Query>(mock, `/v1/query/video_generation?task_id=${id}`);

describe('video generation', () => {
  it('advances one stage per query: Preparing, Queueing, Processing, Success', async () => {
    const mock = await startMock();
    const id = await createVideo(mock);
    expect(typeof id).toBe('string');
    expect(id).toMatch(/^\d+$/);
    const statuses: string[] = [];
    for (let i = 0; i < 5; i++) statuses.push((await query(mock, id)).status);
    expect(statuses).toEqual(['Preparing', 'Queueing', 'Processing', 'Success', 'Success']);
  });

  it('reports file_id (a string) and the frame size on Success, and serves a real MP4', async () => {
    const mock = await startMock({ taskSchedule: { pollsPerStage: 0 } });
    const id = await createVideo(mock);
    const done = await query(mock, id);
    expect(done).toMatchObject({ task_id: id, status: 'Success', video_width: 1366, video_height: 768 });
    expect(done.file_id).toMatch(/^\d+$/);
    const { file } = await getJson<{ file: FileObject }>(mock, `/v1/files/retrieve?file_id=${done.file_id}`);
    expect(file.purpose).toBe('video_generation');
    const res = await fetch(file.download_url ?? '');
    expect(res.headers.get('content-type')).toBe('video/mp4');
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes.byteLength).toBe(file.bytes);
    expect(Buffer.from(bytes.subarray(4, 8)).toString('latin1')).toBe('ftyp');
    const meta = await parseBuffer(bytes, { mimeType: 'video/mp4' });
    expect(meta.format.duration).toBeCloseTo(6, 0);
    // Later queries report the same file.
    expect((await query(mock, id)).file_id).toBe(done.file_id);
  });

  it('holds each stage for pollsPerStage queries', async () => {
    const mock = await startMock({ taskSchedule: { pollsPerStage: 2 } });
    const id = await createVideo(mock);
    const statuses: string[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await query(mock, id)).status);
    expect(statuses).toEqual([
      'Preparing',
      'Preparing',
      'Queueing',
      'Queueing',
      'Processing',
      'Processing',
      'Success',
    ]);
  });

  it('advances by the clock with msPerStage', async () => {
    // Stages long enough that two queries on a loaded machine still land in the first one.
    const mock = await startMock({ taskSchedule: { msPerStage: 300 } });
    const id = await createVideo(mock);
    expect((await query(mock, id)).status).toBe('Preparing');
    expect((await query(mock, id)).status).toBe('Preparing');
    await new Promise((r) => setTimeout(r, 950));
    expect((await query(mock, id)).status).toBe('Success');
  });

  it('uses the model default resolution and the 720P size for 01 models', async () => {
    const mock = await startMock({ taskSchedule: { pollsPerStage: 0 } });
    const id = await createVideo(mock, { model: 'T2V-01', resolution: undefined });
    expect(await query(mock, id)).toMatchObject({ video_width: 1280, video_height: 720 });
  });

  it('accepts image, frame and subject modes', async () => {
    const mock = await startMock();
    await createVideo(mock, { prompt: undefined, first_frame_image: 'https://example.com/a.png' });
    await createVideo(mock, { prompt: undefined, last_frame_image: 'data:image/png;base64,AAAA' });
    await createVideo(mock, {
      model: 'S2V-01',
      resolution: undefined,
      duration: undefined,
      subject_reference: [{ type: 'character', image: ['https://example.com/face.png'] }],
    });
  });

  it.each([
    [{ model: undefined }, 'model'],
    [{ prompt: undefined }, 'prompt'],
    [{ prompt: 'x'.repeat(2001) }, 'prompt'],
    [{ resolution: '4K' }, 'resolution'],
    [{ duration: 7 }, 'duration'],
    [{ duration: 10, resolution: '1080P' }, 'duration'],
    [{ first_frame_image: 'not-a-url' }, 'first_frame_image'],
    [{ model: 'S2V-01' }, 'subject_reference'],
    [{ subject_reference: [{ type: 'object', image: ['https://x/y.png'] }] }, 'subject_reference[0].type'],
    [{ prompt_optimizer: 'yes' }, 'prompt_optimizer'],
  ])('refuses %j with 2013 naming %s', async (patch, field) => {
    const mock = await startMock();
    const body = await postJson(mock, '/v1/video_generation', {
      model: 'MiniMax-Hailuo-02',
      prompt: 'A cat',
      ...patch,
    });
    expect(body.base_resp.status_code).toBe(2013);
    expect(body.base_resp.status_msg).toContain(field);
  });

  it.each([
    [{ model: 'MiniMax-Hailuo-2.3-Fast' }, 'first_frame_image'],
    [{ model: 'I2V-01', resolution: undefined }, 'first_frame_image'],
    [{ model: 'I2V-01-live', resolution: undefined }, 'first_frame_image'],
    [{ model: 'MiniMax-Hailuo-2.3', last_frame_image: 'https://x/b.png' }, 'last_frame_image'],
    [
      {
        model: 'I2V-01',
        resolution: undefined,
        first_frame_image: 'https://x/a.png',
        last_frame_image: 'https://x/b.png',
      },
      'last_frame_image',
    ],
  ])('holds the documented models to their modes: %j is refused naming %s', async (patch, field) => {
    const mock = await startMock();
    const body = await postJson(mock, '/v1/video_generation', { prompt: 'A cat', ...patch });
    expect(body.base_resp.status_code).toBe(2013);
    expect(body.base_resp.status_msg).toContain(field);
  });

  it.each([
    [{ model: 'MiniMax-Hailuo-2.3', resolution: '512P' }, 'resolution'],
    [{ model: 'MiniMax-Hailuo-2.3', resolution: '720P' }, 'resolution'],
    [{ model: 'MiniMax-Hailuo-02', resolution: '720P' }, 'resolution'],
    [{ model: 'MiniMax-Hailuo-02', resolution: '512P' }, 'resolution'],
    [
      {
        model: 'MiniMax-Hailuo-02',
        resolution: '512P',
        first_frame_image: 'https://x/a.png',
        last_frame_image: 'https://x/b.png',
      },
      'resolution',
    ],
    [{ model: 'T2V-01', resolution: '768P' }, 'resolution'],
    [{ model: 'T2V-01', resolution: '1080P' }, 'resolution'],
  ])(
    'renders each documented model at its own resolutions: %j is refused naming %s',
    async (patch, field) => {
      const mock = await startMock();
      const body = await postJson(mock, '/v1/video_generation', { prompt: 'A cat', ...patch });
      expect(body.base_resp.status_code).toBe(2013);
      expect(body.base_resp.status_msg).toContain(field);
    },
  );

  it('takes 512P for Hailuo-02 image to video, 1080P for Hailuo and 720P for the 01 models', async () => {
    const mock = await startMock({ taskSchedule: { pollsPerStage: 0 } });
    const small = await createVideo(mock, {
      resolution: '512P',
      first_frame_image: 'https://x/a.png',
      duration: 10,
    });
    expect(await query(mock, small)).toMatchObject({ video_width: 910, video_height: 512 });
    await createVideo(mock, { model: 'MiniMax-Hailuo-2.3', resolution: '1080P' });
    await createVideo(mock, { model: 'T2V-01', resolution: '720P' });
    await createVideo(mock, { model: 'MiniMax-Hailuo-9', resolution: '512P' });
  });

  it('takes a first frame on the image-to-video models, and any mode on a model it does not know', async () => {
    const mock = await startMock();
    await createVideo(mock, { model: 'MiniMax-Hailuo-2.3-Fast', first_frame_image: 'https://x/a.png' });
    await createVideo(mock, { model: 'I2V-01', resolution: undefined, first_frame_image: 'https://x/a.png' });
    await createVideo(mock, { model: 'MiniMax-Hailuo-9', last_frame_image: 'https://x/b.png' });
  });

  it('reads its model tables as own keys: a model named like an Object member is one it does not know', async () => {
    const mock = await startMock();
    for (const model of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      await createVideo(mock, { model, resolution: '512P' });
    }
  });

  it.each([
    ['a PNG 300 px on its short side', png(300, 600), 'short side'],
    ['a PNG wider than 5:2', png(1000, 301), 'aspect ratio'],
    ['a JPEG 200 px wide', jpeg(200, 400), 'short side'],
    ['a WebP taller than 2:5', webp(320, 1000), 'aspect ratio'],
  ])('refuses a data-URL frame that is %s', async (_, url, problem) => {
    const mock = await startMock();
    for (const field of ['first_frame_image', 'last_frame_image']) {
      const body = await postJson(mock, '/v1/video_generation', {
        model: 'MiniMax-Hailuo-02',
        first_frame_image: 'https://example.com/a.png',
        [field]: url,
      });
      expect(body.base_resp.status_code).toBe(2013);
      expect(body.base_resp.status_msg).toContain(field);
      expect(body.base_resp.status_msg).toContain(problem);
    }
  });

  it('refuses a data-URL frame that is no JPG, PNG or WebP, or of 20 MB or more', async () => {
    const mock = await startMock();
    const gif = await postJson(mock, '/v1/video_generation', {
      model: 'MiniMax-Hailuo-02',
      first_frame_image: 'data:image/gif;base64,R0lGODlhAQABAAAAACw=',
    });
    expect(gif.base_resp.status_msg).toMatch(/first_frame_image must be a JPG, JPEG, PNG or WebP/);
    const huge = Buffer.alloc(20 * 1024 * 1024);
    Buffer.from(png(640, 360)).copy(huge);
    const big = await postJson(mock, '/v1/video_generation', {
      model: 'MiniMax-Hailuo-02',
      first_frame_image: `data:image/png;base64,${huge.toString('base64')}`,
    });
    expect(big.base_resp.status_msg).toMatch(/first_frame_image must be under 20 MB/);
  });

  it('takes data-URL frames within the rules, and bytes it cannot read', async () => {
    const mock = await startMock();
    for (const url of [png(301, 752), jpeg(640, 360), webp(400, 400), 'data:image/png;base64,AAAA']) {
      await createVideo(mock, { prompt: undefined, first_frame_image: url });
    }
  });

  it('answers an unknown or missing task id with 2013', async () => {
    const mock = await startMock();
    expect((await query(mock, '42')).base_resp.status_code).toBe(2013);
    expect((await getJson(mock, '/v1/query/video_generation')).base_resp.status_msg).toContain('task_id');
  });
});

describe('request values named like Object members', () => {
  const v2 = (content: unknown[], extra: Record<string, unknown> = {}) => ({
    model: 'MiniMax-H3',
    content: [{ type: 'text', text: 'A fox in the snow' }, ...content],
    ratio: '16:9',
    ...extra,
  });

  it('V2: a content type named constructor is refused naming the type, not a server error', async () => {
    const mock = await startMock();
    for (const type of ['constructor', 'toString', '__proto__']) {
      const res = await post(mock, '/v2/video_generation', v2([{ type, role: 'reference_image' }]));
      const body = (await res.json()) as { error?: { message?: string } };
      expect(res.status, type).toBe(400);
      expect(body.error?.message, type).toContain('content[1].type');
    }
  });

  it('V2: a model named constructor is one the mock does not know, and takes any resolution', async () => {
    const mock = await startMock();
    const res = await post(mock, '/v2/video_generation', v2([], { model: 'constructor', resolution: '4K' }));
    expect(res.status).toBe(200);
    expect(((await res.json()) as { task_id?: string }).task_id).toEqual(expect.any(String));
  });

  it('templates: a template_id named constructor is not a known template', async () => {
    const mock = await startMock();
    for (const template_id of ['constructor', 'toString', '__proto__']) {
      const body = await postJson(mock, '/v1/video_template_generation', { template_id, media_inputs: [] });
      expect(body.base_resp.status_code, template_id).toBe(2013);
      expect(body.base_resp.status_msg, template_id).toContain('not a known template');
    }
  });
});
