/**
 * What a server sends cannot make the SDK misbehave: an error disguised as a 200 download, a body
 * that inflates without end, `__proto__` keys in JSON.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createGzip } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_DOWNLOAD_BYTES, MAX_ERROR_BYTES, MAX_JSON_BYTES } from '../../src/core/transport.js';
import { AuthError, MiniMax, MiniMaxError, ServerError } from '../../src/index.js';
import { fakeFetch } from '../helpers/fake-fetch.js';

const client = (fetch: typeof globalThis.fetch) =>
  new MiniMax({ apiKey: 'sk-answers-test', fetch, maxRetries: 0, logLevel: 'off' });
const octets = (body: string | ReadableStream<Uint8Array>) =>
  new Response(body, { status: 200, headers: { 'content-type': 'application/octet-stream' } });

describe('an error disguised as a 200 download', () => {
  it('an application/octet-stream body that is a base_resp error JSON is the mapped error', async () => {
    const { fetch } = fakeFetch(() =>
      octets('  {"base_resp":{"status_code":1004,"status_msg":"authorization failed"}}\n'),
    );
    const error = await client(fetch)
      .files.retrieveContent({ file_id: '42' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe(1004);
  });

  it('a stored JSON file is still the file: no base_resp, a base_resp of 0, or too big to be an error', async () => {
    const files = [
      '{"error":"this is a stored file that mentions an error"}',
      '{"base_resp":{"status_code":0,"status_msg":"success"},"data":1}',
      `{"base_resp":{"status_code":1004},"pad":"${'x'.repeat(70_000)}"}`,
      '[{"base_resp":{"status_code":1004}}]',
    ];
    for (const text of files) {
      const { fetch } = fakeFetch(() => octets(text));
      const bytes = await client(fetch).files.retrieveContent({ file_id: '42' });
      expect(new TextDecoder().decode(bytes)).toBe(text);
    }
  });
});

/** A body that never ends, made of one reused chunk (so the test itself holds no memory). */
function endless(chunk = new Uint8Array(1024 * 1024).fill(0x20)): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      sent += chunk.byteLength;
      // A hard stop far past every cap, so a regression fails instead of running forever.
      if (sent > 2 * MAX_DOWNLOAD_BYTES) controller.close();
      else controller.enqueue(chunk);
    },
  });
}

describe('decoded sizes are capped', () => {
  let server: Server | undefined;
  afterEach(async () => {
    await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
    server = undefined;
  });

  it('a JSON answer larger than MAX_JSON_BYTES is refused, its reading stopped', async () => {
    const body = endless();
    const { fetch } = fakeFetch(
      () => new Response(body, { headers: { 'content-type': 'application/json' } }),
    );
    const error = await client(fetch)
      .files.list({ purpose: 'voice_clone' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect((error as Error).message).toContain(`larger than ${MAX_JSON_BYTES} bytes`);
  });

  it('a download larger than MAX_DOWNLOAD_BYTES (the Files API limit) is refused', async () => {
    const { fetch } = fakeFetch(() => octets(endless()));
    const error = await client(fetch)
      .files.retrieveContent({ file_id: '42' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect((error as Error).message).toContain(`larger than ${MAX_DOWNLOAD_BYTES} bytes`);
  });

  it('a gzip error page that inflates without end is read to MAX_ERROR_BYTES only, then mapped', async () => {
    let inflated = 0;
    server = createServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/html', 'content-encoding': 'gzip' });
      const gzip = createGzip();
      gzip.pipe(res);
      const zeros = Buffer.alloc(256 * 1024, 0x41);
      const pump = () => {
        // Stop after far more than the cap (a regression then fails rather than hangs).
        while (inflated < 64 * MAX_ERROR_BYTES) {
          inflated += zeros.length;
          if (!gzip.write(zeros)) return void gzip.once('drain', pump);
        }
        gzip.end();
      };
      res.on('close', () => gzip.destroy());
      pump();
    });
    await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const c = new MiniMax({ apiKey: 'sk-answers-test', baseURL: url, maxRetries: 0, logLevel: 'off' });
    const error = await c.files.list({ purpose: 'voice_clone' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(((error as ServerError).body as string).length).toBeLessThanOrEqual(MAX_ERROR_BYTES);
    // The server was cut off long before it had sent everything.
    expect(inflated).toBeLessThan(64 * MAX_ERROR_BYTES);
  });
});

describe('__proto__ keys in server JSON never reach results', () => {
  const answers = [
    ['spelt out', '{"__proto__":{"polluted":"yes"},"task_id":"1","base_resp":{"status_code":0}}'],
    ['escaped', '{"\\u005f_proto__":{"polluted":"yes"},"task_id":"1","base_resp":{"status_code":0}}'],
    ['nested', '{"extra":{"__proto__":{"polluted":"yes"}},"task_id":"1","base_resp":{"status_code":0}}'],
  ] as const;

  for (const [label, text] of answers) {
    it(`${label}: video.create's result has no __proto__ key, and copying it pollutes nothing`, async () => {
      const { fetch } = fakeFetch(
        () => new Response(text, { headers: { 'content-type': 'application/json' } }),
      );
      const result = (await client(fetch).video.create({
        model: 'MiniMax-Hailuo-2.3',
        prompt: 'a fox',
      })) as unknown as Record<string, unknown>;
      expect(result.task_id).toBe('1');
      const hasProto = (o: unknown) => typeof o === 'object' && o !== null && Object.hasOwn(o, '__proto__');
      expect(hasProto(result)).toBe(false);
      expect(hasProto(result.extra)).toBe(false);
      expect((Object.assign({}, result) as Record<string, unknown>).polluted).toBeUndefined();
      expect((Object.assign({}, result.extra) as Record<string, unknown>).polluted).toBeUndefined();
    });
  }

  it('an error body keeps no __proto__ key either', async () => {
    const { fetch } = fakeFetch(
      () =>
        new Response('{"__proto__":{"polluted":"yes"},"base_resp":{"status_code":1004,"status_msg":"no"}}', {
          headers: { 'content-type': 'application/json' },
        }),
    );
    const error = (await client(fetch)
      .video.create({ model: 'MiniMax-Hailuo-2.3', prompt: 'a fox' })
      .catch((e: unknown) => e)) as MiniMaxError;
    expect(error).toBeInstanceOf(AuthError);
    expect(Object.hasOwn(error.body as object, '__proto__')).toBe(false);
  });
});
