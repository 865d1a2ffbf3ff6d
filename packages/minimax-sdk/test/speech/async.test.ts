/**
 * Long-text speech: `asyncCreate`, `asyncQuery`, `asyncGenerate`, `asyncWait`, with the fake fetch
 * and fake timers. Also carries the seed's polling tests (`tests/test_polling.py`) over to the
 * speech query path.
 */
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

const VOICE = { voice_id: 'English_expressive_narrator', speed: 1, vol: 1, pitch: 0 };
const CREATE = '/v1/t2a_async_v2';
const QUERY = '/v1/query/t2a_async_query_v2';
const RETRIEVE = '/v1/files/retrieve';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** A fake API: create answers `created`, queries walk through `statuses`, retrieve gives a URL. */
function taskAPI(
  statuses: (string | Record<string, unknown>)[],
  created: Record<string, unknown> = ok({
    task_id: 95157322514444,
    file_id: 1,
    task_token: 'tok',
    usage_characters: 10,
    trace_id: 'tr-create',
  }),
) {
  let polls = 0;
  return fakeFetch((request: RecordedRequest) => {
    if (request.path === CREATE) return jsonResponse(created);
    if (request.path === QUERY) {
      const step = statuses[Math.min(polls++, statuses.length - 1)]!;
      const body =
        typeof step === 'string' ? ok({ task_id: 95157322514444, status: step, file_id: 186 }) : step;
      return jsonResponse(body);
    }
    if (request.path === RETRIEVE) {
      return jsonResponse(
        ok({
          file: {
            file_id: 186,
            bytes: 10,
            created_at: 1,
            filename: 'out.tar',
            purpose: 't2a_async',
            download_url: 'https://cdn.test/out.tar',
          },
          trace_id: 'tr-retrieve',
        }),
      );
    }
    return jsonResponse({}, { status: 404 });
  });
}

const paths = (calls: RecordedRequest[]) => calls.map((c) => c.path);

describe('speech.asyncCreate', () => {
  it('sends text with the default model, and no text_file_id', async () => {
    const { fetch, calls } = taskAPI([]);
    const task = await testClient(fetch).speech.asyncCreate({ text: 'A long story.', voice_setting: VOICE });
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.path).toBe(CREATE);
    expect(calls[0]!.body).toEqual({ model: 'speech-2.8-hd', voice_setting: VOICE, text: 'A long story.' });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual(['model', 'voice_setting', 'text'].sort());
    // The raw body comes back.
    expect(task).toMatchObject({
      task_id: 95157322514444,
      file_id: 1,
      task_token: 'tok',
      usage_characters: 10,
      trace_id: 'tr-create',
    });
  });

  it('sends text_file_id without text', async () => {
    const { fetch, calls } = taskAPI([]);
    await testClient(fetch).speech.asyncCreate({ text_file_id: 42, voice_setting: VOICE });
    expect(calls[0]!.body).toEqual({ model: 'speech-2.8-hd', voice_setting: VOICE, text_file_id: 42 });
  });

  it('sends both text and text_file_id when both are given (as the seed)', async () => {
    const { fetch, calls } = taskAPI([]);
    await testClient(fetch).speech.asyncCreate({ text: 'x', text_file_id: 42, voice_setting: VOICE });
    expect(calls[0]!.body).toMatchObject({ text: 'x', text_file_id: 42 });
  });

  it('sends every optional key in the seed order', async () => {
    const { fetch, calls } = taskAPI([]);
    const optional = {
      audio_setting: { audio_sample_rate: 32000, bitrate: 128000, format: 'mp3', channel: 2 },
      language_boost: 'English',
      voice_modify: { pitch: 0, intensity: 0, timbre: 0 },
      pronunciation_dict: { tone: ['a/b'] },
    };
    await testClient(fetch).speech.asyncCreate({
      text: 'x',
      model: 'speech-2.6-hd',
      text_file_id: 7,
      voice_setting: VOICE,
      ...optional,
    });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual(
      [
        'model',
        'voice_setting',
        'text',
        'text_file_id',
        'audio_setting',
        'language_boost',
        'voice_modify',
        'pronunciation_dict',
      ].sort(),
    );
    expect(calls[0]!.body).toMatchObject({ model: 'speech-2.6-hd', ...optional });
  });

  it('sends falsy values that are set', async () => {
    const { fetch, calls } = taskAPI([]);
    await testClient(fetch).speech.asyncCreate({
      text: 'x',
      text_file_id: 0,
      language_boost: '',
      voice_setting: VOICE,
    });
    expect(calls[0]!.body).toMatchObject({ text_file_id: 0, language_boost: '' });
  });

  it('validates before any request: voice_setting, and text or text_file_id', async () => {
    // The seed sent requests with neither text nor text_file_id (defect list, validation).
    const { fetch, calls } = taskAPI([]);
    const speech = testClient(fetch).speech;
    for (const bad of [{ text: 'x' }, { voice_setting: VOICE }, { text: '', voice_setting: VOICE }, null]) {
      const error = await speech.asyncCreate(bad as never).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidParameterError);
      expect((error as InvalidParameterError).code).toBe(0);
    }
    await expect(speech.asyncGenerate({ voice_setting: VOICE } as never)).rejects.toThrow(
      /text or text_file_id/,
    );
    expect(calls).toHaveLength(0);
  });
});

