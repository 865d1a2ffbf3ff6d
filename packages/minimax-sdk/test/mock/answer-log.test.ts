// The request log records what each request was answered: status and body, faults included.

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WS from 'ws';
import { type LoggedRequest, type MockServer, startMockServer } from '../../src/mock/index.js';

const KEY = 'answer-log-key';
let mock: MockServer;

beforeAll(async () => {
  mock = await startMockServer({ apiKey: KEY });
});
afterAll(async () => {
  await mock.close();
});
beforeEach(() => mock.reset());

function post(path: string, body: unknown, key = KEY): Promise<Response> {
  return fetch(`${mock.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** The log entry of `path` once its answer is recorded (the record lands as the answer ends). */
async function answered(path: string): Promise<LoggedRequest> {
  for (let i = 0; i < 200; i++) {
    const entry = mock.requests.find((r) => r.path === path && r.response !== undefined);
    if (entry) return entry;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`no answered entry for ${path}`);
}

const message = { model: 'MiniMax-M2.7', max_tokens: 32, messages: [{ role: 'user', content: 'hi' }] };

describe('request log answers', () => {
  it('a JSON answer: its status and parsed body', async () => {
    const response = await post('/anthropic/v1/messages', message);
    const sent = await response.json();
    const entry = await answered('/anthropic/v1/messages');
    expect(entry.response).toEqual({ status: 200, body: sent, complete: true });
  });

  it('an error answer: the native 1004 in a 200, the Anthropic 401', async () => {
    await (await post('/v1/t2a_v2', { model: 'speech-2.8-hd', text: 'hi' }, 'wrong')).text();
    const native = await answered('/v1/t2a_v2');
    expect(native.response?.status).toBe(200);
    expect(native.response?.body).toMatchObject({ base_resp: { status_code: 1004 } });
    await (await post('/anthropic/v1/messages', message, 'wrong')).text();
    const anthropic = await answered('/anthropic/v1/messages');
    expect(anthropic.response?.status).toBe(401);
    expect(anthropic.response?.body).toMatchObject({
      type: 'error',
      error: { type: 'authentication_error' },
    });
  });

  it('an SSE answer: its text, events and all', async () => {
    const text = await (await post('/anthropic/v1/messages', { ...message, stream: true })).text();
    const entry = await answered('/anthropic/v1/messages');
    expect(entry.response?.status).toBe(200);
    expect(entry.response?.body).toBe(text);
    expect(text).toContain('event: message_stop');
  });

  it('a binary answer: its type and size, not its bytes', async () => {
    const generated = (await (
      await post('/v1/image_generation', { model: 'image-01', prompt: 'x' })
    ).json()) as {
      data: { image_urls: string[] };
    };
    const url = new URL(generated.data.image_urls[0] as string);
    const bytes = (await (await fetch(url)).arrayBuffer()).byteLength;
    const entry = await answered(url.pathname);
    expect(entry.response).toEqual({
      status: 200,
      body: { content_type: expect.stringMatching(/^image\//), bytes },
      complete: true,
    });
  });

  it('a fault: the injected status, and a dropped answer as incomplete', async () => {
    mock.faults.add({ status: 503, path: '/v1/t2a_v2', times: 1 });
    const refused = await post('/v1/t2a_v2', { model: 'speech-2.8-hd', text: 'hi' });
    const body = await refused.text();
    const entry = await answered('/v1/t2a_v2');
    expect(entry.response).toMatchObject({ status: 503, complete: true });
    expect(JSON.stringify(entry.response?.body)).toContain(body.slice(0, 20));
    mock.reset();
    mock.faults.add({ drop: 'before-response', path: '/v1/t2a_v2', times: 1 });
    await expect(post('/v1/t2a_v2', { model: 'speech-2.8-hd', text: 'hi' })).rejects.toThrow();
    const dropped = await answered('/v1/t2a_v2');
    expect(dropped.response?.complete).toBe(false);
  });

  it('WebSocket upgrades: 101 when accepted, the refusal and its body otherwise', async () => {
    const url = `${mock.url.replace(/^http/, 'ws')}/ws/v1/t2a_v2`;
    const good = new WS(url, { headers: { authorization: `Bearer ${KEY}` } });
    await new Promise((resolve, reject) => {
      good.once('message', resolve);
      good.once('error', reject);
    });
    good.terminate();
    expect((await answered('/ws/v1/t2a_v2')).response).toEqual({
      status: 101,
      body: undefined,
      complete: true,
    });
    mock.reset();
    const bad = new WS(url, { headers: { authorization: 'Bearer wrong' } });
    bad.on('error', () => {});
    await new Promise((resolve) => bad.once('unexpected-response', resolve));
    bad.terminate();
    const refused = await answered('/ws/v1/t2a_v2');
    expect(refused.response?.status).toBe(401);
    expect(refused.response?.body).toMatchObject({ base_resp: { status_code: 1004 } });
  });
});
