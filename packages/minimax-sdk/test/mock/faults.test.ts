import { describe, expect, it } from 'vitest';
import type { Fault } from '../../src/mock/index.js';
import {
  connectWs,
  type Envelope,
  get,
  getJson,
  KEY,
  parseSse,
  post,
  postJson,
  startMock,
  VOICE,
} from './helpers.js';

const TTS = {
  model: 'speech-2.8-hd',
  text: 'Fault injection test sentence. '.repeat(8),
  voice_setting: VOICE,
};
const VOICES = { voice_type: 'system' };
const MESSAGES = {
  model: 'MiniMax-M2.7',
  max_tokens: 100,
  messages: [{ role: 'user', content: 'hello there' }],
};

interface Chunk {
  data: { audio: string; status: number } | null;
  base_resp: { status_code: number; status_msg: string };
}

describe('HTTP faults', () => {
  it('status: answers with the status and a text body, for `times` requests, then normally', async () => {
    const mock = await startMock();
    mock.faults.add({ path: '/v1/get_voice', status: 503, times: 2 });
    for (let i = 0; i < 2; i++) {
      const res = await post(mock, '/v1/get_voice', VOICES);
      expect(res.status).toBe(503);
      expect(await res.text()).toBe('503 Service Unavailable');
    }
    expect((await post(mock, '/v1/get_voice', VOICES)).status).toBe(200);
    expect(mock.faults.list()).toEqual([]);
  });

  it('status: sends a JSON or HTML body as given', async () => {
    const mock = await startMock();
    mock.faults.add(
      { path: '/v1/get_voice', status: 500, body: { base_resp: { status_code: 1000, status_msg: 'boom' } } },
      { path: '/v1/get_voice', status: 502, body: '<html><body>Bad Gateway</body></html>' },
      { path: '/v1/get_voice', status: 500, body: 'oops', contentType: 'text/x-custom' },
    );
    const json = await post(mock, '/v1/get_voice', VOICES);
    expect(json.status).toBe(500);
    expect(json.headers.get('content-type')).toBe('application/json');
    expect(await json.json()).toEqual({ base_resp: { status_code: 1000, status_msg: 'boom' } });
    const html = await post(mock, '/v1/get_voice', VOICES);
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toMatch(/^text\/html/);
    const custom = await post(mock, '/v1/get_voice', VOICES);
    expect(custom.headers.get('content-type')).toBe('text/x-custom');
  });

  it('status: uses the Anthropic error envelope on the Anthropic endpoint', async () => {
    const mock = await startMock();
    mock.faults.add(
      { path: '/anthropic/v1/messages', status: 529 },
      { path: '/anthropic/v1/messages', status: 429 },
    );
    const overloaded = await post(mock, '/anthropic/v1/messages', MESSAGES);
    expect(overloaded.status).toBe(529);
    expect(await overloaded.json()).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    const limited = await post(mock, '/anthropic/v1/messages', MESSAGES);
    expect(await limited.json()).toMatchObject({ type: 'error', error: { type: 'rate_limit_error' } });
  });

  it('retryAfter and retryAfterMs set the retry headers (seconds or HTTP-date)', async () => {
    const mock = await startMock();
    const date = new Date(Date.now() + 5000).toUTCString();
    mock.faults.add(
      { path: '/v1/get_voice', status: 429, retryAfter: 2, retryAfterMs: 1500 },
      { path: '/v1/get_voice', code: 1002, retryAfter: date },
    );
    const first = await post(mock, '/v1/get_voice', VOICES);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('2');
    expect(first.headers.get('retry-after-ms')).toBe('1500');
    const second = await post(mock, '/v1/get_voice', VOICES);
    expect(second.status).toBe(200);
    expect(second.headers.get('retry-after')).toBe(date);
    expect(((await second.json()) as { base_resp: { status_code: number } }).base_resp.status_code).toBe(
      1002,
    );
  });

  it('code: answers HTTP 200 with the base_resp code and a message', async () => {
    const mock = await startMock();
    mock.faults.add(
      { path: '/v1/t2a_v2', code: 1008 },
      { path: '/v1/t2a_v2', code: 1026, message: 'unsafe input' },
    );
    const first = await postJson(mock, '/v1/t2a_v2', TTS);
    expect(first.base_resp).toEqual({ status_code: 1008, status_msg: 'insufficient balance' });
    expect(first.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect((await postJson(mock, '/v1/t2a_v2', TTS)).base_resp).toEqual({
      status_code: 1026,
      status_msg: 'unsafe input',
    });
  });

  it('code: maps to an Anthropic error with an HTTP status on the Anthropic endpoint', async () => {
    const mock = await startMock();
    mock.faults.add({ path: '/anthropic/v1/messages', code: 1002 });
    const res = await post(mock, '/anthropic/v1/messages', MESSAGES);
    expect(res.status).toBe(429);
    const body = (await res.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('rate_limit_error');
    expect(body.error.message).toContain('1002');
  });

  it('delayMs: answers normally after the delay', async () => {
    const mock = await startMock();
    mock.faults.add({ path: '/v1/get_voice', delayMs: 150 });
    const started = Date.now();
    const body = await postJson(mock, '/v1/get_voice', VOICES);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(body.base_resp.status_code).toBe(0);
  });

  it('delayMs combines with status', async () => {
    const mock = await startMock();
    mock.faults.add({ path: '/v1/get_voice', status: 500, delayMs: 100 });
    const started = Date.now();
    expect((await post(mock, '/v1/get_voice', VOICES)).status).toBe(500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
  });

  it('stall: sends headers, then no body until the client gives up', async () => {
    const mock = await startMock();
    mock.faults.add({ path: '/v1/t2a_v2', stall: true });
    const controller = new AbortController();
    const res = await fetch(`${mock.url}/v1/t2a_v2`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: JSON.stringify({ ...TTS, stream: true }),
      signal: controller.signal,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/event-stream');
    setTimeout(() => controller.abort(), 150);
    await expect(res.text()).rejects.toThrow();
    // The server is still healthy afterwards.
    expect((await postJson(mock, '/v1/get_voice', VOICES)).base_resp.status_code).toBe(0);
  });

  it('drop before-response: destroys the socket without answering', async () => {
    const mock = await startMock();
    mock.faults.add({ path: '/v1/get_voice', drop: 'before-response' });
    await expect(post(mock, '/v1/get_voice', VOICES)).rejects.toThrow(/fetch failed/);
    expect(mock.requests).toHaveLength(1);
    expect((await postJson(mock, '/v1/get_voice', VOICES)).base_resp.status_code).toBe(0);
  });

  it('drop mid-body: sends headers and part of the body, then destroys the socket', async () => {
    const mock = await startMock();
    mock.faults.add({ path: '/v1/t2a_v2', drop: 'mid-body' }, { path: '/v1/t2a_v2', drop: 'mid-body' });
    const res = await post(mock, '/v1/t2a_v2', TTS);
    expect(res.status).toBe(200);
    expect(Number(res.headers.get('content-length'))).toBeGreaterThan(100);
    await expect(res.text()).rejects.toThrow();
    const stream = await post(mock, '/v1/t2a_v2', { ...TTS, stream: true });
    expect(stream.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await expect(stream.text()).rejects.toThrow();
  });
});

describe('stream faults', () => {
  it('truncate: ends a speech stream cleanly before the status 2 event', async () => {
    const mock = await startMock();
    mock.faults.add({ path: '/v1/t2a_v2', truncate: true });
    const events = parseSse<Chunk>(await (await post(mock, '/v1/t2a_v2', { ...TTS, stream: true })).text());
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.data.data?.status === 1)).toBe(true);
    const full = parseSse<Chunk>(await (await post(mock, '/v1/t2a_v2', { ...TTS, stream: true })).text());
    expect(full.at(-1)?.data.data?.status).toBe(2);
  });

  it('truncate: afterEvents sets how many events get out; text streams lose message_stop', async () => {
    const mock = await startMock();
    mock.faults.add({ path: '/anthropic/v1/messages', truncate: true, afterEvents: 3 });
    const res = await post(mock, '/anthropic/v1/messages', { ...MESSAGES, stream: true });
    const types = parseSse<{ type: string }>(await res.text()).map((e) => e.data.type);
    expect(types).toEqual(['message_start', 'ping', 'content_block_start']);
  });

  it('truncate waits for a stream: non-stream requests do not use it up', async () => {
    const mock = await startMock();
    mock.faults.add({ path: '*', truncate: true });
    expect((await postJson(mock, '/v1/t2a_v2', TTS)).base_resp.status_code).toBe(0);
    expect(mock.faults.list()).toHaveLength(1);
    const events = parseSse<Chunk>(
      await (
        await post(mock, '/v1/music_generation', {
          model: 'music-2.5+',
          lyrics: '[Verse]\nla la',
          stream: true,
        })
      ).text(),
    );
    expect(events.some((e) => e.data.data?.status === 2)).toBe(false);
    expect(mock.faults.list()).toHaveLength(0);
  });

  it('midStreamCode: sends an event carrying the code after the first chunk, then ends', async () => {
    const mock = await startMock();
    mock.faults.add({ path: '/v1/t2a_v2', midStreamCode: 1000, message: 'engine hiccup' });
    const events = parseSse<Chunk>(await (await post(mock, '/v1/t2a_v2', { ...TTS, stream: true })).text());
    expect(events).toHaveLength(2);
    expect(events[0]?.data.data?.status).toBe(1);
    expect(events[1]?.data).toMatchObject({
      data: null,
      base_resp: { status_code: 1000, status_msg: 'engine hiccup' },
    });
  });

  it('midStreamCode: sends an Anthropic error event on text streams', async () => {
    const mock = await startMock();
    mock.faults.add({ path: '/anthropic/v1/messages', midStreamCode: 1033, afterEvents: 4 });
    const events = parseSse<{ type: string; error?: { type: string; message: string } }>(
      await (await post(mock, '/anthropic/v1/messages', { ...MESSAGES, stream: true })).text(),
    );
    expect(events).toHaveLength(5);
    expect(events[4]?.event).toBe('error');
    expect(events[4]?.data).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
  });
});

describe('WebSocket faults', () => {
  const start = { event: 'task_start', model: 'speech-2.8-hd', voice_setting: VOICE };

  it('wsClose mid-send: closes the socket right after the first audio chunk', async () => {
    const mock = await startMock();
    mock.faults.add({ path: '/ws/v1/t2a_v2', wsClose: 'mid-send' });
    const ws = await connectWs(mock);
    ws.send(start);
    ws.send({ event: 'task_continue', text: TTS.text });
    const closed = await ws.whenClosed();
    expect(closed.code).toBe(1011);
    const audio = ws.frames.filter((f) => f.data?.audio !== undefined);
    expect(audio).toHaveLength(1);
    expect(audio[0]?.is_final).toBe(false);
  });

  it('wsNoFinal: sends audio chunks but never is_final', async () => {
    const mock = await startMock({ wsIdleMs: 200 });
    mock.faults.add({ path: '*', wsNoFinal: true });
    const ws = await connectWs(mock);
    ws.send(start);
    ws.send({ event: 'task_continue', text: TTS.text });
    await ws.whenClosed();
    const audio = ws.frames.filter((f) => f.data?.audio !== undefined);
    expect(audio.length).toBeGreaterThanOrEqual(3);
    expect(audio.some((f) => f.is_final === true)).toBe(false);
    expect(ws.events('task_failed')[0]?.base_resp?.status_code).toBe(2201);
  });

  it('wsFail: answers the next task_start or task_continue with task_failed and closes', async () => {
    const mock = await startMock();
    mock.faults.add({ wsFail: 1004 });
    const ws = await connectWs(mock);
    ws.send(start);
    await ws.whenClosed();
    expect(ws.events('task_failed')[0]?.base_resp?.status_code).toBe(1004);
    expect(ws.events('task_started')).toHaveLength(0);

    const ws2 = await connectWs(mock);
    ws2.send(start);
    await ws2.until((f) => f.some((m) => m.event === 'task_started'));
    mock.faults.add({ wsFail: 1039, message: 'token limit' });
    ws2.send({ event: 'task_continue', text: 'Hello.' });
    await ws2.whenClosed();
    expect(ws2.events('task_failed')[0]?.base_resp).toEqual({ status_code: 1039, status_msg: 'token limit' });
  });

  it('upgrade faults: a status refuses the handshake, a drop kills it', async () => {
    const mock = await startMock();
    mock.faults.add(
      { path: '/ws/v1/t2a_v2', status: 503 },
      { path: '/ws/v1/t2a_v2', drop: 'before-response' },
    );
    await expect(connectWs(mock)).rejects.toMatchObject({ status: 503 });
    await expect(connectWs(mock)).rejects.toThrow();
    const ws = await connectWs(mock);
    ws.socket.close();
  });
});

describe('task faults', () => {
  const video = { model: 'MiniMax-Hailuo-02', prompt: 'a storm' };

  it('taskFail: the next video task ends in Fail with the code and message', async () => {
    const mock = await startMock();
    mock.faults.add({ path: '/v1/video_generation', taskFail: 1026, message: 'prompt flagged' });
    const { task_id } = await postJson<{ task_id: string }>(mock, '/v1/video_generation', video);
    const statuses: string[] = [];
    let last: ({ status: string; file_id: string } & Envelope) | undefined;
    for (let i = 0; i < 4; i++) {
      last = await getJson<{ status: string; file_id: string }>(
        mock,
        `/v1/query/video_generation?task_id=${task_id}`,
      );
      statuses.push(last.status);
    }
    expect(statuses).toEqual(['Preparing', 'Queueing', 'Processing', 'Fail']);
    expect(last?.base_resp).toEqual({ status_code: 1026, status_msg: 'prompt flagged' });
    expect(last?.file_id).toBe('');
    // Only the next task fails.
    const next = await postJson<{ task_id: string }>(mock, '/v1/video_generation', video);
    const ok = await getJson<{ status: string }>(mock, `/v1/query/video_generation?task_id=${next.task_id}`);
    expect(ok.base_resp.status_code).toBe(0);
  });

  it('taskFail with code 0: Fail with a zero base_resp', async () => {
    const mock = await startMock({ taskSchedule: { pollsPerStage: 0 } });
    mock.faults.add({ taskFail: 0, message: 'generation failed' });
    const { task_id } = await postJson<{ task_id: string }>(mock, '/v1/video_generation', video);
    const body = await getJson<{ status: string }>(mock, `/v1/query/video_generation?task_id=${task_id}`);
    expect(body.status).toBe('Fail');
    expect(body.base_resp).toEqual({ status_code: 0, status_msg: 'generation failed' });
  });

  it('taskFail: a long-text speech task ends in Failed', async () => {
    const mock = await startMock({ taskSchedule: { pollsPerStage: 0 } });
    mock.faults.add({ path: '/v1/t2a_async_v2', taskFail: 1042 });
    const { task_id } = await postJson<{ task_id: number }>(mock, '/v1/t2a_async_v2', {
      model: 'speech-2.8-hd',
      text: 'Hello.',
      voice_setting: VOICE,
    });
    const body = await getJson<{ status: string }>(mock, `/v1/query/t2a_async_query_v2?task_id=${task_id}`);
    expect(body.status).toBe('Failed');
    expect(body.base_resp.status_code).toBe(1042);
  });

  it('taskNeverEnds: the task stays in Processing', async () => {
    const mock = await startMock();
    mock.faults.add({ taskNeverEnds: true });
    const { task_id } = await postJson<{ task_id: string }>(mock, '/v1/video_generation', video);
    const statuses = [];
    for (let i = 0; i < 8; i++) {
      statuses.push(
        (await getJson<{ status: string }>(mock, `/v1/query/video_generation?task_id=${task_id}`)).status,
      );
    }
    expect(statuses.slice(2)).toEqual(Array(6).fill('Processing'));
  });
});

describe('fault queue', () => {
  it('consumes faults in the order added, by path', async () => {
    const mock = await startMock();
    mock.faults.add(
      { path: '*', status: 500 },
      { path: '/v1/get_voice', code: 1002 },
      { path: '*', code: 1000 },
    );
    expect((await get(mock, '/v1/files/list?purpose=voice_clone')).status).toBe(500);
    expect((await postJson(mock, '/v1/get_voice', VOICES)).base_resp.status_code).toBe(1002);
    expect((await postJson(mock, '/v1/get_voice', VOICES)).base_resp.status_code).toBe(1000);
    expect((await postJson(mock, '/v1/get_voice', VOICES)).base_resp.status_code).toBe(0);
  });

  it("leaves other paths alone; '*' skips /__mock/ paths; a '/*' suffix matches a prefix", async () => {
    const mock = await startMock();
    const body = await postJson<{ data: { audio: string } }>(mock, '/v1/t2a_v2', {
      ...TTS,
      output_format: 'url',
    });
    mock.faults.add({ path: '/v1/image_generation', status: 500 }, { path: '*', status: 502 });
    expect((await fetch(body.data.audio)).status).toBe(200);
    expect((await post(mock, '/v1/get_voice', VOICES)).status).toBe(502);
    expect(mock.faults.list()).toMatchObject([{ path: '/v1/image_generation', status: 500, remaining: 1 }]);
    mock.faults.clear();
    mock.faults.add({ path: '/__mock/media/*', status: 404 });
    expect((await fetch(body.data.audio)).status).toBe(404);
  });

  it('can be armed at start', async () => {
    const mock = await startMock({ faults: [{ path: '/v1/get_voice', status: 500 }] });
    expect((await post(mock, '/v1/get_voice', VOICES)).status).toBe(500);
  });

  it('is driven over HTTP: POST, GET and DELETE /__mock/faults', async () => {
    const mock = await startMock();
    const add = await fetch(`${mock.url}/__mock/faults`, {
      method: 'POST',
      body: JSON.stringify([
        { path: '/v1/get_voice', status: 500, times: 2 },
        { path: '*', code: 1002 },
      ]),
    });
    expect(add.status).toBe(200);
    const listed = (await (await fetch(`${mock.url}/__mock/faults`)).json()) as Array<{ remaining: number }>;
    expect(listed).toHaveLength(2);
    expect(listed[0]?.remaining).toBe(2);
    expect((await post(mock, '/v1/get_voice', VOICES)).status).toBe(500);
    expect(mock.faults.list()[0]?.remaining).toBe(1);
    await fetch(`${mock.url}/__mock/faults`, { method: 'DELETE' });
    expect(mock.faults.list()).toEqual([]);
    await fetch(`${mock.url}/__mock/faults`, {
      method: 'POST',
      body: JSON.stringify({ path: '/v1/get_voice', status: 418 }),
    });
    expect((await post(mock, '/v1/get_voice', VOICES)).status).toBe(418);
    expect(mock.requests.every((r) => !r.path.startsWith('/__mock/faults'))).toBe(true);
  });

  it.each([
    [{ status: 500, code: 1000 }, 'one action'],
    [{ path: '/x' }, 'needs one of'],
    [{ status: 99 }, 'status'],
    [{ code: 0 }, 'code'],
    [{ drop: 'sometimes' }, 'drop'],
    [{ status: 500, times: 0 }, 'times'],
    [{ status: 500, retryAfter: true }, 'retryAfter'],
    [{ truncate: 'yes' }, 'truncate'],
  ])('refuses the invalid fault %j', async (fault, message) => {
    const mock = await startMock();
    expect(() => mock.faults.add(fault as unknown as Fault)).toThrow(message);
    const res = await fetch(`${mock.url}/__mock/faults`, { method: 'POST', body: JSON.stringify(fault) });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toContain(message);
  });
});
