/**
 * Security: the API key stays in the Authorization header of requests to the API host and nowhere
 * else; TLS is never relaxed; a browser page must opt in; local servers bind to loopback; the one
 * runtime dependency is free of known advisories.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { connect as netConnect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inspect } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  APIConnectionError,
  AuthError,
  createClient,
  type LogLevel,
  MiniMax,
  MiniMaxError,
  Text,
} from '../../src/index.js';
import type { MockServer } from '../../src/mock/index.js';
import { closedPort, startServer, stopAllServers } from '../helpers/http-server.js';
import {
  countingFetch,
  expectNoLeaks,
  newClient,
  resourceCounts,
  SECRET_KEY,
  startMockServer,
  tempDir,
  VOICE,
} from './helpers.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const SDK = join(ROOT, 'packages/minimax-sdk');
const CLI = join(ROOT, 'packages/minimax-cli');

/** The key, and a fragment of it, so that a truncated copy counts as a leak too. */
const NEEDLES = [SECRET_KEY, SECRET_KEY.slice(14, 34)];

function safeJSON(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch (error) {
    return `<unserialisable: ${String(error)}>`;
  }
}

/** Every way a value might get printed or serialised: none may show the key. */
function renderings(value: unknown): string[] {
  const out = [
    inspect(value, { showHidden: true, depth: 8, getters: true }),
    safeJSON(value),
    Object.prototype.toString.call(value),
  ];
  try {
    out.push(String(value));
  } catch {
    // Objects without a primitive form cannot leak through String().
  }
  for (let e: unknown = value, depth = 0; e instanceof Error && depth < 6; depth++) {
    out.push(e.message, e.stack ?? '', String(e));
    e = e.cause;
  }
  return out;
}

/** Every string reachable through own properties (enumerable or not), to `depth`. */
function reachableStrings(root: unknown, depth = 6): string[] {
  const seen = new Set<unknown>();
  const found: string[] = [];
  const walk = (value: unknown, level: number) => {
    if (typeof value === 'string') {
      found.push(value);
      return;
    }
    if ((typeof value !== 'object' && typeof value !== 'function') || value === null) return;
    if (seen.has(value) || level > depth) return;
    seen.add(value);
    if (value instanceof Headers) {
      for (const [k, v] of value) found.push(`${k}: ${v}`);
      return;
    }
    for (const key of Reflect.ownKeys(value)) {
      const descriptor = Object.getOwnPropertyDescriptor(value, key);
      if (descriptor && 'value' in descriptor) walk(descriptor.value, level + 1);
    }
  };
  walk(root, 0);
  return found;
}

function expectNoKey(label: string, ...texts: string[]): void {
  for (const text of texts) {
    for (const needle of NEEDLES) {
      if (text.includes(needle)) throw new Error(`${label} shows the API key: …${text.slice(0, 300)}…`);
    }
  }
}

afterEach(async () => {
  vi.unstubAllGlobals();
  vi.restoreAllMocks();
  await stopAllServers();
});

// ---------------------------------------------------------------------------------------------

