import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AudioResponse,
  AudioStream,
  InsufficientBalanceError,
  InvalidParameterError,
  MiniMaxError,
  ModelUnavailableError,
  RateLimitError,
} from '../../src/index.js';
import { fakeFetch, jsonResponse, ok, sseResponse, testClient } from '../helpers/fake-fetch.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mm-music-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const EXTRA = {
  music_duration: 25364,
  music_sample_rate: 44100,
  music_channel: 2,
  bitrate: 256000,
  music_size: 813651,
};

describe('music.generate', () => {
  it('sends the defaults (no output_format: the API answers hex unless asked) and returns a URL result that downloads on save()', async () => {
    const { fetch, calls } = fakeFetch((req) =>
      req.url === 'https://cdn.test/song.mp3'
        ? new Response(new Uint8Array([0xff, 0xfb, 1, 2]), { headers: { 'content-type': 'audio/mpeg' } })
        : jsonResponse(
            ok({
              data: { audio: 'https://cdn.test/song.mp3', status: 2 },
              extra_info: EXTRA,
              trace_id: 'tr-m',
            }),
          ),
    );
    const song = await testClient(fetch).music.generate({ prompt: 'Indie pop', lyrics: '[Verse]\nLa la' });
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.path).toBe('/v1/music_generation');
    expect(calls[0]!.body).toEqual({
      model: 'music-2.6',
      stream: false,
      lyrics_optimizer: false,
      is_instrumental: false,
      prompt: 'Indie pop',
      lyrics: '[Verse]\nLa la',
    });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual(
      ['model', 'stream', 'lyrics_optimizer', 'is_instrumental', 'prompt', 'lyrics'].sort(),
    );
    expect(song).toBeInstanceOf(AudioResponse);
    expect(song.url).toBe('https://cdn.test/song.mp3');
    expect(song.data.byteLength).toBe(0);
    expect(song).toMatchObject({
      duration: 25364,
      sample_rate: 44100,
      size: 813651,
      format: 'mp3',
      trace_id: 'tr-m',
    });
    expect(song.extra_info).toEqual(EXTRA);

    const path = await song.save(join(dir, 'out', 'song.mp3'));
    expect([...(await readFile(path))]).toEqual([0xff, 0xfb, 1, 2]);
    expect(calls[1]!.url).toBe('https://cdn.test/song.mp3');
    expect(calls[1]!.headers.authorization).toBeUndefined();
    expect([...(await song.bytes())]).toEqual([0xff, 0xfb, 1, 2]);
    expect(calls).toHaveLength(2);
  });

  it('works with no params at all', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({ data: { audio: 'https://cdn.test/s.mp3' } })));
    const song = await testClient(fetch).music.generate();
    expect(calls[0]!.body).toEqual({
      model: 'music-2.6',
      stream: false,
      lyrics_optimizer: false,
      is_instrumental: false,
    });
    expect(song.size).toBe(0);
  });

  it('accepts the URL under data.audio_url too', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(ok({ data: { audio_url: 'https://cdn.test/s.mp3' } })));
    expect((await testClient(fetch).music.generate({ prompt: 'p' })).url).toBe('https://cdn.test/s.mp3');
  });

  it('decodes hex output and maps the music_* metadata', async () => {
    const { fetch, calls } = fakeFetch(() =>
      jsonResponse(
        ok({ data: { audio: '494433', status: 2 }, extra_info: { ...EXTRA, audio_format: 'wav' } }),
      ),
    );
    const song = await testClient(fetch).music.generate({
      model: 'music-2.6',
      prompt: 'Lo-fi',
      lyrics_optimizer: true,
      is_instrumental: true,
      output_format: 'hex',
      audio_setting: { sample_rate: 44100, bitrate: 256000, format: 'mp3' },
      aigc_watermark: false,
    });
    expect(calls[0]!.body).toEqual({
      model: 'music-2.6',
      stream: false,
      lyrics_optimizer: true,
      is_instrumental: true,
      prompt: 'Lo-fi',
      output_format: 'hex',
      audio_setting: { sample_rate: 44100, bitrate: 256000, format: 'mp3' },
      aigc_watermark: false,
    });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual(
      [
        'model',
        'stream',
        'lyrics_optimizer',
        'is_instrumental',
        'prompt',
        'output_format',
        'audio_setting',
        'aigc_watermark',
      ].sort(),
    );
    expect([...song.data]).toEqual([0x49, 0x44, 0x33]);
    expect(song.url).toBeUndefined();
    // The API's own format wins over the one asked for.
    expect(song).toMatchObject({ duration: 25364, sample_rate: 44100, size: 813651, format: 'wav' });
  });

  it('keeps the answer analysis_info as sent (and leaves it out when null)', async () => {
    const analysis = { bpm: 120, key: 'C major', sections: [{ label: 'verse', start: 0 }] };
    const { fetch } = fakeFetch((_req, i) =>
      jsonResponse(ok({ data: { audio: '0102', status: 2 }, analysis_info: i === 0 ? analysis : null })),
    );
    const client = testClient(fetch);
    const song = await client.music.generate({ prompt: 'p' });
    expect(song.analysis_info).toEqual(analysis);
    expect(song.toJSON().analysis_info).toEqual(analysis);
    const none = await client.music.generate({ prompt: 'p' });
    expect(none.analysis_info).toBeUndefined();
  });

  it('falls back to the requested format, then mp3, and to the decoded length for size', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(ok({ data: { audio: '0102' } })));
    const client = testClient(fetch);
    const wav = await client.music.generate({ output_format: 'hex', audio_setting: { format: 'wav' } });
    expect(wav).toMatchObject({ format: 'wav', size: 2, duration: 0, sample_rate: 0 });
    expect(wav.extra_info).toBeUndefined();
    const plain = await client.music.generate({ output_format: 'hex' });
    expect(plain.format).toBe('mp3');
  });

  it('gives empty data and size 0 for empty audio', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(ok({ data: { audio: '' } })));
    const song = await testClient(fetch).music.generate({ output_format: 'hex' });
    expect(song.data.byteLength).toBe(0);
    expect(song.size).toBe(0);
    expect(song.url).toBeUndefined();
  });

  it('rejects malformed hex as a MiniMaxError and maps API errors', async () => {
    const { fetch } = fakeFetch((_req, i) =>
      i === 0
        ? jsonResponse(ok({ data: { audio: 'xyz1' } }))
        : jsonResponse({ base_resp: { status_code: 1008, status_msg: 'insufficient balance' } }),
    );
    const client = testClient(fetch);
    await expect(client.music.generate({ output_format: 'hex' })).rejects.toBeInstanceOf(MiniMaxError);
    await expect(client.music.generate()).rejects.toBeInstanceOf(InsufficientBalanceError);
  });
});

