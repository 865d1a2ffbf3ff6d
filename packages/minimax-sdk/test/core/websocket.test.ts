// Which WebSocket each runtime opens, and the standard-WebSocket adapter (Bun, Deno, Node 22,
// workerd) driven through speech.connect against the mock. The runtimes themselves are run by the
// runtime matrix (`npm run test:runtimes`); here a standard WebSocket is stood in for by the `ws`
// package's WHATWG interface (addEventListener, `event.data`, `binaryType`), given `{ headers }`.

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import WS from 'ws';
import { chooseSocket, explainRefusal, namedStatus } from '../../src/core/websocket.js';
import {
  APIConnectionError,
  APITimeoutError,
  AuthError,
  MiniMax,
  MiniMaxError,
  ServerError,
} from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';
import { fakeFetch, jsonResponse, TEST_KEY, testClient } from '../helpers/fake-fetch.js';

const KEY = 'socket-test-key';
const voice_setting = { voice_id: 'English_expressive_narrator' };

describe('chooseSocket', () => {
  it("uses the runtime's own WebSocket where it sends headers, ws on Node 20, nothing in a browser", () => {
    expect(chooseSocket({ nodeVersion: '20.19.0' })).toBe('ws');
    expect(chooseSocket({ nodeVersion: '21.7.0', webSocket: true })).toBe('ws');
    expect(chooseSocket({ nodeVersion: '22.0.0', webSocket: true })).toBe('native');
    expect(chooseSocket({ nodeVersion: '24.1.0', webSocket: true })).toBe('native');
    // Node 22 started with --no-experimental-websocket has no global: ws.
    expect(chooseSocket({ nodeVersion: '22.4.0', webSocket: false })).toBe('ws');
    expect(chooseSocket({ bun: true, nodeVersion: '24.3.0', webSocket: true })).toBe('native');
    expect(chooseSocket({ deno: true, nodeVersion: '22.14.0', webSocket: true })).toBe('native');
    expect(chooseSocket({ webSocket: true, webSocketPair: true })).toBe('fetch-upgrade');
    // workerd with nodejs_compat has process.versions.node: still the fetch upgrade.
    expect(chooseSocket({ nodeVersion: '22.0.0', webSocket: true, webSocketPair: true })).toBe(
      'fetch-upgrade',
    );
    expect(chooseSocket({ webSocket: true })).toBe('none');
    expect(chooseSocket({})).toBe('none');
  });

  it('a session that needs pings gets ws wherever ws can run, and nothing elsewhere', () => {
    const pings = { pings: true };
    expect(chooseSocket({ nodeVersion: '22.0.0', webSocket: true }, pings)).toBe('ws');
    expect(chooseSocket({ bun: true, nodeVersion: '24.3.0', webSocket: true }, pings)).toBe('ws');
    expect(chooseSocket({ deno: true, webSocket: true }, pings)).toBe('ws');
    expect(chooseSocket({ webSocket: true, webSocketPair: true }, pings)).toBe('none');
    expect(chooseSocket({ webSocket: true }, pings)).toBe('none');
  });
});

/** A standard WebSocket taking `{ headers }`, as Bun's, Deno's and undici's do. */
class StandardStandIn extends WS {
  static opened: { url: string; headers: Record<string, string> }[] = [];
  constructor(url: string, init: { headers: Record<string, string> }) {
    super(url, { headers: init.headers });
    StandardStandIn.opened.push({ url, headers: init.headers });
  }
}

