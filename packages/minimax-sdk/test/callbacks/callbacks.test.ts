/**
 * handleCallback (Web Request → Response) and nodeCallbackHandler (Node http): the challenge, V1,
 * Video Agent and V2 status posts, refusals, the body cap, the shared secret, handler failures.
 */
import { request as httpRequest } from 'node:http';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  CALLBACK_MAX_BODY_BYTES,
  type CallbackEvent,
  handleCallback,
  InvalidParameterError,
  type NodeCallbackRequest,
  type NodeCallbackResponse,
  nodeCallbackHandler,
  parseCallbackEvent,
} from '../../src/index.js';
import { startServer, type TestServer } from '../helpers/http-server.js';

const HOOK = 'https://app.example/minimax';

function post(body: unknown, url = HOOK, init: RequestInit = {}): Request {
  return new Request(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...init,
  });
}

/** Runs one post through handleCallback, collecting the events it hands over. */
async function deliver(
  body: unknown,
  options?: Parameters<typeof handleCallback>[2],
  url?: string,
): Promise<{ status: number; json: Record<string, unknown>; events: CallbackEvent[] }> {
  const events: CallbackEvent[] = [];
  const response = await handleCallback(post(body, url), (event) => void events.push(event), options);
  return { status: response.status, json: (await response.json()) as Record<string, unknown>, events };
}

describe('handleCallback: the challenge', () => {
  it('echoes a string challenge at once, without calling onEvent', async () => {
    const challenges: string[] = [];
    const { status, json, events } = await deliver(
      { challenge: 'c-1f0e' },
      { onChallenge: (c) => challenges.push(c) },
    );
    expect(status).toBe(200);
    expect(json).toEqual({ challenge: 'c-1f0e' });
    expect(events).toEqual([]);
    expect(challenges).toEqual(['c-1f0e']);
  });

  it('echoes a numeric challenge as the same number', async () => {
    const { json } = await deliver({ challenge: 12345 });
    expect(json).toEqual({ challenge: 12345 });
  });

  it('refuses a challenge that is neither a string nor a number', async () => {
    const { status, json } = await deliver({ challenge: { nested: true } });
    expect(status).toBe(400);
    expect(json.error).toMatch(/challenge/);
  });

  it('answers the challenge even when onChallenge throws, and reports the throw', async () => {
    const onError = vi.fn();
    const { status, json } = await deliver(
      { challenge: 'x' },
      {
        onChallenge: () => {
          throw new Error('log full');
        },
        onError,
      },
    );
    expect(status).toBe(200);
    expect(json).toEqual({ challenge: 'x' });
    expect(onError).toHaveBeenCalledOnce();
  });
});

describe('handleCallback: V1 and Video Agent posts', () => {
  it('reads a V1 success with its file id as a string', async () => {
    const body = {
      task_id: '115334141465231360',
      status: 'success',
      file_id: 205258526306433,
      base_resp: { status_code: 0, status_msg: 'success' },
    };
    const { status, json, events } = await deliver(body);
    expect(status).toBe(200);
    expect(json).toEqual({ status: 'success' });
    expect(events).toEqual([
      {
        api: 'v1',
        task_id: '115334141465231360',
        status: 'success',
        final: true,
        file_id: '205258526306433',
        base_resp: { status_code: 0, status_msg: 'success' },
        body,
      },
    ]);
  });

  it('reads processing as not final, and an empty file id as none', async () => {
    const { events } = await deliver({ task_id: '7', status: 'processing', file_id: '' });
    expect(events[0]).toMatchObject({ api: 'v1', status: 'processing', final: false });
    expect(events[0]).not.toHaveProperty('file_id');
  });

  it.each([
    ['Success', 'success'],
    ['Fail', 'failed'],
    ['FAILED', 'failed'],
    ['Preparing', 'processing'],
    ['Queueing', 'processing'],
    ['Processing', 'processing'],
  ])('reads the query spelling %s as %s', async (raw, status) => {
    const { events } = await deliver({ task_id: '7', status: raw });
    expect(events[0]).toMatchObject({ api: 'v1', status });
  });

  it('reads a failed V1 task with the code that says why', async () => {
    const { events } = await deliver({
      task_id: 9,
      status: 'failed',
      base_resp: { status_code: '1026', status_msg: 'input sensitive' },
    });
    expect(events[0]).toMatchObject({
      api: 'v1',
      task_id: '9',
      status: 'failed',
      final: true,
      base_resp: { status_code: 1026, status_msg: 'input sensitive' },
    });
  });

  it('reads a Video Agent success with its video_url', async () => {
    const { events } = await deliver({
      task_id: '401047179385389059',
      status: 'Success',
      video_url: 'https://cdn.example/video.mp4',
    });
    expect(events[0]).toMatchObject({
      api: 'v1',
      status: 'success',
      video_url: 'https://cdn.example/video.mp4',
    });
  });
  it('reads Video Agent posts shaped like the template query: an empty video_url is no URL', async () => {
    const running = await deliver({
      task_id: '401047179385389059',
      status: 'processing',
      video_url: '',
      base_resp: { status_code: 0, status_msg: 'success' },
    });
    expect(running.status).toBe(200);
    expect(running.events[0]).toMatchObject({ api: 'v1', status: 'processing', final: false });
    expect(running.events[0]).not.toHaveProperty('video_url');
    const failed = await deliver({
      task_id: '401047179385389059',
      status: 'Fail',
      video_url: '',
      base_resp: { status_code: 1026, status_msg: 'input sensitive' },
    });
    expect(failed.events[0]).toMatchObject({
      api: 'v1',
      status: 'failed',
      final: true,
      base_resp: { status_code: 1026, status_msg: 'input sensitive' },
    });
    expect(failed.events[0]).not.toHaveProperty('video_url');
  });
});