const event = (body: unknown) => `data: ${JSON.stringify(body)}\n\n`;

describe('music.generateStream', () => {
  it('POSTs with stream true and hex output, and yields decoded chunks', async () => {
    const { fetch, calls } = fakeFetch(() =>
      sseResponse([
        ': keep-alive\n\n',
        event({ data: { audio: '0102', status: 1 }, extra_info: null, trace_id: 'tr-s' }),
        '\n',
        event({ data: { audio: '', status: 1 } }),
        'event: ping\ndata: {"data":{"audio":"03","status":1}}\n\n',
        event({ data: { audio: '010203', status: 2 }, extra_info: EXTRA, base_resp: { status_code: 0 } }),
      ]),
    );
    // A stray output_format (as a caller of generate() might pass) is overridden: streams are hex only.
    const params = { prompt: 'p', lyrics: 'l', output_format: 'url', audio_setting: { format: 'mp3' } };
    const stream = testClient(fetch).music.generateStream(params);
    expect(stream).toBeInstanceOf(AudioStream);
    const chunks: number[][] = [];
    for await (const chunk of stream) chunks.push([...chunk]);
    // The status-2 summary repeats the clip and is not yielded again.
    expect(chunks).toEqual([[1, 2], [3]]);
    expect(stream.extra_info).toEqual(EXTRA);
    expect(stream.trace_id).toBe('tr-s');
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.path).toBe('/v1/music_generation');
    expect(calls[0]!.headers.accept).toBe('text/event-stream');
    expect(calls[0]!.body).toEqual({
      model: 'music-2.6',
      stream: true,
      lyrics_optimizer: false,
      is_instrumental: false,
      prompt: 'p',
      lyrics: 'l',
      output_format: 'hex',
      audio_setting: { format: 'mp3' },
    });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual(
      [
        'model',
        'stream',
        'lyrics_optimizer',
        'is_instrumental',
        'prompt',
        'lyrics',
        'output_format',
        'audio_setting',
      ].sort(),
    );
  });

  it('starts the request at once, before iteration', async () => {
    const { fetch, calls } = fakeFetch(() => sseResponse([event({ data: { audio: '01', status: 1 } })]));
    const stream = testClient(fetch).music.generateStream({ prompt: 'p', is_instrumental: true });
    await stream.response;
    expect(calls).toHaveLength(1);
    expect(calls[0]!.body).toMatchObject({ is_instrumental: true, stream: true });
  });

  it('stops at [DONE] and throws a mid-stream base_resp error', async () => {
    const { fetch } = fakeFetch((_req, i) =>
      i === 0
        ? sseResponse([
            event({ data: { audio: '01' } }),
            'data: [DONE]\n\n',
            event({ data: { audio: '02' } }),
          ])
        : sseResponse([
            event({ data: { audio: '01' } }),
            event({ base_resp: { status_code: 1002, status_msg: 'rate limited' } }),
          ]),
    );
    const client = testClient(fetch);
    const first: number[] = [];
    for await (const chunk of client.music.generateStream({ prompt: 'p' })) first.push(...chunk);
    expect(first).toEqual([1]);
    const second: number[] = [];
    const error = await (async () => {
      for await (const chunk of client.music.generateStream({ prompt: 'p' })) second.push(...chunk);
    })().catch((e: unknown) => e);
    expect(second).toEqual([1]);
    expect(error).toBeInstanceOf(RateLimitError);
  });

  it('reports a malformed event as a MiniMaxError instead of ending the song short', async () => {
    const { fetch } = fakeFetch(() => sseResponse([event({ data: { audio: '01' } }), 'data: {not json\n\n']));
    const received: number[] = [];
    const error = await (async () => {
      for await (const chunk of testClient(fetch).music.generateStream({ prompt: 'p' }))
        received.push(...chunk);
    })().catch((e: unknown) => e);
    expect(received).toEqual([1]);
    expect(error).toBeInstanceOf(MiniMaxError);
  });

  it('survives data: null and saves the stream to a file', async () => {
    const { fetch } = fakeFetch(() =>
      sseResponse([
        event({ data: null }),
        event({ data: { audio: 'aabb', status: 1 } }),
        event({ data: { audio: 'cc' } }),
        event({ data: { audio: 'aabbcc', status: 2 } }),
      ]),
    );
    const path = await testClient(fetch).music.generateStream({ prompt: 'p' }).save(join(dir, 'stream.mp3'));
    expect([...(await readFile(path))]).toEqual([0xaa, 0xbb, 0xcc]);
  });

  it('rejects the first step with the mapped error of an HTTP failure', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse({ base_resp: { status_code: 1008, status_msg: 'no money' } }, { status: 402 }),
    );
    const stream = testClient(fetch).music.generateStream({ prompt: 'p' });
    await expect(stream[Symbol.asyncIterator]().next()).rejects.toBeInstanceOf(InsufficientBalanceError);
  });
});