describe("speech.connect on a runtime's own WebSocket", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ apiKey: KEY });
  });
  afterAll(async () => {
    await mock.close();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    StandardStandIn.opened = [];
  });

  function client(apiKey = KEY, lines: string[] = []) {
    return new MiniMax({
      apiKey,
      baseURL: mock.url,
      maxRetries: 0,
      timeout: 10_000,
      logLevel: 'debug',
      logger: { debug: (line: string) => lines.push(line), info() {}, warn() {}, error() {} },
    });
  }

  it('opens Bun-style with the Authorization header, speaks, streams and closes cleanly', async () => {
    vi.stubGlobal('Bun', {});
    vi.stubGlobal('WebSocket', StandardStandIn);
    const lines: string[] = [];
    const conn = await client(KEY, lines).speech.connect({ model: 'speech-2.8-hd', voice_setting });
    try {
      expect(StandardStandIn.opened).toHaveLength(1);
      expect(StandardStandIn.opened[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
      expect(
        lines.some((line) => /WebSocket ws:\/\/.*\/ws\/v1\/t2a_v2 via Bun's own WebSocket/.test(line)),
      ).toBe(true);
      expect(lines.join('\n')).not.toContain(KEY);
      expect(conn.session_id).not.toBe('');
      const audio = await conn.send({ text: 'Hello over the standard socket.' });
      expect(audio.data.byteLength).toBeGreaterThan(0);
      let bytes = 0;
      for await (const chunk of conn.sendStream({ text: 'And a streamed one.' })) bytes += chunk.byteLength;
      expect(bytes).toBeGreaterThan(0);
    } finally {
      await conn.close();
    }
    expect(conn.closed).toBe(true);
    await expect(conn.send({ text: 'after close' })).rejects.toBeInstanceOf(MiniMaxError);
  });

  it('maps a refused upgrade by its status and body (a wrong key is an AuthError)', async () => {
    vi.stubGlobal('Deno', {});
    vi.stubGlobal('WebSocket', StandardStandIn);
    const opening = client('wrong-key').speech.connect({ model: 'speech-2.8-hd', voice_setting });
    await expect(opening).rejects.toBeInstanceOf(AuthError);
    await expect(opening).rejects.toMatchObject({ status: 401, code: 1004 });
  });

  it('a socket the server closes fails the next send with a connection error, never hangs', async () => {
    vi.stubGlobal('Bun', {});
    vi.stubGlobal('WebSocket', StandardStandIn);
    await using idle = await startMockServer({ apiKey: KEY, wsIdleMs: 200 });
    const conn = await new MiniMax({
      apiKey: KEY,
      baseURL: idle.url,
      maxRetries: 0,
      timeout: 10_000,
    }).speech.connect({ model: 'speech-2.8-hd', voice_setting });
    await vi.waitFor(() => expect(conn.closed).toBe(true), { timeout: 5_000 });
    await expect(conn.send({ text: 'too late' })).rejects.toBeInstanceOf(MiniMaxError);
    await conn.close();
  });
});

describe("speech.connect on workerd's fetch upgrade", () => {
  let mock: MockServer;
  beforeAll(async () => {
    mock = await startMockServer({ apiKey: KEY });
  });
  afterAll(async () => {
    await mock.close();
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  it('fetches the http URL with Upgrade: websocket and the key, accepts the socket and speaks', async () => {
    const asked: { url: string; headers: Headers }[] = [];
    let accepted = 0;
    vi.stubGlobal('WebSocketPair', () => {});
    vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
      const headers = new Headers(init.headers);
      asked.push({ url, headers });
      // Node's fetch cannot upgrade: open the socket the upgrade would have given.
      const socket = new WS(url.replace(/^http/, 'ws'), { headers: Object.fromEntries(headers) });
      await new Promise((resolve, reject) => {
        socket.once('open', resolve);
        socket.once('error', reject);
      });
      return {
        status: 101,
        headers: new Headers(),
        webSocket: Object.assign(socket, { accept: () => accepted++ }),
      };
    });
    const client = new MiniMax({ apiKey: KEY, baseURL: mock.url, maxRetries: 0, timeout: 10_000 });
    const conn = await client.speech.connect({ model: 'speech-2.8-hd', voice_setting });
    try {
      expect(asked).toHaveLength(1);
      expect(asked[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/ws\/v1\/t2a_v2$/);
      expect(asked[0]?.headers.get('upgrade')).toBe('websocket');
      expect(asked[0]?.headers.get('authorization')).toBe(`Bearer ${KEY}`);
      expect(accepted).toBe(1);
      const audio = await conn.send({ text: 'Hello from the edge.' });
      expect(audio.data.byteLength).toBeGreaterThan(0);
    } finally {
      await conn.close();
    }
  });

  it('an upgrade answered with an HTTP error is the mapped error, from its body', async () => {
    vi.stubGlobal('WebSocketPair', () => {});
    vi.stubGlobal(
      'fetch',
      async () =>
        new Response(JSON.stringify({ base_resp: { status_code: 1004, status_msg: 'login fail' } }), {
          status: 401,
          headers: { 'content-type': 'application/json' },
        }),
    );
    const client = new MiniMax({ apiKey: KEY, baseURL: mock.url, maxRetries: 0, timeout: 10_000 });
    const opening = client.speech.connect({ model: 'speech-2.8-hd', voice_setting });
    await expect(opening).rejects.toBeInstanceOf(AuthError);
    await expect(opening).rejects.toThrow(/login fail/);
  });

  it('speech.connectBidi says it needs pings, which this runtime cannot send', async () => {
    vi.stubGlobal('WebSocketPair', () => {});
    const client = new MiniMax({ apiKey: KEY, baseURL: mock.url, maxRetries: 0, timeout: 10_000 });
    const opening = client.speech.connectBidi({ model: 'speech-2.8-hd', voice_setting });
    await expect(opening).rejects.toBeInstanceOf(MiniMaxError);
    await expect(opening).rejects.toThrow(/connectBidi needs .*ping/);
  });
});

/** What each runtime's own WebSocket says when the upgrade is refused with 401 (measured). */
const NODE_REFUSAL = 'Received network error or non-101 status code.';
const BUN_REFUSAL = (status: number) =>
  `WebSocket connection to 'ws://127.0.0.1:39113/ws/v1/t2a_v2' failed: Expected 101 status code: ${status}`;
const DENO_REFUSAL = (status: number) =>
  `NetworkError: failed to connect to WebSocket: Invalid status code: ${status}`;

/**
 * A runtime's own WebSocket whose upgrade is refused: an error event saying `message`, then (unless
 * `close` is false: Node 22's undici sends none) a close. It never opens.
 */
function refusedSocket(message: string, close = true) {
  return class RefusedSocket {
    static made: { url: string; headers: Record<string, string> }[] = [];
    readyState = 0;
    binaryType = 'blob';
    readonly #listeners = new Map<string, ((event: unknown) => void)[]>();
    constructor(url: string, init: { headers: Record<string, string> }) {
      RefusedSocket.made.push({ url, headers: init.headers });
      setTimeout(() => {
        this.readyState = 3;
        this.#fire('error', { message });
        if (close) this.#fire('close', { code: 1006, reason: '' });
      }, 1);
    }
    addEventListener(type: string, listener: (event: unknown) => void): void {
      this.#listeners.set(type, [...(this.#listeners.get(type) ?? []), listener]);
    }
    #fire(type: string, event: unknown): void {
      for (const listener of this.#listeners.get(type) ?? []) listener(event);
    }
    send(): void {
      throw new Error('not open');
    }
    close(): void {}
  };
}

const LOGIN_FAIL = {
  base_resp: { status_code: 1004, status_msg: 'login fail: Please carry the API secret key' },
};

describe('a refused upgrade on a runtime whose own WebSocket hides the status', () => {
  beforeEach(() => {
    // Which runtime is stood in for does not matter here: what its socket says does.
    vi.stubGlobal('Bun', {});
  });
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  function connect(fetchImpl: typeof fetch, options: { timeout?: number } = {}) {
    return testClient(fetchImpl, { timeout: options.timeout ?? 5_000 }).speech.connect({
      model: 'speech-2.8-hd',
      voice_setting,
    });
  }

  it('Node 22: one plain GET of the same URL with the same headers reads the 401, an AuthError', async () => {
    vi.stubGlobal('WebSocket', refusedSocket(NODE_REFUSAL, false));
    const { fetch, calls } = fakeFetch(() => jsonResponse(LOGIN_FAIL, { status: 401 }));
    const error = await connect(fetch).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).status).toBe(401);
    expect((error as AuthError).code).toBe(1004);
    expect((error as Error).message).toMatch(/login fail/);
    expect((error as Error).message).not.toContain(TEST_KEY);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.method).toBe('GET');
    expect(calls[0]?.url).toBe('https://api.test/ws/v1/t2a_v2');
    expect(calls[0]?.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
  });

  it('Node 22: a 403 is an AuthError too, and a key refused with HTTP 200 and 1004 as well', async () => {
    vi.stubGlobal('WebSocket', refusedSocket(NODE_REFUSAL));
    const forbidden = fakeFetch(() => new Response('forbidden', { status: 403 }));
    await expect(connect(forbidden.fetch)).rejects.toThrow(AuthError);
    const ok200 = fakeFetch(() => jsonResponse(LOGIN_FAIL));
    await expect(connect(ok200.fetch)).rejects.toThrow(AuthError);
  });

  it('Node 22: a GET refused for not being an upgrade (426, 404) leaves the connection error', async () => {
    vi.stubGlobal('WebSocket', refusedSocket(NODE_REFUSAL));
    for (const status of [426, 404, 200]) {
      const { fetch, calls } = fakeFetch(() => new Response('Upgrade Required', { status }));
      const opening = connect(fetch);
      await expect(opening).rejects.toThrow(APIConnectionError);
      await expect(opening).rejects.toThrow(/non-101 status code/);
      expect(calls).toHaveLength(1);
    }
  });

  it('Node 22: a GET that fails too (nothing listening) leaves the connection error', async () => {
    vi.stubGlobal('WebSocket', refusedSocket(NODE_REFUSAL));
    const { fetch } = fakeFetch(() => {
      throw new TypeError('fetch failed');
    });
    await expect(connect(fetch)).rejects.toThrow(APIConnectionError);
  });

  it('Bun and Deno: the status they name, with the body the GET read when it has that status', async () => {
    for (const message of [BUN_REFUSAL(401), DENO_REFUSAL(401)]) {
      vi.stubGlobal('WebSocket', refusedSocket(message));
      const { fetch } = fakeFetch(() => jsonResponse(LOGIN_FAIL, { status: 401 }));
      const opening = connect(fetch);
      await expect(opening).rejects.toThrow(AuthError);
      await expect(opening).rejects.toThrow(/login fail/);
    }
  });

  it("Bun: the status after 'status code', not the 127 of the URL's address", async () => {
    vi.stubGlobal('WebSocket', refusedSocket(BUN_REFUSAL(503)));
    // The GET is answered otherwise (a fault on the upgrade only): the named status stands alone.
    const { fetch } = fakeFetch(() => new Response('Upgrade Required', { status: 426 }));
    const error = await connect(fetch).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(503);
  });

  it('the handshake deadline covers the GET: a hanging one is given up and aborted', async () => {
    vi.stubGlobal('WebSocket', refusedSocket(NODE_REFUSAL, false));
    let signal: AbortSignal | undefined;
    const { fetch } = fakeFetch(
      (request) =>
        new Promise<Response>((_resolve, reject) => {
          signal = request.signal;
          request.signal?.addEventListener('abort', () => reject(request.signal?.reason));
        }),
    );
    const opening = connect(fetch, { timeout: 200 });
    await expect(opening).rejects.toThrow(APITimeoutError);
    expect(signal?.aborted).toBe(true);
  });

  it('namedStatus and explainRefusal, on their own', () => {
    expect(namedStatus(BUN_REFUSAL(403))).toBe(403);
    expect(namedStatus(DENO_REFUSAL(429))).toBe(429);
    expect(namedStatus(NODE_REFUSAL)).toBeUndefined();
    expect(namedStatus("WebSocket connection to 'ws://127.0.0.1:8080/' failed")).toBeUndefined();
    expect(namedStatus('Expected 101 status code: 101')).toBeUndefined();
    const auth = new AuthError('login fail', { status: 401, code: 1004 });
    expect(explainRefusal(undefined, auth)).toBe(auth);
    expect(explainRefusal(401, auth)).toBe(auth);
    expect(explainRefusal(403, auth)).toBeInstanceOf(AuthError);
    expect(explainRefusal(403, auth)).not.toBe(auth);
    expect(explainRefusal(undefined, new MiniMaxError('HTTP 426', { status: 426 }))).toBeUndefined();
    expect(explainRefusal(undefined, undefined)).toBeUndefined();
    expect(explainRefusal(500, undefined)).toBeInstanceOf(ServerError);
  });
});