describe('handleCallback: V2 posts', () => {
  it('reads a post shaped like the retrieve answer', async () => {
    const body = {
      task: {
        id: 'vid_3',
        status: 'succeeded',
        model: 'MiniMax-H3',
        content: { url: 'https://cdn.example/v2.mp4?expires=1' },
        usage: { duration_seconds: 6 },
      },
    };
    const { events } = await deliver(body);
    expect(events).toEqual([
      {
        api: 'v2',
        task_id: 'vid_3',
        status: 'succeeded',
        final: true,
        url: 'https://cdn.example/v2.mp4?expires=1',
        task: body.task,
        body,
      },
    ]);
  });

  it('reads flat V2 posts by their V2-only statuses', async () => {
    for (const [raw, status, final] of [
      ['queued', 'queued', false],
      ['running', 'running', false],
      ['cancelled', 'cancelled', true],
      ['canceled', 'cancelled', true],
    ] as const) {
      const { events } = await deliver({ task_id: 'vid_4', status: raw });
      expect(events[0]).toMatchObject({ api: 'v2', task_id: 'vid_4', status, final });
      expect(events[0]?.api === 'v2' && events[0].task).toMatchObject({ id: 'vid_4', status });
    }
  });

  it('tells a flat V2 failure from a V1 one by its error object', async () => {
    const { events } = await deliver({
      task_id: 'vid_5',
      status: 'failed',
      error: { code: 1027, message: 'output sensitive' },
    });
    expect(events[0]).toMatchObject({
      api: 'v2',
      status: 'failed',
      final: true,
      error: { code: '1027', message: 'output sensitive' },
    });
  });

  it('narrows status by api', () => {
    const event = parseCallbackEvent({ task: { id: 'a', status: 'running' } });
    if (typeof event === 'string') throw new Error(event);
    switch (event.api) {
      case 'v1':
        expect.unreachable();
        break;
      case 'v2': {
        const status: 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' = event.status;
        expect(status).toBe('running');
      }
    }
  });
});

describe('handleCallback: refusals', () => {
  it.each([
    ['not JSON', '{"task_id": ', /not JSON/],
    ['an array', [1, 2], /not a JSON object/],
    ['no status', { task_id: '1' }, /neither a challenge nor a task status/],
    ['an unknown status', { task_id: '1', status: 'exploded' }, /unknown task status "exploded"/],
    ['no task id', { status: 'success' }, /no task_id/],
    ['a V1 status inside a V2 task', { task: { id: '1', status: 'success' } }, /unknown task status/],
    ['an empty body', '', /not JSON/],
  ])('answers 400 to %s, without calling onEvent', async (_what, body, reason) => {
    const { status, json, events } = await deliver(body);
    expect(status).toBe(400);
    expect(json.error).toMatch(reason);
    expect(events).toEqual([]);
  });

  it('never reads a status through __proto__', async () => {
    const { status } = await deliver('{"__proto__": {"task_id": "1", "status": "success"}}');
    expect(status).toBe(400);
  });

  it('answers 405 to anything but POST', async () => {
    const onEvent = vi.fn();
    const response = await handleCallback(new Request(HOOK), onEvent);
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('answers 413 when the declared length is over the cap, before reading', async () => {
    const pulls = vi.fn();
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulls();
        controller.enqueue(new Uint8Array(1024));
      },
    });
    const request = new Request(HOOK, {
      method: 'POST',
      body,
      headers: { 'content-length': '2048' },
      duplex: 'half',
    } as RequestInit);
    const response = await handleCallback(request, vi.fn(), { maxBodyBytes: 1024 });
    expect(response.status).toBe(413);
    expect(pulls.mock.calls.length).toBeLessThanOrEqual(1);
  });

  it('stops reading a long body once it passes the cap', async () => {
    let pulled = 0;
    let cancelled = false;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled += 1;
        // Long, not endless: a regression fails on the count instead of hanging the run.
        if (pulled > 500) controller.close();
        else controller.enqueue(new Uint8Array(1000).fill(0x20));
      },
      cancel() {
        cancelled = true;
      },
    });
    const request = new Request(HOOK, { method: 'POST', body, duplex: 'half' } as RequestInit);
    const onEvent = vi.fn();
    const response = await handleCallback(request, onEvent, { maxBodyBytes: 4000 });
    expect(response.status).toBe(413);
    expect(await response.json()).toEqual({ error: 'body over 4000 bytes' });
    expect(pulled).toBeLessThan(10);
    expect(cancelled).toBe(true);
    expect(onEvent).not.toHaveBeenCalled();
  });

  it('caps bodies at 256 KiB by default', async () => {
    expect(CALLBACK_MAX_BODY_BYTES).toBe(262_144);
    const padding = 'x'.repeat(CALLBACK_MAX_BODY_BYTES);
    const { status } = await deliver({ task_id: '1', status: 'success', padding });
    expect(status).toBe(413);
    const small = await deliver({ task_id: '1', status: 'success', padding: 'x'.repeat(200_000) });
    expect(small.status).toBe(200);
  });
});

