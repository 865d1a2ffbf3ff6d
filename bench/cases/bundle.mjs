/** bundle: min+gzip size of each SDK bundled for a browser by esbuild. */
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { describeError, ROOT, row, SDK_SPECIFIER } from '../lib.mjs';

const KiB = 1024;
/** WebSocket and file-system pieces are Node-only lazy imports: external for everyone alike. */
const EXTERNAL = ['ws', 'node:*'];

async function bundleSize(specifier) {
  const pkg = JSON.stringify(specifier.startsWith('file:') ? fileURLToPath(specifier) : specifier);
  const { build } = await import('esbuild');
  const result = await build({
    stdin: { contents: `export * from ${pkg};\nexport { default } from ${pkg};\n`, resolveDir: ROOT },
    bundle: true,
    minify: true,
    platform: 'browser',
    format: 'esm',
    external: EXTERNAL,
    write: false,
    logLevel: 'silent',
  });
  const code = result.outputFiles[0].contents;
  return { min: code.byteLength / KiB, gzip: gzipSync(code, { level: 9 }).byteLength / KiB };
}

export async function bundle() {
  const contenders = { ours: SDK_SPECIFIER, openai: 'openai', anthropic: '@anthropic-ai/sdk' };
  const sizes = {};
  const errors = {};
  for (const [name, pkg] of Object.entries(contenders)) {
    try {
      sizes[name] = await bundleSize(pkg);
    } catch (error) {
      errors[name] = describeError(error);
    }
  }
  const gz = (name) => sizes[name]?.gzip ?? Number.NaN;
  return [
    row({
      name: 'bundle',
      unit: 'KiB min+gzip',
      better: 'lower',
      ours: gz('ours'),
      baselines: { openai: gz('openai'), anthropic: gz('anthropic') },
      target: 'ours ≤ 20 KiB',
      met: gz('ours') <= 20,
      note: `minified: ${Object.entries(sizes)
        .map(([k, v]) => `${k} ${v.min.toFixed(0)} KiB`)
        .join(', ')}`,
      detail: {
        esbuild: { bundle: true, minify: true, platform: 'browser', format: 'esm', external: EXTERNAL },
        entry: "export * from '<pkg>'; export { default } from '<pkg>';",
        minified_kib: Object.fromEntries(
          Object.entries(sizes).map(([k, v]) => [k, Math.round(v.min * 10) / 10]),
        ),
      },
      errors,
    }),
  ];
}
