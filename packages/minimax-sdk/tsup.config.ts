import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

/**
 * A build's seams: each import of a module named on the left resolves to the file on the right,
 * a stand-in with none of the code that build's runtimes cannot run.
 */
function seams(name: string, swaps: Record<string, string>): Plugin {
  return {
    name,
    setup(build) {
      for (const [module, file] of Object.entries(swaps)) {
        const path = fileURLToPath(new URL(file, import.meta.url));
        const filter = new RegExp(`(^|/)${module.replace('.', '\\.')}$`);
        build.onResolve({ filter }, () => ({ path }));
      }
    },
  };
}

/**
 * The web build swaps the Node-only seams (files, the `ws` package's loader and socket adapter,
 * and the bidirectional speech session, which needs the pings only `ws` sends) for modules with no
 * `node:` import and none of the code only Node can run.
 */
const webSeams = seams('minimax-web-seams', {
  'node-fs.js': './src/core/node-fs.web.ts',
  'ws-package.js': './src/core/ws-package.web.ts',
  'speech-bidi.js': './src/resources/speech-bidi.web.ts',
});

/**
 * The browser build: the web seams, no speech socket at all (a browser cannot send its header),
 * and redirects left to the browser (a page or a worker never shows fetch a redirect's target).
 */
const browserSeams = seams('minimax-browser-seams', {
  'speech-connection.js': './src/resources/speech-connection.browser.ts',
  'redirect-mode.js': './src/core/redirect-mode.browser.ts',
});

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
