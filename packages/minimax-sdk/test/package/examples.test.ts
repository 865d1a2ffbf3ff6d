// Every script in examples/ run as a user runs it: a child process, its own working folder, the
// built packages, and MINIMAX_BASE_URL pointing at the mock. Type-checking alone let an example
// drift from what the platform (and so the mock) accepts. Needs `npm run build` first (npm test
// does it).
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transform } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../../src/mock/index.js';
import { renderPng, synthAudio } from '../../src/mock/media.js';

const ROOT = fileURLToPath(new URL('../../../..', import.meta.url));
const EXAMPLES = join(ROOT, 'examples');
const RUN_MS = 30_000;

interface Case {
  /** Arguments after the script (sample files are written into the working folder). */
  args?: (dir: string) => string[];
  /** Files the example says it wrote, relative to its working folder. */
  writes?: string[];
  /** A folder it writes into under names it picks: the extensions of the files found there. */
  into?: { dir: string; extensions: string[] };
}

/** What each example needs. A new example without an entry still runs, with no arguments. */
const CASES: Record<string, Case> = {
  'ai-provider.ts': { writes: ['hello.mp3', 'lighthouse-0.png', 'lighthouse-1.png'] },
  'files.ts': { args: (dir) => [sample(dir, 'sample.mp3', mp3(12_000))] },
  'image.ts': { into: { dir: 'out/images', extensions: ['.png', '.png'] } },
  'mcp-client.ts': { into: { dir: 'out/mcp', extensions: ['.mp3', '.mp4'] } },
  'music.ts': { writes: ['out/song.mp3', 'out/beat.mp3', 'out/cover.mp3'] },
  'speak-reply.ts': { args: () => ['reply.mp3'], writes: ['reply.mp3'] },
  'speech.ts': {
    args: () => ['speech-output'],
    writes: [
      'speech-output/tts.mp3',
      'speech-output/stream.mp3',
      'speech-output/formats-opus.opus',
      'speech-output/formats-pcmu_wav.wav',
      'speech-output/ws-1.mp3',
    ],
  },
  'token-plan.ts': { args: (dir) => [sample(dir, 'screenshot.png', renderPng(640, 400))] },
  'transcribe.ts': {},
  'video-template.ts': {
    args: (dir) => [sample(dir, 'me.png', renderPng(512, 768))],
    writes: ['diving.mp4'],
  },
  'video-v2.ts': {
    args: (dir) => [sample(dir, 'reference.png', renderPng(512, 512))],
    writes: ['waves.mp4', 'reference.mp4'],
  },
  'video.ts': { args: (dir) => [sample(dir, 'first-frame.png', renderPng(768, 512))] },
  'voice.ts': {
    args: (dir) => [sample(dir, 'voice.mp3', mp3(12_000))],
    writes: ['out/designed-trial.mp3'],
  },
};

function mp3(durationMs: number): Uint8Array {
  return synthAudio({ format: 'mp3', sampleRate: 32_000, channels: 1, durationMs });
}

