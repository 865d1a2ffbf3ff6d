import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  APIUserAbortError,
  InputSafetyError,
  InvalidParameterError,
  MiniMaxError,
  TaskFailedError,
  VideoTemplateResult,
} from '../../src/index.js';
import { fakeFetch, jsonResponse, ok, TEST_KEY, testClient } from '../helpers/fake-fetch.js';

const PNG_BYTES = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const DIVING = '392747428568649728';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mm-tmpl-'));
});
afterEach(async () => {
  vi.useRealTimers();
  await rm(dir, { recursive: true, force: true });
});

describe('video.templates.create', () => {
  it('sends every key the caller set; local media inputs go as data URIs; a numeric id as text', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({ task_id: 1234567890123456 })));
    const created = await testClient(fetch).video.templates.create({
      template_id: 4242 as unknown as string,
      media_inputs: [{ value: PNG_BYTES }, { value: 'https://example.com/me.jpg' }],
      text_inputs: [{ value: 'Hello' }],
      callback_url: 'https://me.example/cb',
      new_field: 7,
    });
    expect(created.task_id).toBe('1234567890123456');
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ method: 'POST', path: '/v1/video_template_generation' });
    const body = calls[0]?.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(
      ['callback_url', 'media_inputs', 'new_field', 'template_id', 'text_inputs'].sort(),
    );
    expect(body.template_id).toBe('4242');
    const media = body.media_inputs as { value: string }[];
    expect(media[0]?.value).toMatch(/^data:image\/png;base64,/);
    expect(media[1]?.value).toBe('https://example.com/me.jpg');
    expect(body.text_inputs).toEqual([{ value: 'Hello' }]);
    expect(body.new_field).toBe(7);
  });

  const bad: [string, unknown, RegExp][] = [
    ['no template_id', { media_inputs: [{ value: 'https://x.example/a.jpg' }] }, /template_id is required/],
    ['an empty template_id', { template_id: ' ' }, /template_id is required/],
    [
      'media_inputs not a list',
      { template_id: DIVING, media_inputs: 'a.jpg' },
      /media_inputs must be a list/,
    ],
    [
      'an item without value',
      { template_id: DIVING, text_inputs: [{ text: 'x' }] },
      /text_inputs must be a list/,
    ],
    [
      'a text value that is not text',
      { template_id: DIVING, text_inputs: [{ value: 3 }] },
      /text_inputs\[0\]/,
    ],
    ['a missing local file', { template_id: DIVING, media_inputs: [{ value: '/no/such/photo.jpg' }] }, /./],
    ['params that are not an object', null, /params must be an object/],
    ['an id too large for a number', { template_id: Number(DIVING) }, /must be a string/],
  ];
  it.each(bad)('%s -> rejected InvalidParameterError, nothing sent', async (_name, params, message) => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({ task_id: 't' })));
    const promise = testClient(fetch).video.templates.create(params as never);
    const error = await promise.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as Error).message).toMatch(message);
    expect(calls).toHaveLength(0);
  });

  it('an inherited template_id is never read', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({ task_id: 't' })));
    const params = Object.create({ template_id: DIVING }) as { template_id: string };
    await expect(testClient(fetch).video.templates.create(params)).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
    expect(calls).toHaveLength(0);
  });
});

