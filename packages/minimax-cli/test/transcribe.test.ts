import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { at, runCli, withMockAndDir } from './helpers.js';

const ctx = withMockAndDir();
const SPOKEN = 'Hello from the command line. Read it back.';

async function speak(): Promise<string> {
  const file = join(ctx.dir.path, 'spoken.mp3');
  const result = await runCli(['speech', SPOKEN, '-o', file, ...at(ctx.mock.url)]);
  expect(result.code).toBe(0);
  return file;
}

const sttFields = () =>
  ctx.mock.requests
    .filter((r) => r.path === '/v1/speech_to_text')
    .map((r) => (r.body as { fields: Record<string, unknown> }).fields);

describe('minimax transcribe', () => {
  it('prints what the mock TTS spoke', async () => {
    const file = await speak();
    const result = await runCli(['transcribe', file, '--language', 'en', ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe(SPOKEN);
    expect(sttFields()[0]).toMatchObject({ model: 'asr-1.0', response_format: 'json' });
    // The language goes in its header, where the API reads it.
    expect(ctx.mock.requests.find((r) => r.path === '/v1/speech_to_text')?.headers.language).toBe('en');
  });

  it('prints srt and vtt', async () => {
    const file = await speak();
    const srt = await runCli(['transcribe', file, '--format', 'srt', ...at(ctx.mock.url)]);
    expect(srt.code).toBe(0);
    expect(srt.stdout).toMatch(/^1\n00:00:00,000 --> .*\nHello from the command line\.\n\n2\n/s);
    const vtt = await runCli(['transcribe', file, '--format', 'vtt', ...at(ctx.mock.url)]);
    expect(vtt.stdout.startsWith('WEBVTT\n')).toBe(true);
  });

  it('streams the words, and --json gives the final text', async () => {
    const file = await speak();
    const streamed = await runCli(['transcribe', file, '--stream', ...at(ctx.mock.url)]);
    expect(streamed.code).toBe(0);
    expect(streamed.stdout).toBe(`${SPOKEN}\n`);
    expect(sttFields()[0]).toMatchObject({ stream: 'true' });
    const json = await runCli(['transcribe', file, '--stream', '--json', ...at(ctx.mock.url)]);
    expect(JSON.parse(json.stdout)).toEqual({ text: SPOKEN });
  });

  it('refuses --stream with subtitles', async () => {
    const file = await speak();
    const result = await runCli(['transcribe', file, '--stream', '--format', 'srt', ...at(ctx.mock.url)]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('cannot be combined with --format srt');
  });
});
