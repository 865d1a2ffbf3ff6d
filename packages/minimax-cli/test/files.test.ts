import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { at, runCli, withMockAndDir } from './helpers.js';

const ctx = withMockAndDir();

describe('minimax files', () => {
  it('upload, list, info, download and delete round-trip a file', async () => {
    const source = join(ctx.dir.path, 'long.txt');
    const content = 'Some long text for speech.\n'.repeat(20);
    await writeFile(source, content);

    const uploaded = await runCli([
      'files',
      'upload',
      source,
      '--purpose',
      't2a_async_input',
      '--json',
      ...at(ctx.mock.url),
    ]);
    expect(uploaded.code).toBe(0);
    const info = JSON.parse(uploaded.stdout);
    expect(info).toMatchObject({ filename: 'long.txt', purpose: 't2a_async_input', bytes: content.length });
    const id: string = info.file_id;

    const listed = await runCli(['files', 'list', ...at(ctx.mock.url)]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(/FILE ID\s+PURPOSE/);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).toContain('long.txt');

    const shown = await runCli(['files', 'info', id, ...at(ctx.mock.url)]);
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/download_url\s+http/);

    const target = join(ctx.dir.path, 'copy.txt');
    const downloaded = await runCli(['files', 'download', id, '-o', target, ...at(ctx.mock.url)]);
    expect(downloaded.code).toBe(0);
    expect(await readFile(target, 'utf8')).toBe(content);

    const piped = await runCli(['files', 'download', id, '-o', '-', ...at(ctx.mock.url)]);
    expect(piped.stdout).toBe(content);

    const deleted = await runCli(['files', 'delete', id, ...at(ctx.mock.url)]);
    expect(deleted.code).toBe(0);
    expect(ctx.mock.requests.find((r) => r.path === '/v1/files/delete')?.body).toEqual({
      file_id: Number(id),
      purpose: 't2a_async_input',
    });

    const empty = await runCli(['files', 'list', '--purpose', 't2a_async_input', '-q', ...at(ctx.mock.url)]);
    expect(empty.stdout).toBe('');
  });

  it('download without -o keeps the stored name (--force to replace a file already there)', async () => {
    const source = join(ctx.dir.path, 'voice.mp3');
    await writeFile(source, Buffer.from('ID3-not-really-audio'));
    const uploaded = await runCli(['files', 'upload', source, '-q', ...at(ctx.mock.url)]);
    const id = uploaded.stdout.trim();
    const cwd = process.cwd();
    process.chdir(ctx.dir.path);
    try {
      await writeFile(source, 'replaced');
      const downloaded = await runCli(['files', 'download', id, '--force', ...at(ctx.mock.url)]);
      expect(downloaded.code).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(await readFile(source, 'utf8')).toBe('ID3-not-really-audio');
  });

  it('an unknown file id is an API error, one line, exit 1', async () => {
    const result = await runCli(['files', 'info', '999999', ...at(ctx.mock.url)]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/InvalidParameterError \[code 2013\]/);
  });

  it('upload refuses a purpose outside the allowed set (usage error)', async () => {
    const result = await runCli(['files', 'upload', 'x.mp3', '--purpose', 'nope', ...at(ctx.mock.url)]);
    expect(result.code).toBe(2);
  });
});