describe('video.templates.query / wait / generate', () => {
  it('query asks once with task_id in the query string', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({ task_id: 't1', status: 'Processing' })));
    const answer = await testClient(fetch).video.templates.query({ task_id: 't1' });
    expect(answer.status).toBe('Processing');
    expect(calls[0]).toMatchObject({ method: 'GET', path: '/v1/query/video_template_generation' });
    expect(calls[0]?.query).toEqual({ task_id: 't1' });
  });

  it('generate: creates, polls with progress until Success, and save() fetches video_url without the key', async () => {
    const statuses = ['Preparing', 'Queueing', 'Processing', 'Success'];
    let polls = 0;
    const { fetch, calls } = fakeFetch((req) => {
      if (req.url.startsWith('https://cdn.example/')) return new Response(new Uint8Array([9, 8, 7]));
      if (req.method === 'POST')
        return jsonResponse(ok({ task_id: 't2' }), { headers: { 'trace-id': 'tr-1' } });
      const status = statuses[polls++] ?? 'Success';
      return jsonResponse(
        ok({ task_id: 't2', status, video_url: status === 'Success' ? 'https://cdn.example/t2.mp4' : '' }),
      );
    });
    const seen: string[] = [];
    const video = await testClient(fetch, { pollInterval: 1 }).video.templates.generate(
      { template_id: DIVING, media_inputs: [{ value: 'https://example.com/me.jpg' }] },
      { onProgress: (p) => seen.push(`${p.task_id}:${p.status}`) },
    );
    expect(video).toBeInstanceOf(VideoTemplateResult);
    expect(seen).toEqual(statuses.map((s) => `t2:${s}`));
    expect(video).toMatchObject({
      task_id: 't2',
      status: 'Success',
      video_url: 'https://cdn.example/t2.mp4',
    });
    const path = await video.save(join(dir, 'out.mp4'));
    expect(new Uint8Array(await readFile(path))).toEqual(new Uint8Array([9, 8, 7]));
    const download = calls.find((c) => c.url.startsWith('https://cdn.example/'))!;
    expect(download.headers.authorization).toBeUndefined();
    expect(JSON.stringify(download.headers)).not.toContain(TEST_KEY);
    expect(JSON.stringify(video)).not.toContain(TEST_KEY);
  });

  it('a Fail status throws TaskFailedError on the poll that sees it, with the code as cause', async () => {
    const { fetch, calls } = fakeFetch((_req, i) =>
      jsonResponse(
        i === 0
          ? ok({ task_id: 't3', status: 'Processing' })
          : {
              task_id: 't3',
              status: 'Fail',
              video_url: '',
              base_resp: { status_code: 1026, status_msg: 'input new_sensitive' },
            },
      ),
    );
    const error = await testClient(fetch, { pollInterval: 1 })
      .video.templates.wait({ task_id: 't3' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toMatchObject({ task_id: 't3', code: 1026, task_status: 'Fail' });
    expect((error as Error).cause).toBeInstanceOf(InputSafetyError);
    expect(calls).toHaveLength(2);
  });

  it('wait honours pollInterval between polls (fake timers) and an abort ends it at once', async () => {
    vi.useFakeTimers();
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({ task_id: 't4', status: 'Queueing' })));
    const controller = new AbortController();
    const promise = testClient(fetch, { pollInterval: 10_000 })
      .video.templates.wait({ task_id: 't4' }, { signal: controller.signal })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(9_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls).toHaveLength(2);
    controller.abort();
    expect(await promise).toBeInstanceOf(APIUserAbortError);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(calls).toHaveLength(2);
  });

  it('wait rejects a missing task_id before any request', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({})));
    await expect(testClient(fetch).video.templates.wait({ task_id: '' })).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
    expect(calls).toHaveLength(0);
  });

  it('a Success without video_url is the API fault: MiniMaxError, nothing downloaded', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({ task_id: 't5', status: 'Success' })));
    const error = await testClient(fetch)
      .video.templates.wait({ task_id: 't5' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect(error).not.toBeInstanceOf(TaskFailedError);
    expect((error as Error).message).toMatch(/no video_url/);
    expect(calls).toHaveLength(1);
  });

  it('a refused (403) link is re-queried once for a fresh one', async () => {
    let queries = 0;
    const { fetch, calls } = fakeFetch((req) => {
      if (req.url.startsWith('https://cdn.example/')) {
        return req.url.endsWith('old.mp4')
          ? new Response('expired', { status: 403 })
          : new Response(new Uint8Array([4]));
      }
      queries += 1;
      const name = queries === 1 ? 'old' : 'new';
      return jsonResponse(
        ok({ task_id: 't6', status: 'Success', video_url: `https://cdn.example/${name}.mp4` }),
      );
    });
    const video = await testClient(fetch).video.templates.wait({ task_id: 't6' });
    expect(await video.bytes()).toEqual(new Uint8Array([4]));
    expect(video.video_url).toBe('https://cdn.example/new.mp4');
    expect(queries).toBe(2);
    for (const call of calls.filter((c) => c.url.startsWith('https://cdn.example/'))) {
      expect(call.headers.authorization).toBeUndefined();
    }
  });
});
