import { parseBuffer } from 'music-metadata';
import { describe, expect, it } from 'vitest';
import {
  type ExtraInfo,
  fromHex,
  get,
  getJson,
  parseSse,
  post,
  postJson,
  startMock,
  upload,
  VOICE,
} from './helpers.js';

const TTS = {
  model: 'speech-2.8-hd',
  text: 'The quick brown fox jumps over the lazy dog.',
  voice_setting: VOICE,
};

interface T2aBody {
  data: { audio: string; status: number; subtitle_file?: string } | null;
  extra_info: ExtraInfo;
}

describe('POST /v1/t2a_v2', () => {
  it('returns hex audio whose bytes match extra_info', async () => {
    const mock = await startMock();
    const body = await postJson<T2aBody>(mock, '/v1/t2a_v2', { ...TTS, stream: false, output_format: 'hex' });
    expect(body.base_resp).toEqual({ status_code: 0, status_msg: 'success' });
    expect(body.trace_id).toMatch(/^[0-9a-f]{32}$/);
    expect(body.data?.status).toBe(2);
    const bytes = fromHex(body.data?.audio ?? '');
    expect(body.extra_info).toMatchObject({
      audio_size: bytes.byteLength,
      audio_sample_rate: 32000,
      audio_format: 'mp3',
      audio_channel: 1,
      bitrate: 128000,
      usage_characters: TTS.text.length,
      word_count: 9,
      invisible_character_ratio: 0,
    });
    const meta = await parseBuffer(bytes, { mimeType: 'audio/mpeg' });
    expect(meta.format.sampleRate).toBe(32000);
    expect(meta.format.numberOfChannels).toBe(1);
    expect(Math.abs((meta.format.duration ?? 0) * 1000 - Number(body.extra_info.audio_length))).toBeLessThan(
      60,
    );
  });

  it('makes longer audio for longer text and shorter audio for a faster speed', async () => {
    const mock = await startMock();
    const length = async (text: string, speed = 1) =>
      Number(
        (await postJson<T2aBody>(mock, '/v1/t2a_v2', { ...TTS, text, voice_setting: { ...VOICE, speed } }))
          .extra_info.audio_length,
      );
    const short = await length('Hi there, friend.');
    const long = await length('Hi there, friend. '.repeat(10));
    expect(long).toBeGreaterThan(short * 5);
    expect(await length('Hi there, friend. '.repeat(10), 2)).toBeLessThan(long);
  });

  it.each([
    ['wav', 'audio/wav', 24000, 2],
    ['flac', 'audio/flac', 44100, 1],
  ] as const)('serves %s in the requested rate and channel count', async (format, mime, rate, channels) => {
    const mock = await startMock();
    const body = await postJson<T2aBody>(mock, '/v1/t2a_v2', {
      ...TTS,
      audio_setting: { format, sample_rate: rate, channel: channels },
    });
    const bytes = fromHex(body.data?.audio ?? '');
    expect(body.extra_info).toMatchObject({
      audio_format: format,
      audio_sample_rate: rate,
      audio_channel: channels,
    });
    expect(body.extra_info.audio_size).toBe(bytes.byteLength);
    const meta = await parseBuffer(bytes, { mimeType: mime });
    expect(meta.format.sampleRate).toBe(rate);
    expect(meta.format.numberOfChannels).toBe(channels);
    expect(Math.abs((meta.format.duration ?? 0) * 1000 - Number(body.extra_info.audio_length))).toBeLessThan(
      30,
    );
  });

  it('returns raw pcm sized by rate, channels and duration', async () => {
    const mock = await startMock();
    const body = await postJson<T2aBody>(mock, '/v1/t2a_v2', {
      ...TTS,
      audio_setting: { format: 'pcm', sample_rate: 16000, channel: 1 },
    });
    const bytes = fromHex(body.data?.audio ?? '');
    expect(bytes.byteLength).toBe(Math.round((Number(body.extra_info.audio_length) / 1000) * 16000) * 2);
  });

  it('returns a URL the mock serves when output_format is url', async () => {
    const mock = await startMock();
    const body = await postJson<T2aBody>(mock, '/v1/t2a_v2', { ...TTS, output_format: 'url' });
    const url = body.data?.audio ?? '';
    expect(url.startsWith(`${mock.url}/__mock/media/`)).toBe(true);
    const res = await fetch(url);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect(bytes.byteLength).toBe(body.extra_info.audio_size);
  });

  it('adds a subtitle_file with timed sentence segments when subtitle_enable is set', async () => {
    const mock = await startMock();
    const text = 'First sentence here. Second one follows! And a third?';
    const body = await postJson<T2aBody>(mock, '/v1/t2a_v2', { ...TTS, text, subtitle_enable: true });
    const subtitles = (await (await fetch(body.data?.subtitle_file ?? '')).json()) as Array<{
      text: string;
      time_begin: number;
      time_end: number;
    }>;
    expect(subtitles.map((s) => s.text)).toEqual([
      'First sentence here.',
      'Second one follows!',
      'And a third?',
    ]);
    expect(subtitles[0]?.time_begin).toBe(0);
    expect(subtitles.at(-1)?.time_end).toBe(body.extra_info.audio_length);
  });

  it('answers a voice that does not exist with 2054', async () => {
    const mock = await startMock();
    const body = await postJson(mock, '/v1/t2a_v2', { ...TTS, voice_setting: { voice_id: 'nobody_here' } });
    expect(body.base_resp.status_code).toBe(2054);
    expect(body.base_resp.status_msg).toContain('nobody_here');
  });

  it.each([
    [{ model: undefined }, 'model'],
    [{ text: '' }, 'text'],
    [{ text: 'x'.repeat(10_001) }, 'text'],
    [{ voice_setting: undefined }, 'voice_setting'],
    [{ voice_setting: { speed: 1 } }, 'voice_setting.voice_id'],
    [{ voice_setting: { ...VOICE, speed: 3 } }, 'voice_setting.speed'],
    [{ voice_setting: { ...VOICE, vol: 0 } }, 'voice_setting.vol'],
    [{ voice_setting: { ...VOICE, pitch: 1.5 } }, 'voice_setting.pitch'],
    [{ voice_setting: { ...VOICE, emotion: 'bored' } }, 'voice_setting.emotion'],
    [{ audio_setting: { sample_rate: 12345 } }, 'audio_setting.sample_rate'],
    [{ audio_setting: { bitrate: 1 } }, 'audio_setting.bitrate'],
    [{ audio_setting: { format: 'ogg' } }, 'audio_setting.format'],
    [{ audio_setting: { channel: 3 } }, 'audio_setting.channel'],
    [{ output_format: 'base64' }, 'output_format'],
    [{ stream: true, output_format: 'url' }, 'output_format'],
    [{ stream: true, audio_setting: { format: 'wav' } }, 'audio_setting.format'],
    [{ voice_modify: { pitch: 500 } }, 'voice_modify.pitch'],
    [{ timbre_weights: [{ voice_id: 'Wise_Woman', weight: 0 }] }, 'timbre_weights[0].weight'],
    [{ pronunciation_dict: { tone: [1] } }, 'pronunciation_dict.tone'],
  ])('refuses %j with 2013 naming %s', async (patch, field) => {
    const mock = await startMock();
    const body = await postJson(mock, '/v1/t2a_v2', { ...TTS, ...patch });
    expect(body.base_resp.status_code).toBe(2013);
    expect(body.base_resp.status_msg).toContain(field);
  });

  it('counts the text limit in characters, as usage_characters bills them', async () => {
    const mock = await startMock();
    // U+20000 is one CJK character and two UTF-16 units: 5,001 of them are 10,002 units.
    const han = '\u{20000}';
    const cheap = { audio_setting: { sample_rate: 8000, bitrate: 32000 }, output_format: 'url' };
    const fits = await postJson<T2aBody>(mock, '/v1/t2a_v2', {
      ...TTS,
      ...cheap,
      text: han.repeat(5_001),
    });
    expect(fits.base_resp.status_code).toBe(0);
    expect(fits.extra_info.usage_characters).toBe(5_001);
    const over = await postJson(mock, '/v1/t2a_v2', { ...TTS, ...cheap, text: han.repeat(10_001) });
    expect(over.base_resp.status_code).toBe(2013);
  });

  it('accepts timbre_weights in place of a voice id', async () => {
    const mock = await startMock();
    const body = await postJson(mock, '/v1/t2a_v2', {
      ...TTS,
      voice_setting: { voice_id: '', speed: 1 },
      timbre_weights: [
        { voice_id: 'Wise_Woman', weight: 60 },
        { voice_id: 'male-qn-qingse', weight: 40 },
      ],
    });
    expect(body.base_resp.status_code).toBe(0);
  });

  it('refuses text that is mostly invisible with 1042', async () => {
    const mock = await startMock();
    const body = await postJson(mock, '/v1/t2a_v2', { ...TTS, text: `ab${'\u200b'.repeat(5)}` });
    expect(body.base_resp.status_code).toBe(1042);
  });
});

