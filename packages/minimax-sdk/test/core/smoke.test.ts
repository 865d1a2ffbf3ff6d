import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { openSSE } from '../../src/core/streaming.js';
import { APITimeoutError, MiniMax, RateLimitError } from '../../src/index.js';

let server: Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = undefined;
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  server = createServer(handler);
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

describe('transport smoke', () => {
  it('json, base_resp error, stalled body timeout, sse', async () => {
    let hits = 0;
    const url = await serve((req, res) => {
      hits++;
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
    const client = new MiniMax({ apiKey: 'k', baseURL: url, maxRetries: 0, timeout: 300 });
    const t = client._transport;
    const { readJSON } = await import('../../src/core/transport.js');
    const ok = await t.request({ method: 'GET', path: '/ok' }, {}, readJSON).withResponse();
    expect(ok.data).toMatchObject({ a: 1, trace_id: 'tr-1' });
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
    expect(hits).toBe(4);
  });
});
