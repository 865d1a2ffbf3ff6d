/** `speech.tts` and `speech.ttsStream` against the fake fetch: exact requests and result parsing. */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AudioResponse,
  AudioStream,
  AuthError,
  audioExtension,
  InputSafetyError,
  InvalidParameterError,
  MiniMaxError,
  RateLimitError,
} from '../../src/index.js';
import { fakeFetch, jsonResponse, ok, sseResponse, TEST_KEY, testClient } from '../helpers/fake-fetch.js';

const hex = (text: string) => Buffer.from(text, 'utf8').toString('hex');
const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

const EXTRA = {
  audio_length: 1234.5,
  audio_sample_rate: 32000,
  audio_size: 5,
  bitrate: 128000,
  audio_format: 'mp3',
  audio_channel: 1,
  invisible_character_ratio: 0,
  usage_characters: 5,
  word_count: 1,
};

const ALL_OPTIONAL = {
  voice_setting: { voice_id: 'male-qn-qingse', speed: 1.2, vol: 1, pitch: 0, emotion: 'happy' },
  audio_setting: { sample_rate: 32000, bitrate: 128000, format: 'mp3', channel: 1 },
  language_boost: 'auto',
  voice_modify: { pitch: 10, intensity: -10, timbre: 0, sound_effects: 'spacious_echo' },
  pronunciation_dict: { tone: ['Omg/Oh my god'] },
  timbre_weights: [
    { voice_id: 'a', weight: 60 },
    { voice_id: 'b', weight: 40 },
  ],
};

const ALL_KEYS = [
  'model',
  'text',
  'stream',
  'output_format',
  'voice_setting',
  'audio_setting',
  'language_boost',
  'voice_modify',
  'pronunciation_dict',
  'timbre_weights',
];

function ttsAnswer(audio = hex('Hello'), extra: Record<string, unknown> = EXTRA) {
  return ok({ data: { audio, status: 2 }, extra_info: extra, trace_id: 'tr-tts' });
}

