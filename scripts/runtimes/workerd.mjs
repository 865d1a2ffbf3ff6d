// The runtime matrix's workerd run: the smoke script bundled by esbuild through the package's
// `workerd` condition into one worker module, served by the npm `workerd` binary on 127.0.0.1
// with loopback outbound allowed, and run by one request to it against the mock.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** The workerd binary of the npm package and its version, or why there is none. */
export function findWorkerd(binDir) {
  const path = join(binDir, 'workerd');
  if (!existsSync(path)) return { skip: `${path} not found (npm workerd not installed)` };
  const probe = spawnSync(path, ['--version'], { encoding: 'utf8', timeout: 60_000 });
  if (probe.status !== 0)
    return {
      skip: `${path} --version failed: ${(probe.stderr || probe.error?.message || '').trim().slice(0, 200)}`,
    };
  return { path, version: probe.stdout.trim() };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function bundle(smokeFile) {
  const { build } = await import('esbuild');
  const result = await build({
    stdin: {
      contents: `import { smoke } from ${JSON.stringify(smokeFile)};
export default {
  async fetch(request, env) {
    // workerd opens the speech socket by a fetch upgrade; the bidirectional session needs pings.
    return Response.json(await smoke({ baseURL: env.MOCK_URL, socket: 'open', bidi: 'refused' }));
  },
};`,
      resolveDir: process.cwd(),
    },
    bundle: true,
    platform: 'browser',
    conditions: ['workerd', 'worker'],
    format: 'esm',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  return result.outputFiles[0].text;
}

const config = (port, mockURL) => `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [
    (name = "main", worker = .smoke),
    # Outbound to the mock on loopback (workerd allows only public addresses by default).
    (name = "loopback", network = (allow = ["local", "private", "public"])),
  ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const smoke :Workerd.Worker = (
  modules = [ (name = "smoke.js", esModule = embed "smoke.js") ],
  compatibilityDate = "2025-06-01",
  bindings = [ (name = "MOCK_URL", text = ${JSON.stringify(mockURL)}) ],
  globalOutbound = "loopback",
);
`;

/** Runs the smoke in workerd against `mockURL`: `{ steps }`, or `{ error }`. */
export async function runWorkerd({ workerdPath, smokeFile, mockURL, workDir, timeoutMs }) {
  mkdirSync(workDir, { recursive: true });
  writeFileSync(join(workDir, 'smoke.js'), await bundle(smokeFile));
  const port = await freePort();
  writeFileSync(join(workDir, 'config.capnp'), config(port, mockURL));
  const child = spawn(workerdPath, ['serve', 'config.capnp'], {
    cwd: workDir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(`${code ?? signal}`)));
  const until = Date.now() + timeoutMs;
  try {
    for (;;) {
      const gone = await Promise.race([
        exited,
        new Promise((resolve) => setTimeout(resolve, 200, undefined)),
      ]);
      if (gone !== undefined) return { error: `workerd exited (${gone}): ${output.trim().slice(-300)}` };
      if (Date.now() > until)
        return { error: `workerd did not answer in ${timeoutMs} ms: ${output.trim().slice(-300)}` };
      let response;
      try {
        response = await fetch(`http://127.0.0.1:${port}/`, {
          signal: AbortSignal.timeout(until - Date.now()),
        });
      } catch (error) {
        if (error?.cause?.code === 'ECONNREFUSED') continue;
        return { error: `request to workerd failed: ${error?.message ?? error}` };
      }
      const text = await response.text();
      if (!response.ok)
        return {
          error: `workerd answered ${response.status}: ${text.slice(0, 200)} ${output.trim().slice(-300)}`,
        };
      return JSON.parse(text);
    }
  } finally {
    child.kill('SIGKILL');
    await exited;
  }
}