describe('speech.asyncQuery', () => {
  it('GETs the query path with the task id', async () => {
    const { fetch, calls } = taskAPI(['Processing']);
    const status = await testClient(fetch).speech.asyncQuery({ task_id: 95157322514444 });
    expect(calls[0]!.method).toBe('GET');
    expect(calls[0]!.path).toBe(QUERY);
    expect(calls[0]!.query).toEqual({ task_id: '95157322514444' });
    expect(calls[0]!.body).toBeUndefined();
    expect(status).toMatchObject({ status: 'Processing', file_id: 186 });
  });

  it('validates the task id', async () => {
    const { fetch, calls } = taskAPI([]);
    await expect(testClient(fetch).speech.asyncQuery({ task_id: '' })).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
    await expect(testClient(fetch).speech.asyncWait({} as never)).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
    expect(calls).toHaveLength(0);
  });
});

describe('speech.asyncGenerate', () => {
  it('creates, polls, retrieves; file_id comes from the poll answer', async () => {
    const { fetch, calls } = taskAPI(['Processing', 'Processing', 'Success']);
    const done = testClient(fetch, { pollInterval: 1_000 }).speech.asyncGenerate({
      text: 'x',
      voice_setting: VOICE,
    });
    // No wait before the first query.
    await vi.advanceTimersByTimeAsync(0);
    expect(paths(calls)).toEqual([CREATE, QUERY]);
    await vi.advanceTimersByTimeAsync(2_000);
    const result = await done;
    expect(paths(calls)).toEqual([CREATE, QUERY, QUERY, QUERY, RETRIEVE]);
    expect(calls[4]!.query).toEqual({ file_id: '186' });
    expect(calls[4]!.method).toBe('GET');
    expect(result).toEqual({
      task_id: '95157322514444',
      status: 'Success',
      file_id: '186',
      download_url: 'https://cdn.test/out.tar',
      trace_id: 'tr-create',
    });
  });

  it('walks Preparing, Queueing, Processing, Success with onProgress', async () => {
    const { fetch, calls } = taskAPI(['Preparing', 'Queueing', 'Processing', 'Success']);
    const progress: TaskProgress[] = [];
    const done = testClient(fetch).speech.asyncGenerate(
      { text: 'x', voice_setting: VOICE },
      { pollInterval: 500, onProgress: (p) => progress.push(p) },
    );
    await vi.advanceTimersByTimeAsync(1_500);
    await done;
    expect(calls.filter((c) => c.path === QUERY)).toHaveLength(4);
    expect(progress.map((p) => p.status)).toEqual(['Preparing', 'Queueing', 'Processing', 'Success']);
    expect(progress.map((p) => p.elapsed_ms)).toEqual([0, 500, 1_000, 1_500]);
    expect(progress.every((p) => p.task_id === '95157322514444')).toBe(true);
  });

  it('treats an unknown status as pending', async () => {
    const { fetch } = taskAPI(['WeirdStatus', 'Success']);
    const done = testClient(fetch).speech.asyncGenerate(
      { text: 'x', voice_setting: VOICE },
      { pollInterval: 100 },
    );
    await vi.advanceTimersByTimeAsync(100);
    await expect(done).resolves.toMatchObject({ status: 'Success' });
  });

  it('uses the client poll settings when the call gives none', async () => {
    const { fetch, calls } = taskAPI(['Processing']);
    const done = testClient(fetch, { pollInterval: 3_000, pollTimeout: 10_000 })
      .speech.asyncGenerate({ text: 'x', voice_setting: VOICE })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(2_999);
    expect(calls.filter((c) => c.path === QUERY)).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(calls.filter((c) => c.path === QUERY)).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(await done).toBeInstanceOf(PollTimeoutError);
  });

  it('times out with PollTimeoutError naming the task', async () => {
    const { fetch, calls } = taskAPI(['Processing']);
    const done = testClient(fetch)
      .speech.asyncGenerate({ text: 'x', voice_setting: VOICE }, { pollInterval: 5_000, pollTimeout: 10_000 })
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10_000);
    const error = await done;
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect((error as Error).message).toContain('95157322514444');
    expect((error as Error).message).toContain('10000');
    // It never gives up early: the last query is at the deadline (the seed stopped one interval short).
    expect(calls.filter((c) => c.path === QUERY)).toHaveLength(3);
    expect(calls.some((c) => c.path === RETRIEVE)).toBe(false);
  });

  it('throws TaskFailedError on Fail, even with a success base_resp', async () => {
    // The seed raised MiniMaxError("success") here (defect 9).
    const { fetch } = taskAPI([ok({ task_id: 1, status: 'Fail', trace_id: 'tr-fail' })]);
    const error = await testClient(fetch)
      .speech.asyncGenerate({ text: 'x', voice_setting: VOICE })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toMatchObject({
      task_id: '95157322514444',
      task_status: 'Fail',
      code: 0,
      trace_id: 'tr-fail',
    });
    expect((error as Error).message).not.toMatch(/^success$/);
  });

  it('a failed task with a non-zero code is a TaskFailedError carrying the code and the mapped cause', async () => {
    // The seed's polling test: code 1026, "Content unsafe", trace "tr-fail". The seed raised the
    // mapped class; the port raises TaskFailedError (ts-api section 7) with the mapped class as cause.
    const { fetch } = taskAPI([
      {
        task_id: 1,
        status: 'Fail',
        base_resp: { status_code: 1026, status_msg: 'Content unsafe' },
        trace_id: 'tr-fail',
      },
    ]);
    const error = await testClient(fetch)
      .speech.asyncGenerate({ text: 'x', voice_setting: VOICE })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect(error).toMatchObject({ code: 1026, trace_id: 'tr-fail' });
    expect((error as Error).message).toContain('Content unsafe');
    expect((error as Error).cause).toBeInstanceOf(InputSafetyError);
  });

  it('aborts the wait at once through the signal', async () => {
    const { fetch, calls } = taskAPI(['Processing']);
    const controller = new AbortController();
    const done = testClient(fetch)
      .speech.asyncGenerate(
        { text: 'x', voice_setting: VOICE },
        { pollInterval: 60_000, signal: controller.signal },
      )
      .catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(10);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(await done).toBeInstanceOf(APIUserAbortError);
    expect(calls.filter((c) => c.path === QUERY)).toHaveLength(1);
  });

  it('reports a create answer without task_id as MiniMaxError', async () => {
    // The seed polled an empty task id (defect 9).
    const { fetch, calls } = taskAPI([], ok({ trace_id: 'tr-none' }));
    const error = await testClient(fetch)
      .speech.asyncGenerate({ text: 'x', voice_setting: VOICE })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect(error).toMatchObject({ trace_id: 'tr-none' });
    expect((error as Error).message).toMatch(/task_id/);
    expect(paths(calls)).toEqual([CREATE]);
  });

  it('reports a success without file_id as MiniMaxError', async () => {
    // The seed crashed converting "" to an integer (defect 9).
    const { fetch, calls } = taskAPI([ok({ task_id: 1, status: 'Success' })]);
    const error = await testClient(fetch)
      .speech.asyncGenerate({ text: 'x', voice_setting: VOICE })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect((error as Error).message).toMatch(/file_id/);
    expect(paths(calls)).toEqual([CREATE, QUERY]);
  });

  it('gives an empty download_url when the file has none, and the retrieve response', async () => {
    const { fetch } = fakeFetch((request) => {
      if (request.path === CREATE) return jsonResponse(ok({ task_id: '7' }));
      if (request.path === QUERY) return jsonResponse(ok({ status: 'Success', file_id: '9' }));
      return jsonResponse(ok({ file: { file_id: 9, download_url: null } }), {
        headers: { 'x-step': 'retrieve' },
      });
    });
    const { data, response } = await testClient(fetch)
      .speech.asyncGenerate({ text: 'x', voice_setting: VOICE })
      .withResponse();
    expect(data).toEqual({ task_id: '7', status: 'Success', file_id: '9', download_url: '' });
    expect(response.headers.get('x-step')).toBe('retrieve');
  });
});

describe('speech.asyncWait', () => {
  it('resumes a task created elsewhere', async () => {
    const { fetch, calls } = taskAPI(['Processing', 'Success']);
    const progress: string[] = [];
    const done = testClient(fetch).speech.asyncWait(
      { task_id: '95157322514444' },
      { pollInterval: 1_000, onProgress: (p) => progress.push(p.status) },
    );
    await vi.advanceTimersByTimeAsync(1_000);
    expect(await done).toEqual({
      task_id: '95157322514444',
      status: 'Success',
      file_id: '186',
      download_url: 'https://cdn.test/out.tar',
      trace_id: 'tr-retrieve',
    });
    expect(paths(calls)).toEqual([QUERY, QUERY, RETRIEVE]);
    expect(calls[0]!.query).toEqual({ task_id: '95157322514444' });
    expect(progress).toEqual(['Processing', 'Success']);
  });
});