describe('the API key never leaks into errors, logs or inspection', () => {
  type Scenario = (mock: MockServer, client: MiniMax) => Promise<unknown>;
  const drain = async (iterable: AsyncIterable<unknown>) => {
    for await (const _ of iterable) {
      // Draining is the point.
    }
  };

  /** Failures of every kind, against a mock that refuses this key. */
  const SCENARIOS: Record<string, Scenario> = {
    'wrong key, JSON call': (_m, c) => c.voice.list(),
    'wrong key, Anthropic endpoint': (_m, c) =>
      c.text.create({ model: 'MiniMax-M2.7', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] }),
    'wrong key, SSE stream': (_m, c) => drain(c.speech.ttsStream({ model: 'speech-2.8-turbo', text: 'hi' })),
    'wrong key, WebSocket upgrade': (_m, c) =>
      c.speech.connect({ model: 'speech-2.8-turbo', voice_setting: VOICE }, { timeout: 1_000 }),
    'retried 503s': (m, c) => {
      m.faults.add({ path: '/v1/get_voice', status: 503, retryAfterMs: 0, times: 3 });
      return c.voice.list();
    },
    'stalled body (timeout)': (m, c) => {
      m.faults.add({ path: '/v1/files/list', stall: true, times: 3 });
      return c.files.list({ purpose: 'voice_clone' }, { timeout: 100, maxRetries: 1 });
    },
    'reset before the response': (m, c) => {
      m.faults.add({ path: '/v1/video_generation', drop: 'before-response' });
      return c.video.create({ model: 'MiniMax-Hailuo-2.3', prompt: 'p' });
    },
    'malformed JSON': (m, c) => {
      m.faults.add({ path: '/v1/get_voice', status: 200, body: '{"x":', contentType: 'application/json' });
      return c.voice.list();
    },
    'HTML error page': (m, c) => {
      m.faults.add({ path: '/v1/get_voice', status: 502, body: '<html>bad gateway</html>', times: 3 });
      return c.voice.list({}, { maxRetries: 0 });
    },
    'invalid argument (before any request)': (_m, c) =>
      c.files.upload({ file: new Uint8Array(1), purpose: 'nope' as never }),
    'connection refused': async (_m, c) => {
      const port = await closedPort();
      return c.withOptions({ baseURL: `http://127.0.0.1:${port}`, maxRetries: 1 }).voice.list();
    },
  };

  const LEVELS: LogLevel[] = ['error', 'warn', 'info', 'debug'];

  it.each(LEVELS)('at log level %s: errors, every log line and the console stay clean', async (level) => {
    const baseline = resourceCounts();
    // The mock accepts only a different key, so every authenticated call fails with AuthError.
    const mock = await startMockServer({ apiKey: 'a-different-key' });
    const lines: unknown[][] = [];
    const logger = {
      error: (...args: unknown[]) => lines.push(['error', ...args]),
      warn: (...args: unknown[]) => lines.push(['warn', ...args]),
      info: (...args: unknown[]) => lines.push(['info', ...args]),
      debug: (...args: unknown[]) => lines.push(['debug', ...args]),
    };
    const consoleCalls: unknown[][] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
        consoleCalls.push(args);
      });
    }
    const client = newClient(mock.url, globalThis.fetch, { logger, logLevel: level, maxRetries: 2 });
    const errors: [string, unknown][] = [];
    try {
      for (const [name, scenario] of Object.entries(SCENARIOS)) {
        const error = await scenario(mock, client).then(
          () => undefined,
          (e: unknown) => e,
        );
        errors.push([name, error]);
      }
    } finally {
      await mock.close();
    }
    for (const [name, error] of errors) {
      expect(error, name).toBeInstanceOf(MiniMaxError);
      expectNoKey(`error of "${name}"`, ...renderings(error), ...reachableStrings(error));
    }
    expect(errors.find(([n]) => n === 'wrong key, JSON call')?.[1]).toBeInstanceOf(AuthError);
    expect(errors.find(([n]) => n === 'wrong key, WebSocket upgrade')?.[1]).toBeInstanceOf(AuthError);
    expectNoKey(`log at ${level}`, ...lines.map((args) => inspect(args, { depth: 8 })));
    expectNoKey('console', ...consoleCalls.map((args) => inspect(args, { depth: 8 })));
    // A logger was given, so nothing may bypass it to the console.
    expect(consoleCalls).toEqual([]);
    // The check only means something if the level actually logged: debug logs every attempt.
    if (level === 'debug') expect(lines.length).toBeGreaterThan(Object.keys(SCENARIOS).length);
    if (level === 'info' || level === 'debug')
      expect(lines.some((l) => String(l[1]).includes('retrying'))).toBe(true);
    expect(await expectNoLeaks(baseline)).toEqual([]);
  });

  it('the mock request log masks the key', async () => {
    const mock = await startMockServer();
    try {
      await newClient(mock.url, globalThis.fetch).voice.list();
      expect(mock.requests[0]?.headers.authorization).toBe('Bearer ***');
      expectNoKey('mock log', safeJSON(mock.requests));
    } finally {
      await mock.close();
    }
  });

  it('util.inspect, JSON.stringify, String() and every own property of the client and its parts are clean', async () => {
    const mock = await startMockServer();
    const dir = await tempDir();
    try {
      const client = newClient(mock.url, globalThis.fetch);
      vi.stubEnv('MINIMAX_API_KEY', SECRET_KEY);
      const fromEnv = new MiniMax({ baseURL: mock.url, logLevel: 'off' });
      const copy = client.withOptions({ timeout: 1_000 });
      const chosen = createClient({
        apiKey: SECRET_KEY,
        baseURL: mock.url,
        fetch: globalThis.fetch,
        logLevel: 'off',
        resources: { text: Text },
      });
      const chosenCopy = chosen.withOptions({ timeout: 1_000 });
      await chosen.text.create({
        model: 'MiniMax-M2.7',
        max_tokens: 8,
        messages: [{ role: 'user', content: 'hi' }],
      });
      const audio = await client.speech.tts({ model: 'speech-2.8-turbo', text: 'hi', voice_setting: VOICE });
      const urlAudio = await client.speech.tts({
        model: 'speech-2.8-turbo',
        text: 'hi',
        voice_setting: VOICE,
        output_format: 'url',
      });
      const image = await client.image.generate({ prompt: 'a cat' });
      const stream = client.speech.ttsStream({ model: 'speech-2.8-turbo', text: 'hi', voice_setting: VOICE });
      const message = client.text.createStream({
        model: 'MiniMax-M2.7',
        max_tokens: 8,
        messages: [{ role: 'user', content: 'hi' }],
      });
      const conn = await client.speech.connect({ model: 'speech-2.8-turbo', voice_setting: VOICE });
      const promise = client.voice.list();
      const subjects: Record<string, unknown> = {
        client,
        fromEnv,
        copy,
        chosen,
        chosenCopy,
        'chosen.text': chosen.text,
        'client.speech': client.speech,
        'client.files': client.files,
        audio,
        urlAudio,
        image,
        stream,
        message,
        conn,
        promise,
      };
      for (const [name, subject] of Object.entries(subjects)) {
        expectNoKey(name, ...renderings(subject), ...reachableStrings(subject));
      }
      expect(Object.keys(client)).not.toContain('apiKey');
      expect(Object.keys(chosen)).not.toContain('apiKey');
      await promise;
      await drain(stream);
      await message.finalMessage();
      await conn.close();
    } finally {
      vi.unstubAllEnvs();
      await mock.close();
      await dir.remove();
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('the key reaches the API host only', () => {
  interface Seen {
    host: 'api' | 'cdn';
    method: string;
    path: string;
    headers: IncomingHttpHeaders;
  }

  async function hosts() {
    const seen: Seen[] = [];
    const cdn = await startServer((req, res) => {
      seen.push({ host: 'cdn', method: req.method ?? '', path: req.url ?? '', headers: req.headers });
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end('CDN-BYTES');
    });
    const cdnURL = (path: string) => `${cdn.url}${path}`;
    const ok = { base_resp: { status_code: 0, status_msg: 'success' } };
    const api = await startServer(async (req, res) => {
      seen.push({ host: 'api', method: req.method ?? '', path: req.url ?? '', headers: req.headers });
      for await (const _ of req) {
        // The body is not needed, only consumed.
      }
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const json = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ...ok, ...(body as object) }));
      };
      if (path === '/v1/t2a_v2') json({ data: { audio: cdnURL('/speech.mp3'), status: 2 } });
      else if (path === '/v1/music_generation') json({ data: { audio: cdnURL('/music.mp3') } });
      else if (path === '/v1/voice_design') json({ voice_id: 'v1', trial_audio: cdnURL('/trial.mp3') });
      else if (path === '/v1/image_generation')
        json({ id: '1', data: { image_urls: [cdnURL('/a.png'), `${api.url}/hop/b.png`] }, metadata: {} });
      else if (path.startsWith('/hop/')) {
        // A handed-out URL on the API host that bounces to the CDN.
        res.writeHead(302, { location: cdnURL(path.slice(4)) });
        res.end();
      } else if (path === '/v1/files/retrieve_content') {
        // An authenticated API path that redirects to storage: the key must not follow.
        res.writeHead(302, { location: cdnURL('/file.bin') });
        res.end();
      } else {
        res.writeHead(404);
        res.end();
      }
    });
    // A WebSocket upgrade answered with a redirect to the CDN: it must not be followed.
    api.server.on('upgrade', (req, socket: Socket) => {
      seen.push({ host: 'api', method: 'UPGRADE', path: req.url ?? '', headers: req.headers });
      socket.end(
        `HTTP/1.1 302 Found\r\nLocation: ${cdn.url.replace('http', 'ws')}/ws\r\nContent-Length: 0\r\n\r\n`,
      );
    });
    return { seen, api, cdn };
  }

  it('downloads of handed-out URLs, redirects included, never carry the key; the WebSocket never follows a redirect', async () => {
    const { seen, api } = await hosts();
    const dir = await tempDir();
    const { fetch } = countingFetch();
    const client = newClient(api.url, fetch);
    try {
      const speech = await client.speech.tts({ model: 'speech-2.8-hd', text: 'hi', output_format: 'url' });
      await speech.save(join(dir.path, 'speech.mp3'));
      await (await client.music.generate({ prompt: 'lofi' })).bytes();
      await (await client.voice.design({ prompt: 'warm', preview_text: 'hello' })).trial_audio?.bytes();
      expect(await (await client.image.generate({ prompt: 'x' })).images()).toHaveLength(2);
      expect(new TextDecoder().decode(await client.files.retrieveContent({ file_id: 1 }))).toBe('CDN-BYTES');
      const ws = await client.speech
        .connect({ model: 'speech-2.8-hd', voice_setting: VOICE }, { timeout: 2_000 })
        .catch((e: unknown) => e);
      expect(ws).toBeInstanceOf(MiniMaxError);
    } finally {
      await dir.remove();
    }

    const cdnPaths = seen.filter((s) => s.host === 'cdn').map((s) => s.path);
    expect(cdnPaths.sort()).toEqual([
      '/a.png',
      '/b.png',
      '/file.bin',
      '/music.mp3',
      '/speech.mp3',
      '/trial.mp3',
    ]);
    for (const request of seen.filter((s) => s.host === 'cdn')) {
      expect(request.headers.authorization, request.path).toBeUndefined();
      expectNoKey(`CDN request ${request.path}`, safeJSON(request.headers));
    }
    // Downloads of URLs on the API host itself go out without the key too.
    const hop = seen.find((s) => s.path === '/hop/b.png');
    expect(hop?.headers.authorization).toBeUndefined();
    // The checks above mean something only because API calls do carry it.
    const calls = seen.filter((s) => s.host === 'api' && !s.path.startsWith('/hop/'));
    expect(calls.length).toBeGreaterThanOrEqual(6);
    for (const call of calls) expect(call.headers.authorization).toBe(`Bearer ${SECRET_KEY}`);
  });
});

