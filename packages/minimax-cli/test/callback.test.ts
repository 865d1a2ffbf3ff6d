import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { MiniMax } from 'minimax-sdk';
import { describe, expect, it, vi } from 'vitest';
import { run } from '../src/run.js';
import { Capture, runCli, withMockAndDir } from './helpers.js';

const ctx = withMockAndDir({ callbacks: { intervalMs: 5, retryDelayMs: 5 } });

/** Starts `minimax …` in this process and hands back its live output and a way to stop it. */
function start(argv: string[]) {
  const stdout = new Capture();
  const stderr = new Capture();
  const interrupt = new AbortController();
  const exit = run(argv, { stdout, stderr, env: {}, signal: interrupt.signal });
  return { stdout, stderr, exit, stop: () => interrupt.abort() };
}

function client(): MiniMax {
  return new MiniMax({ apiKey: 'test', baseURL: ctx.mock.url, maxRetries: 0, logLevel: 'off' });
}

describe('minimax callback serve', () => {
  it('--once --json: one JSON object per line (listening, challenge, events), exits after the final one', async () => {
    const serve = start(['callback', 'serve', '--once', '--json', '--secret', 's3']);
    await vi.waitFor(() => expect(serve.stdout.text).toContain('"listening"'), { timeout: 5000 });
    const listening = JSON.parse(serve.stdout.text.split('\n')[0] ?? '{}');
    expect(listening.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?secret=s3$/);
    const { task_id } = await client().video.create({
      model: 'MiniMax-Hailuo-2.3',
      prompt: 'A fox',
      callback_url: listening.url,
    });
    expect(await serve.exit).toBe(0);
    const lines = serve.stdout.text
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line));
    expect(lines.map((l) => [l.type, l.status ?? null])).toEqual([
      ['listening', null],
      ['challenge', null],
      ['event', 'processing'],
      ['event', 'success'],
    ]);
    expect(lines[3]).toMatchObject({ api: 'v1', task_id, final: true, file_id: expect.any(String) });
    expect(lines[3]).not.toHaveProperty('body');
    // The final post was answered before the receiver went away: the mock saw no failed attempt.
    await vi.waitFor(() => expect(ctx.mock.callbacks.filter((d) => d.kind === 'status')).toHaveLength(2));
    expect(ctx.mock.callbacks.every((d) => d.ok)).toBe(true);
  });

  it('prints human lines for V2 posts and stops on Ctrl-C', async () => {
    const serve = start(['callback', 'serve']);
    await vi.waitFor(() => expect(serve.stdout.text).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+\//));
    const url = /listening on (http:\/\/\S+)/.exec(serve.stdout.text)?.[1] ?? '';
    await client().video.v2.create({
      model: 'MiniMax-H3',
      content: [{ type: 'text', text: 'Rain' }],
      ratio: '1:1',
      callback_url: url,
    });
    await vi.waitFor(() => expect(serve.stdout.text).toMatch(/succeeded {2}url=http/), { timeout: 5000 });
    serve.stop();
    expect(await serve.exit).toBe(0);
    expect(serve.stdout.text).toMatch(/challenge answered/);
    expect(serve.stdout.text).toMatch(/v2 {2}task vid_\d+ {2}queued/);
    expect(serve.stdout.text).toMatch(/v2 {2}task vid_\d+ {2}running/);
    expect(serve.stderr.text).toContain('Callback receiver stopped.');
  });

  it('--secret: a post without it is refused (403) and prints nothing', async () => {
    const serve = start(['callback', 'serve', '--json', '--secret', 'k']);
    await vi.waitFor(() => expect(serve.stdout.text).toContain('"listening"'));
    const { port } = JSON.parse(serve.stdout.text.split('\n')[0] ?? '{}');
    const post = (query: string) =>
      fetch(`http://127.0.0.1:${port}/${query}`, {
        method: 'POST',
        body: JSON.stringify({ task_id: '1', status: 'success' }),
      });
    expect((await post('')).status).toBe(403);
    expect((await post('?secret=nope')).status).toBe(403);
    expect((await post('?secret=k')).status).toBe(200);
    serve.stop();
    expect(await serve.exit).toBe(0);
    const events = serve.stdout.text.trim().split('\n').slice(1);
    expect(events.map((l) => JSON.parse(l).type)).toEqual(['event']);
  });

  it('--quiet prints the URL, then the task id of each final status', async () => {
    const serve = start(['callback', 'serve', '-q', '--once']);
    await vi.waitFor(() => expect(serve.stdout.text).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\n/));
    const url = serve.stdout.text.trim();
    const { task_id } = await client().video.create({
      model: 'MiniMax-Hailuo-2.3',
      prompt: 'x',
      callback_url: url,
    });
    expect(await serve.exit).toBe(0);
    expect(serve.stdout.text).toBe(`${url}\n${task_id}\n`);
  });

  it('a port in use is a clear error (exit 1)', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = taken.address() as AddressInfo;
      const result = await runCli(['callback', 'serve', '--port', String(port)]);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`Port ${port} on 127.0.0.1 is in use`);
    } finally {
      await new Promise<void>((resolve) => taken.close(() => resolve()));
    }
  });

  it('refuses a bad port or an empty secret before listening: usage errors (exit 2)', async () => {
    const port = await runCli(['callback', 'serve', '--port', '70000']);
    expect(port.code).toBe(2);
    expect(port.stderr).toMatch(/--port must be 0-65535/);
    const empty = await runCli(['callback', 'serve', '--secret', '']);
    expect(empty.code).toBe(2);
    expect(empty.stderr).toMatch(/--secret must not be empty/);
  });
});
