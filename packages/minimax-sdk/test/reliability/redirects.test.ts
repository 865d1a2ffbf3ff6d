/**
 * Redirects are followed by the transport itself, not by fetch: fetch drops only `Authorization`
 * on a hop to another host, so `defaultHeaders` and per-call headers (often other credentials)
 * reached it. Two loopback servers on different ports play the API and another origin.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MAX_REDIRECTS } from '../../src/core/transport.js';
import { MiniMax, MiniMaxError } from '../../src/index.js';

interface Seen {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

async function serve(
  handle: (req: IncomingMessage, res: ServerResponse, seen: Seen) => void,
): Promise<{ server: Server; url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      const entry = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body };
      seen.push(entry);
      handle(req, res, entry);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen };
}

const OK = JSON.stringify({ files: [], voices: [], base_resp: { status_code: 0, status_msg: 'success' } });
const KEY = 'sk-redirect-test-key-0123456789';

let api: Awaited<ReturnType<typeof serve>>;
let other: Awaited<ReturnType<typeof serve>>;

beforeAll(async () => {
  other = await serve((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(OK);
  });
  api = await serve((req, res) => {
    const path = req.url ?? '';
    const to = (status: number, location: string) => res.writeHead(status, { location }).end();
    if (path.startsWith('/v1/files/list')) return to(302, `${other.url}/elsewhere/list`);
    if (path.startsWith('/v1/get_voice')) return to(303, `${other.url}/elsewhere/voices`);
    if (path.startsWith('/same/')) return to(307, '/v1/files/retrieve?file_id=1');
    if (path.startsWith('/loop')) return to(302, '/loop');
    res
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ file: { file_id: 1 }, base_resp: { status_code: 0, status_msg: 'success' } }));
  });
});
afterAll(async () => {
  for (const s of [api, other]) await new Promise((resolve) => s.server.close(resolve));
});
beforeEach(() => {
  api.seen.length = 0;
  other.seen.length = 0;
});

const client = (options = {}) =>
  new MiniMax({
    apiKey: KEY,
    baseURL: api.url,
    logLevel: 'off',
    defaultHeaders: { 'x-team-token': 'team-secret' },
    ...options,
  });

describe('redirects', () => {
  it('a cross-origin hop carries none of the caller headers: key, defaultHeaders, per-call headers', async () => {
    await client().files.list({ purpose: 'voice_clone' }, { headers: { 'x-call-token': 'call-secret' } });
    expect(api.seen).toHaveLength(1);
    expect(api.seen[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(api.seen[0]?.headers['x-team-token']).toBe('team-secret');
    expect(other.seen).toHaveLength(1);
    const headers = other.seen[0]?.headers ?? {};
    expect(headers.authorization).toBeUndefined();
    expect(headers['x-team-token']).toBeUndefined();
    expect(headers['x-call-token']).toBeUndefined();
    expect(JSON.stringify(headers)).not.toContain('secret');
    expect(JSON.stringify(headers)).not.toContain(KEY);
    expect(headers['user-agent']).toMatch(/^minimax-sdk-typescript\//);
  });

  it('a 303 after a POST goes on as a GET without the body, and without the caller headers', async () => {
    await client().voice.list({ voice_type: 'all' });
    expect(api.seen[0]?.method).toBe('POST');
    expect(other.seen).toHaveLength(1);
    expect(other.seen[0]?.method).toBe('GET');
    expect(other.seen[0]?.body).toBe('');
    expect(other.seen[0]?.headers.authorization).toBeUndefined();
    expect(other.seen[0]?.headers['content-type']).toBeUndefined();
  });

  it('a same-origin hop keeps the headers', async () => {
    const c = client();
    await (c as unknown as { _transport: { request: Function } })._transport.request(
      { method: 'GET', path: '/same/start' },
      { headers: { 'x-call-token': 'call-secret' } },
      async (r: Response) => r.json(),
    );
    expect(api.seen.map((s) => s.path)).toEqual(['/same/start', '/v1/files/retrieve?file_id=1']);
    expect(api.seen[1]?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(api.seen[1]?.headers['x-call-token']).toBe('call-secret');
    expect(api.seen[1]?.headers['x-team-token']).toBe('team-secret');
  });

  it(`a redirect loop stops after ${MAX_REDIRECTS} hops with a MiniMaxError, and is not retried`, async () => {
    const c = client({ maxRetries: 2 });
    const error = await (c as unknown as { _transport: { request: Function } })._transport
      .request({ method: 'GET', path: '/loop' }, {}, async (r: Response) => r.json())
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect((error as Error).message).toMatch(/Too many redirects/);
    expect(api.seen).toHaveLength(MAX_REDIRECTS + 1);
  });
});