// ---------------------------------------------------------------------------------------------

describe('TLS verification is never disabled', () => {
  function sourceFiles(dir: string): string[] {
    return readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .map((name) => join(dir, name))
      .filter((file) => /\.(ts|mts|cts|js|mjs)$/.test(file) && statSync(file).isFile());
  }

  it('no SDK or CLI source mentions a way to turn it off', () => {
    const files = [...sourceFiles(join(SDK, 'src')), ...sourceFiles(join(CLI, 'src'))];
    expect(files.length).toBeGreaterThan(20);
    const findings: string[] = [];
    for (const file of files) {
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const where = `${file.slice(ROOT.length)}:${i + 1}: ${line.trim()}`;
          // Setting either of these is how verification gets switched off; there is no safe use here.
          if (/NODE_TLS_REJECT_UNAUTHORIZED|checkServerIdentity/.test(line)) findings.push(where);
          if (/rejectUnauthorized/.test(line) && !/rejectUnauthorized\s*:\s*true\b/.test(line))
            findings.push(where);
          if (/\binsecure(SkipVerify)?\s*:\s*true/.test(line)) findings.push(where);
        });
    }
    expect(findings).toEqual([]);
  });

  // A self-signed certificate must be refused by HTTPS calls and by the WebSocket alike.
  const openssl = (() => {
    try {
      execFileSync('openssl', ['version'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  })();

  it.skipIf(!openssl)('a self-signed certificate is refused, before any request or key is sent', async () => {
    expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).not.toBe('0');
    const dir = await tempDir();
    const key = join(dir.path, 'key.pem');
    const cert = join(dir.path, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'ec',
        '-pkeyopt',
        'ec_paramgen_curve:prime256v1',
        '-nodes',
        '-keyout',
        key,
        '-out',
        cert,
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1,DNS:localhost',
      ],
      { stdio: 'ignore' },
    );
    let requests = 0;
    const server = createHttpsServer({ key: readFileSync(key), cert: readFileSync(cert) }, (_req, res) => {
      requests++;
      res.end('{}');
    });
    server.on('upgrade', () => requests++);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const baseURL = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const client = newClient(baseURL, globalThis.fetch, { maxRetries: 0, timeout: 5_000 });
      const http = await client.voice.list().catch((e: unknown) => e);
      expect(http).toBeInstanceOf(APIConnectionError);
      const ws = await client.speech
        .connect({ model: 'speech-2.8-hd', voice_setting: VOICE }, { timeout: 5_000 })
        .catch((e: unknown) => e);
      expect(ws).toBeInstanceOf(APIConnectionError);
      expect(String((ws as Error).message)).toMatch(/certificate/i);
      expect(requests).toBe(0);
    } finally {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await dir.remove();
    }
  });
});

