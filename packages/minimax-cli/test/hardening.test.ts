/**
 * Issue 14, the CLI part: what a user types, a file holds or a server sends must not make the CLI
 * misbehave. Each block pins one finding; RELIABILITY.md lists them (C-n rows).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import MiniMax, { toFile } from 'minimax-sdk';
import { describe, expect, it } from 'vitest';
import pkg from '../package.json' with { type: 'json' };
import { localNameFor } from '../src/commands/files.js';
import { errorJSON, printError } from '../src/errors.js';
import { at, Capture, runCli, withMockAndDir } from './helpers.js';

const ctx = withMockAndDir();

/** Stores a file on the mock under a name of the server's choosing; returns its id. */
async function storeAs(name: string, content: string): Promise<string> {
  const client = new MiniMax({ apiKey: 'test', baseURL: ctx.mock.url, maxRetries: 0 });
  const file = await toFile(new TextEncoder().encode(content), name, { type: 'text/plain' });
  const info = await client.files.upload({ file, purpose: 't2a_async_input' });
  expect(info.filename).toBe(name);
  return info.file_id;
}

/** Runs `work` with the process in `dir` (files download without -o writes to the current folder). */
async function inDir<T>(dir: string, work: () => Promise<T>): Promise<T> {
  const cwd = process.cwd();
  process.chdir(dir);
  try {
    return await work();
  } finally {
    process.chdir(cwd);
  }
}

describe('C-1: files download without -o keeps to the base name and never overwrites unasked', () => {
  it('a stored name with ../ or an absolute path is saved as its base name in this folder', async () => {
    const work = join(ctx.dir.path, 'work');
    await mkdir(work);
    const outside = join(ctx.dir.path, 'escaped.txt');
    for (const name of ['../escaped.txt', outside]) {
      const id = await storeAs(name, `from ${name}`);
      const result = await inDir(work, () =>
        runCli(['files', 'download', id, '--force', ...at(ctx.mock.url)]),
      );
      expect(result.code, result.stderr).toBe(0);
      expect(existsSync(outside)).toBe(false);
      expect(await readFile(join(work, 'escaped.txt'), 'utf8')).toBe(`from ${name}`);
    }
  });

  it('names with nothing left become file-<id>', () => {
    expect(localNameFor('..', '7')).toBe('file-7');
    expect(localNameFor('a/..', '7')).toBe('file-7');
    expect(localNameFor('', '7')).toBe('file-7');
    expect(localNameFor('-', '7')).toBe('file-7');
    expect(localNameFor('C:\\Users\\x\\song.mp3', '7')).toBe('song.mp3');
    expect(localNameFor('bad\u0007name\n.txt', '7')).toBe('badname.txt');
  });

  it('refuses to replace an existing file without --force, and replaces it with --force', async () => {
    const id = await storeAs('voice.txt', 'the stored bytes');
    const local = join(ctx.dir.path, 'voice.txt');
    await writeFile(local, 'mine');
    const refused = await inDir(ctx.dir.path, () => runCli(['files', 'download', id, ...at(ctx.mock.url)]));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/voice\.txt already exists.*--force/);
    expect(await readFile(local, 'utf8')).toBe('mine');
    // Nothing was downloaded for a refused write.
    expect(ctx.mock.requests.some((r) => r.path === '/v1/files/retrieve_content')).toBe(false);

    const forced = await inDir(ctx.dir.path, () =>
      runCli(['files', 'download', id, '--force', ...at(ctx.mock.url)]),
    );
    expect(forced.code, forced.stderr).toBe(0);
    expect(await readFile(local, 'utf8')).toBe('the stored bytes');
  });
});

describe('C-5: the command the demo suggests works after `npm ci`', () => {
  it('the bin is a committed file (npm links only bins that exist at install time) that runs the build', async () => {
    const bin = pkg.bin.minimax;
    expect(bin.startsWith('./dist/')).toBe(false);
    const path = fileURLToPath(new URL(`../${bin}`, import.meta.url));
    expect(existsSync(path)).toBe(true);
    const version = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, [path, '--version'], (error, stdout) =>
        error ? reject(error) : resolve(stdout.trim()),
      ),
    );
    expect(version).toBe(pkg.version);
  });

  it('the demo names `npx minimax mock`', async () => {
    const result = await runCli(['demo', '--out', join(ctx.dir.path, 'demo')]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('`npx minimax mock`');
    expect(result.stdout).not.toMatch(/[^x] `minimax mock`/);
  }, 60_000);
});

describe('C-6: --debug never prints the API key', () => {
  const SECRET = 'sk-cli-secret-4f1c9a';

  it('not for a key no request can carry, in human or --json output', async () => {
    for (const key of [`${SECRET}\n`, `${SECRET}\u0000x`, `${SECRET}\r\nX-Evil: 1`, `${SECRET}\u2028`]) {
      for (const json of [[], ['--json']]) {
        const result = await runCli(['--debug', ...json, 'models', '--base-url', ctx.mock.url], {
          env: { MINIMAX_API_KEY: key },
        });
        expect(result.code).toBe(1);
        expect(result.stderr).toMatch(/API key/);
        expect(result.stdout + result.stderr).not.toContain(SECRET);
      }
    }
    expect(ctx.mock.requests).toHaveLength(0);
  });

  it('the error printer removes the key whatever quotes it (stack, cause, --json)', () => {
    const error = new TypeError(`Headers.append: "Bearer ${SECRET}\\n" is an invalid header value.`, {
      cause: new Error(`value ${SECRET}`),
    });
    const stderr = new Capture();
    printError({ stdout: new Capture(), stderr, env: {} }, error, { debug: true, secret: `${SECRET}\n` });
    expect(stderr.text).toContain('[redacted]');
    expect(stderr.text).toContain('cause:');
    expect(stderr.text).not.toContain(SECRET);
    expect(JSON.stringify(errorJSON(error, { debug: true, secret: SECRET }))).not.toContain(SECRET);
  });

  it('not for a good key, on success or on a connection failure', async () => {
    const ok = await runCli(['--debug', '--base-url', ctx.mock.url, 'models'], {
      env: { MINIMAX_API_KEY: SECRET },
    });
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stderr).toMatch(/GET \/v1\/models/);
    const closed = await runCli(
      ['--debug', '--max-retries', '0', '--base-url', 'http://127.0.0.1:9', 'models'],
      { env: { MINIMAX_API_KEY: SECRET } },
    );
    expect(closed.code).toBe(1);
    for (const output of [ok.stdout, ok.stderr, closed.stdout, closed.stderr])
      expect(output).not.toContain(SECRET);
  });
});
