/**
 * Redirects are followed by the transport itself, not by fetch: fetch drops only `Authorization`
 * on a hop to another host, so `defaultHeaders` and per-call headers (often other credentials)
 * reached it. Two loopback servers on different ports play the API and another origin.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { copiesBodies } from '../../src/core/redirect-mode.js';
import { MAX_REDIRECTS } from '../../src/core/transport.js';
import { APIConnectionError, MiniMax, MiniMaxError } from '../../src/index.js';
import { fakeFetch, jsonResponse, ok, type RecordedRequest } from '../helpers/fake-fetch.js';

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
    if (path === '/json/moved') return to(307, '/json/ok');
    if (path === '/json/away') return to(307, `${other.url}/elsewhere/json`);
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

type Requester = { request: Function };
const transportOf = (c: MiniMax) => (c as unknown as { _transport: Requester })._transport;
const post = (t: Requester, path: string, body: unknown) =>
  t.request({ method: 'POST', path, body }, {}, async (r: Response) => r.json());
const sent = (seen: Seen[]) => seen.map((s) => `${s.method} ${s.path} ${s.body}`);

describe('JSON requests once the API has answered one without a redirect (Node asks fetch to refuse redirects)', () => {
  it('one redirected later is sent again and followed, with its body; later ones are followed at once', async () => {
    const t = transportOf(client());
    await post(t, '/json/ok', { n: 1 });
    await post(t, '/json/ok', { n: 2 });
    await post(t, '/json/moved', { n: 3 });
    await post(t, '/json/moved', { n: 4 });
    expect(sent(api.seen)).toEqual([
      'POST /json/ok {"n":1}',
      'POST /json/ok {"n":2}',
      // Refused by fetch, sent again with the redirect shown, then followed.
      'POST /json/moved {"n":3}',
      'POST /json/moved {"n":3}',
      'POST /json/ok {"n":3}',
      'POST /json/moved {"n":4}',
      'POST /json/ok {"n":4}',
    ]);
  });

  it('a hop to another origin after a refused redirect still carries none of the caller headers', async () => {
    const t = transportOf(client());
    await post(t, '/json/ok', { n: 1 });
    await post(t, '/json/away', { n: 2 });
    expect(sent(api.seen)).toEqual([
      'POST /json/ok {"n":1}',
      'POST /json/away {"n":2}',
      'POST /json/away {"n":2}',
    ]);
    expect(sent(other.seen)).toEqual(['POST /elsewhere/json {"n":2}']);
    const headers = other.seen[0]?.headers ?? {};
    expect(headers.authorization).toBeUndefined();
    expect(headers['x-team-token']).toBeUndefined();
    expect(JSON.stringify(headers)).not.toContain(KEY);
  });
});

describe('which requests ask fetch to refuse redirects', () => {
  const answerOk = () => jsonResponse(ok({}));
  const modes = (calls: RecordedRequest[]) =>
    calls.map(
      ({ init }) => `${init.method} ${init.redirect}${'window' in init ? ` window=${init.window}` : ''}`,
    );
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it("Node's own fetch: JSON requests after the first answer unredirected; GETs always show redirects", async () => {
    const fake = fakeFetch(answerOk);
    vi.stubGlobal('fetch', fake.fetch);
    const t = transportOf(client({ baseURL: 'http://127.0.0.1:9' }));
    await post(t, '/a', { n: 1 });
    await post(t, '/a', { n: 2 });
    await t.request({ method: 'GET', path: '/b' }, {}, async (r: Response) => r.json());
    expect(modes(fake.calls)).toEqual(['POST manual', 'POST error window=null', 'GET manual']);
  });

  it("a global fetch put in place after the client was made gets redirects shown; Node's, back, refuses them again", async () => {
    const node = fakeFetch(answerOk);
    vi.stubGlobal('fetch', node.fetch);
    const t = transportOf(client({ baseURL: 'http://127.0.0.1:9' }));
    await post(t, '/a', { n: 1 });
    await post(t, '/a', { n: 2 });
    // A test library or tracer replaces the global: it may report a refused redirect its own way.
    const patched = fakeFetch(answerOk);
    vi.stubGlobal('fetch', patched.fetch);
    await post(t, '/a', { n: 3 });
    vi.stubGlobal('fetch', node.fetch);
    await post(t, '/a', { n: 4 });
    expect(modes(patched.calls)).toEqual(['POST manual']);
    expect(modes(node.calls)).toEqual(['POST manual', 'POST error window=null', 'POST error window=null']);
  });

  it('a fetch passed in is never asked to refuse redirects', async () => {
    const fake = fakeFetch(answerOk);
    const t = transportOf(client({ baseURL: 'http://127.0.0.1:9', fetch: fake.fetch }));
    await post(t, '/a', { n: 1 });
    await post(t, '/a', { n: 2 });
    expect(modes(fake.calls)).toEqual(['POST manual', 'POST manual']);
  });

  it('with no global fetch at all, a fetch passed in is still never asked to refuse redirects', async () => {
    vi.stubGlobal('fetch', undefined);
    const fake = fakeFetch(answerOk);
    const t = transportOf(client({ baseURL: 'http://127.0.0.1:9', fetch: fake.fetch }));
    await post(t, '/a', { n: 1 });
    await post(t, '/a', { n: 2 });
    expect(modes(fake.calls)).toEqual(['POST manual', 'POST manual']);
  });

  it('a failed connection under a refused-redirect request is not taken for a redirect: it is not sent again', async () => {
    const fake = fakeFetch((_request, index) => {
      if (index === 0) return answerOk();
      throw new TypeError('fetch failed', { cause: new Error('connect ECONNREFUSED') });
    });
    vi.stubGlobal('fetch', fake.fetch);
    const t = transportOf(client({ baseURL: 'http://127.0.0.1:9', maxRetries: 0 }));
    await post(t, '/a', { n: 1 });
    const error = await post(t, '/a', { n: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(APIConnectionError);
    expect(modes(fake.calls)).toEqual(['POST manual', 'POST error window=null']);
  });

  it('only Node has the fetch that copies bodies: not Bun, not Deno', () => {
    expect(copiesBodies()).toBe(true);
    vi.stubGlobal('Bun', {});
    expect(copiesBodies()).toBe(false);
    vi.unstubAllGlobals();
    vi.stubGlobal('Deno', {});
    expect(copiesBodies()).toBe(false);
  });
});
