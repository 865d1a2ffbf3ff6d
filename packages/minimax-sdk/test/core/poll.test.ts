import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pollTask } from '../../src/core/poll.js';
import { type JSONBody, TaskResource } from '../../src/core/resource.js';
import type { RequestOptions, TaskProgress } from '../../src/core/transport.js';
import {
  APIUserAbortError,
  InputSafetyError,
  MiniMaxError,
  PollTimeoutError,
  TaskFailedError,
} from '../../src/index.js';
import { fakeFetch, jsonResponse, ok, testClient } from '../helpers/fake-fetch.js';

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(new Date('2030-01-01T00:00:00Z'));
});
afterEach(() => {
  // No poll may leave a timer behind, whatever its outcome.
  expect(vi.getTimerCount()).toBe(0);
  vi.useRealTimers();
});

type Outcome = { ok: true; value: JSONBody } | { ok: false; error: MiniMaxError };
const settle = (promise: Promise<JSONBody>): Promise<Outcome> =>
  promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error: error as MiniMaxError }),
  );

/** A query that answers with the given statuses in turn (the last one repeats) and logs when it ran. */
function scripted(statuses: Array<string | JSONBody>) {
  const times: number[] = [];
  const start = Date.now();
  const query = vi.fn(async () => {
    times.push(Date.now() - start);
    const next = statuses[Math.min(times.length - 1, statuses.length - 1)];
    return typeof next === 'string' ? { status: next, task_id: 't-1' } : (next as JSONBody);
  });
  return { query, times };
}

describe('pollTask', () => {
  it('queries at once and returns the body on Success', async () => {
    const { query, times } = scripted([{ status: 'Success', file_id: 42 }]);
    const outcome = await settle(pollTask({ task_id: 't-1', query, interval: 5000, timeout: 60_000 }));
    expect(outcome).toEqual({ ok: true, value: { status: 'Success', file_id: 42 } });
    expect(times).toEqual([0]);
  });

  it('polls every interval until Success', async () => {
    const { query, times } = scripted(['Preparing', 'Queueing', 'Processing', 'Success']);
    const pending = settle(pollTask({ task_id: 't-1', query, interval: 5000, timeout: 600_000 }));
    await vi.runAllTimersAsync();
    expect((await pending).ok).toBe(true);
    expect(times).toEqual([0, 5000, 10_000, 15_000]);
  });

  it('does not give up early: interval 5 s, timeout 12 s queries at 0, 5, 10 and 12 s', async () => {
    const { query, times } = scripted(['Processing']);
    const pending = settle(pollTask({ task_id: 'task-xyz', query, interval: 5000, timeout: 12_000 }));
    await vi.advanceTimersByTimeAsync(11_999);
    expect(times).toEqual([0, 5000, 10_000]);
    await vi.advanceTimersByTimeAsync(1);
    const outcome = await pending;
    expect(times).toEqual([0, 5000, 10_000, 12_000]);
    expect(outcome.ok).toBe(false);
    const { error } = outcome as { error: MiniMaxError };
    expect(error).toBeInstanceOf(PollTimeoutError);
    expect(error.message).toContain('task-xyz');
    expect(error.message).toContain('12000');
    expect(error.code).toBe(0);
  });

  it('finds a Success in the last query at the deadline', async () => {
    const { query, times } = scripted(['Processing', 'Processing', 'Processing', 'Success']);
    const pending = settle(pollTask({ task_id: 't-1', query, interval: 5000, timeout: 12_000 }));
    await vi.runAllTimersAsync();
    expect((await pending).ok).toBe(true);
    expect(times).toEqual([0, 5000, 10_000, 12_000]);
  });

  it('raises TaskFailedError with task id, code, message and trace id on Fail', async () => {
    const { query } = scripted([
      { status: 'Fail', trace_id: 'tr-fail', base_resp: { status_code: 1026, status_msg: 'Content unsafe' } },
    ]);
    const outcome = await settle(pollTask({ task_id: 'task-9', query, interval: 5000, timeout: 60_000 }));
    const { error } = outcome as unknown as { error: TaskFailedError };
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect(error.task_id).toBe('task-9');
    expect(error.task_status).toBe('Fail');
    expect(error.code).toBe(1026);
    expect(error.message).toContain('Content unsafe');
    expect(error.message).toContain('task-9');
    expect(error.trace_id).toBe('tr-fail');
    expect(error.body).toMatchObject({ status: 'Fail' });
  });

  it('does not call a failed task "success" when base_resp is 0 (seed defect 9)', async () => {
    const { query } = scripted([{ status: 'Fail', base_resp: { status_code: 0, status_msg: 'success' } }]);
    const { error } = (await settle(
      pollTask({ task_id: 't', query, interval: 1, timeout: 10 }),
    )) as unknown as { error: TaskFailedError };
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.message).not.toMatch(/^success$/);
    expect(error.message).not.toContain(': success');
    expect(error.code).toBe(0);
  });

  it('treats "Failed" like Fail, and survives a missing base_resp', async () => {
    const { query } = scripted([{ status: 'Failed' }]);
    const { error } = (await settle(
      pollTask({ task_id: 't', query, interval: 1, timeout: 10 }),
    )) as unknown as { error: TaskFailedError };
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error.task_status).toBe('Failed');
  });

  it('keeps polling unknown and missing statuses', async () => {
    const { query, times } = scripted([
      'WeirdStatus',
      { task_id: 't' },
      { status: 42 } as JSONBody,
      'Success',
    ]);
    const pending = settle(pollTask({ task_id: 't', query, interval: 1000, timeout: 60_000 }));
    await vi.runAllTimersAsync();
    expect((await pending).ok).toBe(true);
    expect(times).toEqual([0, 1000, 2000, 3000]);
  });

  it('reports progress after every poll', async () => {
    const progress: TaskProgress[] = [];
    const { query } = scripted(['Queueing', 'Processing', 'Success']);
    const pending = settle(
      pollTask({
        task_id: 't-p',
        query,
        interval: 2000,
        timeout: 60_000,
        onProgress: (p) => progress.push(p),
      }),
    );
    await vi.runAllTimersAsync();
    await pending;
    expect(progress).toEqual([
      { task_id: 't-p', status: 'Queueing', elapsed_ms: 0 },
      { task_id: 't-p', status: 'Processing', elapsed_ms: 2000 },
      { task_id: 't-p', status: 'Success', elapsed_ms: 4000 },
    ]);
  });

  it('rejects at once with APIUserAbortError when aborted during the sleep', async () => {
    const controller = new AbortController();
    const { query, times } = scripted(['Processing']);
    const pending = settle(
      pollTask({ task_id: 't', query, interval: 5000, timeout: 600_000, signal: controller.signal }),
    );
    await vi.advanceTimersByTimeAsync(100);
    expect(times).toEqual([0]);
    controller.abort();
    const outcome = await pending;
    expect((outcome as { error: MiniMaxError }).error).toBeInstanceOf(APIUserAbortError);
    expect(times).toEqual([0]);
  });

  it('does not query at all with an already-aborted signal', async () => {
    const { query } = scripted(['Success']);
    const outcome = await settle(
      pollTask({ task_id: 't', query, interval: 5000, timeout: 600_000, signal: AbortSignal.abort() }),
    );
    expect((outcome as { error: MiniMaxError }).error).toBeInstanceOf(APIUserAbortError);
    expect(query).not.toHaveBeenCalled();
  });

  it('passes a query error through unchanged', async () => {
    const failure = new InputSafetyError('unsafe', { code: 1026 });
    const query = vi.fn(async () => {
      throw failure;
    });
    const outcome = await settle(pollTask({ task_id: 't', query, interval: 1, timeout: 10 }));
    expect((outcome as { error: MiniMaxError }).error).toBe(failure);
  });

  it('refuses an empty task id', async () => {
    const { query } = scripted(['Success']);
    const outcome = await settle(pollTask({ task_id: '', query, interval: 1, timeout: 10 }));
    expect((outcome as { error: MiniMaxError }).error).toBeInstanceOf(MiniMaxError);
    expect(query).not.toHaveBeenCalled();
  });

  it('with a zero timeout queries once, then times out', async () => {
    const { query } = scripted(['Processing']);
    const outcome = await settle(pollTask({ task_id: 't', query, interval: 5000, timeout: 0 }));
    expect((outcome as { error: MiniMaxError }).error).toBeInstanceOf(PollTimeoutError);
    expect(query).toHaveBeenCalledTimes(1);
  });
});