describe('handleCallback: the shared secret', () => {
  it('refuses a post without the secret or with a wrong one (403), before onEvent', async () => {
    const body = { task_id: '1', status: 'success' };
    expect((await deliver(body, { secret: 's3cret' })).status).toBe(403);
    expect((await deliver(body, { secret: 's3cret' }, `${HOOK}?secret=s3cre`)).status).toBe(403);
    expect((await deliver(body, { secret: 's3cret' }, `${HOOK}?secret=s3cret0`)).status).toBe(403);
    const { events } = await deliver(body, { secret: 's3cret' }, `${HOOK}?secret=wrong`);
    expect(events).toEqual([]);
  });

  it('lets the right secret through, challenge included, under any parameter name', async () => {
    const ok = await deliver(
      { task_id: '1', status: 'success' },
      { secret: 's3cret' },
      `${HOOK}?secret=s3cret`,
    );
    expect(ok.status).toBe(200);
    expect(ok.events).toHaveLength(1);
    const challenge = await deliver(
      { challenge: 'c' },
      { secret: 'k', secretParam: 'token' },
      `${HOOK}?a=1&token=k`,
    );
    expect(challenge.json).toEqual({ challenge: 'c' });
    const stranger = await deliver(
      { challenge: 'c' },
      { secret: 'k', secretParam: 'token' },
      `${HOOK}?secret=k`,
    );
    expect(stranger.status).toBe(403);
  });
});

