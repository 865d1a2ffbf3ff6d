// The runtime matrix: the same smoke script (smoke.mjs) against one mock server, under every
// runtime this machine can install. A runtime that cannot be installed or started is reported as
// SKIPPED with its reason, never as passed; any step that fails makes the run exit 1.
//
//   node scripts/runtimes/run.mjs            (npm run test:runtimes; builds the SDK when stale)
//   RUNTIMES=node20,bun node scripts/runtimes/run.mjs
//
// Node 22, Bun, Deno and workerd come from the npm registry (their packages ship the binaries),
// installed once into .tmp/runtimes (ignored by git). Chromium is Debian's `chromium` (.ci/run
// installs it with apt-get), driven by playwright-core (a devDependency).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findChromium, runChromium } from './browser.mjs';
import { staleBuild } from './build-state.mjs';
import { findWorkerd, runWorkerd } from './workerd.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const smoke = join(here, 'smoke-cli.mjs');
const smokeModule = join(here, 'smoke.mjs');
const toolsDir = join(root, '.tmp', 'runtimes');
const mockEntry = join(root, 'packages/minimax-sdk/dist/mock/index.js');

// Versions picked because they install from npm and run on linux-x64 with 2 cores.
const TOOLS = { node: '22.23.3', bun: '1.4.5', deno: '2.9.6', workerd: '1.20261117.1' };
const RUN_TIMEOUT_MS = 180_000;

/** Installs the npm-shipped runtimes once; the reason it failed otherwise. */
function installTools() {
  const marker = join(toolsDir, `installed-${Object.values(TOOLS).join('-')}`);
  if (existsSync(marker)) return undefined;
  mkdirSync(toolsDir, { recursive: true });
  writeFileSync(join(toolsDir, 'package.json'), '{"private":true}\n');
  const specs = Object.entries(TOOLS).map(([name, version]) => `${name}@${version}`);
  const result = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--no-save', ...specs], {
    cwd: toolsDir,
    encoding: 'utf8',
    timeout: 600_000,
  });
  if (result.status !== 0)
    return `npm install ${specs.join(' ')} failed: ${(result.stderr || result.error?.message || '').trim().split('\n').pop()}`;
  writeFileSync(marker, '');
  return undefined;
}

/** A binary's path when it exists and answers `--version`; the reason it cannot be used otherwise. */
function probe(path, args = ['--version']) {
  if (!existsSync(path)) return { skip: `${path} not found after install` };
  const result = spawnSync(path, args, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0)
    return {
      skip: `${path} ${args.join(' ')} failed: ${(result.stderr || result.error?.message || '').trim().slice(0, 200)}`,
    };
  return { path, version: result.stdout.trim().split('\n')[0] };
}

const bin = (name) => join(toolsDir, 'node_modules', '.bin', name);

const RUNTIMES = {
  node20() {
    const major = Number(process.versions.node.split('.')[0]);
    if (major !== 20) return { skip: `this Node is ${process.version}, not 20` };
    return { command: process.execPath, args: [smoke], version: process.version };
  },
  node22(installError) {
    if (installError) return { skip: installError };
    // The npm `node` package puts its binary in node_modules/node/bin/node.
    const found = probe(join(toolsDir, 'node_modules', 'node', 'bin', 'node'));
    if (found.skip) return found;
    return { command: found.path, args: [smoke], version: found.version };
  },
  bun(installError) {
    if (installError) return { skip: installError };
    const found = probe(bin('bun'));
    if (found.skip) return found;
    return { command: found.path, args: [smoke], version: `bun ${found.version}` };
  },
  deno(installError) {
    if (installError) return { skip: installError };
    const found = probe(bin('deno'));
    if (found.skip) return found;
    // Deno resolves `minimax-sdk` through the repository's package.json and node_modules.
    return { command: found.path, args: ['run', '--allow-all', '--quiet', smoke], version: found.version };
  },
  chromium() {
    const found = findChromium();
    if (found.skip) return found;
    return {
      version: found.version,
      run: (mockURL) =>
        runChromium({ chromiumPath: found.path, smokeFile: smokeModule, mockURL, timeoutMs: RUN_TIMEOUT_MS }),
    };
  },
  workerd(installError) {
    if (installError) return { skip: installError };
    const found = findWorkerd(join(toolsDir, 'node_modules', '.bin'));
    if (found.skip) return found;
    return {
      version: found.version,
      run: (mockURL) =>
        runWorkerd({
          workerdPath: found.path,
          smokeFile: smokeModule,
          mockURL,
          workDir: join(root, '.tmp', 'workerd'),
          timeoutMs: RUN_TIMEOUT_MS,
        }),
    };
  },
};

