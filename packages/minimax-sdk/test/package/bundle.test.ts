// The built package as consumers meet it: a browser bundle with no flags, tree shaking, the CJS
// entry, and the web build's file seam. Needs `npm run build` first (npm test does it).
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import type { Stats } from 'webpack';

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

/** A browser app built by Vite (Rollup), with the warnings Vite and Rollup gave. */
async function viteBundle(entry: string): Promise<{ code: string; warnings: string[] }> {
  const { build } = await import('vite');
  const warnings: string[] = [];
  const out = await build({
    configFile: false,
    root: ROOT,
    logLevel: 'warn',
    // Vite's own warnings (e.g. "externalized for browser compatibility") and Rollup's alike.
    customLogger: {
      info() {},
      warn: (message) => void warnings.push(message),
      warnOnce: (message) => void warnings.push(message),
      error: (message) => void warnings.push(message),
      clearScreen() {},
      hasErrorLogged: () => false,
      hasWarned: false,
    },
    plugins: [
      {
        name: 'app-entry',
        resolveId: (id) => (id === 'app:entry' ? '\0app-entry' : null),
        load: (id) => (id === '\0app-entry' ? entry : null),
      },
    ],
    build: {
      write: false,
      modulePreload: false,
      rollupOptions: { input: 'app:entry', onwarn: (warning) => void warnings.push(warning.message) },
    },
  });
  const chunks = (Array.isArray(out) ? out : [out]).flatMap((o) =>
    'output' in o ? o.output.filter((item) => item.type === 'chunk') : [],
  );
  return { code: chunks.map((chunk) => chunk.code).join('\n'), warnings };
}

/**
 * A browser app built by webpack 5 the way an app's own config would have it: `target: 'web'`,
 * production mode, nothing else (no fallbacks, aliases, externals or plugins). The app is a file
 * in a folder of its own under .tmp/, so `minimax-sdk` resolves from the repository's
 * node_modules as it does from an app's; the folder goes once the build is read.
 */
