import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

/**
 * The web build swaps the Node-only seams (files, the `ws` package, its socket adapter and the
 * bidirectional speech session that needs it) for modules with no `node:` import and none of the
 * code only Node can run.
 */
const webSeams: Plugin = {
  name: 'minimax-web-seams',
  setup(build) {
    const web = (file: string) => fileURLToPath(new URL(file, import.meta.url));
    build.onResolve({ filter: /(^|\/)node-fs\.js$/ }, () => ({ path: web('./src/core/node-fs.web.ts') }));
    build.onResolve({ filter: /^ws$/ }, () => ({ path: web('./src/core/ws.web.ts') }));
    build.onResolve({ filter: /(^|\/)ws-package\.js$/ }, () => ({
      path: web('./src/core/ws-package.web.ts'),
    }));
    // The bidirectional session needs pings, which only `ws` sends: without it, it never opens.
    build.onResolve({ filter: /(^|\/)speech-bidi\.js$/ }, () => ({
      path: web('./src/resources/speech-bidi.web.ts'),
    }));
  },
};

/**
 * The browser build: the web seams, no speech socket at all (a browser cannot send its header),
 * and redirects left to the browser.
 */
const browserSeams: Plugin = {
  name: 'minimax-browser-seams',
  setup(build) {
    const web = (file: string) => fileURLToPath(new URL(file, import.meta.url));
    build.onResolve({ filter: /(^|\/)speech-connection\.js$/ }, () => ({
      path: web('./src/resources/speech-connection.browser.ts'),
    }));
    // A browser, worker or page, never shows a redirect's target to fetch: it follows them itself.
    build.onResolve({ filter: /(^|\/)redirect-mode\.js$/ }, () => ({
      path: web('./src/core/redirect-mode.browser.ts'),
    }));
  },
};

const common: Options = {
  target: 'es2022',
  sourcemap: false,
  splitting: false,
  treeshake: true,
  // Keep 'node:' specifiers: Node-like runtimes (Bun, Deno) recognise them.
  removeNodeProtocol: false,
};

export default defineConfig([
  {
    ...common,
    entry: { index: 'src/index.ts', 'mock/index': 'src/mock/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    clean: false,
    external: ['ws'],
  },
  {
    ...common,
    // Browsers, workerd, edge runtimes: the same SDK without a single Node-only import.
    entry: { 'index.web': 'src/index.ts' },
    format: ['esm', 'cjs'],
    platform: 'browser',
    dts: false,
    clean: false,
    noExternal: ['ws'],
    esbuildPlugins: [webSeams],
  },
  {
    ...common,
    // Browsers only: the web build less what no browser can run (the speech WebSocket sessions).
    entry: { 'index.browser': 'src/index.ts' },
    format: ['esm', 'cjs'],
    platform: 'browser',
    dts: false,
    clean: false,
    noExternal: ['ws'],
    esbuildPlugins: [browserSeams, webSeams],
  },
]);
