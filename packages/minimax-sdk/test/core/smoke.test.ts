/** One pass over the real wire: JSON, a mapped base_resp error, a stalled body, SSE. */
import { afterEach, describe, expect, it } from 'vitest';
import { openSSE } from '../../src/core/streaming.js';
import { readJSON } from '../../src/core/transport.js';
import { APITimeoutError, MiniMax, RateLimitError } from '../../src/index.js';
import { startServer, stopAllServers } from '../helpers/http-server.js';

afterEach(() => stopAllServers());

describe('transport smoke', () => {
  it('json, base_resp error, stalled body timeout, sse', async () => {
    const server = await startServer((req, res) => {
      req.resume();
      if (req.url === '/ok') {
        res.setHeader('content-type', 'application/json');
        res.setHeader('trace-id', 'tr-1');
        res.end(JSON.stringify({ a: 1, base_resp: { status_code: 0, status_msg: 'success' } }));
      } else if (req.url === '/rl') {
        res.end(JSON.stringify({ base_resp: { status_code: 1039, status_msg: 'slow down' } }));
      } else if (req.url === '/stall') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.write('{"a":');
      } else if (req.url === '/sse') {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.end('data: {"x":1}\n\ndata:{"x":2}\r\n\r\n');
      }
    });
    const client = new MiniMax({
      apiKey: 'k',
      baseURL: server.url,
      maxRetries: 0,
      timeout: 300,
      logLevel: 'off',
    });
    const t = client._transport;
    const ok = await t.request({ method: 'GET', path: '/ok' }, {}, readJSON).withResponse();
    expect(ok.data).toMatchObject({ a: 1, trace_id: 'tr-1' });
    expect(ok.response.status).toBe(200);
    await expect(t.request({ method: 'POST', path: '/rl', body: {} }, {}, readJSON)).rejects.toBeInstanceOf(
      RateLimitError,
    );
    const started = Date.now();
    await expect(
      t.request({ method: 'POST', path: '/stall', body: {} }, {}, readJSON),
    ).rejects.toBeInstanceOf(APITimeoutError);
    expect(Date.now() - started).toBeLessThan(2000);
    const conn = openSSE(t, { method: 'POST', path: '/sse', body: {} });
    const data: string[] = [];
    for await (const e of conn.events()) data.push(e.data);
    expect(data).toEqual(['{"x":1}', '{"x":2}']);
    expect(server.requests).toBe(4);
  });
});