// ---------------------------------------------------------------------------------------------

describe('a browser page must opt in', () => {
  const construct =
    (MiniMaxClass: typeof MiniMax, options: Record<string, unknown> = {}) =>
    () =>
      new MiniMaxClass({ apiKey: SECRET_KEY, baseURL: 'https://api.test', ...options });

  it('with window and document defined, the client refuses to start without dangerouslyAllowBrowser', () => {
    vi.stubGlobal('window', {});
    vi.stubGlobal('document', {});
    let error: unknown;
    try {
      construct(MiniMax)();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(MiniMaxError);
    expect(String(error)).toMatch(/dangerouslyAllowBrowser/);
    expectNoKey('browser refusal', ...renderings(error));
    expect(construct(MiniMax, { dangerouslyAllowBrowser: true })).not.toThrow();
    vi.unstubAllGlobals();
    expect(construct(MiniMax)).not.toThrow();
  });

  const dist = join(SDK, 'dist/index.js');
  it.skipIf(!existsSync(dist))('so does the built ESM bundle', async () => {
    const built = (await import(/* @vite-ignore */ pathToFileURL(dist).href)) as { MiniMax: typeof MiniMax };
    vi.stubGlobal('window', {});
    vi.stubGlobal('document', {});
    expect(construct(built.MiniMax)).toThrow(/dangerouslyAllowBrowser/);
    expect(construct(built.MiniMax, { dangerouslyAllowBrowser: true })).not.toThrow();
  });
});

// ---------------------------------------------------------------------------------------------

describe('local servers bind to loopback unless told otherwise', () => {
  it('the mock listens on 127.0.0.1 only', async () => {
    const mock = await startMockServer();
    try {
      expect(new URL(mock.url).hostname).toBe('127.0.0.1');
      // Reaching it through any other address of this machine must fail.
      const external = Object.values(networkInterfaces())
        .flat()
        .find((a) => a && a.family === 'IPv4' && !a.internal)?.address;
      if (external) {
        const outcome = await new Promise<string>((resolve) => {
          const socket = netConnect({ host: external, port: mock.port });
          socket.once('connect', () => {
            socket.destroy();
            resolve('connected');
          });
          socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
        });
        expect(outcome).toBe('ECONNREFUSED');
      }
    } finally {
      await mock.close();
    }
  });

  it('`minimax mock` defaults to 127.0.0.1', async () => {
    const source = readFileSync(join(CLI, 'src/commands/mock.ts'), 'utf8');
    expect(source).toMatch(/'--host <host>'[^)]*'127\.0\.0\.1'\s*\)/);

    // And when run: the printed URL is on loopback. (A runtime path, so the SDK's typecheck does
    // not pull the CLI's sources in.)
    const runPath = pathToFileURL(join(CLI, 'src/run.ts')).href;
    const { run } = (await import(/* @vite-ignore */ runPath)) as {
      run(argv: string[], io: Record<string, unknown>): Promise<number>;
    };
    let output = '';
    const stdout = new (class extends Writable {
      override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void) {
        output += chunk.toString();
        this.emit('written');
        callback();
      }
    })();
    const gotURL = new Promise<void>((resolve) => {
      stdout.on('written', () => {
        if (/"url"/.test(output)) resolve();
      });
    });
    const stderr = new Writable({ write: (_c, _e, cb) => cb() });
    const controller = new AbortController();
    const exit = run(['mock', '--json'], { stdout, stderr, env: {}, signal: controller.signal });
    await gotURL;
    controller.abort();
    expect(await exit).toBe(0);
    const printed = JSON.parse(output.slice(output.indexOf('{'), output.indexOf('}') + 1)) as { url: string };
    expect(new URL(printed.url).hostname).toBe('127.0.0.1');
  });
});

