import { join } from 'node:path';
import { AuthError, BASE_URLS } from 'minimax-sdk';
import { describe, expect, it } from 'vitest';
import { parseDurationMs, resolveConfig } from '../src/config.js';
import { describeError } from '../src/errors.js';
import { mediaDurationMs } from '../src/media.js';
import { formatTable, visibleLength } from '../src/output.js';
import { at, runCli, withMockAndDir } from './helpers.js';

const ctx = withMockAndDir({ apiKey: 'right-key' });

const COMMANDS = [
  [],
  ['text'],
  ['speech'],
  ['voices'],
  ['voices', 'list'],
  ['voices', 'clone'],
  ['voices', 'design'],
  ['voices', 'delete'],
  ['image'],
  ['video'],
  ['video', 'wait'],
  ['music'],
  ['lyrics'],
  ['files'],
  ['files', 'list'],
  ['files', 'upload'],
  ['files', 'info'],
  ['files', 'download'],
  ['files', 'delete'],
  ['callback'],
  ['callback', 'serve'],
  ['mock'],
  ['demo'],
];

describe('help and usage', () => {
  it.each(COMMANDS.map((c) => [c.join(' ') || '(root)', c]))(
    '%s --help shows usage with an example',
    async (_, command) => {
      const result = await runCli([...(command as string[]), '--help']);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^Usage: minimax/);
      expect(result.stdout).toMatch(/Examples:\n {2}\$ minimax /);
      expect(result.stdout).toContain('--json');
    },
  );

  it('--version prints the version', async () => {
    const result = await runCli(['--version']);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('an unknown command or option is a usage error (exit 2)', async () => {
    const a = await runCli(['nosuch']);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/unknown command 'nosuch'/);
    const b = await runCli(['text', 'hi', '--bogus']);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/unknown option '--bogus'/);
    const c = await runCli(['--region', 'mars', 'text', 'hi']);
    expect(c.code).toBe(2);
  });
});

