import { parseBuffer } from 'music-metadata';
import { describe, expect, it } from 'vitest';
import { type ExtraInfo, fromHex, parseSse, post, postJson, startMock, VOICE } from './helpers.js';

const SONG = {
  model: 'music-2.5+',
  stream: false,
  lyrics_optimizer: false,
  is_instrumental: false,
  prompt: 'indie folk, warm',
  lyrics: '[Verse]\nWalking down the road\n[Chorus]\nSing it loud',
};

interface MusicBody {
  data: { audio: string; status: number };
  extra_info: ExtraInfo;
}

describe('POST /v1/music_generation', () => {
  it('returns hex audio whose decoded metadata matches extra_info', async () => {
    const mock = await startMock();
    const body = await postJson<MusicBody>(mock, '/v1/music_generation', { ...SONG, output_format: 'hex' });
    expect(body.base_resp.status_code).toBe(0);
    expect(body.data.status).toBe(2);
    const bytes = fromHex(body.data.audio);
    expect(body.extra_info).toMatchObject({
      music_sample_rate: 44100,
      music_channel: 2,
      bitrate: 256000,
      music_size: bytes.byteLength,
    });
    const meta = await parseBuffer(bytes, { mimeType: 'audio/mpeg' });
    expect(meta.format.sampleRate).toBe(44100);
    expect(meta.format.numberOfChannels).toBe(2);
    expect(
      Math.abs((meta.format.duration ?? 0) * 1000 - Number(body.extra_info.music_duration)),
    ).toBeLessThan(60);
  });

  it('returns a served URL with output_format url', async () => {
    const mock = await startMock();
    const body = await postJson<MusicBody>(mock, '/v1/music_generation', { ...SONG, output_format: 'url' });
    expect(body.data.audio.startsWith(`${mock.url}/__mock/media/`)).toBe(true);
    const bytes = new Uint8Array(await (await fetch(body.data.audio)).arrayBuffer());
    expect(bytes.byteLength).toBe(body.extra_info.music_size);
  });

  it('honours audio_setting (wav, 32 kHz)', async () => {
    const mock = await startMock();
    const body = await postJson<MusicBody>(mock, '/v1/music_generation', {
      ...SONG,
      output_format: 'hex',
      audio_setting: { sample_rate: 32000, bitrate: 128000, format: 'wav' },
    });
    const meta = await parseBuffer(fromHex(body.data.audio), { mimeType: 'audio/wav' });
    expect(meta.format.sampleRate).toBe(32000);
    expect(body.extra_info.music_sample_rate).toBe(32000);
  });

  it('streams status 1 chunks, then a status 2 aggregate equal to their concatenation', async () => {
    const mock = await startMock();
    const res = await post(mock, '/v1/music_generation', { ...SONG, stream: true, output_format: 'hex' });
    const events = parseSse<{ data: { audio: string; status: number }; extra_info: ExtraInfo | null }>(
      await res.text(),
    );
    const chunks = events.slice(0, -1);
    const final = events.at(-1)?.data;
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    expect(chunks.every((e) => e.data.data.status === 1 && e.data.extra_info === null)).toBe(true);
    expect(final?.data.status).toBe(2);
    const joined = chunks.map((e) => e.data.data.audio).join('');
    expect(final?.data.audio).toBe(joined);
    expect(final?.extra_info?.music_size).toBe(joined.length / 2);
  });

  it('allows instrumental music without lyrics', async () => {
    const mock = await startMock();
    const body = await postJson(mock, '/v1/music_generation', {
      ...SONG,
      lyrics: undefined,
      is_instrumental: true,
      output_format: 'hex',
    });
    expect(body.base_resp.status_code).toBe(0);
  });

  it.each([
    [{ model: undefined }, 'model'],
    [{ lyrics: undefined }, 'lyrics'],
    [{ lyrics: 'x'.repeat(3501) }, 'lyrics'],
    [{ is_instrumental: true, prompt: undefined }, 'prompt'],
    [{ output_format: 'ogg' }, 'output_format'],
    [{ stream: true, output_format: 'url' }, 'output_format'],
    [{ audio_setting: { sample_rate: 8000 } }, 'audio_setting.sample_rate'],
    [{ audio_setting: { format: 'flac' } }, 'audio_setting.format'],
  ])('refuses %j with 2013 naming %s', async (patch, field) => {
    const mock = await startMock();
    const body = await postJson(mock, '/v1/music_generation', { ...SONG, output_format: 'hex', ...patch });
    expect(body.base_resp.status_code).toBe(2013);
    expect(body.base_resp.status_msg).toContain(field);
  });
});