describe('music.generateLyrics', () => {
  it('writes a full song: sends mode and prompt, reads the result', async () => {
    const { fetch, calls } = fakeFetch(() =>
      jsonResponse(
        ok({
          song_title: 'Summer Road',
          style_tags: 'pop, upbeat, summer',
          lyrics: '[Verse]\nWindows down\n[Chorus]\nWe are gone',
          trace_id: 'tr-ly',
        }),
      ),
    );
    const result = await testClient(fetch).music.generateLyrics({
      mode: 'write_full_song',
      prompt: 'A road trip',
    });
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.path).toBe('/v1/lyrics_generation');
    expect(calls[0]!.body).toEqual({ mode: 'write_full_song', prompt: 'A road trip' });
    expect(result).toEqual({
      song_title: 'Summer Road',
      style_tags: 'pop, upbeat, summer',
      lyrics: '[Verse]\nWindows down\n[Chorus]\nWe are gone',
      trace_id: 'tr-ly',
    });
  });

  it('edits lyrics: sends mode, prompt, lyrics and title in order', async () => {
    const { fetch, calls } = fakeFetch(() =>
      jsonResponse(ok({ data: { song_title: 'T', style_tags: ['rock', 'loud'], lyrics: 'L' } })),
    );
    const result = await testClient(fetch).music.generateLyrics({
      mode: 'edit',
      prompt: 'Make it sadder',
      lyrics: '[Verse]\nHappy',
      title: 'Happy',
    });
    expect(calls[0]!.body).toEqual({
      mode: 'edit',
      prompt: 'Make it sadder',
      lyrics: '[Verse]\nHappy',
      title: 'Happy',
    });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual(
      ['mode', 'prompt', 'lyrics', 'title'].sort(),
    );
    // Fields under `data` are read too; a list of tags becomes the usual comma-separated text.
    expect(result).toEqual({ song_title: 'T', style_tags: 'rock, loud', lyrics: 'L' });
  });

  it('defaults missing fields to empty strings', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(ok({})));
    expect(await testClient(fetch).music.generateLyrics({ mode: 'edit' })).toEqual({
      song_title: '',
      style_tags: '',
      lyrics: '',
    });
  });
});

