/**
 * `pollTimeout` is the whole wait: a status query that stalls (or keeps failing and being
 * retried) is cut at the wait's deadline, not after its own per-request timeout times its
 * retries (a 1 s pollTimeout used to take 6.8 s on loopback; with the defaults about 30 min).
 * And an `onProgress` that throws is the caller's bug, not the task's: it is logged at warn
 * level and the wait goes on. Fake timers throughout: nothing here is timed on the wall clock.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { APIUserAbortError, MiniMax, type MiniMaxError, PollTimeoutError } from '../../src/index.js';
import { fakeFetch, jsonResponse, type RecordedRequest } from '../helpers/fake-fetch.js';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
});
afterEach(() => {
  // Whatever the outcome, the wait leaves no timer behind (no deadline timer, no retry sleep).
  expect(vi.getTimerCount()).toBe(0);
  vi.useRealTimers();
});

const status = (value: string) =>
  jsonResponse({ task_id: 't-1', status: value, base_resp: { status_code: 0, status_msg: 'success' } });

/** A request that never answers until its signal aborts (a stalled status query). */
const stall = (request: RecordedRequest) =>
  new Promise<Response>((_, reject) => {
    request.signal?.addEventListener('abort', () => reject(request.signal?.reason), { once: true });
  });

/** Settles `promise`, recording the fake clock's time since `start` when it did. */
function track(promise: Promise<unknown>) {
  const start = Date.now();
  const state: { settled: boolean; at?: number; error?: unknown; value?: unknown } = { settled: false };
  promise.then(
    (value) => Object.assign(state, { settled: true, at: Date.now() - start, value }),
    (error: unknown) => Object.assign(state, { settled: true, at: Date.now() - start, error }),
  );
  return state;
}

function client(responder: (r: RecordedRequest, i: number) => Response | Promise<Response>, logger?: object) {
  const { fetch, calls } = fakeFetch(responder);
  // Client defaults for the request: 600 s per attempt, 2 retries.
  const c = new MiniMax({
    apiKey: 'sk-poll-deadline-test',
    fetch,
    logLevel: logger ? 'warn' : 'off',
    ...(logger ? { logger: logger as never } : {}),
  });
  return { client: c, calls };
}

describe('pollTimeout bounds every status query', () => {
  it('a 1 s pollTimeout with a stalling status query ends at 1 s with PollTimeoutError', async () => {
    const { client: c, calls } = client(stall);
    const wait = track(c.video.wait({ task_id: 't-1' }, { pollTimeout: 1_000 }));
    await vi.advanceTimersByTimeAsync(999);
    expect(wait.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(wait.settled).toBe(true);
    expect(wait.at).toBe(1_000);
    expect(wait.error).toBeInstanceOf(PollTimeoutError);
    expect((wait.error as MiniMaxError).message).toContain('1000 ms');
    expect(calls).toHaveLength(1);
  });

  it('retries of a failing status query (503 with Retry-After: 10) stop at the deadline', async () => {
    const { client: c, calls } = client(
      () => new Response('busy', { status: 503, headers: { 'retry-after': '10' } }),
    );
    const wait = track(c.video.wait({ task_id: 't-1' }, { pollTimeout: 1_000 }));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(wait.settled).toBe(true);
    expect(wait.at).toBe(1_000);
    expect(wait.error).toBeInstanceOf(PollTimeoutError);
    // The first attempt only: the retry's 10 s pause was cut by the deadline.
    expect(calls).toHaveLength(1);
  });

  it('a query asked at the deadline itself gets the last look, then the wait ends', async () => {
    const { client: c, calls } = client((_r, i) => (i < 3 ? status('Processing') : stall(_r)));
    const wait = track(c.video.wait({ task_id: 't-1' }, { pollInterval: 5_000, pollTimeout: 12_000 }));
    await vi.advanceTimersByTimeAsync(12_000);
    expect(calls).toHaveLength(4); // at 0, 5, 10 and 12 s
    expect(wait.settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(wait.settled).toBe(true);
    expect(wait.at).toBe(13_000);
    expect(wait.error).toBeInstanceOf(PollTimeoutError);
    expect((wait.error as MiniMaxError).message).toContain('Processing');
  });

  it("the caller's abort still ends a stalled query at once, as APIUserAbortError", async () => {
    const { client: c } = client(stall);
    const controller = new AbortController();
    const wait = track(c.video.wait({ task_id: 't-1' }, { pollTimeout: 60_000, signal: controller.signal }));
    await vi.advanceTimersByTimeAsync(100);
    controller.abort();
    await vi.advanceTimersByTimeAsync(0);
    expect(wait.settled).toBe(true);
    expect(wait.error).toBeInstanceOf(APIUserAbortError);
  });
});

describe('onProgress that throws', () => {
  const logger = () => ({ error: vi.fn(), warn: vi.fn(), info: vi.fn(), debug: vi.fn() });
  const answers = (r: RecordedRequest, i: number) => {
    if (r.path === '/v1/files/retrieve') {
      return jsonResponse({
        file: { file_id: 7, download_url: 'https://cdn.example/v.mp4' },
        base_resp: { status_code: 0, status_msg: 'success' },
      });
    }
    return i < 2
      ? status('Processing')
      : jsonResponse({ task_id: 't-1', status: 'Success', file_id: '7', base_resp: { status_code: 0 } });
  };

  it('is logged at warn level and the wait goes on to the result', async () => {
    const log = logger();
    const { client: c } = client(answers, log);
    const seen: string[] = [];
    const wait = track(
      c.video.wait(
        { task_id: 't-1' },
        {
          pollInterval: 1_000,
          onProgress: (p) => {
            seen.push(p.status);
            throw new Error('display broke');
          },
        },
      ),
    );
    await vi.advanceTimersByTimeAsync(2_000);
    expect(wait.error).toBeUndefined();
    expect(wait.value).toMatchObject({ task_id: 't-1', download_url: 'https://cdn.example/v.mp4' });
    expect(seen).toEqual(['Processing', 'Processing', 'Success']);
    expect(log.warn).toHaveBeenCalledTimes(3);
    expect(String(log.warn.mock.calls[0]?.[0])).toMatch(/onProgress.*t-1.*display broke/);
  });

  it('an async onProgress that rejects is logged too, and nothing is left unhandled', async () => {
    const log = logger();
    const { client: c } = client(answers, log);
    const wait = track(
      c.video.wait(
        { task_id: 't-1' },
        { pollInterval: 1_000, onProgress: async () => Promise.reject(new Error('nope')) },
      ),
    );
    await vi.advanceTimersByTimeAsync(2_000);
    expect(wait.error).toBeUndefined();
    expect(log.warn).toHaveBeenCalledTimes(3);
    expect(String(log.warn.mock.calls[0]?.[0])).toContain('nope');
  });
});