describe('handleCallback: onEvent', () => {
  it('answers only after onEvent settles', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let answered = false;
    const answer = handleCallback(post({ task_id: '1', status: 'success' }), () => gate).then((r) => {
      answered = true;
      return r;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(answered).toBe(false);
    release();
    expect((await answer).status).toBe(200);
  });

  it('answers 500 when onEvent throws or rejects, without its message, and reports it', async () => {
    const onError = vi.fn();
    const failure = new Error('database password is hunter2');
    for (const onEvent of [
      () => {
        throw failure;
      },
      () => Promise.reject(failure),
    ]) {
      const response = await handleCallback(post({ task_id: '1', status: 'success' }), onEvent, { onError });
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(text).not.toContain('hunter2');
      expect(JSON.parse(text)).toEqual({ error: 'the callback handler failed' });
    }
    expect(onError).toHaveBeenCalledTimes(2);
    expect(onError).toHaveBeenCalledWith(failure);
  });

  it('reports a failure on console.error when no onError is given', async () => {
    const spy = vi.spyOn(console, 'error').mockImplementation(() => {});
    try {
      const response = await handleCallback(post({ task_id: '1', status: 'success' }), () => {
        throw new Error('boom');
      });
      expect(response.status).toBe(500);
      expect(spy).toHaveBeenCalledOnce();
    } finally {
      spy.mockRestore();
    }
  });
});

describe('handleCallback: bad arguments', () => {
  it('rejects (never throws) for a missing onEvent or bad options', async () => {
    const request = post({ challenge: 'c' });
    const bad = [
      () => handleCallback(request, undefined as never),
      () => handleCallback(request, vi.fn(), { maxBodyBytes: 0 }),
      () => handleCallback(request, vi.fn(), { maxBodyBytes: 1.5 }),
      () => handleCallback(request, vi.fn(), { secret: '' }),
      () => handleCallback(request, vi.fn(), { secretParam: '' }),
      () => handleCallback(request, vi.fn(), { onError: 'loud' as never }),
      () => handleCallback(request, vi.fn(), 'options' as never),
    ];
    for (const call of bad) {
      let promise: Promise<Response> | undefined;
      expect(() => {
        promise = call();
      }).not.toThrow();
      await expect(promise).rejects.toBeInstanceOf(InvalidParameterError);
    }
  });

  it('ignores inherited options', async () => {
    const options = Object.create({ secret: 'inherited' }) as { secret?: string };
    const { status } = await deliver({ challenge: 'c' }, options);
    expect(status).toBe(200);
  });

  it('nodeCallbackHandler refuses a missing onEvent when it is made', () => {
    expect(() => nodeCallbackHandler(undefined as never)).toThrow(InvalidParameterError);
  });
});

describe('nodeCallbackHandler', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    await server?.stop();
    server = undefined;
  });

  function send(
    path: string,
    body: string | undefined,
    method = 'POST',
    chunks?: string[],
  ): Promise<{ status: number; headers: Record<string, unknown>; text: string }> {
    const url = new URL(path, server!.url);
    return new Promise((resolve, reject) => {
      const req = httpRequest(url, { method, headers: { 'content-type': 'application/json' } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => {
          text += c;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
        res.on('error', reject);
      });
      req.on('error', reject);
      if (chunks) {
        // No content-length: chunked, so only the running count can stop it.
        for (const chunk of chunks) req.write(chunk);
        req.end();
      } else req.end(body);
    });
  }

  it('answers the challenge and hands over typed events', async () => {
    const events: CallbackEvent[] = [];
    server = await startServer(nodeCallbackHandler((e) => void events.push(e)));
    const challenge = await send('/hook', JSON.stringify({ challenge: 'abc' }));
    expect(challenge.status).toBe(200);
    expect(JSON.parse(challenge.text)).toEqual({ challenge: 'abc' });
    const status = await send('/hook', JSON.stringify({ task: { id: 'vid_1', status: 'running' } }));
    expect(status.status).toBe(200);
    expect(events).toMatchObject([{ api: 'v2', task_id: 'vid_1', status: 'running', final: false }]);
  });

  it('refuses other methods, strangers, bad bodies and handler failures', async () => {
    const onError = vi.fn();
    server = await startServer(
      nodeCallbackHandler(
        (event) => {
          if (event.task_id === 'bad') throw new Error('no');
        },
        { secret: 'k', onError },
      ),
    );
    expect((await send('/?secret=k', undefined, 'GET')).status).toBe(405);
    expect((await send('/', JSON.stringify({ challenge: 'c' }))).status).toBe(403);
    expect((await send('/?secret=k', '{oops')).status).toBe(400);
    expect((await send('/?secret=k', JSON.stringify({ task_id: 'bad', status: 'success' }))).status).toBe(
      500,
    );
    expect(onError).toHaveBeenCalledOnce();
    expect((await send('/?secret=k', JSON.stringify({ task_id: 'ok', status: 'success' }))).status).toBe(200);
  });

  it('stops reading a chunked body over the cap and closes the connection', async () => {
    const onEvent = vi.fn();
    server = await startServer(nodeCallbackHandler(onEvent, { maxBodyBytes: 1000 }));
    const answer = await send(
      '/',
      undefined,
      'POST',
      Array.from({ length: 5 }, () => 'x'.repeat(400)),
    );
    expect(answer.status).toBe(413);
    expect(answer.headers.connection).toBe('close');
    expect(onEvent).not.toHaveBeenCalled();
    const declared = await send('/', 'y'.repeat(1500));
    expect(declared.status).toBe(413);
  });

  it('reads a body a framework already parsed', async () => {
    const events: CallbackEvent[] = [];
    const handler = nodeCallbackHandler((e) => void events.push(e));
    const written: Array<{ status: number; body: string }> = [];
    const response: NodeCallbackResponse = {
      writeHead(status) {
        written.push({ status, body: '' });
      },
      end(body) {
        written.at(-1)!.body = body ?? '';
      },
    };
    const parsed = (body: unknown): NodeCallbackRequest => ({
      method: 'POST',
      url: '/',
      headers: {},
      readableEnded: true,
      body,
      on: () => undefined,
      pause: () => undefined,
    });
    handler(parsed({ task_id: '5', status: 'success', file_id: '77' }), response);
    handler(parsed(undefined), response);
    await vi.waitFor(() => expect(written).toHaveLength(2));
    expect(written[0]?.status).toBe(200);
    expect(events).toMatchObject([{ api: 'v1', task_id: '5', file_id: '77' }]);
    expect(written[1]?.status).toBe(400);
    expect(JSON.parse(written[1]?.body ?? '{}').error).toMatch(/read before/);
  });
});
