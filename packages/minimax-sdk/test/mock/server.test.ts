import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { startMockServer } from '../../src/mock/index.js';
import { connectWs, get, getJson, KEY, post, postJson, startMock, VOICE } from './helpers.js';

const TTS = { model: 'speech-2.8-hd', text: 'Hello there.', voice_setting: VOICE };

describe('startMockServer', () => {
  it('listens on 127.0.0.1 with a random port and reports its url', async () => {
    const mock = await startMock();
    expect(mock.port).toBeGreaterThan(0);
    expect(mock.url).toBe(`http://127.0.0.1:${mock.port}`);
  });

  it('listens on the port asked for', async () => {
    const probe = await startMock();
    const port = probe.port;
    await probe.close();
    const mock = await startMock({ port });
    expect(mock.port).toBe(port);
  });

  it('answers unknown paths with 404 and wrong methods with 405', async () => {
    const mock = await startMock();
    expect((await get(mock, '/v1/nothing')).status).toBe(404);
    const res = await get(mock, '/v1/t2a_v2');
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('POST');
  });

  it('sends a trace id in the body and the Trace-Id header', async () => {
    const mock = await startMock();
    const res = await post(mock, '/v1/get_voice', { voice_type: 'system' });
    const body = (await res.json()) as { trace_id: string };
    expect(body.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(res.headers.get('trace-id')).toBe(body.trace_id);
  });

  it('refuses a body that is not JSON with 2013', async () => {
    const mock = await startMock();
    const res = await fetch(`${mock.url}/v1/t2a_v2`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: '{not json',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { base_resp: { status_code: number; status_msg: string } };
    expect(body.base_resp.status_code).toBe(2013);
    expect(body.base_resp.status_msg).toContain('JSON');
  });

  it('answers 413 for a body over maxBodyBytes', async () => {
    const mock = await startMock({ maxBodyBytes: 100 });
    const res = await post(mock, '/v1/t2a_v2', { ...TTS, text: 'x'.repeat(500) });
    expect(res.status).toBe(413);
  });
});

describe('auth', () => {
  it('answers a missing key with HTTP 200 and base_resp 1004', async () => {
    const mock = await startMock();
    const res = await post(mock, '/v1/t2a_v2', TTS, null);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { base_resp: { status_code: number; status_msg: string } };
    expect(body.base_resp.status_code).toBe(1004);
    expect(body.base_resp.status_msg).toMatch(/Authorization/);
  });

  it('accepts any non-empty key without apiKey, only the configured one with it', async () => {
    const open = await startMock();
    expect(
      (await postJson(open, '/v1/get_voice', { voice_type: 'system' }, 'whatever')).base_resp.status_code,
    ).toBe(0);
    expect((await postJson(open, '/v1/get_voice', { voice_type: 'system' }, '')).base_resp.status_code).toBe(
      1004,
    );

    const locked = await startMock({ apiKey: 'sk-right' });
    expect(
      (await postJson(locked, '/v1/get_voice', { voice_type: 'system' }, 'sk-wrong')).base_resp.status_code,
    ).toBe(1004);
    expect(
      (await postJson(locked, '/v1/get_voice', { voice_type: 'system' }, 'sk-right')).base_resp.status_code,
    ).toBe(0);
    expect(
      (await getJson(locked, '/v1/files/list?purpose=voice_clone', 'sk-wrong')).base_resp.status_code,
    ).toBe(1004);
  });

  it('answers the Anthropic endpoint with HTTP 401 and the Anthropic error envelope', async () => {
    const mock = await startMock({ apiKey: 'sk-right' });
    const body = { model: 'MiniMax-M2.7', max_tokens: 50, messages: [{ role: 'user', content: 'hi' }] };
    for (const key of [null, 'sk-wrong']) {
      const res = await post(mock, '/anthropic/v1/messages', body, key);
      expect(res.status).toBe(401);
      const err = (await res.json()) as {
        type: string;
        error: { type: string; message: string };
        request_id: string;
      };
      expect(err.type).toBe('error');
      expect(err.error.type).toBe('authentication_error');
      expect(err.request_id).toMatch(/^[0-9a-f]{32}$/);
    }
    const res = await fetch(`${mock.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: {
        'x-api-key': 'sk-right',
        'anthropic-version': '2023-06-01',
        'content-type': 'application/json',
      },
      body: JSON.stringify(body),
    });
    expect(res.status).toBe(200);
  });

  it('refuses the WebSocket upgrade with 401 for a wrong or missing key', async () => {
    const mock = await startMock({ apiKey: 'sk-right' });
    await expect(connectWs(mock, 'sk-wrong')).rejects.toMatchObject({ status: 401 });
    await expect(connectWs(mock, null)).rejects.toMatchObject({ status: 401 });
    const ok = await connectWs(mock, 'sk-right');
    ok.socket.close();
  });

  it('answers a plain GET of a socket path like its upgrade: 401 and 1004 for a bad key, else 426', async () => {
    const mock = await startMock({ apiKey: 'sk-right' });
    for (const path of ['/ws/v1/t2a_v2', '/ws/v1/t2a_v2_bidi']) {
      for (const key of ['sk-wrong', null]) {
        const refused = await get(mock, path, key);
        expect(refused.status).toBe(401);
        expect(await refused.json()).toMatchObject({ base_resp: { status_code: 1004 } });
      }
      const good = await get(mock, path, 'sk-right');
      expect(good.status).toBe(426);
      expect(good.headers.get('upgrade')).toBe('websocket');
      expect(await good.json()).toMatchObject({ base_resp: { status_code: 2013 } });
    }
    expect(mock.requests.map((request) => request.response?.status)).toEqual([401, 401, 426, 401, 401, 426]);
  });

  it('serves download URLs without a key', async () => {
    const mock = await startMock({ apiKey: 'sk-right' });
    const body = await postJson<{ data: { audio: string } }>(
      mock,
      '/v1/t2a_v2',
      { ...TTS, output_format: 'url' },
      'sk-right',
    );
    const res = await fetch(body.data.audio);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
  });
});

describe('request log', () => {
  it('logs method, path, query, headers with the key masked, parsed body and time', async () => {
    const mock = await startMock();
    const before = Date.now();
    await post(mock, '/v1/get_voice', { voice_type: 'all' }, 'sk-secret-value');
    await get(mock, '/v1/files/list?purpose=voice_clone&x=1', 'sk-secret-value');
    const [first, second] = mock.requests;
    expect(first).toMatchObject({
      method: 'POST',
      path: '/v1/get_voice',
      query: {},
      body: { voice_type: 'all' },
    });
    expect(first?.headers.authorization).toBe('Bearer ***');
    expect(first?.headers['content-type']).toBe('application/json');
    expect(first?.time).toBeGreaterThanOrEqual(before);
    expect(second).toMatchObject({
      method: 'GET',
      path: '/v1/files/list',
      query: { purpose: 'voice_clone', x: '1' },
    });
    expect(second?.body).toBeUndefined();
    expect(JSON.stringify(mock.requests)).not.toContain('sk-secret-value');
  });

  it('masks x-api-key too', async () => {
    const mock = await startMock();
    await fetch(`${mock.url}/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'x-api-key': 'sk-secret-value', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(mock.requests[0]?.headers['x-api-key']).toBe('***');
  });

  it('summarises multipart bodies as fields and file metadata', async () => {
    const mock = await startMock();
    const form = new FormData();
    form.append('purpose', 'voice_clone');
    form.append('file', new Blob([new Uint8Array(1234)], { type: 'audio/mpeg' }), 'me.mp3');
    await fetch(`${mock.url}/v1/files/upload`, {
      method: 'POST',
      headers: { authorization: 'Bearer k' },
      body: form,
    });
    expect(mock.requests[0]?.body).toEqual({
      fields: { purpose: 'voice_clone' },
      files: [{ field: 'file', filename: 'me.mp3', contentType: 'audio/mpeg', size: 1234 }],
    });
  });

  it('is served at GET /__mock/requests and not logged itself', async () => {
    const mock = await startMock();
    await post(mock, '/v1/get_voice', { voice_type: 'all' }, 'sk-secret-value');
    const log = (await (await fetch(`${mock.url}/__mock/requests`)).json()) as Array<{ path: string }>;
    expect(log.map((e) => e.path)).toEqual(['/v1/get_voice']);
    expect(JSON.stringify(log)).not.toContain('sk-secret-value');
    await fetch(`${mock.url}/__mock/requests`, { method: 'DELETE' });
    expect(mock.requests).toHaveLength(0);
  });

  it('logs WebSocket upgrades and messages', async () => {
    const mock = await startMock();
    const ws = await connectWs(mock);
    await ws.until((f) => f.some((m) => m.event === 'connected_success'));
    ws.send({ event: 'task_start', model: 'speech-2.8-hd', voice_setting: VOICE });
    await ws.until((f) => f.some((m) => m.event === 'task_started'));
    ws.socket.close();
    expect(mock.requests[0]).toMatchObject({ method: 'GET', path: '/ws/v1/t2a_v2' });
    expect(mock.requests[0]?.headers.authorization).toBe('Bearer ***');
    expect(mock.requests[1]).toMatchObject({
      method: 'WS',
      path: '/ws/v1/t2a_v2',
      body: { event: 'task_start', model: 'speech-2.8-hd' },
    });
  });

  it('keeps at most requestLogLimit entries, newest last', async () => {
    const mock = await startMock({ requestLogLimit: 3 });
    for (let i = 0; i < 5; i++) await get(mock, `/v1/files/list?purpose=voice_clone&i=${i}`);
    expect(mock.requests.map((r) => r.query.i)).toEqual(['2', '3', '4']);
  });
});

describe('reset', () => {
  it('clears the log, faults, files, custom voices and tasks', async () => {
    const mock = await startMock();
    const form = new FormData();
    form.append('purpose', 'voice_clone');
    form.append('file', new Blob([new Uint8Array(10)]), 'a.mp3');
    await fetch(`${mock.url}/v1/files/upload`, {
      method: 'POST',
      headers: { authorization: 'Bearer k' },
      body: form,
    });
    await postJson(mock, '/v1/voice_design', { prompt: 'warm voice', preview_text: 'Hi.' });
    const { task_id } = await postJson<{ task_id: string }>(mock, '/v1/video_generation', {
      model: 'MiniMax-Hailuo-02',
      prompt: 'a cat',
    });
    mock.faults.add({ path: '/v1/image_generation', status: 500 });

    mock.reset();
    expect(mock.requests).toHaveLength(0);
    expect(mock.faults.list()).toEqual([]);
    const files = await getJson<{ files: unknown[] }>(mock, '/v1/files/list?purpose=voice_clone');
    expect(files.files).toEqual([]);
    const voices = await postJson<{ voice_generation: unknown[] }>(mock, '/v1/get_voice', {
      voice_type: 'voice_generation',
    });
    expect(voices.voice_generation).toEqual([]);
    const query = await getJson(mock, `/v1/query/video_generation?task_id=${task_id}`);
    expect(query.base_resp.status_code).toBe(2013);
  });

  it('is also POST /__mock/reset', async () => {
    const mock = await startMock();
    await get(mock, '/v1/files/list?purpose=voice_clone');
    expect((await fetch(`${mock.url}/__mock/reset`, { method: 'POST' })).status).toBe(200);
    expect(mock.requests).toHaveLength(0);
  });
});

describe('isolation', () => {
  it('two servers side by side share no state', async () => {
    const a = await startMock();
    const b = await startMock();
    expect(a.port).not.toBe(b.port);
    await postJson(a, '/v1/voice_design', { prompt: 'p', preview_text: 'Hi.', voice_id: 'SharedVoice01' });
    a.faults.add({ path: '*', code: 1002 });
    const onB = await postJson<{ voice_generation: Array<{ voice_id: string }> }>(b, '/v1/get_voice', {
      voice_type: 'voice_generation',
    });
    expect(onB.base_resp.status_code).toBe(0);
    expect(onB.voice_generation).toEqual([]);
    // The same id is still free on b.
    expect(
      (await postJson(b, '/v1/voice_design', { prompt: 'p', preview_text: 'Hi.', voice_id: 'SharedVoice01' }))
        .base_resp.status_code,
    ).toBe(0);
    expect(a.requests).toHaveLength(1);
    expect(b.requests).toHaveLength(2);
    expect(b.faults.list()).toEqual([]);
  });
});

describe('close', () => {
  /** Resources present now that were not in `baseline` (counted per kind). */
  const extra = (baseline: string[]): string[] => {
    const left = [...baseline];
    return process.getActiveResourcesInfo().filter((kind) => {
      const i = left.indexOf(kind);
      if (i < 0) return true;
      left.splice(i, 1);
      return false;
    });
  };
  const settle = async (baseline: string[]) => {
    for (let i = 0; i < 50 && extra(baseline).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
  };

  it('leaves no handles behind: sockets, WebSockets, stalled responses and timers', async () => {
    // Let handles from module loading settle before taking the baseline.
    await new Promise((r) => setTimeout(r, 50));
    const before = process.getActiveResourcesInfo();
    const mock = await startMockServer({ wsIdleMs: 60_000 });
    const ws = await connectWs(mock);
    await ws.until((f) => f.length > 0);
    mock.faults.add({ path: '/v1/files/list', stall: true }, { path: '/v1/get_voice', delayMs: 60_000 });
    const stalled = new Promise<void>((resolve) => {
      const req = request(`${mock.url}/v1/files/list?purpose=voice_clone`, { agent: false }, (res) => {
        res.on('data', () => {});
        res.on('error', () => resolve());
        res.on('close', () => resolve());
      });
      req.on('error', () => resolve());
      req.end();
    });
    const delayed = new Promise<void>((resolve) => {
      const req = request(`${mock.url}/v1/get_voice`, { method: 'POST', agent: false }, () => resolve());
      req.on('error', () => resolve());
      req.end('{"voice_type":"all"}');
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(extra(before).length).toBeGreaterThan(0);
    await mock.close();
    await Promise.all([stalled, delayed, ws.whenClosed()]);
    await settle(before);
    expect(extra(before)).toEqual([]);
  });

  it('is idempotent and works through Symbol.asyncDispose', async () => {
    const mock = await startMockServer();
    await Promise.all([mock.close(), mock.close()]);
    const other = await startMockServer();
    await other[Symbol.asyncDispose]();
    await expect(fetch(`${other.url}/v1/files/list`)).rejects.toThrow();
  });
});