function sample(dir: string, name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

let mock: MockServer;
let tmp: string;
const children = new Set<ChildProcess>();

beforeAll(async () => {
  // Under the repo (gitignored .tmp/) so the compiled scripts resolve minimax-sdk and friends
  // through the workspace's node_modules, and `npx minimax-mcp` finds the workspace's bin.
  mkdirSync(join(ROOT, '.tmp'), { recursive: true });
  tmp = mkdtempSync(join(ROOT, '.tmp', 'examples-'));
  // Tasks finish on their first query, so no example waits out a poll interval.
  mock = await startMockServer({ taskSchedule: { pollsPerStage: 0 } });
});

afterAll(async () => {
  for (const child of children) child.kill('SIGKILL');
  await mock?.close();
  if (tmp && !process.env.KEEP) rmSync(tmp, { recursive: true, force: true });
});

/** The example compiled to plain ESM next to its working folder; imports stay bare. */
async function compile(name: string, dir: string): Promise<string> {
  const source = readFileSync(join(EXAMPLES, name), 'utf8');
  const { code } = await transform(source, {
    loader: 'ts',
    format: 'esm',
    target: 'node20',
    sourcefile: name,
  });
  const out = join(dir, name.replace(/\.ts$/, '.mjs'));
  writeFileSync(out, code);
  return out;
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** What the example reported as wrong: its stderr, blank lines aside. */
  errors: string;
  output: string;
}

interface Started {
  child: ChildProcess;
  output: () => string;
  errors: () => string;
}

function start(script: string, args: string[], cwd: string): Started {
  const child = spawn(process.execPath, [script, ...args], {
    cwd,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: cwd,
      MINIMAX_API_KEY: 'test-key',
      MINIMAX_BASE_URL: mock.url,
      MINIMAX_CALLBACK_SECRET: 'test-secret',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let output = '';
  let errors = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
    errors += chunk.toString();
  });
  return { child, output: () => output, errors: () => errors };
}

async function finish({ child, output, errors }: Started, ms: number): Promise<Run> {
  const timer = setTimeout(() => child.kill('SIGKILL'), ms);
  try {
    if (child.exitCode === null && child.signalCode === null) await once(child, 'exit');
  } finally {
    clearTimeout(timer);
  }
  const reported = errors()
    .split('\n')
    .filter((line) => line.trim() !== '')
    .join('\n');
  return { code: child.exitCode, signal: child.signalCode, errors: reported, output: output() };
}

async function prepare(name: string): Promise<{ dir: string; script: string }> {
  const dir = join(tmp, name.replace(/\.ts$/, ''));
  mkdirSync(dir, { recursive: true });
  // The folder is also HOME: `npx minimax-mcp` (mcp-client.ts) finds the workspace's bin, and
  // this keeps npm off the network (no update check, nothing fetched) whatever env reaches it.
  writeFileSync(join(dir, '.npmrc'), 'offline=true\nupdate-notifier=false\naudit=false\nfund=false\n');
  return { dir, script: await compile(name, dir) };
}

const names = readdirSync(EXAMPLES)
  .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
  .sort();

describe('examples run against the mock', { concurrent: true }, () => {
  for (const name of names.filter((n) => n !== 'callbacks.ts')) {
    it(name, { timeout: RUN_MS + 5_000 }, async () => {
      const spec = CASES[name] ?? {};
      const { dir, script } = await prepare(name);
      const run = await finish(start(script, spec.args?.(dir) ?? [], dir), RUN_MS);
      // Examples catch some failures and only print them (a failed task): stderr must stay quiet too.
      expect(run, run.output).toMatchObject({ code: 0, signal: null, errors: '' });
      for (const file of spec.writes ?? [])
        expect(existsSync(join(dir, file)), `${file}\n${run.output}`).toBe(true);
      if (spec.into) {
        const folder = join(dir, spec.into.dir);
        const made = existsSync(folder) ? readdirSync(folder).map((file) => extname(file)) : [];
        expect(made.sort(), `${spec.into.dir}\n${run.output}`).toEqual([...spec.into.extensions].sort());
      }
    });
  }

  it('callbacks.ts answers a challenge, then stops on SIGINT', { timeout: RUN_MS + 5_000 }, async () => {
    const { dir, script } = await prepare('callbacks.ts');
    const started = start(script, ['0'], dir);
    const { child, output } = started;
    let url = '';
    for (let i = 0; i < 200 && !url; i++) {
      url = /listening on (http:\/\/127\.0\.0\.1:\d+\/minimax)/.exec(output())?.[1] ?? '';
      if (!url && child.exitCode === null) await new Promise((r) => setTimeout(r, 25));
    }
    expect(url, output()).not.toBe('');
    const answer = await fetch(`${url}?secret=test-secret`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ challenge: 'abc123' }),
    });
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ challenge: 'abc123' });
    const refused = await fetch(`${url}?secret=wrong`, { method: 'POST', body: '{"challenge":"x"}' });
    expect(refused.status).toBe(403);
    child.kill('SIGINT');
    const run = await finish(started, 5_000);
    expect(run, run.output).toMatchObject({ code: 0, signal: null, errors: '' });
    expect(run.output).toContain('challenge abc123');
  });
});