describe('POST /v1/t2a_v2 with stream: true', () => {
  interface Chunk {
    data: { audio: string; status: number } | null;
    extra_info?: ExtraInfo | null;
    base_resp: { status_code: number };
  }

  it('sends status 1 chunks, then a status 2 event repeating the whole clip with extra_info', async () => {
    const mock = await startMock();
    const text = 'A long sentence for streaming. '.repeat(40);
    const res = await post(mock, '/v1/t2a_v2', { ...TTS, text, stream: true });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const raw = await res.text();
    expect(raw.startsWith('data: {')).toBe(true);
    const events = parseSse<Chunk>(raw);
    const partial = events.slice(0, -1);
    const final = events.at(-1)?.data;
    expect(partial.length).toBeGreaterThanOrEqual(3);
    expect(partial.every((e) => e.data.data?.status === 1 && e.data.base_resp.status_code === 0)).toBe(true);
    expect(final?.data?.status).toBe(2);
    const joined = partial.map((e) => e.data.data?.audio).join('');
    expect(final?.data?.audio).toBe(joined);
    expect(final?.extra_info?.audio_size).toBe(joined.length / 2);
    const meta = await parseBuffer(fromHex(joined), { mimeType: 'audio/mpeg' });
    expect(meta.format.sampleRate).toBe(32000);
  });

  it('leaves the aggregate out with stream_options.exclude_aggregated_audio', async () => {
    const mock = await startMock();
    const res = await post(mock, '/v1/t2a_v2', {
      ...TTS,
      stream: true,
      stream_options: { exclude_aggregated_audio: true },
    });
    const final = parseSse<Chunk>(await res.text()).at(-1)?.data;
    expect(final?.data).toEqual({ audio: '', status: 2 });
    expect(final?.extra_info?.audio_format).toBe('mp3');
  });

  it('reports validation errors as JSON, not SSE', async () => {
    const mock = await startMock();
    const res = await post(mock, '/v1/t2a_v2', { ...TTS, stream: true, text: '' });
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(((await res.json()) as { base_resp: { status_code: number } }).base_resp.status_code).toBe(2013);
  });
});