async function webpackBundle(
  entry: string,
  target: 'web' | 'webworker' = 'web',
): Promise<{ code: string; errors: string[]; warnings: string[]; gzip: number }> {
  const { default: webpack } = await import('webpack');
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', 'webpack-'));
  try {
    writeFileSync(join(dir, 'app.js'), entry);
    const stats = await new Promise<Stats>((resolve, reject) =>
      webpack(
        {
          context: dir,
          entry: './app.js',
          target,
          mode: 'production',
          output: { path: join(dir, 'dist'), filename: 'app.js' },
        },
        (error, result) => (error || !result ? reject(error) : resolve(result)),
      ),
    );
    const { errors, warnings } = stats.compilation;
    const code = errors.length === 0 ? readFileSync(join(dir, 'dist', 'app.js'), 'utf8') : '';
    return {
      code,
      errors: errors.map((e) => e.message),
      warnings: warnings.map((w) => w.message),
      gzip: gzipSync(code, { level: 9 }).byteLength,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The errors-only app built by webpack once, for the two tests that read it. */
let webpackErrorsOnly: ReturnType<typeof webpackBundle> | undefined;
const errorsOnlyByWebpack = () => (webpackErrorsOnly ??= webpackBundle(ERRORS_ONLY_APP));

/** What only a browser app that never names them should lack: the other resources' paths and the task poller (speech and video). */
const OTHER_RESOURCES = [
  '/v1/music_generation',
  '/v2/video_generation',
  '/v1/t2a_v2',
  '/v1/chat/completions',
  '/v1/voice_clone',
  'no task_id to poll',
];

/** Each text-only build has text's path and none of `OTHER_RESOURCES`; the full client has them all. */
function expectOnlyText(textOnly: string[], full: string) {
  for (const code of [...textOnly, full]) expect(code).toContain('/anthropic/v1/messages');
  for (const marker of OTHER_RESOURCES) {
    for (const code of textOnly) expect(code, marker).not.toContain(marker);
    expect(full, marker).toContain(marker);
  }
}

/** A Node-only import left in a bundle: a `node:` module or the `ws` package. */
const NODE_ONLY_IMPORT = /node:|require\(["']ws["']\)|import\(["']ws["']\)|from\s*["']ws["']/;

/** A fresh vm context with the web platform's globals a bundle needs; `extra` adds the runtime's own. */
function webScope(extra: Record<string, unknown> = {}): vm.Context {
  return vm.createContext({
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
    ...extra,
  });
}

/**
 * Runs a bundled app (an ESM bundle, its export line dropped) in `scope`; the app leaves what it
 * found in `globalThis.outcome`.
 */
function runApp<T>(bundle: string, scope: vm.Context): Promise<T> {
  vm.runInContext(bundle.replace(/^export\s*\{[^}]*\};?\s*$/m, ''), scope);
  return (scope as { outcome: Promise<T> }).outcome;
}

/**
 * An app that makes one text call through a fetch of its own and keeps the reply's text in
 * `outcome`; `client(options)` is the expression that makes its client from the options given.
 */
function textCallApp(imports: string, client: (options: string) => string): string {
  const options = `{
    apiKey: 'k',
    dangerouslyAllowBrowser: true,
    maxRetries: 0,
    fetch: async () => new Response(JSON.stringify({ id: 'm', type: 'message', role: 'assistant',
      model: 'MiniMax-M2.7', content: [{ type: 'text', text: 'hi' }], stop_reason: 'end_turn',
      usage: { input_tokens: 1, output_tokens: 1 } }), { headers: { 'content-type': 'application/json' } }),
  }`;
  return `
    ${imports}
    const client = ${client(options)};
    globalThis.outcome = client.text
      .create({ model: 'MiniMax-M2.7', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] })
      .then((message) => message.content[0].text);
  `;
}

/** A text-only `createClient` app that makes one call (it must run, too). */
const TEXT_ONLY_APP = textCallApp(
  "import { createClient, Text } from 'minimax-sdk';",
  (options) => `createClient({ ...${options}, resources: { text: Text } })`,
);
/** The whole client, one of its methods named so that nothing of it can be dropped as unused. */
const FULL_CLIENT_APP =
  "import MiniMax from 'minimax-sdk'; console.log(new MiniMax({ apiKey: 'k' }).text.create);";
/** Only the base error class: what tree shaking should leave of the package. */
const ERRORS_ONLY_APP = "import { MiniMaxError } from 'minimax-sdk'; console.log(MiniMaxError);";

describe('built package', () => {
  it('bundles for a browser with no flags, no warnings and no Node-only import', async () => {
    const { result, text } = await browserBundle(
      "import MiniMax from 'minimax-sdk'; console.log(new MiniMax({ apiKey: 'k' }).speech.connect);",
    );
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(text).not.toMatch(NODE_ONLY_IMPORT);
    // Nor the `ws` package's socket adapter, which only the Node build can use, nor the
    // bidirectional session, which needs it, nor the speech session a browser cannot open.
    expect(text).not.toContain('unexpected-response');
    expect(text).not.toContain('task_flush');
    expect(text).not.toContain('task_continue');
  });

  it('Vite (Rollup) builds a browser app with no flags: no warning, no Node-only import', async () => {
    const { code, warnings } = await viteBundle(
      "import MiniMax from 'minimax-sdk'; console.log(new MiniMax({ apiKey: 'k' }).speech.connect);",
    );
    expect(warnings).toEqual([]);
    expect(code).toContain('Authorization header');
    expect(code).not.toMatch(NODE_ONLY_IMPORT);
  }, 60_000);

  it('a createClient app bundles only the resources it names, with esbuild and Rollup; the full client has them all', async () => {
    const chosen = await browserBundle(TEXT_ONLY_APP);
    const all = await browserBundle(FULL_CLIENT_APP);
    const rollup = await viteBundle(TEXT_ONLY_APP);
    expect(chosen.result.errors).toEqual([]);
    expect(chosen.result.warnings).toEqual([]);
    expect(rollup.warnings).toEqual([]);
    expectOnlyText([chosen.text, rollup.code], all.text);
    expect(chosen.gzip).toBeLessThan(all.gzip);
    await expect(runApp<string>(chosen.text, webScope({ window: {} }))).resolves.toBe('hi');
  }, 60_000);

  it('webpack 5 builds a browser app with no flags: no error, no warning, no Node-only import, and it calls', async () => {
    const { code, errors, warnings } = await webpackBundle(
      textCallApp("import MiniMax from 'minimax-sdk';", (options) => `new MiniMax(${options})`),
    );
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(code).not.toMatch(NODE_ONLY_IMPORT);
    await expect(runApp<string>(code, webScope({ window: {} }))).resolves.toBe('hi');
  }, 60_000);

  it('webpack 5 bundles only the resources a createClient app names; the full client has them all', async () => {
    const chosen = await webpackBundle(TEXT_ONLY_APP);
    const all = await webpackBundle(FULL_CLIENT_APP);
    expect(chosen.errors).toEqual([]);
    expect(chosen.warnings).toEqual([]);
    expect(all.errors).toEqual([]);
    expectOnlyText([chosen.code], all.code);
    expect(chosen.gzip).toBeLessThan(all.gzip);
    await expect(runApp<string>(chosen.code, webScope({ window: {} }))).resolves.toBe('hi');
  }, 60_000);

  it('webpack 5 leaves the client out of an errors-only import', async () => {
    const { code, errors, warnings } = await errorsOnlyByWebpack();
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(code).toContain('trace_id=');
    expect(code).not.toContain('MINIMAX_API_KEY');
    expect(code).not.toContain('/anthropic/v1/messages');
  }, 60_000);

  it('webpack 5 tree-shakes an errors-only import to under 2 KiB min+gzip, the stream base class gone', async () => {
    const { code, gzip } = await errorsOnlyByWebpack();
    expect(gzip).toBeLessThanOrEqual(2048);
    // Neither the stream base class nor the error tables the client reads (marked pure) are left.
    expect(code).not.toContain('a stream can be read once');
    expect(code).not.toContain('unprocessable_entity_error');
  }, 60_000);

  it("a web worker app (webpack 5, `target: 'webworker'`: the web build) tree-shakes an errors-only import too", async () => {
    const { code, errors, warnings, gzip } = await webpackBundle(ERRORS_ONLY_APP, 'webworker');
    expect(errors).toEqual([]);
    expect(warnings).toEqual([]);
    expect(gzip).toBeLessThanOrEqual(2048);
    expect(code).toContain('trace_id=');
    expect(code).not.toContain('a stream can be read once');
    expect(code).not.toContain('/anthropic/v1/messages');
  }, 60_000);

  it.each(['browser', 'web'])(
    'the %s build for import is one module per file, each import relative and present',
    (build) => {
      const dir = join(ROOT, 'packages/minimax-sdk/dist', build);
      const files = readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.js'));
      expect(files.length).toBeGreaterThan(20);
      for (const file of files) {
        const code = readFileSync(join(dir, file), 'utf8');
        for (const [, specifier = ''] of code.matchAll(/(?:\bfrom|\bimport\(?)\s*"([^"]+)"/g)) {
          expect(specifier, `${file} imports ${specifier}`).toMatch(/^\.\.?\//);
          expect(existsSync(join(dir, dirname(file), specifier)), `${file} imports ${specifier}`).toBe(true);
        }
      }
    },
  );

  it('loads and calls where Symbol.asyncDispose does not exist (Node 20.0-20.3, older browsers)', async () => {
    const { result, text } = await browserBundle(
      textCallApp("import MiniMax from 'minimax-sdk';", (options) => `new MiniMax(${options})`),
    );
    expect(result.errors).toEqual([]);
    const scope = webScope({
      window: {},
    });
    // A fresh context has the engine's own Symbol: Node 20's V8 has no asyncDispose (Node adds it).
    expect(vm.runInContext('typeof Symbol.asyncDispose', scope)).toBe('undefined');
    await expect(runApp<string>(text, scope)).resolves.toBe('hi');
  });

  it('tree-shakes an errors-only import to under 2 KiB min+gzip, without the client', async () => {
    const { text, gzip } = await browserBundle(ERRORS_ONLY_APP);
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
    const web = await import(`${ROOT}packages/minimax-sdk/dist/web/index.js`);
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
    const scope = webScope({
      fetch: () => Promise.reject(new Error('no network here')),
      WebSocket: class {
        constructor() {
          opened++;
        }
      },
      window: {},
      document: {},
    });
    const outcomes = await runApp<unknown[]>(text, scope);
    // connect and connectBidi alike: the header is what a browser lacks.
    for (const outcome of outcomes) {
      expect(outcome).toMatchObject({ miniMax: true });
      expect((outcome as { message: string }).message).toMatch(/Authorization header.*browser.*proxy/);
    }
    expect(opened).toBe(0);
  });

  it('the web build run by Node (no ws in it) rejects the speech sockets with a MiniMaxError', async () => {
    const web = await import(`${ROOT}packages/minimax-sdk/dist/web/index.js`);
    const client = new web.MiniMax({ apiKey: 'k', baseURL: 'http://127.0.0.1:9' });
    const params = { model: 'speech-2.8-hd', voice_setting: { voice_id: 'x' } };
    for (const opening of [client.speech.connect(params), client.speech.connectBidi(params)]) {
      await expect(opening).rejects.toBeInstanceOf(web.MiniMaxError);
      // Not "reinstall it": this build has no `ws` to load, so the message says the build leaves it out.
      await expect(opening).rejects.toThrow(/"ws" package.*leaves out/);
    }
    // Bad parameters are still refused before any socket, as in the Node build.
    await expect(client.speech.connectBidi({ voice_setting: { voice_id: 'x' } })).rejects.toBeInstanceOf(
      web.InvalidParameterError,
    );
  });

  it('the browser build run by Node rejects the speech sockets with a MiniMaxError that says which build it is', async () => {
    const browser = await import(`${ROOT}packages/minimax-sdk/dist/browser/index.js`);
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

  it('the browser build leaves redirects to the browser even without a document (a worker); the web build follows them itself', async () => {
    const modes: Record<string, unknown[]> = { browser: [], web: [] };
    for (const build of ['browser', 'web'] as const) {
      const sdk = await import(`${ROOT}packages/minimax-sdk/dist/${build}/index.js`);
      const fetch = async (_url: string, init: RequestInit) => {
        modes[build]?.push(init.redirect);
        return new Response(JSON.stringify({ data: [] }), {
          headers: { 'content-type': 'application/json' },
        });
      };
      const client = new sdk.MiniMax({ apiKey: 'k', baseURL: 'http://127.0.0.1:9', fetch, maxRetries: 0 });
      expect('document' in globalThis).toBe(false);
      await client.models.list();
    }
    // A browser gives `redirect: 'manual'` only an opaque answer, so fetch's default is left alone.
    expect(modes.browser).toEqual([undefined]);
    expect(modes.web).toEqual(['manual']);
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
    const scope = webScope({
      fetch: () => {
        fetched++;
        return Promise.reject(new Error('no network here'));
      },
      WebSocketPair: class {},
    });
    const outcome = await runApp<unknown>(text, scope);
    expect(outcome).toMatchObject({ miniMax: true });
    expect((outcome as { message: string }).message).toMatch(/ping.*speech\.connect works here/);
    expect(fetched).toBe(0);
  });
});