describe('speech.tts', () => {
  it('sends the minimal body', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ttsAnswer()));
    await testClient(fetch).speech.tts({ text: 'Hello', model: 'speech-2.8-hd' });
    expect(calls).toHaveLength(1);
    const call = calls[0]!;
    expect(call.method).toBe('POST');
    expect(call.path).toBe('/v1/t2a_v2');
    expect(call.query).toEqual({});
    expect(call.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    expect(call.body).toEqual({ model: 'speech-2.8-hd', text: 'Hello', stream: false, output_format: 'hex' });
    expect(Object.keys(call.body as object).sort()).toEqual(
      ['model', 'text', 'stream', 'output_format'].sort(),
    );
  });

  it('passes every optional setting through, whatever the order', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ttsAnswer()));
    await testClient(fetch).speech.tts({
      text: 'Hi',
      model: 'speech-2.8-turbo',
      ...ALL_OPTIONAL,
      subtitle_enable: true,
      output_format: 'hex',
    });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual([...ALL_KEYS, 'subtitle_enable'].sort());
    expect(calls[0]!.body).toEqual({
      model: 'speech-2.8-turbo',
      text: 'Hi',
      stream: false,
      output_format: 'hex',
      ...ALL_OPTIONAL,
      subtitle_enable: true,
    });
  });

  it('omits unset settings; sends falsy values that are set, subtitle_enable: false included', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ttsAnswer()));
    await testClient(fetch).speech.tts({
      text: '',
      model: 'speech-2.8-hd',
      subtitle_enable: false,
      language_boost: '',
      voice_setting: { voice_id: 'v', speed: 0, pitch: 0 },
      voice_modify: undefined,
      audio_setting: null as never,
    });
    expect(calls[0]!.body).toEqual({
      model: 'speech-2.8-hd',
      text: '',
      stream: false,
      output_format: 'hex',
      subtitle_enable: false,
      voice_setting: { voice_id: 'v', speed: 0, pitch: 0 },
      language_boost: '',
    });
  });

  it('decodes hex audio and maps every field, keeping extra_info and trace_id', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(ttsAnswer()));
    const audio = await testClient(fetch).speech.tts({ text: 'Hello', model: 'speech-2.8-hd' });
    expect(audio).toBeInstanceOf(AudioResponse);
    expect(text(audio.data)).toBe('Hello');
    expect(audio).toMatchObject({
      duration: 1234.5,
      sample_rate: 32000,
      size: 5,
      format: 'mp3',
      trace_id: 'tr-tts',
    });
    expect(audio.url).toBeUndefined();
    expect(audio.extra_info).toEqual(EXTRA);
    expect(audio.toBase64()).toBe(Buffer.from('Hello').toString('base64'));
  });

  it('gives defaults when metadata is sparse', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(ok({ data: { audio: hex('abc') } })));
    const audio = await testClient(fetch).speech.tts({ text: 'x', model: 'speech-2.8-hd' });
    expect(audio).toMatchObject({ duration: 0, sample_rate: 0, size: 3, format: 'mp3' });
  });

  it('surfaces the subtitle file', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse(
        ok({ data: { audio: hex('a'), subtitle_file: 'https://cdn.test/sub.json' }, extra_info: EXTRA }),
      ),
    );
    const audio = await testClient(fetch).speech.tts({
      text: 'a',
      model: 'speech-2.8-hd',
      subtitle_enable: true,
    });
    expect(audio.subtitle_file).toBe('https://cdn.test/sub.json');
  });

  it('models a URL answer: empty data, url set, download without the key', async () => {
    // The seed crashed decoding the URL as hex (defect 10).
    const { fetch, calls } = fakeFetch((request) =>
      request.path === '/v1/t2a_v2'
        ? jsonResponse(ttsAnswer('https://cdn.test/audio/1.mp3'))
        : new Response(new Uint8Array([1, 2, 3]), { headers: { 'content-type': 'audio/mpeg' } }),
    );
    const audio = await testClient(fetch).speech.tts({
      text: 'Hi',
      model: 'speech-2.8-hd',
      output_format: 'url',
    });
    expect(calls[0]!.body).toMatchObject({ output_format: 'url' });
    expect(audio.data.byteLength).toBe(0);
    expect(audio.url).toBe('https://cdn.test/audio/1.mp3');
    expect(audio.size).toBe(5);
    expect(Array.from(await audio.bytes())).toEqual([1, 2, 3]);
    expect(calls[1]!.url).toBe('https://cdn.test/audio/1.mp3');
    expect(calls[1]!.headers.authorization).toBeUndefined();

    const dir = await mkdtemp(join(tmpdir(), 'speech-url-'));
    try {
      const saved = await audio.save(join(dir, 'nested', 'out.mp3'));
      expect(Array.from(await readFile(saved))).toEqual([1, 2, 3]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('rejects bad hex with MiniMaxError', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(ttsAnswer('xyz1')));
    const error = await testClient(fetch)
      .speech.tts({ text: 'x', model: 'speech-2.8-hd' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect((error as Error).message).toMatch(/Invalid hex/);
  });

  it('maps a base_resp error', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse({ base_resp: { status_code: 1026, status_msg: 'input sensitive' }, trace_id: 'tr-x' }),
    );
    await expect(testClient(fetch).speech.tts({ text: 'x', model: 'speech-2.8-hd' })).rejects.toMatchObject({
      name: 'InputSafetyError',
      code: 1026,
      trace_id: 'tr-x',
    });
  });

  it('gives the raw response through withResponse()', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(ttsAnswer(), { headers: { 'trace-id': 'hdr' } }));
    const { data, response } = await testClient(fetch)
      .speech.tts({ text: 'x', model: 'speech-2.8-hd' })
      .withResponse();
    expect(text(data.data)).toBe('Hello');
    expect(response.headers.get('trace-id')).toBe('hdr');
  });

  it('validates before any request', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ttsAnswer()));
    const speech = testClient(fetch).speech;
    await expect(speech.tts({ model: 'speech-2.8-hd' } as never)).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
    await expect(speech.tts({ text: 'x' } as never)).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(speech.tts({ text: 'x', model: 'm', output_format: 'mp3' as never })).rejects.toMatchObject({
      name: 'InvalidParameterError',
      code: 0,
    });
    expect(calls).toHaveLength(0);
  });
});

function sse(events: unknown[]): string {
  return events.map((e) => `data: ${typeof e === 'string' ? e : JSON.stringify(e)}\n\n`).join('');
}

const chunk = (t: string, extra?: Record<string, unknown>) =>
  ok({ data: { audio: hex(t), status: 1 }, ...(extra ?? {}), trace_id: 'tr-s' });
/** The summary event every real stream ends with (its audio repeats the whole clip). */
const final = (t: string) => ok({ data: { audio: hex(t), status: 2 }, trace_id: 'tr-s' });

async function collect(stream: AudioStream): Promise<string[]> {
  const out: string[] = [];
  for await (const c of stream) out.push(text(c));
  return out;
}

