// The runtime matrix's Chromium run: the smoke script bundled for the browser by esbuild (through
// the package's `browser` condition, as an app's bundler would), served from its own loopback
// origin (so every call to the mock is cross-origin and goes through its CORS), and run in
// headless Debian Chromium driven by playwright-core.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

/** The Chromium binary and its version, or why there is none. */
export function findChromium() {
  const path = [process.env.CHROMIUM_PATH, ...CANDIDATES].find(
    (candidate) => candidate && existsSync(candidate),
  );
  if (!path)
    return { skip: 'no chromium binary (Debian: apt-get install -y chromium; or set CHROMIUM_PATH)' };
  const probe = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  if (probe.status !== 0)
    return { skip: `${path} --version failed: ${(probe.stderr || '').trim().slice(0, 200)}` };
  return { path, version: probe.stdout.trim() };
}

/** Bundles `smokeFile` for a browser page that stores the smoke's promise on `window.__smoke`. */
async function bundle(smokeFile) {
  const { build } = await import('esbuild');
  const result = await build({
    stdin: {
      contents: `import { smoke } from ${JSON.stringify(smokeFile)}; window.__smoke = smoke(window.SMOKE_CONFIG);`,
      resolveDir: process.cwd(),
    },
    bundle: true,
    platform: 'browser',
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

/** Serves the page and its script on 127.0.0.1 (another origin than the mock's). */
function servePage(config, script) {
  const html = `<!doctype html><meta charset="utf-8"><title>minimax-sdk smoke</title>
<script>window.SMOKE_CONFIG = ${JSON.stringify(config)};</script>
<script type="module" src="/smoke.js"></script>`;
  const server = createServer((req, res) => {
    if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else if (req.url === '/smoke.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else res.writeHead(404).end();
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

/**
 * Runs the smoke in Chromium against `mockURL`: `{ steps }`, or `{ error }` when the page could not
 * run it. The WebSocket steps expect the SDK's refusal: a browser cannot send the header.
 */
export async function runChromium({ chromiumPath, smokeFile, mockURL, timeoutMs }) {
  const { chromium } = await import('playwright-core');
  const script = await bundle(smokeFile);
  const page = await servePage({ baseURL: mockURL, socket: 'refused', bidi: 'refused' }, script);
  let browser;
  try {
    browser = await chromium.launch({ executablePath: chromiumPath, headless: true, timeout: timeoutMs });
    const tab = await browser.newPage();
    const problems = [];
    tab.on('pageerror', (error) => problems.push(error.message));
    const { port } = page.address();
    await tab.goto(`http://127.0.0.1:${port}/`, { timeout: timeoutMs });
    await tab.waitForFunction(() => window.__smoke !== undefined, undefined, { timeout: timeoutMs });
    if (problems.length > 0) return { error: `page error: ${problems.join('; ').slice(0, 300)}` };
    return await tab.evaluate(() => window.__smoke);
  } catch (error) {
    return {
      error: String(error?.message ?? error)
        .split('\n')[0]
        .slice(0, 300),
    };
  } finally {
    await browser?.close().catch(() => {});
    await new Promise((resolve) => page.close(resolve));
  }
}
