import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InputSafetyError, MiniMax, PollTimeoutError, TaskFailedError } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';

let mock: MockServer;
let client: MiniMax;
let dir: string;
beforeEach(async () => {
  mock = await startMockServer();
  client = new MiniMax({
    apiKey: 'wire-key',
    baseURL: mock.url,
    maxRetries: 0,
    logLevel: 'off',
    pollInterval: 5,
  });
  dir = await mkdtemp(join(tmpdir(), 'mm-video-wire-'));
});
afterEach(async () => {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});

function png(width: number, height: number): Uint8Array {
  const image = new PNG({ width, height });
  image.data.fill(200);
  return new Uint8Array(PNG.sync.write(image));
}

async function mp4At(url: string | null): Promise<Uint8Array> {
  expect(url).toMatch(/^http:\/\//);
  const bytes = new Uint8Array(await (await fetch(url!)).arrayBuffer());
  // An ISO media file starts with its `ftyp` box.
  expect(new TextDecoder().decode(bytes.subarray(4, 8))).toBe('ftyp');
  return bytes;
}

describe('video against the mock server', () => {
  it('textToVideo creates, polls every stage and resolves a playable download', async () => {
    const statuses: string[] = [];
    const video = await client.video.textToVideo(
      {
        prompt: 'A red fox running through snow [Tracking shot]',
        model: 'MiniMax-Hailuo-02',
        resolution: '768P',
      },
      { pollInterval: 1, onProgress: (p) => statuses.push(p.status) },
    );
    expect(statuses).toEqual(['Preparing', 'Queueing', 'Processing', 'Success']);
    expect(video.status).toBe('Success');
    expect(video.task_id).toMatch(/\S/);
    expect(video.file_id).toMatch(/^\d+$/);
    expect(video.video_width).toBeGreaterThan(0);
    expect(video.video_height).toBeGreaterThan(0);
    await mp4At(video.download_url);
    const created = mock.requests.find((r) => r.path === '/v1/video_generation')!;
    expect(created.body).toEqual({
      model: 'MiniMax-Hailuo-02',
      prompt: 'A red fox running through snow [Tracking shot]',
      prompt_optimizer: true,
      fast_pretreatment: false,
      duration: 6,
      resolution: '768P',
    });
  });

  it('imageToVideo and framesToVideo send local images as data URIs the server accepts', async () => {
    const first = join(dir, 'first.png');
    await writeFile(first, png(320, 400));
    const a = await client.video.imageToVideo({ first_frame_image: first, prompt: 'The scene comes alive' });
    await mp4At(a.download_url);
    const b = await client.video.framesToVideo({ first_frame_image: first, last_frame_image: png(320, 400) });
    await mp4At(b.download_url);
    const bodies = mock.requests.filter((r) => r.path === '/v1/video_generation').map((r) => r.body);
    expect((bodies[0] as { first_frame_image: string }).first_frame_image).toMatch(
      /^data:image\/png;base64,/,
    );
    expect((bodies[1] as { last_frame_image: string }).last_frame_image).toMatch(/^data:image\/png;base64,/);
  });

  it('subjectToVideo, and create + wait for a task made earlier', async () => {
    const s = await client.video.subjectToVideo({
      subject_reference: [{ type: 'character', image: ['https://img.test/face.jpg'] }],
      prompt: 'She walks along a beach',
    });
    await mp4At(s.download_url);
    const { task_id } = await client.video.create({ model: 'T2V-01', prompt: 'Rain on a window' });
    const status = await client.video.query({ task_id });
    expect(status.status).toBe('Preparing');
    const resumed = await client.video.wait({ task_id });
    expect(resumed.task_id).toBe(task_id);
    await mp4At(resumed.download_url);
  });

  it('reports a failed task, a content-safety failure and a task that never ends', async () => {
    mock.faults.add({ path: '/v1/video_generation', taskFail: 0 });
    const failed = await client.video.textToVideo({ prompt: 'p' }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(TaskFailedError);
    expect((failed as TaskFailedError).task_id).toMatch(/\S/);

    mock.faults.add({ path: '/v1/video_generation', taskFail: 1026 });
    const unsafe = await client.video.textToVideo({ prompt: 'p' }).catch((e: unknown) => e);
    expect(unsafe).toBeInstanceOf(TaskFailedError);
    expect(unsafe).toMatchObject({ code: 1026 });
    expect((unsafe as Error).cause).toBeInstanceOf(InputSafetyError);

    mock.faults.add({ path: '/v1/video_generation', taskNeverEnds: true });
    await expect(
      client.video.textToVideo({ prompt: 'p' }, { pollInterval: 5, pollTimeout: 60 }),
    ).rejects.toBeInstanceOf(PollTimeoutError);
  });
});
