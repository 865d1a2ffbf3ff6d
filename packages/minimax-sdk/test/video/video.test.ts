import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  APIUserAbortError,
  InputSafetyError,
  InvalidParameterError,
  MiniMaxError,
  PollTimeoutError,
  TaskFailedError,
  type TaskProgress,
} from '../../src/index.js';
import { fakeFetch, jsonResponse, ok, type RecordedRequest, testClient } from '../helpers/fake-fetch.js';

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 16]);
const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');

interface ServerOptions {
  statuses?: Record<string, unknown>[];
  create?: Record<string, unknown>;
  file?: Record<string, unknown>;
}

/** A fake video API: create gives task-1, each query moves one status on, retrieve gives a URL. */
function videoAPI(options: ServerOptions = {}) {
  const statuses = options.statuses ?? [
    { status: 'Preparing' },
    { status: 'Queueing' },
    { status: 'Processing' },
    { status: 'Success', file_id: '205258526306433', video_width: 1366, video_height: 768 },
  ];
  let polls = 0;
  return fakeFetch((req) => {
    if (req.path === '/v1/video_generation') {
      return jsonResponse(ok(options.create ?? { task_id: '106916112212032', trace_id: 'tr-create' }));
    }
    if (req.path === '/v1/query/video_generation') {
      const next = statuses[Math.min(polls++, statuses.length - 1)]!;
      const body = 'base_resp' in next ? next : ok(next);
      return jsonResponse({ task_id: req.query.task_id, trace_id: `tr-poll-${polls}`, ...body });
    }
    if (req.path === '/v1/files/retrieve') {
      return jsonResponse(
        ok({
          file: options.file ?? {
            file_id: Number(req.query.file_id),
            bytes: 1000,
            created_at: 1,
            filename: 'output.mp4',
            purpose: 'video_generation',
            download_url: 'https://cdn.test/output.mp4',
          },
        }),
        { headers: { 'trace-id': 'tr-retrieve' } },
      );
    }
    return new Response('not found', { status: 404 });
  });
}

