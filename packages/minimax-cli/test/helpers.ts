/** Shared test plumbing: in-process runs of the CLI, spawned runs of the built binary, temp dirs. */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import {
  type LoggedRequest,
  type MockServer,
  type MockServerOptions,
  startMockServer,
} from 'minimax-sdk/mock';
import { afterEach, beforeEach } from 'vitest';
import { run } from '../src/run.js';

/** A writable that keeps everything written to it. */
export class Capture extends Writable {
  readonly chunks: Buffer[] = [];
  isTTY: boolean;
  columns = 100;

  constructor(isTTY = false) {
    super();
    this.isTTY = isTTY;
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, callback: () => void): void {
    this.chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
    callback();
  }

  get bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }

  get text(): string {
    return this.bytes.toString('utf8');
  }
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  signal?: AbortSignal;
  /** Pretend stderr is a terminal (for the live progress line). */
  tty?: boolean;
  /** Pretend stdout is a terminal. */
  stdoutTTY?: boolean;
}

/** Runs the CLI in this process with captured streams and a clean environment. */
export async function runCli(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  const stdout = new Capture(options.stdoutTTY ?? false);
  const stderr = new Capture(options.tty ?? false);
  const code = await run(argv, {
    stdout,
    stderr,
    stdin: Readable.from(options.stdin !== undefined ? [Buffer.from(options.stdin)] : []),
    env: options.env ?? {},
    signal: options.signal,
  });
  return { code, stdout: stdout.text, stderr: stderr.text, stdoutBytes: stdout.bytes };
}

/** Flags that point a run at a mock server. */
export function at(url: string): string[] {
  return ['--base-url', url, '--api-key', 'test', '--poll-interval', '20ms'];
}

export async function tempDir(): Promise<{ path: string; cleanup: () => Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'minimax-cli-test-'));
  return { path, cleanup: () => rm(path, { recursive: true, force: true }) };
}

export type TempDir = Awaited<ReturnType<typeof tempDir>>;

/**
 * A fresh mock server and temp folder around every test of the file that calls this; read them
 * as `ctx.mock` and `ctx.dir` inside the tests.
 */
export function withMockAndDir(options: MockServerOptions = {}): {
  readonly mock: MockServer;
  readonly dir: TempDir;
} {
  const ctx = {} as { mock: MockServer; dir: TempDir };
  beforeEach(async () => {
    ctx.mock = await startMockServer(options);
    ctx.dir = await tempDir();
  });
  afterEach(async () => {
    await ctx.mock.close();
    await ctx.dir.cleanup();
  });
  return ctx;
}

/** Waits (up to 5 s) until the mock has logged a request that `matches`. */
export async function waitForRequest(
  mock: MockServer,
  matches: (request: LoggedRequest) => boolean,
): Promise<void> {
  const deadline = Date.now() + 5000;
  while (!mock.requests.some(matches) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

export function requireBuild(): void {
  if (!existsSync(BIN)) {
    throw new Error(`${BIN} is missing: run \`npm run build\` at the repository root first.`);
  }
}

export interface Spawned {
  child: ChildProcess;
  stdout: () => Buffer;
  stderr: () => string;
  /** Resolves with the exit code (or 128 + n for a signal death). */
  exit: Promise<number>;
  /** Resolves once stderr (or stdout) has shown `pattern`. */
  waitFor: (pattern: RegExp, stream?: 'stdout' | 'stderr', timeoutMs?: number) => Promise<void>;
}

/** Runs the built `minimax` with a minimal environment (no key or base URL unless given). */
export function spawnCli(
  args: string[],
  env: Record<string, string> = {},
  cwd?: string,
  ids: { uid?: number; gid?: number } = {},
): Spawned {
  const child = spawn(process.execPath, [BIN, ...args], {
    ...ids,
    cwd,
    env: { PATH: process.env.PATH ?? '', NO_COLOR: '1', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  child.stdout?.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr?.on('data', (chunk: Buffer) => err.push(chunk));
  child.stdin?.end();
  const exit = new Promise<number>((resolve) => {
    child.on('close', (code, signal) =>
      resolve(code ?? (signal === 'SIGINT' ? 130 : signal === 'SIGTERM' ? 143 : 1)),
    );
  });
  const text = (which: 'stdout' | 'stderr') => Buffer.concat(which === 'stdout' ? out : err).toString('utf8');
  const waitFor = (pattern: RegExp, stream: 'stdout' | 'stderr' = 'stderr', timeoutMs = 10_000) =>
    new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const check = () => {
        if (pattern.test(text(stream))) return resolve();
        if (child.exitCode !== null) return reject(new Error(`exited before ${pattern}: ${text('stderr')}`));
        if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${pattern}`));
        setTimeout(check, 20);
      };
      check();
    });
  return { child, stdout: () => Buffer.concat(out), stderr: () => text('stderr'), exit, waitFor };
}

// How a test meets a folder it really cannot write, under root too: the SDK suite's one probe.
export {
  NOBODY,
  type PermissionMode,
  permissionMode,
} from '../../minimax-sdk/test/reliability/unprivileged.js';