describe('keys, hosts and errors', () => {
  it('a missing key says how to set it, without a stack', async () => {
    const result = await runCli(['text', 'hi']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^error: No MiniMax API key\. — set it with .*export MINIMAX_API_KEY=.*--api-key.*\n$/,
    );
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(result.stdout).toBe('');
  });

  it('reads MINIMAX_API_KEY and MINIMAX_BASE_URL from the environment', async () => {
    const result = await runCli(['text', 'from env'], {
      env: { MINIMAX_API_KEY: 'right-key', MINIMAX_BASE_URL: ctx.mock.url },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('from env');
  });

  it('--api-key beats the environment', async () => {
    const result = await runCli(['text', 'hi', '--api-key', 'right-key'], {
      env: { MINIMAX_API_KEY: 'wrong', MINIMAX_BASE_URL: ctx.mock.url },
    });
    expect(result.code).toBe(0);
  });

  it('a rejected key is a one-line auth error with a hint', async () => {
    const result = await runCli([
      'speech',
      'hi',
      '-o',
      join(ctx.dir.path, 'x.mp3'),
      '--base-url',
      ctx.mock.url,
      '--api-key',
      'wrong',
    ]);
    expect(result.code).toBe(1);
    const lines = result.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^error: AuthError \[code 1004\]: .* — .*api\.minimax\.io.*api\.minimax\.cn/);
  });

  it('an auth error on one region hints at the other', () => {
    const error = new AuthError('invalid api key', { code: 2049, status: 200 });
    expect(describeError(error, { debug: false, region: 'global' }).hint).toMatch(/--region cn/);
    expect(describeError(error, { debug: false, region: 'cn' }).hint).toMatch(/--region global/);
  });

  it('--json failures print one JSON error document on stdout and one line on stderr', async () => {
    const result = await runCli(['text', 'hi', '--json', '--base-url', ctx.mock.url, '--api-key', 'wrong']);
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout);
    expect(doc.error).toMatchObject({ type: 'AuthError', status: 401 });
    expect(result.stderr.split('\n')[0]).toMatch(/^error: AuthError/);
  });

  it('--debug shows the stack and SDK logs on stderr only', async () => {
    const result = await runCli(['text', 'hi', '--debug', '--base-url', ctx.mock.url, '--api-key', 'wrong']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\n\s+at /);
    expect(result.stderr).toContain('[minimax-sdk debug]');
    expect(result.stdout).toBe('');
  });

  it('--timeout takes seconds or a unit and bounds each request', async () => {
    ctx.mock.faults.add({ delayMs: 2000, path: '/v1/t2a_v2', times: 5 });
    const started = Date.now();
    const result = await runCli([
      'speech',
      'slow',
      '-o',
      join(ctx.dir.path, 'slow.mp3'),
      '--timeout',
      '200ms',
      '--max-retries',
      '0',
      '--base-url',
      ctx.mock.url,
      '--api-key',
      'right-key',
    ]);
    expect(Date.now() - started).toBeLessThan(1800);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/APITimeoutError/);
    expect(result.stderr).toMatch(/--timeout/);
  });

  it('an abort before the reply exits 130 with "Cancelled."', async () => {
    ctx.mock.faults.add({ delayMs: 5000, path: '/anthropic/v1/messages' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const result = await runCli(['text', 'hi', '--base-url', ctx.mock.url, '--api-key', 'right-key'], {
      signal: controller.signal,
    });
    expect(result.code).toBe(130);
    expect(result.stderr.trim()).toBe('Cancelled.');
  });

  it('--json and --quiet together are refused', async () => {
    const result = await runCli(['text', 'hi', '--json', '-q', ...at(ctx.mock.url)]);
    expect(result.code).toBe(2);
  });
});

describe('config and formatting helpers', () => {
  it('resolves the base URL: --base-url, then --region, then MINIMAX_BASE_URL, then global', () => {
    const env = { MINIMAX_BASE_URL: 'http://env.example/' };
    expect(resolveConfig({ baseUrl: 'http://flag.example' }, env).baseURL).toBe('http://flag.example');
    expect(resolveConfig({ region: 'cn' }, env)).toMatchObject({ baseURL: BASE_URLS.cn, region: 'cn' });
    expect(resolveConfig({}, env).baseURL).toBe('http://env.example');
    expect(resolveConfig({}, {})).toMatchObject({ baseURL: BASE_URLS.global, region: 'global' });
    expect(resolveConfig({ region: 'global' }, {}).baseURL).toBe('https://api.minimax.io');
    expect(resolveConfig({ region: 'cn' }, {}).baseURL).toBe('https://api.minimax.cn');
    expect(resolveConfig({}, { MINIMAX_REGION: 'cn' })).toMatchObject({
      baseURL: BASE_URLS.cn,
      region: 'cn',
    });
    expect(resolveConfig({ region: 'auto' }, env)).toMatchObject({ regionOption: 'auto' });
    expect(
      resolveConfig({ baseUrl: 'http://flag.example', region: 'auto' }, {}).regionOption,
    ).toBeUndefined();
  });

  it('parses --timeout as seconds unless a unit is given', () => {
    expect(parseDurationMs('30')).toBe(30_000);
    expect(parseDurationMs('1.5')).toBe(1500);
    expect(parseDurationMs('500ms')).toBe(500);
    expect(parseDurationMs('2m')).toBe(120_000);
    expect(() => parseDurationMs('soon')).toThrow(/Invalid duration/);
  });

  it('pads tables by terminal cells, wide characters included', () => {
    expect(visibleLength('青涩')).toBe(4);
    const table = formatTable(
      [{ header: 'A' }, { header: 'B' }],
      [
        ['青涩', 'x'],
        ['ab', 'y'],
      ],
    );
    const lines = table.split('\n');
    expect(lines[2]?.indexOf('x')).toBe(lines[3]!.indexOf('y') - 2);
  });

  it('reads no duration from bytes that are not media', () => {
    expect(mediaDurationMs(new Uint8Array(64))).toBeUndefined();
    expect(mediaDurationMs(new TextEncoder().encode('plain text, not audio'))).toBeUndefined();
  });
});