describe('music.coverPreprocess', () => {
  const ANSWER = ok({
    cover_feature_id: 'cover-abc',
    formatted_lyrics: '[Verse]\nRain on the window',
    structure_result: JSON.stringify([
      { label: 'intro', start: 0, end: 8.5 },
      { label: 'verse', start: 8.5, end: 40 },
    ]),
    audio_duration: 182.4,
    trace_id: 'tr-c',
  });

  it('sends a URL as audio_url with the default model and reads the answer, structure parsed', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ANSWER));
    const result = await testClient(fetch).music.coverPreprocess({ audio: 'https://cdn.test/song.mp3' });
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.path).toBe('/v1/music_cover_preprocess');
    expect(calls[0]!.body).toEqual({ model: 'music-cover', audio_url: 'https://cdn.test/song.mp3' });
    expect(result).toEqual({
      cover_feature_id: 'cover-abc',
      formatted_lyrics: '[Verse]\nRain on the window',
      structure: [
        { label: 'intro', start: 0, end: 8.5 },
        { label: 'verse', start: 8.5, end: 40 },
      ],
      audio_duration: 182.4,
      trace_id: 'tr-c',
    });
  });

  it('reads a local path and bytes and sends them as audio_base64', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ANSWER));
    const client = testClient(fetch);
    const path = join(dir, 'song.mp3');
    await writeFile(path, new Uint8Array([0xff, 0xfb, 9, 8, 7]));
    await client.music.coverPreprocess({ audio: path });
    await client.music.coverPreprocess({ audio: new Uint8Array([1, 2, 3]), model: 'music-cover-x' });
    expect(calls[0]!.body).toEqual({
      model: 'music-cover',
      audio_base64: Buffer.from([0xff, 0xfb, 9, 8, 7]).toString('base64'),
    });
    expect(calls[1]!.body).toEqual({ model: 'music-cover-x', audio_base64: 'AQID' });
  });

  it('passes audio_url / audio_base64 given directly', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ANSWER));
    await testClient(fetch).music.coverPreprocess({ audio_base64: 'AQID' });
    expect(calls[0]!.body).toEqual({ model: 'music-cover', audio_base64: 'AQID' });
  });

  it('rejects no song, two songs and an empty file before any request', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ANSWER));
    const client = testClient(fetch);
    await expect(client.music.coverPreprocess({})).rejects.toThrow(InvalidParameterError);
    await expect(
      client.music.coverPreprocess({ audio: 'https://a.test/x.mp3', audio_base64: 'AQID' }),
    ).rejects.toThrow(/audio and audio_base64/);
    await expect(client.music.coverPreprocess({ audio: new Uint8Array(0) })).rejects.toThrow(/empty/);
    expect(calls).toHaveLength(0);
  });

  it('a malformed structure_result reads as no segments', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(ok({ cover_feature_id: 'c', structure_result: '{nope' })));
    const result = await testClient(fetch).music.coverPreprocess({ audio_url: 'https://a.test/x.mp3' });
    expect(result.structure).toEqual([]);
  });

  it('maps the platform refusal of a closed model (2061) to ModelUnavailableError', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse({ base_resp: { status_code: 2061, status_msg: 'model not available' } }),
    );
    const error = await testClient(fetch)
      .music.generate({ model: 'music-2.6-free', prompt: 'x', lyrics: 'la' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelUnavailableError);
    expect((error as ModelUnavailableError).code).toBe(2061);
  });
});
