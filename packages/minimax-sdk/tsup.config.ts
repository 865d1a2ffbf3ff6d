import { readdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { defineConfig, type Options } from 'tsup';

/** A seam: the module an import names (its file name) and the stand-in a build uses. */
type Swaps = Record<string, string>;

/**
 * The web build swaps the Node-only seams (files, the `ws` package's loader and socket adapter,
 * and the bidirectional speech session, which needs the pings only `ws` sends) for modules with no
 * `node:` import and none of the code only Node can run.
 */
const WEB_SWAPS: Swaps = {
  'node-fs.js': './src/core/node-fs.web.ts',
  'ws-package.js': './src/core/ws-package.web.ts',
  'speech-bidi.js': './src/resources/speech-bidi.web.ts',
};

/**
 * The browser build: the web seams, no speech socket at all (a browser cannot send its header),
 * and redirects left to the browser (a page or a worker never shows fetch a redirect's target).
 */
const BROWSER_SWAPS: Swaps = {
  ...WEB_SWAPS,
  'speech-connection.js': './src/resources/speech-connection.browser.ts',
  'redirect-mode.js': './src/core/redirect-mode.browser.ts',
};

const SRC = fileURLToPath(new URL('./src/', import.meta.url));
const sourceOf = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** The stand-in for an import, if the import names a seam. */
function swapFor(swaps: Swaps, specifier: string): string | undefined {
  for (const [module, file] of Object.entries(swaps)) {
    if (specifier === module || specifier.endsWith(`/${module}`)) return sourceOf(file);
  }
  return undefined;
}

/** A one-file build's seams: each import of a seam resolves to its stand-in. */
function seams(name: string, swaps: Swaps): Plugin {
  return {
    name,
    setup(build) {
      build.onResolve({ filter: /\.js$/ }, (args) => {
        const path = swapFor(swaps, args.path);
        return path ? { path } : undefined;
      });
    },
  };
}

/**
 * A module-per-file build: every import between the SDK's own modules stays an import (of the
 * stand-in, where it names a seam), so an app's bundler sees the modules one by one and, the
 * package having no side effects, leaves out each module the app does not reach. A bundler that
 * only minifies a one-file build cannot: terser's passes stop before a chain of unused classes ends.
 */
function modules(name: string, swaps: Swaps): Plugin {
  return {
    name,
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.kind === 'entry-point') return undefined;
        const target = swapFor(swaps, args.path) ?? join(dirname(args.importer), args.path);
        const output = relative(dirname(args.importer), target).replace(/\.ts$/, '.js');
        return { path: output.startsWith('.') ? output : `./${output}`, external: true };
      });
    },
  };
}

/** Every module of a build that `swaps` makes: the sources less the seams it swaps out and the mock. */
function modulesOf(swaps: Swaps): string[] {
  const replaced = new Set(Object.values(swaps).map(sourceOf));
  const swappedOut = new Set(Object.keys(swaps).map((m) => m.replace(/\.js$/, '.ts')));
  return ['', 'core', 'resources'].flatMap((folder) =>
    readdirSync(join(SRC, folder))
      .filter((file) => file.endsWith('.ts') && !swappedOut.has(file))
      .map((file) => join(SRC, folder, file))
      .filter((path) => replaced.has(path) || !/\.(web|browser)\.ts$/.test(path)),
  );
}

const webSeams = seams('minimax-web-seams', WEB_SWAPS);
const browserSeams = seams('minimax-browser-seams', BROWSER_SWAPS);

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
    // Browsers, workerd, edge runtimes: the same SDK without a single Node-only import, one file
    // for require().
    entry: { 'index.web': 'src/index.ts' },
    format: ['cjs'],
    platform: 'browser',
    dts: false,
    clean: false,
    noExternal: ['ws'],
    esbuildPlugins: [webSeams],
  },
  {
    ...common,
    // The same for import, one module per file under dist/web/ (see `modules`).
    entry: modulesOf(WEB_SWAPS),
    outDir: 'dist/web',
    format: ['esm'],
    platform: 'browser',
    dts: false,
    clean: false,
    treeshake: false,
    esbuildPlugins: [modules('minimax-web-modules', WEB_SWAPS)],
  },
  {
    ...common,
    // Browsers only: the web build less what no browser can run (the speech WebSocket sessions),
    // one file for require().
    entry: { 'index.browser': 'src/index.ts' },
    format: ['cjs'],
    platform: 'browser',
    dts: false,
    clean: false,
    noExternal: ['ws'],
    esbuildPlugins: [browserSeams],
  },
  {
    ...common,
    // The same for import, one module per file under dist/browser/ (see `modules`).
    entry: modulesOf(BROWSER_SWAPS),
    outDir: 'dist/browser',
    format: ['esm'],
    platform: 'browser',
    dts: false,
    clean: false,
    treeshake: false,
    esbuildPlugins: [modules('minimax-browser-modules', BROWSER_SWAPS)],
  },
]);
