/**
 * The WebSocket session against a real local server (`ws`), covering the seed's connect and
 * connection tests plus the robustness fixes of defect 6.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  AuthError,
  InputSafetyError,
  InvalidParameterError,
  MiniMax,
  MiniMaxError,
  type SpeechConnection,
  speechSocketURL,
} from '../../src/index.js';
import { TEST_KEY } from '../helpers/fake-fetch.js';
import { EXTRA, hex, ok, type SpeechServer, send, speak, startSpeechServer } from './ws-server.js';

const VOICE = { voice_id: 'English_expressive_narrator', speed: 1, vol: 1, pitch: 0 };
const decoder = new TextDecoder();

let servers: SpeechServer[] = [];
let connections: SpeechConnection[] = [];
let httpServer: Server | undefined;

afterEach(async () => {
  await Promise.all(connections.map((c) => c.close()));
  await Promise.all(servers.map((s) => s.close()));
  if (httpServer) {
    httpServer.closeAllConnections();
    await new Promise((resolve) => httpServer!.close(resolve));
  }
  servers = [];
  connections = [];
  httpServer = undefined;
});

async function server(...args: Parameters<typeof startSpeechServer>): Promise<SpeechServer> {
  const s = await startSpeechServer(...args);
  servers.push(s);
  return s;
}

function client(baseURL: string, timeout = 2_000): MiniMax {
  return new MiniMax({ apiKey: TEST_KEY, baseURL, timeout, maxRetries: 0, logLevel: 'off' });
}

async function connect(
  s: SpeechServer | string,
  options: Parameters<MiniMax['speech']['connect']>[1] = {},
  params: Partial<Parameters<MiniMax['speech']['connect']>[0]> = {},
): Promise<SpeechConnection> {
  const base = typeof s === 'string' ? s : s.url;
  const conn = await client(base).speech.connect(
    { model: 'speech-2.8-turbo', voice_setting: VOICE, ...params },
    options,
  );
  connections.push(conn);
  return conn;
}

const text = (bytes: Uint8Array) => decoder.decode(bytes);

describe('speechSocketURL', () => {
  it('maps https to wss and http to ws, keeping port and path', () => {
    expect(speechSocketURL('https://api.minimax.io')).toBe('wss://api.minimax.io/ws/v1/t2a_v2');
    expect(speechSocketURL('https://api.minimax.io:8443')).toBe('wss://api.minimax.io:8443/ws/v1/t2a_v2');
    // The seed dropped the path and forced wss (defect 6); the port keeps both.
    expect(speechSocketURL('https://proxy.example/minimax/')).toBe(
      'wss://proxy.example/minimax/ws/v1/t2a_v2',
    );
    expect(speechSocketURL('http://127.0.0.1:9000')).toBe('ws://127.0.0.1:9000/ws/v1/t2a_v2');
  });
});

describe('connect', () => {
  it('handshakes: headers, path, task_start, session id', async () => {
    const s = await server();
    const conn = await connect(s);
    expect(conn.session_id).toBe('sess-1');
    expect(conn.trace_id).toBe('tr-ws');
    expect(conn.url).toBe(`ws://127.0.0.1:${s.port}/ws/v1/t2a_v2`);
    expect(s.upgrades).toHaveLength(1);
    expect(s.upgrades[0]!.path).toBe('/ws/v1/t2a_v2');
    expect(s.upgrades[0]!.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(s.upgrades[0]!.headers['user-agent']).toMatch(/^minimax-sdk-typescript\//);
    // Exactly one frame, task_start with the model and voice setting only.
    expect(s.received).toEqual([{ event: 'task_start', model: 'speech-2.8-turbo', voice_setting: VOICE }]);
  });

  it('sends every optional setting in the seed order', async () => {
    const s = await server();
    const all = {
      audio_setting: { sample_rate: 32000, bitrate: 128000, format: 'mp3', channel: 1 },
      language_boost: 'English',
      voice_modify: { pitch: 0, intensity: 10, timbre: -5, sound_effects: 'robotic' },
      pronunciation_dict: { tone: ['Omg/Oh my god'] },
      timbre_weights: [{ voice_id: 'a', weight: 50 }],
    };
    await connect(s, {}, all);
    expect(Object.keys(s.received[0]!).sort()).toEqual(
      [
        'event',
        'model',
        'voice_setting',
        'audio_setting',
        'language_boost',
        'voice_modify',
        'pronunciation_dict',
        'timbre_weights',
      ].sort(),
    );
    expect(s.received[0]).toMatchObject(all);
  });

  it('keeps the base URL path', async () => {
    const s = await server();
    await connect(`${s.url}/proxy`);
    expect(s.upgrades[0]!.path).toBe('/proxy/ws/v1/t2a_v2');
  });

  it('works without connected_success and with binary frames', async () => {
    const s = await server({
      connection: () => {},
      task_start: (socket) =>
        socket.send(Buffer.from(JSON.stringify({ event: 'task_started', session_id: 'bin', base_resp: ok }))),
      task_continue: (socket, m) =>
        socket.send(
          Buffer.from(
            JSON.stringify({ data: { audio: hex(String(m.text)) }, is_final: true, base_resp: ok }),
          ),
          { binary: true },
        ),
    });
    const conn = await connect(s);
    expect(conn.session_id).toBe('bin');
    expect(text((await conn.send({ text: 'bytes' })).data)).toBe('bytes');
  });

  it('validates before connecting', async () => {
    const s = await server();
    const speech = client(s.url).speech;
    await expect(speech.connect({ model: 'speech-2.8-hd' } as never)).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
    await expect(speech.connect({ voice_setting: VOICE } as never)).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
    expect(s.upgrades).toHaveLength(0);
  });

  it('maps a task_failed with a code at start, and closes the socket', async () => {
    const s = await server({
      task_start: (socket) =>
        send(socket, { event: 'task_failed', base_resp: { status_code: 1004, status_msg: 'bad key' } }),
    });
    const error = await connect(s).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe(1004);
    await s.waitForClose();
  });

  it('raises task_failed with code 0 as MiniMaxError with its message', async () => {
    const s = await server({
      task_start: (socket) => send(socket, { event: 'task_failed', message: 'no such voice', base_resp: ok }),
    });
    await expect(connect(s)).rejects.toThrow(/no such voice/);
    await s.waitForClose();
  });

  it('checks connected_success for an error code', async () => {
    const s = await server({
      connection: (socket) =>
        send(socket, {
          event: 'connected_success',
          base_resp: { status_code: 1008, status_msg: 'no balance' },
        }),
    });
    await expect(connect(s)).rejects.toMatchObject({ name: 'InsufficientBalanceError', code: 1008 });
    await s.waitForClose();
  });

  it('times out a handshake that never completes, and closes the socket', async () => {
    const s = await server({ task_start: () => {} });
    const started = Date.now();
    await expect(connect(s, { timeout: 200 })).rejects.toBeInstanceOf(APITimeoutError);
    expect(Date.now() - started).toBeLessThan(1_500);
    await s.waitForClose();
  });

  it('aborts the handshake through the signal', async () => {
    const s = await server({ task_start: () => {} });
    const controller = new AbortController();
    const pending = connect(s, { signal: controller.signal });
    await s.waitForMessages(1);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    await s.waitForClose();
  });

  it('turns a refused connection into APIConnectionError', async () => {
    const s = await server();
    const url = s.url;
    await s.close();
    servers = [];
    await expect(connect(url)).rejects.toThrow(APIConnectionError);
    await expect(connect(url)).rejects.toThrow(/Failed to establish WebSocket connection/);
  });

  it('turns an HTTP 401 upgrade refusal into AuthError', async () => {
    const s = await server({}, { verifyClient: (_info, done) => done(false, 401, 'Unauthorized') });
    const error = await connect(s).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).status).toBe(401);
  });

  it('maps a base_resp in a refused upgrade body', async () => {
    httpServer = createServer();
    httpServer.on('upgrade', (_request, socket) => {
      const body = JSON.stringify({
        base_resp: { status_code: 1004, status_msg: 'login fail' },
        trace_id: 'tr-401',
      });
      socket.end(
        `HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
      );
    });
    await new Promise<void>((resolve) => httpServer!.listen(0, '127.0.0.1', resolve));
    const port = (httpServer.address() as AddressInfo).port;
    const error = await connect(`http://127.0.0.1:${port}`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error).toMatchObject({ code: 1004, message: 'login fail', trace_id: 'tr-401' });
  });
});

describe('send', () => {
  it('assembles the audio and keeps the metadata of the last frame that has it', async () => {
    const s = await server({
      task_continue: (socket) => {
        send(socket, {
          event: 'task_continued',
          data: { audio: '4865' },
          extra_info: { audio_length: 1 },
          base_resp: ok,
        });
        // Hex split at an odd position: joined first, decoded once.
        send(socket, { event: 'task_continued', data: { audio: '6c6c6' }, base_resp: ok });
        send(socket, {
          event: 'task_continued',
          data: { audio: 'f' },
          extra_info: EXTRA,
          base_resp: ok,
          trace_id: 't2',
        });
        send(socket, { event: 'task_continued', data: { audio: '' }, is_final: true, base_resp: ok });
      },
    });
    const conn = await connect(s);
    const audio = await conn.send({ text: 'Hello' });
    expect(text(audio.data)).toBe('Hello');
    expect(audio).toMatchObject({
      duration: 1234,
      sample_rate: 32000,
      size: 5,
      format: 'mp3',
      trace_id: 't2',
    });
    expect(audio.extra_info).toEqual(EXTRA);
    expect(s.received[1]).toEqual({ event: 'task_continue', text: 'Hello' });
  });

  it('accepts audio frames without an event field (the vendor sample)', async () => {
    const s = await server({
      task_continue: (socket, m) => {
        send(socket, { data: { audio: hex(String(m.text)) }, is_final: false, base_resp: ok });
        send(socket, {
          data: { audio: '' },
          extra_info: { audio_format: 'pcm' },
          is_final: true,
          base_resp: ok,
        });
      },
    });
    const audio = await (await connect(s)).send({ text: 'no event' });
    expect(text(audio.data)).toBe('no event');
    expect(audio.format).toBe('pcm');
  });

  it('gives defaults for no chunks and sparse metadata', async () => {
    const s = await server({
      task_continue: (socket) =>
        send(socket, { event: 'task_continued', data: null, is_final: true, base_resp: ok }),
    });
    const audio = await (await connect(s)).send({ text: 'x' });
    expect(audio.data.byteLength).toBe(0);
    expect(audio).toMatchObject({ duration: 0, sample_rate: 0, size: 0, format: 'mp3' });
    expect(audio.extra_info).toBeUndefined();
  });

  it('size falls back to the decoded length', async () => {
    const s = await server({
      task_continue: (socket, m) => speak(socket, String(m.text), { audio_length: 5 }),
    });
    const audio = await (await connect(s)).send({ text: 'seven!!' });
    expect(audio.size).toBe(7);
    expect(audio.sample_rate).toBe(0);
  });

  it('serves many sends on one connection', async () => {
    const s = await server();
    const conn = await connect(s);
    for (const word of ['one', 'two', 'three'])
      expect(text((await conn.send({ text: word })).data)).toBe(word);
    expect(s.received.map((m) => m.event)).toEqual([
      'task_start',
      'task_continue',
      'task_continue',
      'task_continue',
    ]);
  });

  it('serialises concurrent sends: the second text goes out after the first is final', async () => {
    const s = await server({
      task_continue: (socket, m) => setTimeout(() => speak(socket, String(m.text)), 50),
    });
    const conn = await connect(s);
    const order: string[] = [];
    const first = conn.send({ text: 'first' }).then((a) => {
      order.push(`done ${text(a.data)}`);
      return a;
    });
    const second = conn.send({ text: 'second' }).then((a) => {
      order.push(`done ${text(a.data)}`);
      return a;
    });
    await s.waitForMessages(2);
    await new Promise((r) => setTimeout(r, 20));
    // While the first is being answered, the second has not been sent.
    expect(s.received).toHaveLength(2);
    expect(text((await first).data)).toBe('first');
    expect(text((await second).data)).toBe('second');
    expect(order).toEqual(['done first', 'done second']);
    expect(s.received.slice(1).map((m) => m.text)).toEqual(['first', 'second']);
  });

  it('maps a task_failed mid-send and closes the connection', async () => {
    const s = await server({
      task_continue: (socket) =>
        send(socket, {
          event: 'task_failed',
          base_resp: { status_code: 1026, status_msg: 'input sensitive' },
          trace_id: 'tr-f',
        }),
    });
    const conn = await connect(s);
    const error = await conn.send({ text: 'bad' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InputSafetyError);
    expect(error).toMatchObject({ code: 1026, trace_id: 'tr-f' });
    await s.waitForClose();
    expect(conn.closed).toBe(true);
    await expect(conn.send({ text: 'again' })).rejects.toThrow(/closed/);
  });

  it('raises task_failed with code 0 as MiniMaxError with its message', async () => {
    const s = await server({
      task_continue: (socket) =>
        send(socket, { event: 'task_failed', message: 'text too long', base_resp: ok }),
    });
    const error = await (await connect(s)).send({ text: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect((error as MiniMaxError).message).toBe('text too long');
  });

  it('turns a socket drop mid-send into APIConnectionError', async () => {
    const s = await server({
      task_continue: (socket, m) => {
        send(socket, { event: 'task_continued', data: { audio: hex(String(m.text)) }, base_resp: ok });
        setTimeout(() => socket.terminate(), 20);
      },
    });
    const conn = await connect(s);
    await expect(conn.send({ text: 'drop' })).rejects.toThrow(/closed unexpectedly/);
    await expect(conn.send({ text: 'drop' })).rejects.toThrow(/closed/);
  });

  it('bounds a missing is_final with the idle timeout and closes the connection', async () => {
    const s = await server({
      task_continue: (socket, m) =>
        send(socket, { event: 'task_continued', data: { audio: hex(String(m.text)) }, base_resp: ok }),
    });
    const conn = await connect(s, { idleTimeout: 150 });
    const started = Date.now();
    await expect(conn.send({ text: 'never final' })).rejects.toBeInstanceOf(APITimeoutError);
    expect(Date.now() - started).toBeLessThan(1_000);
    await s.waitForClose();
    await expect(conn.send({ text: 'x' })).rejects.toThrow(/closed/);
  });

  it('lets a send override the idle timeout', async () => {
    const s = await server({ task_continue: () => {} });
    const conn = await connect(s);
    const started = Date.now();
    await expect(conn.send({ text: 'x' }, { timeout: 100 })).rejects.toBeInstanceOf(APITimeoutError);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('aborts a send through its signal and closes the connection', async () => {
    const s = await server({ task_continue: () => {} });
    const conn = await connect(s);
    const controller = new AbortController();
    const pending = conn.send({ text: 'slow' }, { signal: controller.signal });
    await s.waitForMessages(2);
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    await s.waitForClose();
    expect(conn.closed).toBe(true);
  });

  it('an abort while waiting for the turn leaves the connection alone', async () => {
    const s = await server({
      task_continue: (socket, m) => setTimeout(() => speak(socket, String(m.text)), 50),
    });
    const conn = await connect(s);
    const first = conn.send({ text: 'first' });
    const controller = new AbortController();
    const second = conn.send({ text: 'second' }, { signal: controller.signal });
    controller.abort();
    await expect(second).rejects.toBeInstanceOf(APIUserAbortError);
    expect(text((await first).data)).toBe('first');
    expect(text((await conn.send({ text: 'third' })).data)).toBe('third');
    expect(s.received.slice(1).map((m) => m.text)).toEqual(['first', 'third']);
  });

  it('rejects a bad hex payload with MiniMaxError', async () => {
    const s = await server({
      task_continue: (socket) => send(socket, { data: { audio: 'zz' }, is_final: true, base_resp: ok }),
    });
    await expect((await connect(s)).send({ text: 'x' })).rejects.toThrow(/Invalid hex/);
  });

  it('fails on a malformed frame', async () => {
    const s = await server({ task_continue: (socket) => socket.send('not json') });
    await expect((await connect(s)).send({ text: 'x' })).rejects.toThrow(/Malformed WebSocket frame/);
  });

  it('accepts frames far above 1 MiB', async () => {
    const big = 'a'.repeat(3 * 1024 * 1024);
    const s = await server({
      task_continue: (socket) => send(socket, { data: { audio: hex(big) }, is_final: true, base_resp: ok }),
    });
    const audio = await (await connect(s)).send({ text: 'long' });
    expect(audio.data.byteLength).toBe(big.length);
  });

  it('validates the text', async () => {
    const conn = await connect(await server());
    await expect(conn.send({} as never)).rejects.toBeInstanceOf(InvalidParameterError);
    expect(() => conn.sendStream({ text: 1 } as never)).toThrow(InvalidParameterError);
  });

  it('never reads a text the params only inherit (a prototype, or JSON.parse of a __proto__ key)', async () => {
    const s = await server();
    const conn = await connect(s);
    for (const params of [
      Object.create({ text: 'inherited' }) as { text: string },
      JSON.parse('{"__proto__": {"text": "inherited"}}') as { text: string },
    ]) {
      await expect(conn.send(params)).rejects.toBeInstanceOf(InvalidParameterError);
      expect(() => conn.sendStream(params)).toThrow(InvalidParameterError);
    }
    expect(s.received.map((m) => m.event)).not.toContain('task_continue');
  });
});

describe('sendStream', () => {
  it('sends at once and yields each chunk, skipping empty audio', async () => {
    const s = await server({
      task_continue: (socket) => {
        send(socket, { event: 'task_continued', data: { audio: hex('ab') }, base_resp: ok });
        send(socket, { event: 'task_continued', data: { audio: '' }, base_resp: ok });
        send(socket, { data: { audio: hex('cd') }, base_resp: ok });
        send(socket, {
          event: 'task_continued',
          data: { audio: hex('ef') },
          extra_info: EXTRA,
          is_final: true,
          base_resp: ok,
        });
      },
    });
    const conn = await connect(s);
    const stream = conn.sendStream({ text: 'streamed' });
    // The text goes out before anyone iterates.
    await s.waitForMessages(2);
    expect(s.received[1]).toEqual({ event: 'task_continue', text: 'streamed' });
    const chunks: string[] = [];
    for await (const chunk of stream) chunks.push(text(chunk));
    expect(chunks).toEqual(['ab', 'cd', 'ef']);
    expect(stream.extra_info).toEqual(EXTRA);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/read once/);
  });

  it('breaking out keeps the connection usable', async () => {
    const s = await server({
      task_continue: (socket, m) => {
        for (const c of String(m.text))
          send(socket, { event: 'task_continued', data: { audio: hex(c) }, base_resp: ok });
        send(socket, { event: 'task_continued', data: { audio: '' }, is_final: true, base_resp: ok });
      },
    });
    const conn = await connect(s);
    for await (const chunk of conn.sendStream({ text: 'abcdef' })) {
      expect(text(chunk)).toBe('a');
      break;
    }
    expect(text((await conn.send({ text: 'next' })).data)).toBe('next');
    expect(conn.closed).toBe(false);
  });

  it('a send waits for an earlier stream', async () => {
    const s = await server();
    const conn = await connect(s);
    const stream = conn.sendStream({ text: 'first' });
    const second = conn.send({ text: 'second' });
    const parts: string[] = [];
    for await (const chunk of stream) parts.push(text(chunk));
    expect(parts.join('')).toBe('first');
    expect(text((await second).data)).toBe('second');
  });

  it('maps task_failed mid-stream', async () => {
    const s = await server({
      task_continue: (socket) => {
        send(socket, { event: 'task_continued', data: { audio: hex('ok') }, base_resp: ok });
        send(socket, { event: 'task_failed', base_resp: { status_code: 1004, status_msg: 'expired' } });
      },
    });
    const conn = await connect(s);
    const chunks: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of conn.sendStream({ text: 'x' })) chunks.push(text(chunk));
      })(),
    ).rejects.toBeInstanceOf(AuthError);
    expect(chunks).toEqual(['ok']);
    await s.waitForClose();
  });

  it('reports a socket drop and a closed connection on iteration', async () => {
    const s = await server({ task_continue: (socket) => socket.terminate() });
    const conn = await connect(s);
    const iterate = async () => {
      for await (const _ of conn.sendStream({ text: 'x' })) {
        // nothing arrives
      }
    };
    await expect(iterate()).rejects.toBeInstanceOf(APIConnectionError);
    expect(() => conn.sendStream({ text: 'x' })).toThrow(/closed/);
  });
});

describe('close', () => {
  it('sends exactly one task_finish, is idempotent, and refuses later sends', async () => {
    const s = await server();
    const conn = await connect(s);
    await Promise.all([conn.close(), conn.close()]);
    await conn.close();
    expect(s.received.filter((m) => m.event === 'task_finish')).toHaveLength(1);
    await s.waitForClose();
    await expect(conn.send({ text: 'late' })).rejects.toThrow(/closed/);
    expect(conn.closed).toBe(true);
  });

  it('swallows task_failed, a dropped socket and a silent server', async () => {
    const failing = await server({
      task_finish: (socket) =>
        send(socket, { event: 'task_failed', base_resp: { status_code: 1004, status_msg: 'x' } }),
    });
    await expect((await connect(failing, { idleTimeout: 200 })).close()).resolves.toBeUndefined();

    const dropping = await server({ task_finish: (socket) => socket.terminate() });
    await expect((await connect(dropping)).close()).resolves.toBeUndefined();

    const silent = await server({ task_finish: () => {} });
    const conn = await connect(silent, { idleTimeout: 200 });
    const started = Date.now();
    await conn.close();
    expect(Date.now() - started).toBeLessThan(2_500);
    await silent.waitForClose();
  });

  it('close after the server dropped resolves at once', async () => {
    const s = await server();
    const conn = await connect(s);
    s.sockets[0]!.terminate();
    await s.waitForClose();
    await new Promise((r) => setTimeout(r, 20));
    await expect(conn.close()).resolves.toBeUndefined();
    expect(s.received.some((m) => m.event === 'task_finish')).toBe(false);
  });

  it('interrupts a running send', async () => {
    const s = await server({ task_continue: () => {} });
    const conn = await connect(s);
    const pending = conn.send({ text: 'x' }).catch((e: unknown) => e);
    await s.waitForMessages(2);
    await conn.close();
    expect(await pending).toMatchObject({ message: expect.stringMatching(/closed/) });
  });

  it('await using closes at the end of the block', async () => {
    const s = await server();
    {
      await using conn = await client(s.url).speech.connect({ model: 'speech-2.8-hd', voice_setting: VOICE });
      expect(text((await conn.send({ text: 'scoped' })).data)).toBe('scoped');
    }
    expect(s.received.at(-1)).toEqual({ event: 'task_finish' });
    await s.waitForClose();
  });

  it('leaves no timers behind', async () => {
    const s = await server();
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const before = timers();
    const conn = await connect(s, { idleTimeout: 5_000 });
    await conn.send({ text: 'x' });
    await conn.close();
    await s.waitForClose();
    await new Promise((r) => setImmediate(r));
    expect(timers()).toBeLessThanOrEqual(before);
  });
});
