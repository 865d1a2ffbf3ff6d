import { describe, expect, it } from 'vitest';
import {
  AuthError,
  InputSafetyError,
  InsufficientBalanceError,
  InvalidParameterError,
  RateLimitError,
  ServerError,
  TaskFailedError,
  type VideoV2ContentItem,
} from '../../src/index.js';
import { fakeFetch, jsonResponse, ok, testClient } from '../helpers/fake-fetch.js';

const TEXT: VideoV2ContentItem = { type: 'text', text: 'A fox in the snow' };
const img = (role: 'first_frame' | 'last_frame' | 'reference_image'): VideoV2ContentItem => ({
  type: 'image_url',
  image_url: { url: 'https://example.com/a.png' },
  role,
});
const vid: VideoV2ContentItem = {
  type: 'video_url',
  video_url: { url: 'https://example.com/a.mp4' },
  role: 'reference_video',
};
const aud: VideoV2ContentItem = {
  type: 'audio_url',
  audio_url: { url: 'https://example.com/a.mp3' },
  role: 'reference_audio',
};

function platformError(status: number, type: string, message: string): Response {
  return jsonResponse(
    { type: 'error', error: { type, message, http_code: String(status) }, request_id: 'req-1' },
    { status },
  );
}

describe('video.v2 content rules (checked before any request)', () => {
  const cases: [string, Record<string, unknown>, RegExp][] = [
    ['no text', { content: [img('first_frame')] }, /exactly one text/],
    ['two texts', { content: [TEXT, TEXT, img('first_frame')] }, /exactly one text/],
    ['empty text', { content: [{ type: 'text', text: ' ' }], ratio: '16:9' }, /non-empty/],
    ['long text', { content: [{ type: 'text', text: 'x'.repeat(7001) }], ratio: '16:9' }, /7000/],
    ['frames and references', { content: [TEXT, img('first_frame'), img('reference_image')] }, /mix/],
    ['ten reference images', { content: [TEXT, ...Array(10).fill(img('reference_image'))] }, /at most 9/],
    ['four reference videos', { content: [TEXT, vid, vid, vid, vid] }, /at most 3 reference_video/],
    ['audio alone', { content: [TEXT, aud] }, /reference_audio needs/],
    [
      'two first frames',
      { content: [TEXT, img('first_frame'), img('first_frame')] },
      /at most 1 first_frame/,
    ],
    [
      'wrong role for a video',
      { content: [TEXT, { ...vid, role: 'first_frame' }] },
      /role must be reference_video/,
    ],
    ['unknown type', { content: [TEXT, { type: 'gif_url' }] }, /type must be/],
    ['text-only without a ratio', { content: [TEXT] }, /concrete ratio/],
    ['text-only adaptive', { content: [TEXT], ratio: 'adaptive' }, /concrete ratio/],
    [
      'H3-Max with references',
      { model: 'MiniMax-H3-Max', content: [TEXT, img('reference_image')] },
      /frames only/,
    ],
    [
      'H3 at 480P',
      { model: 'MiniMax-H3', content: [TEXT, img('first_frame')], resolution: '480P' },
      /768P or 2K/,
    ],
    ['H3 for 3 s', { model: 'MiniMax-H3', content: [TEXT, img('first_frame')], duration: 3 }, /4–15/],
    ['H3-Max for 4 s', { model: 'MiniMax-H3-Max', content: [TEXT, img('first_frame')], duration: 4 }, /5–15/],
    [
      'a missing url',
      { content: [TEXT, { type: 'image_url', image_url: {}, role: 'first_frame' }] },
      /url is required/,
    ],
  ];
  it.each(cases)('%s -> InvalidParameterError, nothing sent', async (_name, params, message) => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({ task_id: 't' })));
    const error = await testClient(fetch)
      .video.v2.create(params as never)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as Error).message).toMatch(message);
    expect(calls).toHaveLength(0);
  });

  it('sends every key the caller set, with the default model; unknown models pass unchecked', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse({ task_id: 'vid_1' }));
    const client = testClient(fetch);
    const created = await client.video.v2.create({
      content: [TEXT, img('reference_image'), vid, aud],
      resolution: '2K',
      duration: 10,
      callback_url: 'https://me.example/cb',
      seed: 7,
    });
    expect(created.task_id).toBe('vid_1');
    expect(calls[0]?.path).toBe('/v2/video_generation');
    expect(calls[0]?.body).toMatchObject({ model: 'MiniMax-H3', resolution: '2K', duration: 10, seed: 7 });
    await client.video.v2.create({ model: 'MiniMax-H4', content: [TEXT, img('first_frame')], duration: 99 });
    expect(calls[1]?.body).toMatchObject({ model: 'MiniMax-H4', duration: 99 });
  });

  it('a local path that does not exist rejects (never throws synchronously)', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse({ task_id: 'x' }));
    const promise = testClient(fetch).video.v2.create({
      content: [TEXT, { type: 'image_url', image_url: { url: '/no/such/file.png' }, role: 'first_frame' }],
    });
    await expect(promise).rejects.toBeInstanceOf(InvalidParameterError);
    expect(calls).toHaveLength(0);
  });
});

