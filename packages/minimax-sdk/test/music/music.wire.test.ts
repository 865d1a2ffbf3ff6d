import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidParameterError, MiniMax, ModelUnavailableError, RateLimitError } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';

let mock: MockServer;
let client: MiniMax;
let dir: string;
beforeEach(async () => {
  mock = await startMockServer();
  client = new MiniMax({ apiKey: 'wire-key', baseURL: mock.url, maxRetries: 0, logLevel: 'off' });
  dir = await mkdtemp(join(tmpdir(), 'mm-music-wire-'));
});
afterEach(async () => {
  await mock.close();
  await rm(dir, { recursive: true, force: true });
});

const LYRICS = '[Verse]\nWindows down, the radio on\n[Chorus]\nWe are gone, we are gone';
const isMp3 = (b: Uint8Array) =>
  (b[0] === 0x49 && b[1] === 0x44 && b[2] === 0x33) || (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0);

describe('music against the mock server', () => {
  it('default output is hex, as the API defaults: the audio is decoded in the answer', async () => {
    const song = await client.music.generate({ prompt: 'Upbeat indie pop', lyrics: LYRICS });
    expect(song.url).toBeUndefined();
    expect(song.data.byteLength).toBeGreaterThan(0);
    expect(isMp3(song.data)).toBe(true);
  });

  it('url output: save() downloads the song', async () => {
    const song = await client.music.generate({
      prompt: 'Upbeat indie pop',
      lyrics: LYRICS,
      output_format: 'url',
    });
    expect(song.url).toMatch(/^http:\/\//);
    expect(song.data.byteLength).toBe(0);
    expect(song.duration).toBeGreaterThan(0);
    expect(song.sample_rate).toBe(44100);
    const path = await song.save(join(dir, 'song.mp3'));
    const bytes = new Uint8Array(await readFile(path));
    expect(bytes.byteLength).toBe(song.size);
    expect(isMp3(bytes)).toBe(true);
  });

  it('hex output: the audio is decoded in the answer', async () => {
    const song = await client.music.generate({
      prompt: 'Calm piano',
      is_instrumental: true,
      output_format: 'hex',
      audio_setting: { format: 'wav', sample_rate: 32000 },
    });
    expect(song.url).toBeUndefined();
    expect(new TextDecoder().decode(song.data.subarray(0, 4))).toBe('RIFF');
    expect(song.format).toBe('wav');
    expect(song.sample_rate).toBe(32000);
    expect(song.size).toBe(song.data.byteLength);
  });

  it('streams the song as decoded chunks, without the repeated summary', async () => {
    const reference = await client.music.generate({ lyrics: LYRICS, prompt: 'Pop', output_format: 'hex' });
    const chunks: Uint8Array[] = [];
    for await (const chunk of client.music.generateStream({ lyrics: LYRICS, prompt: 'Pop' }))
      chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(1);
    const joined = new Uint8Array(chunks.reduce((n, c) => n + c.byteLength, 0));
    let offset = 0;
    for (const c of chunks) {
      joined.set(c, offset);
      offset += c.byteLength;
    }
    expect(joined).toEqual(reference.data);
    const path = await client.music
      .generateStream({ lyrics: LYRICS, prompt: 'Pop' })
      .save(join(dir, 's.mp3'));
    expect(new Uint8Array(await readFile(path))).toEqual(reference.data);
  });

  it('throws the mapped error sent mid-stream', async () => {
    mock.faults.add({ path: '/v1/music_generation', midStreamCode: 1002 });
    const stream = client.music.generateStream({ lyrics: LYRICS });
    await expect(
      (async () => {
        for await (const _ of stream) {
          // drain
        }
      })(),
    ).rejects.toBeInstanceOf(RateLimitError);
  });

  it('writes and edits lyrics', async () => {
    const song = await client.music.generateLyrics({
      mode: 'write_full_song',
      prompt: 'A song about the sea',
    });
    expect(song.song_title).toBeTruthy();
    expect(song.style_tags).toContain(',');
    expect(song.lyrics).toContain('[Chorus]');
    const edited = await client.music.generateLyrics({
      mode: 'edit',
      prompt: 'Add a bridge',
      lyrics: song.lyrics,
      title: 'Sea',
    });
    expect(edited.song_title).toBe('Sea');
    expect(edited.lyrics.startsWith(song.lyrics.trimEnd())).toBe(true);
  });
});

describe('music covers against the mock server', () => {
  it('preprocesses a song (bytes), then covers it with the feature id and edited lyrics', async () => {
    const song = new Uint8Array(16_000 * 20).fill(7);
    const first = await client.music.coverPreprocess({ audio: song });
    expect(first.cover_feature_id).toMatch(/^cover-/);
    expect(first.audio_duration).toBe(20);
    expect(first.formatted_lyrics).toContain('[Verse]');
    expect(first.structure.map((s) => s.label)).toEqual([
      'intro',
      'verse',
      'chorus',
      'verse',
      'chorus',
      'outro',
    ]);
    expect(first.structure.at(-1)?.end).toBe(20);
    // The same song gives the same id.
    const again = await client.music.coverPreprocess({ audio_base64: Buffer.from(song).toString('base64') });
    expect(again.cover_feature_id).toBe(first.cover_feature_id);

    const cover = await client.music.generate({
      model: 'music-cover',
      cover_feature_id: first.cover_feature_id,
      lyrics: first.formatted_lyrics.replace('[Verse]', '[Verse]\nSunshine now'),
      prompt: 'Acoustic folk, warm male vocals',
    });
    expect(isMp3(cover.data)).toBe(true);
  });

  it('preprocesses a local path', async () => {
    const path = join(dir, 'song.mp3');
    await writeFile(path, new Uint8Array(16_000 * 8).fill(3));
    const result = await client.music.coverPreprocess({ audio: path });
    expect(result.audio_duration).toBe(8);
  });

  it('refuses a cover feature id without lyrics, and an unknown id, as invalid parameters', async () => {
    await expect(
      client.music.generate({
        model: 'music-cover',
        cover_feature_id: 'cover-0123456789abcdef01234567',
        prompt: 'Acoustic folk cover',
      }),
    ).rejects.toThrow(/lyrics is required with cover_feature_id/);
    await expect(
      client.music.generate({
        model: 'music-cover',
        cover_feature_id: 'nope',
        lyrics: '[Verse]\nNew words here',
        prompt: 'Acoustic folk cover',
      }),
    ).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it('the shut-down free models are refused with ModelUnavailableError', async () => {
    const error = await client.music
      .generate({ model: 'music-2.6-free', prompt: 'Indie pop', lyrics: LYRICS })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).code).toBe(2061);
    await expect(
      client.music.coverPreprocess({ model: 'music-cover-free', audio_url: 'https://a.test/s.mp3' }),
    ).rejects.toBeInstanceOf(ModelUnavailableError);
  });
});