/** A real MP3 of about `seconds` from the mock's own speech (60 ms a character), as base64. */
async function spokenBase64(mock: Awaited<ReturnType<typeof startMock>>, seconds: number): Promise<string> {
  const body = await postJson<{ data: { audio: string } }>(mock, '/v1/t2a_v2', {
    model: 'speech-2.8-hd',
    text: 'x'.repeat(Math.round((seconds * 1000) / 60)),
    voice_setting: VOICE,
  });
  return Buffer.from(fromHex(body.data.audio)).toString('base64');
}

describe('songs to cover: 6 s to 6 min', () => {
  it('refuses a shorter song, measured from its container, on preprocess and on a cover', async () => {
    const mock = await startMock();
    const short = await spokenBase64(mock, 3);
    const pre = await postJson(mock, '/v1/music_cover_preprocess', {
      model: 'music-cover',
      audio_base64: short,
    });
    expect(pre.base_resp.status_code).toBe(2013);
    expect(pre.base_resp.status_msg).toContain('audio_base64');
    const cover = await postJson(mock, '/v1/music_generation', {
      model: 'music-cover',
      prompt: 'Acoustic folk, warm male vocals',
      audio_base64: short,
    });
    expect(cover.base_resp.status_code).toBe(2013);
    expect(cover.base_resp.status_msg).toContain('audio_base64');
    // Bytes it cannot measure are read as a 128 kbps MP3: 1 kB is far too short.
    const tiny = Buffer.alloc(1000, 7).toString('base64');
    const blob = await postJson(mock, '/v1/music_cover_preprocess', {
      model: 'music-cover',
      audio_base64: tiny,
    });
    expect(blob.base_resp.status_code).toBe(2013);
  });

  it('takes a longer song and reports its measured length', async () => {
    const mock = await startMock();
    const pre = await postJson<{ audio_duration: number }>(mock, '/v1/music_cover_preprocess', {
      model: 'music-cover',
      audio_base64: await spokenBase64(mock, 9),
    });
    expect(pre.base_resp.status_code).toBe(0);
    expect(pre.audio_duration).toBeGreaterThan(8);
    expect(pre.audio_duration).toBeLessThan(10);
  });

  it('makes songs long enough to be covered', async () => {
    const mock = await startMock();
    const song = await postJson<MusicBody>(mock, '/v1/music_generation', { ...SONG, lyrics: '[Verse]\nHi' });
    expect(Number(song.extra_info.music_duration)).toBeGreaterThanOrEqual(6000);
  });
});

describe('POST /v1/lyrics_generation', () => {
  interface Lyrics {
    song_title: string;
    style_tags: string;
    lyrics: string;
  }

  it('writes a full song with a title, style tags and tagged sections', async () => {
    const mock = await startMock();
    const body = await postJson<Lyrics>(mock, '/v1/lyrics_generation', {
      mode: 'write_full_song',
      prompt: 'summer love by the ocean',
    });
    expect(body.base_resp.status_code).toBe(0);
    expect(body.song_title).toBe('Summer Love By The');
    expect(body.style_tags.split(', ').length).toBeGreaterThanOrEqual(2);
    expect(body.lyrics).toContain('[Verse]');
    expect(body.lyrics).toContain('[Chorus]');
    const again = await postJson<Lyrics>(mock, '/v1/lyrics_generation', {
      mode: 'write_full_song',
      prompt: 'summer love by the ocean',
    });
    expect(again.lyrics).toBe(body.lyrics);
  });

  it('edits given lyrics and keeps a given title', async () => {
    const mock = await startMock();
    const body = await postJson<Lyrics>(mock, '/v1/lyrics_generation', {
      mode: 'edit',
      lyrics: '[Verse]\nOld line',
      prompt: 'add a bridge about rain',
      title: 'Rainy Day',
    });
    expect(body.song_title).toBe('Rainy Day');
    expect(body.lyrics.startsWith('[Verse]\nOld line')).toBe(true);
    expect(body.lyrics).toContain('[Bridge]');
  });

  it.each([
    [{ mode: 'rewrite' }, 'mode'],
    [{ mode: undefined }, 'mode'],
    [{ mode: 'edit' }, 'lyrics'],
    [{ prompt: 'x'.repeat(2001) }, 'prompt'],
  ])('refuses %j with 2013 naming %s', async (patch, field) => {
    const mock = await startMock();
    const body = await postJson(mock, '/v1/lyrics_generation', {
      mode: 'write_full_song',
      prompt: 'hi',
      ...patch,
    });
    expect(body.base_resp.status_code).toBe(2013);
    expect(body.base_resp.status_msg).toContain(field);
  });
});
