// Which WebSocket each runtime opens, and the standard-WebSocket adapter (Bun, Deno, Node 22,
// workerd) driven through speech.connect against the mock. The runtimes themselves are run by the
// runtime matrix (`npm run test:runtimes`); here a standard WebSocket is stood in for by the `ws`
// package's WHATWG interface (addEventListener, `event.data`, `binaryType`), given `{ headers }`.

import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import WS from 'ws';
import { chooseSocket } from '../../src/core/websocket.js';
import { AuthError, MiniMax, MiniMaxError } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';

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

  it('maps a refused upgrade by the status the runtime names (a wrong key is an AuthError)', async () => {
    vi.stubGlobal('Deno', {});
    vi.stubGlobal('WebSocket', StandardStandIn);
    const opening = client('wrong-key').speech.connect({ model: 'speech-2.8-hd', voice_setting });
    await expect(opening).rejects.toBeInstanceOf(AuthError);
    await expect(opening).rejects.toThrow(/401/);
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
