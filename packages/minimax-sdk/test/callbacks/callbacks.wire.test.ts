/**
 * Callback round trips: the mock calls a receiver built on nodeCallbackHandler (started here, on
 * 127.0.0.1) back about V1 and V2 video tasks and Video Agent template tasks: challenge first,
 * then each status change, with timeouts and retries.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  type CallbackEvent,
  type CallbackEventHandler,
  InvalidParameterError,
  MiniMax,
  nodeCallbackHandler,
} from '../../src/index.js';
import { type MockServer, type MockServerOptions, startMockServer } from '../../src/mock/index.js';

const SECRET = 'wire-secret';
const DIVING = '392747428568649728';
// Kept before any test fakes the clock: real waits for real sockets.
const realSetTimeout = globalThis.setTimeout;
const realSleep = (ms: number) => new Promise<void>((resolve) => realSetTimeout(resolve, ms));
let mock: MockServer | undefined;
let receiver: Server | undefined;

afterEach(async () => {
  vi.useRealTimers();
  await mock?.close();
  mock = undefined;
  if (receiver) {
    const server = receiver;
    receiver = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

const FAST = { intervalMs: 5, timeoutMs: 2000, attempts: 3, retryDelayMs: 5 };

async function start(options: MockServerOptions = {}): Promise<MiniMax> {
  mock = await startMockServer({ callbacks: FAST, ...options });
  return new MiniMax({
    apiKey: 'wire-key',
    baseURL: mock.url,
    maxRetries: 0,
    logLevel: 'off',
    pollInterval: 2,
  });
}

interface Receiver {
  url: string;
  events: CallbackEvent[];
  challenges: string[];
  /** Resolves with the events once one is final (bounded: rejects after `ms`). */
  untilFinal(ms?: number): Promise<CallbackEvent[]>;
}

/** A local receiver on the SDK's Node adapter; `handler` may throw to refuse a post. */
async function startReceiver(handler: CallbackEventHandler = () => {}, raw?: Server): Promise<Receiver> {
  const events: CallbackEvent[] = [];
  const challenges: string[] = [];
  const waiters: Array<() => void> = [];
  const server =
    raw ??
    createServer(
      nodeCallbackHandler(
        async (event) => {
          await handler(event);
          events.push(event);
          if (event.final) for (const wake of waiters.splice(0)) wake();
        },
        { secret: SECRET, onChallenge: (c) => challenges.push(c), onError: () => {} },
      ),
    );
  receiver = server;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/minimax?secret=${SECRET}`,
    events,
    challenges,
    untilFinal(ms = 8000) {
      if (events.some((e) => e.final)) return Promise.resolve(events);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no final callback within ${ms} ms`)), ms);
        waiters.push(() => {
          clearTimeout(timer);
          resolve(events);
        });
      });
    },
  };
}

