// The callback receiver as edge and browser bundles meet it: Web APIs only, no client pulled in.
// Needs `npm run build` first (npm test does it).
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));

describe('handleCallback in the built package', () => {
  it('bundles for workerd/browsers alone: no Node import, no client, under 4 KiB min+gzip', async () => {
    const result = await build({
      stdin: {
        contents:
          "import { handleCallback } from 'minimax-sdk'; export default { fetch: (r) => handleCallback(r, () => {}) };",
        resolveDir: ROOT,
      },
      bundle: true,
      minify: true,
      platform: 'browser',
      conditions: ['workerd', 'worker'],
      format: 'esm',
      write: false,
      logLevel: 'silent',
    });
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    const code = result.outputFiles[0]?.contents ?? new Uint8Array();
    const text = new TextDecoder().decode(code);
    expect(text).not.toMatch(/node:/);
    expect(text).not.toContain('MINIMAX_API_KEY');
    expect(gzipSync(code, { level: 9 }).byteLength).toBeLessThanOrEqual(4096);
  });

  it("the web build's handleCallback answers a challenge and reads a status post", async () => {
    const web = await import(`${ROOT}packages/minimax-sdk/dist/web/index.js`);
    const post = (body: unknown) =>
      new Request('https://app.example/hook?secret=k', { method: 'POST', body: JSON.stringify(body) });
    const seen: unknown[] = [];
    const challenge = await web.handleCallback(post({ challenge: 'c' }), () => {}, { secret: 'k' });
    expect(await challenge.json()).toEqual({ challenge: 'c' });
    const status = await web.handleCallback(
      post({ task_id: '1', status: 'success' }),
      (e: unknown) => {
        seen.push(e);
      },
      { secret: 'k' },
    );
    expect(status.status).toBe(200);
    expect(seen).toMatchObject([{ api: 'v1', status: 'success', final: true }]);
  });
});
