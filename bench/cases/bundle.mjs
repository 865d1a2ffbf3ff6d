/**
 * bundle: min+gzip size of each SDK bundled for a browser, by esbuild, by webpack 5 (production
 * mode, its default minifier) and by Rollup (through Vite 7, which resolves `exports` conditions
 * the way a browser app's build does), for three imports: the whole client; an app that calls
 * only text (ours: `createClient` with the `Text` resource alone; openai and anthropic have no
 * such client, so their whole client with the one call); and only the base error class (what
 * tree shaking leaves).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describeError, ROOT, row, SDK_SPECIFIER } from '../lib.mjs';

const KiB = 1024;
/** Kept for a candidate build named by BENCH_SDK that may still hold Node-only lazy imports. */
const EXTERNAL = ['ws', 'node:*'];

const CONTENDERS = {
  ours: {
    pkg: SDK_SPECIFIER,
    error: 'MiniMaxError',
    text: (pkg) =>
      `import { createClient, Text } from ${pkg};\n` +
      `console.log(createClient({ apiKey: 'k', resources: { text: Text } }).text.create);\n`,
  },
  openai: {
    pkg: 'openai',
    error: 'OpenAIError',
    text: (pkg) =>
      `import Client from ${pkg};\nconsole.log(new Client({ apiKey: 'k' }).chat.completions.create);\n`,
  },
  anthropic: {
    pkg: '@anthropic-ai/sdk',
    error: 'AnthropicError',
    text: (pkg) => `import Client from ${pkg};\nconsole.log(new Client({ apiKey: 'k' }).messages.create);\n`,
  },
};

const IMPORTS = {
  client: (pkg) => `import Client from ${pkg};\nconsole.log(new Client({ apiKey: 'k' }));\n`,
  'client, text only': (pkg, contender) => contender.text(pkg),
  errors: (pkg, contender) =>
    `import { ${contender.error} } from ${pkg};\nconsole.log(${contender.error});\n`,
};

function specifier(pkg) {
  return JSON.stringify(pkg.startsWith('file:') ? fileURLToPath(pkg) : pkg);
}

function sizes(code) {
  return { min: code.byteLength / KiB, gzip: gzipSync(code, { level: 9 }).byteLength / KiB };
}

async function withEsbuild(contents) {
  const { build } = await import('esbuild');
  const result = await build({
    stdin: { contents, resolveDir: ROOT },
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    external: EXTERNAL,
    write: false,
    logLevel: 'silent',
  });
  return sizes(result.outputFiles[0].contents);
}

async function withRollup(contents) {
  const { build } = await import('vite');
  const out = await build({
    configFile: false,
    logLevel: 'silent',
    root: ROOT,
    plugins: [
      {
        name: 'bench-entry',
        resolveId: (id) => (id === 'bench:entry' ? '\0bench-entry' : null),
        load: (id) => (id === '\0bench-entry' ? contents : null),
      },
    ],
    build: {
      write: false,
      minify: 'esbuild',
      modulePreload: false,
      rollupOptions: {
        input: 'bench:entry',
        external: (id) => id.startsWith('node:'),
        output: { format: 'es' },
      },
    },
  });
  const chunks = (Array.isArray(out) ? out[0] : out).output.filter((o) => o.type === 'chunk');
  return sizes(new TextEncoder().encode(chunks.map((c) => c.code).join('\n')));
}

/** webpack 5 as an app's config has it (`target: 'web'`, production); the app a file under .tmp/. */
async function withWebpack(contents) {
  const { default: webpack } = await import('webpack');
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  const dir = mkdtempSync(join(ROOT, '.tmp', 'bench-webpack-'));
  try {
    writeFileSync(join(dir, 'app.js'), contents);
    const stats = await new Promise((resolve, reject) =>
      webpack(
        {
          context: dir,
          entry: './app.js',
          target: 'web',
          mode: 'production',
          externals: ({ request }, callback) =>
            EXTERNAL.some((e) => (e.endsWith('*') ? request.startsWith(e.slice(0, -1)) : request === e))
              ? callback(undefined, `module ${request}`)
              : callback(),
          externalsType: 'module',
          experiments: { outputModule: true },
          output: { path: join(dir, 'dist'), filename: 'app.js', module: true },
        },
        (error, result) => (error || !result ? reject(error) : resolve(result)),
      ),
    );
    const { errors } = stats.compilation;
    if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('\n'));
    return sizes(readFileSync(join(dir, 'dist', 'app.js')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const BUNDLERS = { esbuild: withEsbuild, webpack: withWebpack, rollup: withRollup };
/** The issue's targets; the text-only client has none (it is reported beside the whole client). */
const TARGETS = { client: 20, errors: 2 };

export async function bundle() {
  const rows = [];
  for (const [what, entry] of Object.entries(IMPORTS)) {
    for (const [bundler, bundleWith] of Object.entries(BUNDLERS)) {
      const measured = {};
      const errors = {};
      for (const [name, contender] of Object.entries(CONTENDERS)) {
        try {
          measured[name] = await bundleWith(entry(specifier(contender.pkg), contender));
        } catch (err) {
          errors[name] = describeError(err);
        }
      }
      const gz = (name) => measured[name]?.gzip ?? Number.NaN;
      rows.push(
        row({
          name: `bundle ${what} (${bundler})`,
          caseName: 'bundle',
          unit: 'KiB min+gzip',
          better: 'lower',
          ours: gz('ours'),
          baselines: { openai: gz('openai'), anthropic: gz('anthropic') },
          target: what in TARGETS ? `ours ≤ ${TARGETS[what]} KiB` : null,
          met: what in TARGETS && gz('ours') <= TARGETS[what],
          note: `minified: ${Object.entries(measured)
            .map(([k, v]) => `${k} ${v.min.toFixed(1)} KiB`)
            .join(', ')}`,
          detail: { bundler, entry: entry("'<pkg>'", CONTENDERS.ours), platform: 'browser' },
          errors,
        }),
      );
    }
  }
  return rows;
}
