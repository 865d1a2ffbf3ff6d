import { parseBuffer } from 'music-metadata';
import { describe, expect, it } from 'vitest';
import type { MockServer } from '../../src/mock/index.js';
import { type FileObject, getJson, postJson, startMock } from './helpers.js';

interface Query {
  task_id: string;
  status: string;
  file_id: string;
  video_width?: number;
  video_height?: number;
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

  it('answers an unknown or missing task id with 2013', async () => {
    const mock = await startMock();
    expect((await query(mock, '42')).base_resp.status_code).toBe(2013);
    expect((await getJson(mock, '/v1/query/video_generation')).base_resp.status_msg).toContain('task_id');
  });
});
