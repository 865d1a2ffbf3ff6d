// The built package as consumers meet it: a browser bundle with no flags, tree shaking, the CJS
// entry, and the web build's file seam. Needs `npm run build` first (npm test does it).
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const require = createRequire(import.meta.url);

async function browserBundle(contents: string, conditions: string[] = []) {
  const result = await build({
    stdin: { contents, resolveDir: ROOT },
    conditions,
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  return { result, text: new TextDecoder().decode(code), gzip: gzipSync(code, { level: 9 }).byteLength };
}

describe('built package', () => {
  it('bundles for a browser with no flags, no warnings and no Node-only import', async () => {
    const { result, text } = await browserBundle(
      "import MiniMax from 'minimax-sdk'; console.log(new MiniMax({ apiKey: 'k' }).speech.connect);",
    );
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(text).not.toMatch(/node:|require\(["']ws["']\)|import\(["']ws["']\)/);
    // Nor the `ws` package's socket adapter, which only the Node build can use, nor the
    // bidirectional session, which needs it, nor the speech session a browser cannot open.
    expect(text).not.toContain('unexpected-response');
    expect(text).not.toContain('task_flush');
    expect(text).not.toContain('task_continue');
  });

  it('tree-shakes an errors-only import to under 2 KiB min+gzip, without the client', async () => {
    const { text, gzip } = await browserBundle(
      "import { MiniMaxError } from 'minimax-sdk'; console.log(MiniMaxError);",
    );
    expect(gzip).toBeLessThanOrEqual(2048);
    expect(text).not.toContain('MINIMAX_API_KEY');
  });

  it('require() gives the client class with every named export on it', () => {
    const MiniMax = require('minimax-sdk');
    const esm = require('minimax-sdk') as Record<string, unknown>;
    expect(typeof MiniMax).toBe('function');
    expect(new MiniMax({ apiKey: 'k' }).text).toBeDefined();
    expect(MiniMax.MiniMax).toBe(MiniMax);
    expect(MiniMax.default).toBe(MiniMax);
    expect(typeof esm.MiniMaxError).toBe('function');
    expect(typeof esm.toFile).toBe('function');
  });

  it('the web build rejects file paths with a MiniMaxError instead of importing node:fs', async () => {
    const web = await import(`${ROOT}packages/minimax-sdk/dist/index.web.js`);
    await expect(web.writeFileAtomic('x.txt', 'hi')).rejects.toBeInstanceOf(web.MiniMaxError);
    await expect(web.writeFileAtomic('x.txt', 'hi')).rejects.toThrow(/file system/);
  });

  it("the web build's speech socket, in a browser, rejects with a MiniMaxError that names the header and the way around", async () => {
    // The browser bundle run in a scope with a browser's globals and no `process`, Bun or Deno.
    const { result, text } = await browserBundle(`
      import MiniMax, { MiniMaxError } from 'minimax-sdk';
      const client = new MiniMax({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', dangerouslyAllowBrowser: true });
      const settle = (opening) =>
        opening.then(() => 'opened', (error) => ({ miniMax: error instanceof MiniMaxError, message: error.message }));
      const params = { model: 'speech-2.8-hd', voice_setting: { voice_id: 'x' } };
      globalThis.outcome = Promise.all([
        settle(client.speech.connect(params)),
        settle(client.speech.connectBidi(params)),
      ]);
    `);
    expect(result.errors).toEqual([]);
    let opened = 0;
    const scope = vm.createContext({
      URL,
      Headers,
      Response,
      Request,
      TextDecoder,
      TextEncoder,
      AbortController,
      AbortSignal,
      setTimeout,
      clearTimeout,
      queueMicrotask,
      console,
      fetch: () => Promise.reject(new Error('no network here')),
      WebSocket: class {
        constructor() {
          opened++;
        }
      },
      window: {},
      document: {},
    });
    vm.runInContext(text.replace(/^export\s*\{[^}]*\};?\s*$/m, ''), scope);
    const outcomes = await (scope as { outcome: Promise<unknown[]> }).outcome;
    // connect and connectBidi alike: the header is what a browser lacks.
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({ miniMax: true });
      expect((outcome as { message: string }).message).toMatch(/Authorization header.*browser.*proxy/);
    }
    expect(opened).toBe(0);
  });

  it('the web build run by Node (no ws in it) rejects the speech sockets with a MiniMaxError', async () => {
    const web = await import(`${ROOT}packages/minimax-sdk/dist/index.web.js`);
    const client = new web.MiniMax({ apiKey: 'k', baseURL: 'http://127.0.0.1:9' });
    const params = { model: 'speech-2.8-hd', voice_setting: { voice_id: 'x' } };
    for (const opening of [client.speech.connect(params), client.speech.connectBidi(params)]) {
      await expect(opening).rejects.toBeInstanceOf(web.MiniMaxError);
      await expect(opening).rejects.toThrow(/"ws" package/);
    }
    // Bad parameters are still refused before any socket, as in the Node build.
    await expect(client.speech.connectBidi({ voice_setting: { voice_id: 'x' } })).rejects.toBeInstanceOf(
      web.InvalidParameterError,
    );
  });

  it('the browser build run by Node rejects the speech sockets with a MiniMaxError that says which build it is', async () => {
    const browser = await import(`${ROOT}packages/minimax-sdk/dist/index.browser.js`);
    const client = new browser.MiniMax({ apiKey: 'k', baseURL: 'http://127.0.0.1:9' });
    const params = { model: 'speech-2.8-hd', voice_setting: { voice_id: 'x' } };
    const connecting = client.speech.connect(params);
    await expect(connecting).rejects.toBeInstanceOf(browser.MiniMaxError);
    await expect(connecting).rejects.toThrow(/browser build/);
    await expect(client.speech.connectBidi(params)).rejects.toThrow(/"ws" package/);
    await expect(client.speech.connect({ voice_setting: { voice_id: 'x' } })).rejects.toBeInstanceOf(
      browser.InvalidParameterError,
    );
  });

  it("the web build's bidirectional session, in workerd, rejects with a MiniMaxError that names the pings", async () => {
    // workerd's globals: a WebSocketPair, no window, no process; its bundler's conditions.
    const { text } = await browserBundle(
      `
      import MiniMax, { MiniMaxError } from 'minimax-sdk';
      const client = new MiniMax({ apiKey: 'k', baseURL: 'http://127.0.0.1:9' });
      globalThis.outcome = client.speech
        .connectBidi({ model: 'speech-2.8-hd', voice_setting: { voice_id: 'x' } })
        .then(() => 'opened', (error) => ({ miniMax: error instanceof MiniMaxError, message: error.message }));
    `,
      ['workerd', 'worker'],
    );
    let fetched = 0;
    const scope = vm.createContext({
      URL,
      Headers,
      Response,
      Request,
      TextDecoder,
      TextEncoder,
      AbortController,
      AbortSignal,
      setTimeout,
      clearTimeout,
      queueMicrotask,
      console,
      fetch: () => {
        fetched++;
        return Promise.reject(new Error('no network here'));
      },
      WebSocketPair: class {},
    });
    vm.runInContext(text.replace(/^export\s*\{[^}]*\};?\s*$/m, ''), scope);
    const outcome = await (scope as { outcome: Promise<unknown> }).outcome;
    expect(outcome).toMatchObject({ miniMax: true });
    expect((outcome as { message: string }).message).toMatch(/ping.*speech\.connect works here/);
    expect(fetched).toBe(0);
  });
});