function runSmoke(command, args, env) {
  return new Promise((done) => {
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      done({ error: error.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = stdout
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('{'))
        .pop();
      if (!line) return done({ error: `exit ${code ?? signal}, no result: ${stderr.trim().slice(-300)}` });
      try {
        done(JSON.parse(line));
      } catch {
        done({ error: `unreadable result: ${line.slice(0, 200)}` });
      }
    });
  });
}

async function main() {
  // The matrix runs the built SDK: built here only when its build is missing or older than its
  // sources (CI's `npm test` has just built it).
  const stale = staleBuild(join(root, 'packages/minimax-sdk'), root);
  if (stale) {
    console.log(`Building minimax-sdk first (${stale})...`);
    const build = spawnSync('npm', ['run', 'build', '--silent', '-w', 'minimax-sdk'], {
      cwd: root,
      stdio: 'inherit',
      timeout: 600_000,
    });
    if (build.status !== 0 || !existsSync(mockEntry)) {
      console.error('npm run build -w minimax-sdk failed');
      process.exit(2);
    }
  } else console.log('minimax-sdk build is fresh: not rebuilt');
  const wanted = (process.env.RUNTIMES ?? '').split(',').filter(Boolean);
  const names = Object.keys(RUNTIMES).filter((name) => wanted.length === 0 || wanted.includes(name));
  const needsTools = names.some((name) => ['node22', 'bun', 'deno', 'workerd'].includes(name));
  const installError = needsTools ? installTools() : undefined;

  const { startMockServer } = await import(mockEntry);
  // The smoke's key is the only one accepted, so its wrong-key step is refused as by MiniMax.
  const mock = await startMockServer({ host: '127.0.0.1', port: 0, apiKey: 'test-key' });
  const rows = [];
  let failed = false;
  try {
    for (const name of names) {
      const plan = RUNTIMES[name](installError);
      if (plan.skip) {
        rows.push({ runtime: name, status: 'SKIPPED', detail: plan.skip });
        continue;
      }
      const started = Date.now();
      const result = plan.run
        ? await plan.run(mock.url)
        : await runSmoke(plan.command, plan.args, { MINIMAX_BASE_URL: mock.url });
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      if (result.error) {
        failed = true;
        rows.push({ runtime: name, version: plan.version, status: 'FAILED', detail: result.error, seconds });
        continue;
      }
      const bad = Object.entries(result.steps).filter(([, value]) => !value.startsWith('ok'));
      if (bad.length > 0) failed = true;
      rows.push({
        runtime: name,
        version: plan.version,
        status: bad.length > 0 ? 'FAILED' : 'PASSED',
        detail: Object.entries(result.steps)
          .map(([step, value]) => `${step}: ${value}`)
          .join('; '),
        seconds,
      });
    }
  } finally {
    await mock.close();
  }
  for (const row of rows) {
    console.log(
      `${row.status.padEnd(7)} ${row.runtime.padEnd(8)} ${row.version ?? ''}${row.seconds ? ` (${row.seconds}s)` : ''}`,
    );
    console.log(`        ${row.detail}`);
  }
  if (rows.every((row) => row.status === 'SKIPPED'))
    console.log('Every runtime was skipped: nothing was tested.');
  process.exit(failed ? 1 : 0);
}

await main();