const paths = (calls: RecordedRequest[]) => calls.map((c) => `${c.method} ${c.path}`);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mm-video-'));
});
afterEach(async () => {
  vi.useRealTimers();
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe('video.create and video.query', () => {
  it('create sends the params as the body, unchanged, and returns the raw answer', async () => {
    const { fetch, calls } = videoAPI({ create: { task_id: 42, extra: 'kept' } });
    const params = {
      model: 'MiniMax-Hailuo-02',
      prompt: 'A cat surfing [Tracking shot]',
      duration: 10,
      resolution: '768P',
      first_frame_image: 'https://img.test/cat.jpg',
      aigc_watermark: false,
      some_new_field: { a: 1 },
    };
    const created = await testClient(fetch).video.create(params);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.path).toBe('/v1/video_generation');
    expect(calls[0]!.body).toEqual(params);
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual([...Object.keys(params)].sort());
    expect(created).toMatchObject({ task_id: '42', extra: 'kept' });
    expect(calls).toHaveLength(1);
  });

  it('create with only a model sends exactly {model}', async () => {
    const { fetch, calls } = videoAPI();
    await testClient(fetch).video.create({ model: 'T2V-01' });
    expect(calls[0]!.body).toEqual({ model: 'T2V-01' });
  });

  it('create turns a local image into a data URI', async () => {
    const path = join(dir, 'frame.png');
    await writeFile(path, PNG);
    const { fetch, calls } = videoAPI();
    await testClient(fetch).video.create({ model: 'I2V-01', first_frame_image: path });
    expect(calls[0]!.body).toEqual({
      model: 'I2V-01',
      first_frame_image: `data:image/png;base64,${b64(PNG)}`,
    });
  });

  it('query GETs the status by task_id', async () => {
    const { fetch, calls } = videoAPI({
      statuses: [{ status: 'Success', file_id: 205258526306433, video_width: 1280, video_height: 720 }],
    });
    const status = await testClient(fetch).video.query({ task_id: 'task-9' });
    expect(calls[0]!.method).toBe('GET');
    expect(calls[0]!.path).toBe('/v1/query/video_generation');
    expect(calls[0]!.query).toEqual({ task_id: 'task-9' });
    expect(status).toMatchObject({
      task_id: 'task-9',
      status: 'Success',
      file_id: '205258526306433',
      video_width: 1280,
    });
  });

  it('query rejects an empty task_id before any request', async () => {
    const { fetch, calls } = videoAPI();
    await expect(testClient(fetch).video.query({ task_id: '' })).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
    await expect(testClient(fetch).video.wait({ task_id: ' ' })).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
    expect(calls).toHaveLength(0);
  });
});

describe('video.textToVideo', () => {
  it('creates, polls through every status, retrieves the file and reports progress', async () => {
    vi.useFakeTimers();
    const { fetch, calls } = videoAPI();
    const progress: TaskProgress[] = [];
    const promise = testClient(fetch).video.textToVideo(
      { prompt: 'A red fox in snow' },
      { onProgress: (p) => progress.push(p) },
    );
    await vi.advanceTimersByTimeAsync(0);
    expect(paths(calls)).toEqual(['POST /v1/video_generation', 'GET /v1/query/video_generation']);
    await vi.advanceTimersByTimeAsync(5_000);
    expect(calls).toHaveLength(3);
    await vi.advanceTimersByTimeAsync(10_000);
    const video = await promise;

    expect(calls[0]!.body).toEqual({
      model: 'MiniMax-Hailuo-2.3',
      prompt: 'A red fox in snow',
      prompt_optimizer: true,
      fast_pretreatment: false,
      duration: 6,
    });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual(
      ['model', 'prompt', 'prompt_optimizer', 'fast_pretreatment', 'duration'].sort(),
    );
    expect(paths(calls)).toEqual([
      'POST /v1/video_generation',
      ...Array(4).fill('GET /v1/query/video_generation'),
      'GET /v1/files/retrieve',
    ]);
    expect(calls.slice(1, 5).every((c) => c.query.task_id === '106916112212032')).toBe(true);
    expect(calls[5]!.query).toEqual({ file_id: '205258526306433' });
    expect(video).toEqual({
      task_id: '106916112212032',
      status: 'Success',
      file_id: '205258526306433',
      download_url: 'https://cdn.test/output.mp4',
      video_width: 1366,
      video_height: 768,
      trace_id: 'tr-create',
    });
    expect(progress.map((p) => p.status)).toEqual(['Preparing', 'Queueing', 'Processing', 'Success']);
    expect(progress.map((p) => p.elapsed_ms)).toEqual([0, 5_000, 10_000, 15_000]);
    expect(progress.every((p) => p.task_id === '106916112212032')).toBe(true);
  });

  it('sends every option, in order', async () => {
    const { fetch, calls } = videoAPI({ statuses: [{ status: 'Success', file_id: '1' }] });
    await testClient(fetch).video.textToVideo({
      prompt: 'p',
      model: 'MiniMax-Hailuo-02',
      prompt_optimizer: false,
      fast_pretreatment: true,
      duration: 10,
      resolution: '768P',
      callback_url: 'https://hook.test/cb',
    });
    expect(calls[0]!.body).toEqual({
      model: 'MiniMax-Hailuo-02',
      prompt: 'p',
      prompt_optimizer: false,
      fast_pretreatment: true,
      duration: 10,
      resolution: '768P',
      callback_url: 'https://hook.test/cb',
    });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual(
      [
        'model',
        'prompt',
        'prompt_optimizer',
        'fast_pretreatment',
        'duration',
        'resolution',
        'callback_url',
      ].sort(),
    );
  });

  it('uses the per-call pollInterval over the client default', async () => {
    vi.useFakeTimers();
    const { fetch, calls } = videoAPI();
    const promise = testClient(fetch, { pollInterval: 60_000 }).video.textToVideo(
      { prompt: 'p' },
      { pollInterval: 1_000 },
    );
    await vi.advanceTimersByTimeAsync(3_000);
    expect((await promise).status).toBe('Success');
    expect(calls).toHaveLength(6);
  });

  it('keeps polling through a status it does not know', async () => {
    const { fetch, calls } = videoAPI({
      statuses: [{ status: 'Rendering' }, { status: 'Success', file_id: '7' }],
    });
    const video = await testClient(fetch, { pollInterval: 0 }).video.textToVideo({ prompt: 'p' });
    expect(video.file_id).toBe('7');
    expect(calls.filter((c) => c.path === '/v1/query/video_generation')).toHaveLength(2);
  });

  it('throws TaskFailedError with the task id on Fail, without retrieving', async () => {
    vi.useFakeTimers();
    const { fetch, calls } = videoAPI({
      statuses: [
        { status: 'Processing' },
        { status: 'Fail', base_resp: { status_code: 0, status_msg: 'success' } },
      ],
    });
    const promise = testClient(fetch)
      .video.textToVideo({ prompt: 'p' })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(5_000);
    const error = await promise;
    expect(error).toBeInstanceOf(TaskFailedError);
    expect((error as TaskFailedError).task_id).toBe('106916112212032');
    expect((error as TaskFailedError).task_status).toBe('Fail');
    expect((error as TaskFailedError).message).not.toMatch(/success/);
    expect(calls.some((c) => c.path === '/v1/files/retrieve')).toBe(false);
  });

  it('a failed task carrying an error code (1026) is a TaskFailedError with the mapped class as cause', async () => {
    const { fetch } = videoAPI({
      statuses: [{ status: 'Fail', base_resp: { status_code: 1026, status_msg: 'input new_sensitive' } }],
    });
    const error = await testClient(fetch)
      .video.textToVideo({ prompt: 'p' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toMatchObject({ code: 1026 });
    expect((error as Error).cause).toBeInstanceOf(InputSafetyError);
  });

  it('throws PollTimeoutError when the task outlives pollTimeout', async () => {
    vi.useFakeTimers();
    const { fetch, calls } = videoAPI({ statuses: [{ status: 'Processing' }] });
    const promise = testClient(fetch)
      .video.textToVideo({ prompt: 'p' }, { pollInterval: 1_000, pollTimeout: 3_500 })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(4_000);
    const error = await promise;
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect((error as Error).message).toContain('106916112212032');
    // Queries at 0, 1, 2, 3 s and one last at the 3.5 s deadline.
    expect(calls.filter((c) => c.path === '/v1/query/video_generation')).toHaveLength(5);
  });

  it('rejects at once with APIUserAbortError when aborted during the wait', async () => {
    vi.useFakeTimers();
    const { fetch, calls } = videoAPI({ statuses: [{ status: 'Processing' }] });
    const controller = new AbortController();
    const promise = testClient(fetch)
      .video.textToVideo({ prompt: 'p' }, { signal: controller.signal })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toHaveLength(2);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(await promise).toBeInstanceOf(APIUserAbortError);
    expect(calls).toHaveLength(2);
  });

  it('fails clearly when the create answer has no task_id, without polling', async () => {
    const { fetch, calls } = videoAPI({ create: { trace_id: 'tr-nt' } });
    const error = await testClient(fetch)
      .video.textToVideo({ prompt: 'p' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect((error as MiniMaxError).message).toMatch(/no task_id/);
    expect((error as MiniMaxError).trace_id).toBe('tr-nt');
    expect(calls).toHaveLength(1);
  });

  it('fails clearly when the finished task has no file_id, without retrieving', async () => {
    const { fetch, calls } = videoAPI({ statuses: [{ status: 'Success' }] });
    const error = await testClient(fetch)
      .video.textToVideo({ prompt: 'p' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect(error).not.toBeInstanceOf(InvalidParameterError);
    expect((error as MiniMaxError).message).toMatch(/file_id/);
    expect(calls.some((c) => c.path === '/v1/files/retrieve')).toBe(false);
  });

  it('allows a null download_url and defaults the size to 0', async () => {
    const { fetch } = videoAPI({
      statuses: [{ status: 'Success', file_id: '9' }],
      file: { file_id: 9, filename: 'output.mp4' },
    });
    const video = await testClient(fetch).video.textToVideo({ prompt: 'p' });
    expect(video).toMatchObject({ download_url: null, video_width: 0, video_height: 0, file_id: '9' });
  });

  it('withResponse() gives the response of the retrieve call', async () => {
    const { fetch } = videoAPI({ statuses: [{ status: 'Success', file_id: '9' }] });
    const { data, response } = await testClient(fetch).video.textToVideo({ prompt: 'p' }).withResponse();
    expect(data.download_url).toBe('https://cdn.test/output.mp4');
    expect(response.headers.get('trace-id')).toBe('tr-retrieve');
  });
});

describe('video.imageToVideo', () => {
  it('sends the defaults with first_frame_image last', async () => {
    const { fetch, calls } = videoAPI({ statuses: [{ status: 'Success', file_id: '1' }] });
    await testClient(fetch).video.imageToVideo({
      first_frame_image: 'https://img.test/a.jpg',
      prompt: 'She smiles',
    });
    expect(calls[0]!.body).toEqual({
      model: 'MiniMax-Hailuo-2.3',
      prompt: 'She smiles',
      prompt_optimizer: true,
      fast_pretreatment: false,
      duration: 6,
      first_frame_image: 'https://img.test/a.jpg',
    });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual(
      ['model', 'prompt', 'prompt_optimizer', 'fast_pretreatment', 'duration', 'first_frame_image'].sort(),
    );
  });

  it('sends every option in order, leaving out prompt when unset', async () => {
    const { fetch, calls } = videoAPI({ statuses: [{ status: 'Success', file_id: '1' }] });
    await testClient(fetch).video.imageToVideo({
      first_frame_image: 'https://img.test/a.jpg',
      model: 'MiniMax-Hailuo-2.3-Fast',
      prompt_optimizer: false,
      fast_pretreatment: true,
      duration: 10,
      resolution: '1080P',
      callback_url: 'https://hook.test',
    });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual(
      [
        'model',
        'prompt_optimizer',
        'fast_pretreatment',
        'duration',
        'resolution',
        'callback_url',
        'first_frame_image',
      ].sort(),
    );
    expect(calls[0]!.body).toMatchObject({
      model: 'MiniMax-Hailuo-2.3-Fast',
      resolution: '1080P',
      duration: 10,
    });
  });

  it('inlines local files and bytes as data URIs, typed by their content', async () => {
    const pngPath = join(dir, 'photo.png');
    await writeFile(pngPath, PNG);
    const oddPath = join(dir, 'photo.webp');
    await writeFile(oddPath, new Uint8Array([1, 2, 3]));
    const { fetch, calls } = videoAPI({ statuses: [{ status: 'Success', file_id: '1' }] });
    const client = testClient(fetch);
    const inputs = [
      pngPath,
      JPEG,
      new Blob([JPEG]),
      new File([new Uint8Array([1, 2])], 'x.webp', { type: 'image/webp' }),
      oddPath,
      'data:image/png;base64,AAAA',
      'HTTPS://img.test/b.jpg',
    ];
    for (const first_frame_image of inputs) await client.video.imageToVideo({ first_frame_image });
    const sent = calls
      .filter((c) => c.path === '/v1/video_generation')
      .map((c) => (c.body as { first_frame_image: string }).first_frame_image);
    expect(sent).toEqual([
      `data:image/png;base64,${b64(PNG)}`,
      `data:image/jpeg;base64,${b64(JPEG)}`,
      `data:image/jpeg;base64,${b64(JPEG)}`,
      `data:image/webp;base64,${b64(new Uint8Array([1, 2]))}`,
      `data:image/webp;base64,${b64(new Uint8Array([1, 2, 3]))}`,
      'data:image/png;base64,AAAA',
      'HTTPS://img.test/b.jpg',
    ]);
  });

  it('rejects a missing, empty or unreadable image before any request', async () => {
    const { fetch, calls } = videoAPI();
    const client = testClient(fetch);
    for (const first_frame_image of [undefined, '', new Uint8Array(0), join(dir, 'nope.png')]) {
      const error = await client.video
        .imageToVideo({ first_frame_image: first_frame_image as string })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidParameterError);
    }
    expect(calls).toHaveLength(0);
  });
});

describe('video.framesToVideo', () => {
  it('sends both frames, first before last, with MiniMax-Hailuo-02 by default', async () => {
    const { fetch, calls } = videoAPI({ statuses: [{ status: 'Success', file_id: '1' }] });
    const video = await testClient(fetch).video.framesToVideo({
      first_frame_image: 'https://img.test/first.jpg',
      last_frame_image: JPEG,
      prompt: 'morph',
      resolution: '768P',
    });
    expect(calls[0]!.body).toEqual({
      model: 'MiniMax-Hailuo-02',
      prompt: 'morph',
      prompt_optimizer: true,
      fast_pretreatment: false,
      duration: 6,
      resolution: '768P',
      first_frame_image: 'https://img.test/first.jpg',
      last_frame_image: `data:image/jpeg;base64,${b64(JPEG)}`,
    });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual(
      [
        'model',
        'prompt',
        'prompt_optimizer',
        'fast_pretreatment',
        'duration',
        'resolution',
        'first_frame_image',
        'last_frame_image',
      ].sort(),
    );
    expect(video.status).toBe('Success');
  });

  it('works with only the last frame', async () => {
    const { fetch, calls } = videoAPI({ statuses: [{ status: 'Success', file_id: '1' }] });
    await testClient(fetch).video.framesToVideo({ last_frame_image: 'https://img.test/last.jpg' });
    expect(calls[0]!.body).toEqual({
      model: 'MiniMax-Hailuo-02',
      prompt_optimizer: true,
      fast_pretreatment: false,
      duration: 6,
      last_frame_image: 'https://img.test/last.jpg',
    });
  });
});

describe('video.subjectToVideo', () => {
  it('sends subject_reference, prompt and S2V-01, without timing keys', async () => {
    const { fetch, calls } = videoAPI({ statuses: [{ status: 'Success', file_id: '1' }] });
    await testClient(fetch).video.subjectToVideo({
      subject_reference: [{ type: 'character', image: ['https://img.test/face.jpg'] }],
      prompt: 'On a beach',
      callback_url: 'https://hook.test',
    });
    expect(calls[0]!.body).toEqual({
      model: 'S2V-01',
      prompt: 'On a beach',
      prompt_optimizer: true,
      callback_url: 'https://hook.test',
      subject_reference: [{ type: 'character', image: ['https://img.test/face.jpg'] }],
    });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual(
      ['model', 'prompt', 'prompt_optimizer', 'callback_url', 'subject_reference'].sort(),
    );
  });

  it('sends duration and resolution when set', async () => {
    const { fetch, calls } = videoAPI({ statuses: [{ status: 'Success', file_id: '1' }] });
    await testClient(fetch).video.subjectToVideo({
      subject_reference: [{ type: 'character', image: ['https://img.test/face.jpg'] }],
      duration: 6,
      resolution: '720P',
    });
    expect(calls[0]!.body).toMatchObject({ model: 'S2V-01', duration: 6, resolution: '720P' });
  });

  it('inlines local subject images and wraps a single image in a list', async () => {
    const { fetch, calls } = videoAPI({ statuses: [{ status: 'Success', file_id: '1' }] });
    await testClient(fetch).video.subjectToVideo({
      subject_reference: [{ type: 'character', image: PNG }],
      prompt_optimizer: false,
    });
    expect(calls[0]!.body).toEqual({
      model: 'S2V-01',
      prompt_optimizer: false,
      subject_reference: [{ type: 'character', image: [`data:image/png;base64,${b64(PNG)}`] }],
    });
  });

  it('rejects an empty subject_reference before any request', async () => {
    const { fetch, calls } = videoAPI();
    await expect(testClient(fetch).video.subjectToVideo({ subject_reference: [] })).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
    expect(calls).toHaveLength(0);
  });
});

describe('video.wait', () => {
  it('resumes a task created elsewhere: polls, then retrieves', async () => {
    vi.useFakeTimers();
    const { fetch, calls } = videoAPI({
      statuses: [
        { status: 'Queueing' },
        { status: 'Success', file_id: '55', video_width: 720, video_height: 1280 },
      ],
    });
    const statuses: string[] = [];
    const promise = testClient(fetch).video.wait(
      { task_id: 'task-77' },
      { pollInterval: 2_000, onProgress: (p) => statuses.push(p.status) },
    );
    await vi.advanceTimersByTimeAsync(2_000);
    const video = await promise;
    expect(paths(calls)).toEqual([
      'GET /v1/query/video_generation',
      'GET /v1/query/video_generation',
      'GET /v1/files/retrieve',
    ]);
    expect(calls[0]!.query).toEqual({ task_id: 'task-77' });
    expect(statuses).toEqual(['Queueing', 'Success']);
    expect(video).toEqual({
      task_id: 'task-77',
      status: 'Success',
      file_id: '55',
      download_url: 'https://cdn.test/output.mp4',
      video_width: 720,
      video_height: 1280,
      trace_id: 'tr-poll-2',
    });
  });
});