// The resource helper wires the poller to the transport and the client's poll defaults.
class Probe extends TaskResource {
  wait(taskId: string, options?: RequestOptions): Promise<JSONBody> {
    return this._wait('/v1/query/video_generation', taskId, options);
  }
}

describe('APIResource._wait', () => {
  it('polls GET path?task_id= with the client defaults', async () => {
    const { fetch, calls } = fakeFetch((_, i) =>
      jsonResponse(ok({ status: i < 2 ? 'Processing' : 'Success' })),
    );
    const client = testClient(fetch, { pollInterval: 3000, pollTimeout: 60_000 });
    const pending = settle(new Probe(client).wait('task-77'));
    await vi.advanceTimersByTimeAsync(0);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(3001);
    expect(calls).toHaveLength(3);
    expect((await pending).ok).toBe(true);
    expect(calls.every((c) => c.method === 'GET' && c.path === '/v1/query/video_generation')).toBe(true);
    expect(calls[0]?.query).toEqual({ task_id: 'task-77' });
  });

  it('lets per-call pollInterval / pollTimeout / onProgress win', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({ status: 'Processing' })));
    const progress: string[] = [];
    const pending = settle(
      new Probe(testClient(fetch)).wait('t', {
        pollInterval: 1000,
        pollTimeout: 2500,
        onProgress: (p) => progress.push(p.status),
      }),
    );
    await vi.runAllTimersAsync();
    expect(((await pending) as { error: MiniMaxError }).error).toBeInstanceOf(PollTimeoutError);
    expect(calls).toHaveLength(4);
    expect(progress).toHaveLength(4);
  });

  it('a failed task answered with a non-zero base_resp is a TaskFailedError with that code, mapped class as cause', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse({ status: 'Fail', base_resp: { status_code: 1026, status_msg: 'unsafe' } }),
    );
    const outcome = await settle(new Probe(testClient(fetch)).wait('t'));
    const error = (outcome as { error: MiniMaxError }).error;
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toMatchObject({ code: 1026, task_id: 't' });
    expect(error.cause).toBeInstanceOf(InputSafetyError);
  });

  it('an abort reaches an in-flight query', async () => {
    vi.useRealTimers();
    const controller = new AbortController();
    const { fetch, calls } = fakeFetch(
      (request) =>
        new Promise<Response>((_, reject) => {
          request.signal?.addEventListener('abort', () => reject(request.signal?.reason));
        }),
    );
    const pending = settle(new Probe(testClient(fetch)).wait('t', { signal: controller.signal }));
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(calls).toHaveLength(1);
    controller.abort();
    expect(((await pending) as { error: MiniMaxError }).error).toBeInstanceOf(APIUserAbortError);
    vi.useFakeTimers();
  });
});
