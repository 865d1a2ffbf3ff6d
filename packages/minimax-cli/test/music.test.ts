import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseBuffer, parseFile } from 'music-metadata';
import { describe, expect, it } from 'vitest';
import { at, runCli, withMockAndDir } from './helpers.js';

const ctx = withMockAndDir();

const musicBody = () =>
  ctx.mock.requests.find((r) => r.path === '/v1/music_generation')?.body as Record<string, unknown>;

describe('minimax music', () => {
  it('generates a song with lyrics from @file and saves playable audio', async () => {
    const lyricsFile = join(ctx.dir.path, 'song.txt');
    await writeFile(lyricsFile, '[Verse]\nLights on the water\n[Chorus]\nWe drift till the morning');
    const file = join(ctx.dir.path, 'song.mp3');
    const result = await runCli([
      'music',
      'Dreamy synth-pop',
      '--lyrics',
      `@${lyricsFile}`,
      '-o',
      file,
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    expect(musicBody()).toMatchObject({
      // The default model is the SDK's: music-2.5+ left the platform's model list.
      model: 'music-2.6',
      prompt: 'Dreamy synth-pop',
      lyrics: expect.stringContaining('[Chorus]'),
    });
    const meta = await parseFile(file);
    expect(meta.format.container).toBe('MPEG');
    expect(meta.format.duration).toBeGreaterThan(1);
    expect(result.stdout).toContain(file);
  });

  it('--instrumental sends is_instrumental and no lyrics', async () => {
    const file = join(ctx.dir.path, 'beat.mp3');
    const result = await runCli(['music', 'Lo-fi beat', '--instrumental', '-o', file, ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    expect(musicBody()).toMatchObject({ is_instrumental: true });
    expect(musicBody().lyrics).toBeUndefined();
    expect((await parseFile(file)).format.duration).toBeGreaterThan(1);
  });

  it('--stream -o - writes the song to stdout', async () => {
    const result = await runCli([
      'music',
      'Streamed',
      '--lyrics',
      '[Verse]\nLa la',
      '--stream',
      '-o',
      '-',
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    expect(musicBody()).toMatchObject({ stream: true });
    const meta = await parseBuffer(result.stdoutBytes, { mimeType: 'audio/mpeg' });
    expect(meta.format.duration).toBeGreaterThan(1);
  });

  it('--lyrics with --instrumental is refused', async () => {
    const result = await runCli([
      'music',
      'x',
      '--lyrics',
      'la',
      '--instrumental',
      '-o',
      'x.mp3',
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(2);
    expect(ctx.mock.requests).toHaveLength(0);
  });
});

describe('minimax lyrics', () => {
  it('prints the title, tags and lyrics', async () => {
    const result = await runCli(['lyrics', 'A song about the sea', '--title', 'Tides', ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/\[Verse\]/);
    expect(ctx.mock.requests.at(-1)?.body).toMatchObject({
      mode: 'write_full_song',
      prompt: 'A song about the sea',
      title: 'Tides',
    });
  });

  it('-o saves the lyrics; --edit revises given lyrics; --json is one document', async () => {
    const file = join(ctx.dir.path, 'lyrics.txt');
    const result = await runCli([
      'lyrics',
      'Make it sadder',
      '--edit',
      '[Verse]\nHappy days',
      '-o',
      file,
      '--json',
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.lyrics.length).toBeGreaterThan(0);
    expect(doc.file).toBe(file);
    expect(await readFile(file, 'utf8')).toBe(`${doc.lyrics.trimEnd()}\n`);
    expect(ctx.mock.requests.at(-1)?.body).toMatchObject({ mode: 'edit', lyrics: '[Verse]\nHappy days' });
  });
});

describe('minimax music cover', () => {
  const coverCalls = () => ctx.mock.requests.filter((r) => r.path === '/v1/music_cover_preprocess');

  it('analyses a local song, then covers it with its feature id and heard lyrics', async () => {
    const song = join(ctx.dir.path, 'original.mp3');
    await writeFile(song, new Uint8Array(16_000 * 12).fill(5));
    const file = join(ctx.dir.path, 'cover.mp3');
    const result = await runCli([
      'music',
      'cover',
      song,
      '-p',
      'Acoustic folk, warm male vocals',
      '-o',
      file,
      '--json',
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    const pre = coverCalls()[0]?.body as Record<string, unknown>;
    expect(pre.model).toBe('music-cover');
    expect(Buffer.from(String(pre.audio_base64), 'base64').byteLength).toBe(16_000 * 12);
    const body = musicBody();
    expect(body).toMatchObject({ model: 'music-cover', prompt: 'Acoustic folk, warm male vocals' });
    expect(body.cover_feature_id).toMatch(/^cover-/);
    expect(body.lyrics).toContain('[Verse]');
    expect(JSON.parse(result.stdout)).toMatchObject({
      cover_feature_id: body.cover_feature_id,
      audio_duration: 12,
    });
    expect((await parseFile(file)).format.container).toBe('MPEG');
  });

  it('--feature-id with --lyrics skips the analysis; --feature-id alone is refused', async () => {
    const file = join(ctx.dir.path, 'cover2.mp3');
    const refused = await runCli([
      'music',
      'cover',
      'x.mp3',
      '-p',
      'Jazz trio, brushed drums',
      '--feature-id',
      'cover-0123456789abcdef01234567',
      '-o',
      file,
      ...at(ctx.mock.url),
    ]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/--lyrics/);
    const result = await runCli([
      'music',
      'cover',
      'https://example.test/song.mp3',
      '-p',
      'Jazz trio, brushed drums',
      '--feature-id',
      'cover-0123456789abcdef01234567',
      '--lyrics',
      '[Verse]\nNew words tonight',
      '-o',
      file,
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    expect(coverCalls()).toHaveLength(0);
    expect(musicBody()).toMatchObject({
      cover_feature_id: 'cover-0123456789abcdef01234567',
      lyrics: '[Verse]\nNew words tonight',
    });
  });
});