describe('video.v2 requests and the V2 error envelope', () => {
  it('retrieve, list (task_ids comma-separated), delete use the documented paths', async () => {
    const { fetch, calls } = fakeFetch((req) => {
      if (req.method === 'DELETE') return jsonResponse({});
      if (req.path.endsWith('/video_generation'))
        return jsonResponse({ tasks: [{ id: 'a', status: 'running' }], total: 1 });
      return jsonResponse({
        task: { id: 'a', status: 'succeeded', content: { url: 'https://cdn.example/a.mp4' } },
      });
    });
    const client = testClient(fetch);
    const { task } = await client.video.v2.retrieve({ task_id: 'a' });
    expect(task).toMatchObject({
      id: 'a',
      status: 'succeeded',
      content: { url: 'https://cdn.example/a.mp4' },
    });
    const list = await client.video.v2.list({
      task_ids: ['a', 'b'],
      status: 'running',
      model: 'MiniMax-H3',
      task_type: 'i2v',
      page: 2,
    });
    expect(list.tasks).toEqual([{ id: 'a', status: 'running' }]);
    expect(calls[1]?.query).toEqual({
      task_ids: 'a,b',
      status: 'running',
      model: 'MiniMax-H3',
      task_type: 'i2v',
      page: '2',
    });
    const deleted = await client.video.v2.delete({ task_id: 'a' });
    expect(deleted.task_id).toBe('a');
    expect(calls.map((c) => `${c.method} ${c.path}`)).toEqual([
      'GET /v2/query/video_generation/a',
      'GET /v2/query/video_generation',
      'DELETE /v2/video_generation/a',
    ]);
  });

  const envelopes: [number, string, string, new (...a: never[]) => Error, number][] = [
    [401, 'authorized_error', 'invalid api key (2049)', AuthError, 2049],
    [400, 'bad_request_error', 'invalid params (2013)', InvalidParameterError, 2013],
    [429, 'rate_limit_error', 'rate limit exceeded (1002)', RateLimitError, 1002],
    [402, 'insufficient_balance_error', 'insufficient balance (1008)', InsufficientBalanceError, 1008],
    [422, 'unprocessable_entity_error', 'input new_sensitive (1026)', InputSafetyError, 1026],
    [529, 'overloaded_error', 'overloaded', ServerError, 529],
    [500, 'server_error', 'boom', ServerError, 500],
    [422, 'unprocessable_entity_error', 'no code here', InvalidParameterError, 422],
  ];
  it.each(envelopes)(
    'HTTP %i %s maps to the right class and code',
    async (status, type, message, ErrorClass, code) => {
      const { fetch } = fakeFetch(() => platformError(status, type, message));
      const error = await testClient(fetch)
        .video.v2.retrieve({ task_id: 't' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toMatchObject({ code, status, trace_id: 'req-1' });
    },
  );

  it('wait: a failed task throws TaskFailedError on the first poll that says so', async () => {
    const { fetch, calls } = fakeFetch((_req, i) =>
      jsonResponse({
        task:
          i === 0
            ? { id: 't', status: 'running' }
            : { id: 't', status: 'failed', error: { code: '1027', message: 'output new_sensitive' } },
      }),
    );
    const error = await testClient(fetch, { pollInterval: 1 })
      .video.v2.wait({ task_id: 't' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toMatchObject({ task_id: 't', code: 1027, task_status: 'failed' });
    expect((error as Error).message).toContain('output new_sensitive');
    expect(calls).toHaveLength(2);
  });

  it('wait: an aborted signal rejects at once', async () => {
    const { fetch } = fakeFetch(() => jsonResponse({ task: { id: 't', status: 'queued' } }));
    const controller = new AbortController();
    const promise = testClient(fetch, { pollInterval: 60_000 }).video.v2.wait(
      { task_id: 't' },
      { signal: controller.signal },
    );
    setTimeout(() => controller.abort(), 10);
    await expect(promise).rejects.toMatchObject({ name: 'APIUserAbortError' });
  });

  it('the result re-queries an expired link (403) once, and never sends the key to the video host', async () => {
    let retrieves = 0;
    const { fetch, calls } = fakeFetch((req) => {
      if (req.url.startsWith('https://cdn.example/')) {
        return req.url.endsWith('old.mp4')
          ? new Response('expired', { status: 403 })
          : new Response(new Uint8Array([1, 2, 3]));
      }
      retrieves += 1;
      const url = retrieves === 1 ? 'https://cdn.example/old.mp4' : 'https://cdn.example/new.mp4';
      return jsonResponse({ task: { id: 't', status: 'succeeded', content: { url }, usage: { tokens: 5 } } });
    });
    const video = await testClient(fetch).video.v2.wait({ task_id: 't' });
    expect(video.usage).toEqual({ tokens: 5 });
    expect(await video.bytes()).toEqual(new Uint8Array([1, 2, 3]));
    expect(video.url).toBe('https://cdn.example/new.mp4');
    for (const call of calls.filter((c) => c.url.startsWith('https://cdn.example/'))) {
      expect(call.headers.authorization).toBeUndefined();
    }
  });
});