describe('long-text speech tasks', () => {
  interface Created {
    task_id: number;
    task_token: string;
    file_id: number;
    usage_characters: number;
  }
  interface Query {
    task_id: number;
    status: string;
    file_id: number;
  }

  it('creates a task with integer ids, finishes on the 2nd query and stores a t2a_async file', async () => {
    const mock = await startMock();
    const created = await postJson<Created>(mock, '/v1/t2a_async_v2', {
      model: 'speech-2.8-hd',
      text: 'A long chapter. '.repeat(20),
      voice_setting: VOICE,
      audio_setting: { audio_sample_rate: 24000, bitrate: 128000, format: 'mp3', channel: 1 },
    });
    expect(created.base_resp.status_code).toBe(0);
    expect(Number.isInteger(created.task_id)).toBe(true);
    expect(Number.isInteger(created.file_id)).toBe(true);
    expect(created.usage_characters).toBe(320);
    const path = `/v1/query/t2a_async_query_v2?task_id=${created.task_id}`;
    const first = await getJson<Query>(mock, path);
    expect(first).toMatchObject({ task_id: created.task_id, status: 'Processing', file_id: created.file_id });
    const second = await getJson<Query>(mock, path);
    expect(second.status).toBe('Success');

    const retrieved = await getJson<{ file: { purpose: string; download_url: string; bytes: number } }>(
      mock,
      `/v1/files/retrieve?file_id=${created.file_id}`,
    );
    expect(retrieved.file.purpose).toBe('t2a_async');
    const audio = new Uint8Array(await (await fetch(retrieved.file.download_url)).arrayBuffer());
    expect(audio.byteLength).toBe(retrieved.file.bytes);
    const meta = await parseBuffer(audio, { mimeType: 'audio/mpeg' });
    expect(meta.format.sampleRate).toBe(24000);
    const listed = await getJson<{ files: Array<{ file_id: number }> }>(
      mock,
      '/v1/files/list?purpose=t2a_async',
    );
    expect(listed.files.map((f) => f.file_id)).toEqual([created.file_id]);
  });

  it('reads the text from a t2a_async_input file', async () => {
    const mock = await startMock();
    const file = await upload(mock, 't2a_async_input', 'Text from a file.', 'book.txt');
    const created = await postJson<Created>(mock, '/v1/t2a_async_v2', {
      model: 'speech-2.8-hd',
      text_file_id: file.file_id,
      voice_setting: VOICE,
    });
    expect(created.usage_characters).toBe(17);
  });

  it.each([
    [{ text: undefined }, 'text'],
    [{ text: undefined, text_file_id: 42 }, 'text_file_id'],
    [{ voice_setting: undefined }, 'voice_setting'],
    [{ audio_setting: { format: 'wav' } }, 'audio_setting.format'],
    [{ audio_setting: { audio_sample_rate: 1 } }, 'audio_setting.audio_sample_rate'],
  ])('refuses %j with 2013 naming %s', async (patch, field) => {
    const mock = await startMock();
    const body = await postJson(mock, '/v1/t2a_async_v2', {
      model: 'speech-2.8-hd',
      text: 'Hello.',
      voice_setting: VOICE,
      ...patch,
    });
    expect(body.base_resp.status_code).toBe(2013);
    expect(body.base_resp.status_msg).toContain(field);
  });

  it('answers an unknown task id with 2013 naming task_id', async () => {
    const mock = await startMock();
    const body = await getJson(mock, '/v1/query/t2a_async_query_v2?task_id=12345');
    expect(body.base_resp.status_code).toBe(2013);
    expect(body.base_resp.status_msg).toContain('task_id');
    expect((await getJson(mock, '/v1/query/t2a_async_query_v2')).base_resp.status_msg).toContain('task_id');
  });

  it('creates tasks with POST only', async () => {
    const mock = await startMock();
    expect((await get(mock, '/v1/t2a_async_v2')).status).toBe(405);
  });
});