describe('a refused upgrade read back from the mock (a stand-in that hides the status as undici does)', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
  });

  /** The `ws` package's WHATWG socket, its error messages replaced by undici's status-less one. */
  class UndiciLike {
    readonly #ws: WS;
    constructor(url: string, init: { headers: Record<string, string> }) {
      this.#ws = new WS(url, { headers: init.headers });
    }
    get readyState(): number {
      return this.#ws.readyState;
    }
    get binaryType(): string {
      return this.#ws.binaryType;
    }
    set binaryType(type: string) {
      this.#ws.binaryType = type as WS['binaryType'];
    }
    send(data: string): void {
      this.#ws.send(data);
    }
    close(code?: number): void {
      this.#ws.close(code);
    }
    addEventListener(type: string, listener: (event: never) => void): void {
      const call = listener as (event: unknown) => void;
      if (type === 'error') this.#ws.addEventListener('error', () => call({ message: NODE_REFUSAL }));
      else this.#ws.addEventListener(type as 'open', call);
    }
  }

  beforeEach(() => {
    vi.stubGlobal('Deno', {});
  });

  it("a wrong key is the AuthError with the mock's 1004, a good key still speaks", async () => {
    vi.stubGlobal('WebSocket', UndiciLike);
    await using mock = await startMockServer({ apiKey: KEY });
    const lines: string[] = [];
    const wrong = new MiniMax({
      apiKey: 'wrong-key',
      baseURL: mock.url,
      maxRetries: 0,
      timeout: 10_000,
      logLevel: 'debug',
      logger: { debug: (line: string) => lines.push(line), info() {}, warn() {}, error() {} },
    });
    const error = await wrong.speech.connect({ model: 'speech-2.8-hd', voice_setting }).then(
      () => undefined,
      (reason: unknown) => reason,
    );
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe(1004);
    expect((error as Error).message).not.toContain('wrong-key');
    expect(lines.join('\n')).not.toContain('wrong-key');
    expect(lines.some((line) => /failed before opening: GET http:\/\/.*\/ws\/v1\/t2a_v2/.test(line))).toBe(
      true,
    );
    expect(mock.requests.map((request) => [request.method, request.path, request.response?.status])).toEqual([
      ['GET', '/ws/v1/t2a_v2', 401],
      ['GET', '/ws/v1/t2a_v2', 401],
    ]);
    const conn = await new MiniMax({
      apiKey: KEY,
      baseURL: mock.url,
      maxRetries: 0,
      timeout: 10_000,
    }).speech.connect({ model: 'speech-2.8-hd', voice_setting });
    try {
      expect((await conn.send({ text: 'Hello.' })).data.byteLength).toBeGreaterThan(0);
    } finally {
      await conn.close();
    }
  });
});