// ---------------------------------------------------------------------------------------------

describe('runtime dependencies', () => {
  type Version = [number, number, number];
  const parse = (v: string): Version => {
    const m = /^(\d+)\.(\d+)\.(\d+)/.exec(v.trim());
    if (!m) throw new Error(`not a version: ${v}`);
    return [Number(m[1]), Number(m[2]), Number(m[3])];
  };
  const compare = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

  /**
   * Every published advisory for `ws`, as affected ranges [from, fixed) (GitHub Advisory Database /
   * npm). The registry here answers no audit requests, so the list lives in the test.
   */
  const WS_ADVISORIES: { id: string; what: string; affected: [string, string][] }[] = [
    {
      id: 'CVE-2024-37890 (GHSA-3h5v-q93c-6h6q)',
      what: 'DoS: a request with many HTTP headers crashes a ws server',
      affected: [
        ['2.1.0', '5.2.4'],
        ['6.0.0', '6.2.3'],
        ['7.0.0', '7.5.10'],
        ['8.0.0', '8.17.1'],
      ],
    },
    {
      id: 'CVE-2021-32640 (GHSA-6fc8-4gx4-v693)',
      what: 'ReDoS in Sec-Websocket-Protocol header parsing',
      affected: [
        ['5.0.0', '5.2.3'],
        ['6.0.0', '6.2.2'],
        ['7.0.0', '7.4.6'],
      ],
    },
    {
      id: 'GHSA-5v72-xg48-5rpm (npm 550)',
      what: 'DoS: Sec-WebSocket-Extensions with Object.prototype names crashes a server',
      affected: [
        ['0.0.0', '1.1.5'],
        ['2.0.0', '3.3.1'],
      ],
    },
    { id: 'CVE-2016-10542 (npm 120)', what: 'DoS: unbounded payload size', affected: [['0.0.0', '1.1.1']] },
    {
      id: 'CVE-2016-10518 (npm 67)',
      what: 'remote memory disclosure via ping',
      affected: [['0.0.0', '1.0.1']],
    },
  ];

  const isAffected = (version: Version) =>
    WS_ADVISORIES.filter((a) =>
      a.affected.some(
        ([from, fixed]) => compare(version, parse(from)) >= 0 && compare(version, parse(fixed)) < 0,
      ),
    ).map((a) => a.id);

  /** The lowest version a declared range can resolve to; only ranges with one floor are allowed. */
  function floorOf(range: string): { floor: Version; ceiling: Version | undefined } {
    const r = range.trim();
    if (/\|\||\s-\s|[*xX]|latest|^\s*$/.test(r)) throw new Error(`range ${range} has no single floor`);
    const caret = /^\^(\d+\.\d+\.\d+)$/.exec(r);
    if (caret) {
      const floor = parse(caret[1] as string);
      return { floor, ceiling: floor[0] > 0 ? [floor[0] + 1, 0, 0] : [0, floor[1] + 1, 0] };
    }
    const tilde = /^~(\d+\.\d+\.\d+)$/.exec(r);
    if (tilde) {
      const floor = parse(tilde[1] as string);
      return { floor, ceiling: [floor[0], floor[1] + 1, 0] };
    }
    if (/^=?\d+\.\d+\.\d+$/.test(r)) {
      const exact = parse(r.replace('=', ''));
      return { floor: exact, ceiling: [exact[0], exact[1], exact[2] + 1] };
    }
    const ge = /^>=\s*(\d+\.\d+\.\d+)(?:\s+<\s*(\d+\.\d+\.\d+))?$/.exec(r);
    if (ge) return { floor: parse(ge[1] as string), ceiling: ge[2] ? parse(ge[2]) : undefined };
    throw new Error(`unsupported range ${range}`);
  }

  const sdkPackage = JSON.parse(readFileSync(join(SDK, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
  };

  it('the SDK depends on ws and nothing else', () => {
    expect(Object.keys(sdkPackage.dependencies ?? {})).toEqual(['ws']);
  });

  it('the installed ws is past every fixed version of every ws advisory', () => {
    const installedPath = [
      join(SDK, 'node_modules/ws/package.json'),
      join(ROOT, 'node_modules/ws/package.json'),
    ].find(existsSync) as string;
    const installed = parse((JSON.parse(readFileSync(installedPath, 'utf8')) as { version: string }).version);
    expect(isAffected(installed)).toEqual([]);
    expect(compare(installed, parse('8.17.1'))).toBeGreaterThanOrEqual(0);
  });

  it('the declared range cannot resolve to an affected ws', () => {
    const { floor, ceiling } = floorOf(sdkPackage.dependencies?.ws ?? '');
    expect(isAffected(floor)).toEqual([]);
    // Within one major, every advisory's affected range ends below the floor, so no version the
    // range admits (floor ≤ v < ceiling) can be affected either.
    for (const advisory of WS_ADVISORIES) {
      for (const [from, fixed] of advisory.affected) {
        const overlaps =
          compare(floor, parse(fixed)) < 0 && (ceiling === undefined || compare(parse(from), ceiling) < 0);
        expect(overlaps, `${advisory.id} overlaps ${sdkPackage.dependencies?.ws}`).toBe(false);
      }
    }
  });

  it('the range checker itself tells safe from unsafe ranges', () => {
    const overlapping = (range: string) => {
      const { floor, ceiling } = floorOf(range);
      return WS_ADVISORIES.some((a) =>
        a.affected.some(
          ([from, fixed]) =>
            compare(floor, parse(fixed)) < 0 && (ceiling === undefined || compare(parse(from), ceiling) < 0),
        ),
      );
    };
    expect(overlapping('^8.0.0')).toBe(true);
    expect(overlapping('^7.5.10')).toBe(false);
    expect(overlapping('~7.4.5')).toBe(true);
    expect(overlapping('>=6.0.0')).toBe(true);
    expect(overlapping('^8.17.1')).toBe(false);
    expect(() => floorOf('*')).toThrow();
    expect(() => floorOf('^7.0.0 || ^8.0.0')).toThrow();
  });
});
