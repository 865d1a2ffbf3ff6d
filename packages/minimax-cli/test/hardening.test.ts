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
import { at, runCli, withMockAndDir } from './helpers.js';

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
