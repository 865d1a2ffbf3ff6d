/** End-to-end: the BUILT `minimax` binary as a separate process (signals, exit codes, pipes). */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseBuffer, parseFile } from 'music-metadata';
import { PNG } from 'pngjs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { at, requireBuild, type Spawned, spawnCli, waitForRequest, withMockAndDir } from './helpers.js';

const ctx = withMockAndDir();
const running: Spawned[] = [];

beforeAll(() => requireBuild());

// Registered after withMockAndDir's, so it runs before the mock closes.
afterEach(() => {
  for (const proc of running.splice(0)) if (proc.child.exitCode === null) proc.child.kill('SIGKILL');
});

function spawnTracked(args: string[], env?: Record<string, string>, cwd?: string): Spawned {
  const proc = spawnCli(args, env, cwd);
  running.push(proc);
  return proc;
}

describe('the built minimax binary', () => {
  it('Ctrl-C while waiting for a video exits 130 and leaves no output file', async () => {
    ctx.mock.faults.add({ taskNeverEnds: true });
    const file = join(ctx.dir.path, 'never.mp4');
    const proc = spawnTracked(['video', 'A task that never ends', '-o', file, ...at(ctx.mock.url)]);
    await proc.waitFor(/Processing/);
    proc.child.kill('SIGINT');
    expect(await proc.exit).toBe(130);
    expect(proc.stderr()).toMatch(/Cancelled\./);
    expect(proc.stderr()).not.toMatch(/\n\s+at /);
    expect(await readdir(ctx.dir.path)).toEqual([]);
  });

  it('Ctrl-C during a streamed download removes the partial file', async () => {
    ctx.mock.faults.add({ stall: true, path: '/v1/t2a_v2' });
    const file = join(ctx.dir.path, 'stalled.mp3');
    const proc = spawnTracked(['speech', 'Never finishes', '--stream', '-o', file, ...at(ctx.mock.url)]);
    await waitForRequest(ctx.mock, (r) => r.path === '/v1/t2a_v2');
    await new Promise((resolve) => setTimeout(resolve, 200));
    proc.child.kill('SIGINT');
    expect(await proc.exit).toBe(130);
    expect(await readdir(ctx.dir.path)).toEqual([]);
  });

  it('pipes streamed speech to stdout with -o -', async () => {
    const proc = spawnTracked(['speech', 'Piped into a player', '--stream', '-o', '-', ...at(ctx.mock.url)]);
    expect(await proc.exit).toBe(0);
    const meta = await parseBuffer(proc.stdout(), { mimeType: 'audio/mpeg' });
    expect(meta.format.container).toBe('MPEG');
    expect(meta.format.duration).toBeGreaterThan(0.5);
  });

  it('text --speak without -o saves the spoken reply as reply.mp3 in the working folder', async () => {
    const proc = spawnTracked(
      ['text', 'Say something short.', '--speak', ...at(ctx.mock.url)],
      {},
      ctx.dir.path,
    );
    expect(await proc.exit).toBe(0);
    expect(proc.stdout().toString()).toContain('Say something short.');
    expect(await readdir(ctx.dir.path)).toEqual(['reply.mp3']);
    expect((await parseFile(join(ctx.dir.path, 'reply.mp3'))).format.duration).toBeGreaterThan(0.3);
  });

  it('--json prints exactly one JSON document and nothing else', async () => {
    const proc = spawnTracked(['image', 'A red square', '-o', ctx.dir.path, '--json', ...at(ctx.mock.url)]);
    expect(await proc.exit).toBe(0);
    const text = proc.stdout().toString('utf8');
    const doc = JSON.parse(text);
    expect(text.trim()).toBe(JSON.stringify(doc, null, 2));
    expect(proc.stderr()).toBe('');
    const png = PNG.sync.read(await readFile(doc.files[0]));
    expect(png.width).toBeGreaterThan(0);
  });

  it('a missing key exits 1 with a one-line error and a hint', async () => {
    const proc = spawnTracked(['text', 'hi']);
    expect(await proc.exit).toBe(1);
    const lines = proc.stderr().trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^error: No MiniMax API key\. — set it with `export MINIMAX_API_KEY=<your key>`/,
    );
  });

  it('`mock` prints its URL, serves requests and exits 0 on SIGINT and SIGTERM', async () => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const proc = spawnTracked(['mock', '--port', '0']);
      // Both lines may arrive in separate chunks: wait for the last one before reading the first.
      await proc.waitFor(/MINIMAX_BASE_URL=http:\/\/127\.0\.0\.1:\d+ MINIMAX_API_KEY=any/, 'stdout');
      expect(proc.stdout().toString()).toMatch(/listening on http:\/\/127\.0\.0\.1:\d+/);
      const url = /http:\/\/127\.0\.0\.1:\d+/.exec(proc.stdout().toString())![0];
      expect(proc.stdout().toString()).toContain(`MINIMAX_BASE_URL=${url} MINIMAX_API_KEY=any`);
      const client = spawnTracked(['voices', 'list', '-q'], {
        MINIMAX_BASE_URL: url,
        MINIMAX_API_KEY: 'any',
      });
      expect(await client.exit).toBe(0);
      expect(client.stdout().toString()).toContain('English_expressive_narrator');
      proc.child.kill(signal);
      expect(await proc.exit).toBe(0);
    }
  });

  it('`demo --out` runs every capability offline, ignoring the environment, and writes every output', async () => {
    const out = join(ctx.dir.path, 'demo');
    // Values that would fail if used: the demo must talk only to its own in-process mock.
    const proc = spawnTracked(['demo', '--out', out], {
      MINIMAX_API_KEY: 'must-not-be-used',
      MINIMAX_BASE_URL: 'http://127.0.0.1:9',
    });
    expect(await proc.exit).toBe(0);
    const stdout = proc.stdout().toString();
    expect(stdout).toMatch(/CAPABILITY\s+FILE\s+SIZE\s+DURATION\s+TIME/);
    for (const capability of [
      'text (stream)',
      'text (spoken)',
      'models',
      'tokens',
      'text (OpenAI chat, stream)',
      'quota',
      'search',
      'vision',
      'text (OpenAI responses, stream)',
      'speech (sync)',
      'speech (stream)',
      'speech (WebSocket)',
      'speech (long text)',
      'voices list',
      'voices clone',
      'voices design',
      'image',
      'video',
      'callbacks',
      'video template',
      'music',
      'lyrics',
      'files',
    ]) {
      expect(stdout).toContain(capability);
    }
    expect(stdout).not.toContain('FAILED');
    expect(stdout).toContain('minimax-ai-provider');
    expect(stdout).toContain('minimax-mcp');
    const files = (await readdir(out)).sort();
    expect(files).toEqual(
      [
        'callbacks.jsonl',
        'chat.txt',
        'files-download.mp3',
        'image-1.png',
        'lyrics.txt',
        'music-cover.mp3',
        'models.json',
        'music.mp3',
        'quota.json',
        'search.json',
        'responses.txt',
        'speech-bidi.mp3',
        'speech-long.mp3',
        'speech-stream.mp3',
        'speech-words.opus',
        'speech-ws.mp3',
        'speech.mp3',
        'text.txt',
        'text-spoken.mp3',
        'tokens.json',
        'transcript.srt',
        'video.mp4',
        'video-v2.mp4',
        'vision.txt',
        'video-template.mp4',
        'voice-clone-preview.mp3',
        'voice-design.mp3',
        'voices.json',
      ].sort(),
    );
    for (const audio of files.filter((f) => f.endsWith('.mp3'))) {
      expect((await parseFile(join(out, audio))).format.duration).toBeGreaterThan(0.3);
    }
    expect((await parseFile(join(out, 'speech-words.opus'))).format.codec).toBe('Opus');
    expect((await parseFile(join(out, 'video.mp4'))).format.duration).toBeGreaterThan(1);
    const callbacks = (await readFile(join(out, 'callbacks.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(callbacks.map((e) => [e.api, e.status])).toEqual([
      ['v2', 'queued'],
      ['v2', 'running'],
      ['v2', 'succeeded'],
    ]);
    expect(PNG.sync.read(await readFile(join(out, 'image-1.png'))).width).toBeGreaterThan(0);
    expect(JSON.parse(await readFile(join(out, 'voices.json'), 'utf8')).system_voice.length).toBeGreaterThan(
      0,
    );
  });
});