describe('mock callbacks to a nodeCallbackHandler receiver', () => {
  it('V1 video: challenge, then processing and success with the stored file', async () => {
    const client = await start();
    const hook = await startReceiver();
    const { task_id } = await client.video.create({
      model: 'MiniMax-Hailuo-2.3',
      prompt: 'A fox in the snow',
      callback_url: hook.url,
    });
    const events = await hook.untilFinal();
    expect(hook.challenges).toHaveLength(1);
    expect(events.map((e) => [e.api, e.task_id, e.status, e.final])).toEqual([
      ['v1', task_id, 'processing', false],
      ['v1', task_id, 'success', true],
    ]);
    const done = events[1];
    if (done?.api !== 'v1') throw new Error('expected a V1 event');
    expect(done.base_resp).toEqual({ status_code: 0, status_msg: 'success' });
    const file = await client.files.retrieve({ file_id: done.file_id ?? '' });
    expect(file.download_url).toMatch(/^http:\/\/127\.0\.0\.1:/);
    // The log shows the handshake first, each post taken on its first attempt (the last one is
    // logged once its answer is back, just after the receiver saw it).
    await expect.poll(() => mock!.callbacks.length, { timeout: 5000 }).toBe(3);
    expect(mock!.callbacks.map((d) => [d.kind, d.attempt, d.ok, d.status])).toEqual([
      ['challenge', 1, true, 200],
      ['status', 1, true, 200],
      ['status', 1, true, 200],
    ]);
    expect(mock!.callbacks[0]?.body).toEqual({ challenge: hook.challenges[0] });
  });

  it('V2 video: queued, running, succeeded with a URL that downloads', async () => {
    const client = await start();
    const hook = await startReceiver();
    const { task_id } = await client.video.v2.create({
      model: 'MiniMax-H3',
      content: [{ type: 'text', text: 'Rain on a window' }],
      ratio: '16:9',
      duration: 6,
      callback_url: hook.url,
    });
    const events = await hook.untilFinal();
    expect(events.map((e) => [e.api, e.task_id, e.status])).toEqual([
      ['v2', task_id, 'queued'],
      ['v2', task_id, 'running'],
      ['v2', task_id, 'succeeded'],
    ]);
    const done = events[2];
    if (done?.api !== 'v2') throw new Error('expected a V2 event');
    expect(done.task).toMatchObject({ id: task_id, status: 'succeeded', model: 'MiniMax-H3' });
    const response = await fetch(done.url ?? '');
    expect(response.status).toBe(200);
    expect(new TextDecoder().decode(new Uint8Array(await response.arrayBuffer()).subarray(4, 8))).toBe(
      'ftyp',
    );
  });

  it('Video Agent template: processing, then success with a video_url that downloads without a key', async () => {
    const client = await start();
    const hook = await startReceiver();
    const { task_id } = await client.video.templates.create({
      template_id: DIVING,
      media_inputs: [{ value: 'https://img.test/diver.png' }],
      callback_url: hook.url,
    });
    const events = await hook.untilFinal();
    expect(hook.challenges).toHaveLength(1);
    expect(events.map((e) => [e.api, e.task_id, e.status, e.final])).toEqual([
      ['v1', task_id, 'processing', false],
      ['v1', task_id, 'success', true],
    ]);
    const [running, done] = events;
    if (running?.api !== 'v1' || done?.api !== 'v1') throw new Error('expected V1 events');
    // The query's empty video_url while the task runs is no URL at all.
    expect(running.body.video_url).toBe('');
    expect(running.video_url).toBeUndefined();
    expect(done.file_id).toBeUndefined();
    expect(done.base_resp).toEqual({ status_code: 0, status_msg: 'success' });
    expect(done.video_url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__mock\/media\//);
    // The post is the template query answer, status in lower case.
    expect(await client.video.templates.query({ task_id })).toMatchObject({
      status: 'Success',
      video_url: done.video_url,
    });
    const response = await fetch(done.video_url ?? '');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('video/mp4');
    expect(new TextDecoder().decode(new Uint8Array(await response.arrayBuffer()).subarray(4, 8))).toBe(
      'ftyp',
    );
    const download = mock!.requests.find((q) => q.path.startsWith('/__mock/media/'));
    expect(download?.headers.authorization).toBeUndefined();
  });

  it('a failed template task posts failed with the code in base_resp and no video_url', async () => {
    const client = await start({ faults: [{ path: '/v1/video_template_generation', taskFail: 1026 }] });
    const hook = await startReceiver();
    await client.video.templates.create({
      template_id: DIVING,
      media_inputs: [{ value: 'https://img.test/diver.png' }],
      callback_url: hook.url,
    });
    const events = await hook.untilFinal();
    expect(events.map((e) => e.status)).toEqual(['processing', 'failed']);
    const failed = events[1];
    expect(failed).toMatchObject({ api: 'v1', final: true, base_resp: { status_code: 1026 } });
    expect(failed).not.toHaveProperty('video_url');
  });

  it('a template post refused twice is sent again 1 s, then 2 s later (fake clock), and taken the third time', async () => {
    // Default retry delays; a short look interval, and a post timeout far out so only the retry
    // delays are at stake while the fake clock moves.
    const client = await start({ callbacks: { intervalMs: 5, timeoutMs: 60_000 } });
    let refusals = 0;
    const hook = await startReceiver((event) => {
      if (event.status === 'success' && refusals < 2) {
        refusals += 1;
        throw new Error('database busy');
      }
    });
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const successes = () => mock!.callbacks.filter((d) => d.kind === 'status' && d.body.status === 'success');
    /** Real time passes for the sockets; the fake clock moves `step` ms a turn (0: never). */
    const until = async (done: () => boolean, step: number): Promise<void> => {
      for (let turns = 0; !done(); turns += 1) {
        if (turns > 2000) throw new Error('the mock did not get there');
        if (step > 0) await vi.advanceTimersByTimeAsync(step);
        await realSleep(2);
      }
    };
    const { task_id } = await client.video.templates.create({
      template_id: DIVING,
      media_inputs: [{ value: 'https://img.test/diver.png' }],
      callback_url: hook.url,
    });
    await until(() => successes().length === 1, 5);
    expect(successes().map((d) => [d.attempt, d.ok, d.status])).toEqual([[1, false, 500]]);

    await vi.advanceTimersByTimeAsync(999);
    await realSleep(50);
    expect(successes()).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => successes().length === 2, 0);
    expect(successes()[1]).toMatchObject({ attempt: 2, ok: false, status: 500 });

    await vi.advanceTimersByTimeAsync(1999);
    await realSleep(50);
    expect(successes()).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1);
    await until(() => successes().length === 3, 0);
    expect(successes()[2]).toMatchObject({ attempt: 3, ok: true, status: 200 });
    vi.useRealTimers();

    expect(refusals).toBe(2);
    expect(hook.events.map((e) => [e.task_id, e.status])).toEqual([
      [task_id, 'processing'],
      [task_id, 'success'],
    ]);
  });

  it('refuses a template callback_url that is not an http(s) URL, before any task', async () => {
    const client = await start();
    await expect(
      client.video.templates.create({
        template_id: DIVING,
        media_inputs: [{ value: 'https://img.test/diver.png' }],
        callback_url: 'mailto:hook@app.test',
      }),
    ).rejects.toBeInstanceOf(InvalidParameterError);
    expect(mock!.callbacks).toEqual([]);
  });

  it('a failed task posts failed with why: base_resp on V1, error on V2', async () => {
    const client = await start({
      faults: [
        { path: '/v1/video_generation', taskFail: 1026 },
        { path: '/v2/video_generation', taskFail: 1027 },
      ],
    });
    const v1 = await startReceiver();
    await client.video.create({ model: 'MiniMax-Hailuo-2.3', prompt: 'x', callback_url: v1.url });
    const [, failed] = await v1.untilFinal();
    expect(failed).toMatchObject({
      api: 'v1',
      status: 'failed',
      final: true,
      base_resp: { status_code: 1026 },
    });

    await receiverClose();
    const v2 = await startReceiver();
    await client.video.v2.create({
      model: 'MiniMax-H3',
      content: [{ type: 'text', text: 'x' }],
      ratio: '1:1',
      callback_url: v2.url,
    });
    const events = await v2.untilFinal();
    expect(events.at(-1)).toMatchObject({ api: 'v2', status: 'failed', error: { code: '1027' } });
  });

  it('a cancelled V2 task posts cancelled as its last status', async () => {
    const client = await start({ callbacks: { ...FAST, intervalMs: 200 } });
    const hook = await startReceiver();
    const { task_id } = await client.video.v2.create({
      model: 'MiniMax-H3',
      content: [{ type: 'text', text: 'x' }],
      ratio: '1:1',
      callback_url: hook.url,
    });
    await expect.poll(() => hook.events.length, { timeout: 5000 }).toBe(1);
    await client.video.v2.delete({ task_id });
    const events = await hook.untilFinal();
    expect(events.map((e) => e.status)).toEqual(['queued', 'cancelled']);
  });

  it('a post answered 500 (onEvent threw) is sent again, and taken the second time', async () => {
    const client = await start();
    let refusals = 0;
    const hook = await startReceiver((event) => {
      if (event.status === 'success' && refusals === 0) {
        refusals += 1;
        throw new Error('database busy');
      }
    });
    await client.video.create({ model: 'MiniMax-Hailuo-2.3', prompt: 'x', callback_url: hook.url });
    await hook.untilFinal();
    const successes = () => mock!.callbacks.filter((d) => d.kind === 'status' && d.body.status === 'success');
    // The receiver has the event before the mock logs the attempt that delivered it.
    await expect.poll(() => successes().length, { timeout: 5000 }).toBe(2);
    const success = successes();
    expect(success.map((d) => [d.attempt, d.ok, d.status])).toEqual([
      [1, false, 500],
      [2, true, 200],
    ]);
    expect(success[0]?.error).toBe('answered HTTP 500');
  });

  it('a receiver that never echoes the challenge (wrong secret) gets 3 tries and no status post', async () => {
    const client = await start();
    const hook = await startReceiver();
    await client.video.create({
      model: 'MiniMax-Hailuo-2.3',
      prompt: 'x',
      callback_url: hook.url.replace(SECRET, 'guess'),
    });
    await expect.poll(() => mock!.callbacks.length, { timeout: 5000 }).toBe(3);
    // Long enough for status posts to have started, had the handshake passed.
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(mock!.callbacks.map((d) => [d.kind, d.attempt, d.status])).toEqual([
      ['challenge', 1, 403],
      ['challenge', 2, 403],
      ['challenge', 3, 403],
    ]);
    expect(hook.events).toEqual([]);
  });

  it('a receiver that answers the challenge too late is timed out and tried again', async () => {
    const client = await start({ callbacks: { ...FAST, timeoutMs: 150 } });
    let challenges = 0;
    const answer = nodeCallbackHandler(() => {});
    const slow = createServer((req, res) => {
      challenges += 1;
      // The first challenge is answered after the mock stopped waiting; the second at once.
      if (challenges === 1) setTimeout(() => answer(req, res), 600);
      else answer(req, res);
    });
    const hook = await startReceiver(undefined, slow);
    await client.video.create({ model: 'MiniMax-Hailuo-2.3', prompt: 'x', callback_url: hook.url });
    await expect
      .poll(() => mock!.callbacks.filter((d) => d.kind === 'status' && d.ok).length, { timeout: 5000 })
      .toBe(2);
    const [first, second] = mock!.callbacks;
    expect(first).toMatchObject({
      kind: 'challenge',
      attempt: 1,
      ok: false,
      error: 'no answer within 150 ms',
    });
    expect(second).toMatchObject({ kind: 'challenge', attempt: 2, ok: true });
  });

  it('close() stops the posts: nothing is sent after it, and nothing hangs', async () => {
    const client = await start({ callbacks: { ...FAST, intervalMs: 100 } });
    const hook = await startReceiver();
    await client.video.create({ model: 'MiniMax-Hailuo-2.3', prompt: 'x', callback_url: hook.url });
    await expect.poll(() => hook.events.length, { timeout: 5000 }).toBe(1);
    await mock!.close();
    const seen = hook.events.length;
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(hook.events.length).toBe(seen);
  });

  it('refuses a callback_url that is not an http(s) URL', async () => {
    const client = await start();
    await expect(
      client.video.create({ model: 'MiniMax-Hailuo-2.3', prompt: 'x', callback_url: 'ftp://hook.test/cb' }),
    ).rejects.toBeInstanceOf(InvalidParameterError);
    expect(mock!.callbacks).toEqual([]);
  });
});

async function receiverClose(): Promise<void> {
  if (!receiver) return;
  const server = receiver;
  receiver = undefined;
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}