describe('speech.ttsStream', () => {
  it('sends the stream body', async () => {
    const { fetch, calls } = fakeFetch(() => sseResponse([sse([chunk('a'), final('a')])]));
    const stream = testClient(fetch).speech.ttsStream({ text: 'a', model: 'speech-2.8-turbo' });
    expect(stream).toBeInstanceOf(AudioStream);
    await collect(stream);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.path).toBe('/v1/t2a_v2');
    expect(calls[0]!.headers.accept).toBe('text/event-stream');
    expect(calls[0]!.body).toEqual({
      model: 'speech-2.8-turbo',
      text: 'a',
      stream: true,
      output_format: 'hex',
    });
  });

  it('sends every optional setting', async () => {
    const { fetch, calls } = fakeFetch(() => sseResponse([sse([chunk('a'), final('a')])]));
    await collect(
      testClient(fetch).speech.ttsStream({ text: 'a', model: 'm', ...ALL_OPTIONAL, subtitle_enable: true }),
    );
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual([...ALL_KEYS, 'subtitle_enable'].sort());
    expect(calls[0]!.body).toMatchObject({ stream: true, ...ALL_OPTIONAL });
  });

  it('starts the request at once', async () => {
    const { fetch, calls } = fakeFetch(() => sseResponse([sse([chunk('a')])]));
    const stream = testClient(fetch).speech.ttsStream({ text: 'a', model: 'm' });
    await stream.response;
    expect(calls).toHaveLength(1);
    stream.abort();
  });

  it('yields decoded chunks, skips empty audio and the status-2 aggregate', async () => {
    // The seed yielded the aggregate too, doubling the audio (defect 5).
    const body = sse([
      chunk('Hel'),
      ok({ data: { audio: '', status: 1 } }),
      chunk('lo'),
      ok({ data: { audio: hex('Hello'), status: 2 }, extra_info: EXTRA, trace_id: 'tr-s' }),
    ]);
    const { fetch } = fakeFetch(() => sseResponse([body]));
    const stream = testClient(fetch).speech.ttsStream({ text: 'Hello', model: 'm' });
    expect(await collect(stream)).toEqual(['Hel', 'lo']);
    expect(stream.extra_info).toEqual(EXTRA);
    expect(stream.trace_id).toBe('tr-s');
  });

  it('handles chunks split anywhere, CRLF, comments and data without a space', async () => {
    const body = `: keep-alive\r\n\r\ndata:${JSON.stringify(chunk('ab'))}\r\n\r\n\n${sse([chunk('cd'), final('abcd')])}`;
    const pieces = body.split('');
    const { fetch } = fakeFetch(() => sseResponse(pieces));
    expect((await collect(testClient(fetch).speech.ttsStream({ text: 'x', model: 'm' }))).join('')).toBe(
      'abcd',
    );
  });

  it('ends at [DONE]', async () => {
    const { fetch } = fakeFetch(() => sseResponse([sse([chunk('a'), '[DONE]', chunk('b')])]));
    expect(await collect(testClient(fetch).speech.ttsStream({ text: 'x', model: 'm' }))).toEqual(['a']);
  });

  it('throws when the stream stops before its final event (the audio would be incomplete)', async () => {
    const { fetch } = fakeFetch(() => sseResponse([sse([chunk('a'), chunk('b')])]));
    await expect(collect(testClient(fetch).speech.ttsStream({ text: 'x', model: 'm' }))).rejects.toThrow(
      /ended before its final event/,
    );
  });

  it('gives nothing when [DONE] comes first', async () => {
    const { fetch } = fakeFetch(() => sseResponse([sse(['[DONE]', chunk('a')])]));
    expect(await collect(testClient(fetch).speech.ttsStream({ text: 'x', model: 'm' }))).toEqual([]);
  });

  it('throws the mapped error for a base_resp mid-stream', async () => {
    // The seed skipped such events and ended short (defect 4).
    const body = sse([
      chunk('a'),
      { base_resp: { status_code: 1002, status_msg: 'rate limited' }, trace_id: 'tr-r' },
    ]);
    const { fetch } = fakeFetch(() => sseResponse([body]));
    const got: string[] = [];
    const error = await (async () => {
      for await (const c of testClient(fetch).speech.ttsStream({ text: 'x', model: 'm' })) got.push(text(c));
    })().catch((e: unknown) => e);
    expect(got).toEqual(['a']);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ code: 1002 });
  });

  it('rejects malformed JSON and bad hex with MiniMaxError', async () => {
    // The seed skipped invalid JSON silently; the port reports it.
    for (const bad of [sse(['{oops']), sse([ok({ data: { audio: 'zz' } })])]) {
      const { fetch } = fakeFetch(() => sseResponse([bad]));
      await expect(
        collect(testClient(fetch).speech.ttsStream({ text: 'x', model: 'm' })),
      ).rejects.toBeInstanceOf(MiniMaxError);
    }
  });

  it('rejects the first step on an HTTP error', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse({ base_resp: { status_code: 1004, status_msg: 'bad key' } }, { status: 401 }),
    );
    await expect(
      collect(testClient(fetch).speech.ttsStream({ text: 'x', model: 'm' })),
    ).rejects.toBeInstanceOf(AuthError);
  });

  it('saves to a file, streaming', async () => {
    const { fetch } = fakeFetch(() =>
      sseResponse([sse([chunk('Hel'), chunk('lo'), ok({ data: { audio: hex('Hello'), status: 2 } })])]),
    );
    const dir = await mkdtemp(join(tmpdir(), 'speech-stream-'));
    try {
      const path = await testClient(fetch)
        .speech.ttsStream({ text: 'x', model: 'm' })
        .save(join(dir, 'a', 'out.mp3'));
      expect(await readFile(path, 'utf8')).toBe('Hello');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('save() leaves no file when the stream fails midway', async () => {
    const { fetch } = fakeFetch(() =>
      sseResponse([sse([chunk('Hel'), { base_resp: { status_code: 1026, status_msg: 'unsafe' } }])]),
    );
    const dir = await mkdtemp(join(tmpdir(), 'speech-stream-'));
    try {
      await expect(
        testClient(fetch).speech.ttsStream({ text: 'x', model: 'm' }).save(join(dir, 'out.mp3')),
      ).rejects.toBeInstanceOf(InputSafetyError);
      expect(await readdir(dir)).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('validates at once, before any request', () => {
    const { fetch, calls } = fakeFetch(() => sseResponse([]));
    const speech = testClient(fetch).speech;
    expect(() => speech.ttsStream({ model: 'm' } as never)).toThrow(InvalidParameterError);
    expect(() => speech.ttsStream({ text: 'x', model: 'm', output_format: 'url' as never })).toThrow(/hex/);
    expect(calls).toHaveLength(0);
  });
});

describe('TTS formats and options', () => {
  it('sends opus / µ-law formats, subtitle_type, continuous_sound and exclude_aggregated_audio as given', async () => {
    const { fetch, calls } = fakeFetch(() =>
      sseResponse([
        sse([
          chunk('Og'),
          ok({
            data: { audio: '', status: 2, subtitle_file: 'https://cdn.test/words.json' },
            trace_id: 'tr-s',
          }),
        ]),
      ]),
    );
    const stream = testClient(fetch).speech.ttsStream({
      text: 'a',
      model: 'speech-2.8-turbo',
      audio_setting: { format: 'opus', sample_rate: 24000 },
      subtitle_enable: true,
      subtitle_type: 'word_streaming',
      continuous_sound: true,
      stream_options: { exclude_aggregated_audio: true },
    });
    // With the aggregate excluded the final event has no audio: the chunks are the whole clip.
    expect(await collect(stream)).toEqual(['Og']);
    expect(stream.subtitle_file).toBe('https://cdn.test/words.json');
    expect(calls[0]!.body).toEqual({
      text: 'a',
      model: 'speech-2.8-turbo',
      stream: true,
      output_format: 'hex',
      audio_setting: { format: 'opus', sample_rate: 24000 },
      subtitle_enable: true,
      subtitle_type: 'word_streaming',
      continuous_sound: true,
      stream_options: { exclude_aggregated_audio: true },
    });
  });

  it.each([
    ['opus', 'audio/ogg; codecs=opus', 'opus'],
    ['pcmu_raw', 'audio/basic', 'ulaw'],
    ['pcmu_wav', 'audio/wav', 'wav'],
    ['flac', 'audio/flac', 'flac'],
  ])('a %s result is typed %s and named .%s', async (format, mime, extension) => {
    const { fetch } = fakeFetch(() =>
      jsonResponse(ttsAnswer(hex('abc'), { ...EXTRA, audio_format: format })),
    );
    const audio = await testClient(fetch).speech.tts({ text: 'a', model: 'm', audio_setting: { format } });
    expect(audio.format).toBe(format);
    expect(audio.toBlob().type).toBe(mime);
    expect(audioExtension(audio.format)).toBe(extension);
  });

  it('audioExtension keeps unknown formats safe for a file name', () => {
    expect(audioExtension('MP3')).toBe('mp3');
    expect(audioExtension('../x')).toBe('bin');
    expect(audioExtension('__proto__')).toBe('bin');
  });
});
