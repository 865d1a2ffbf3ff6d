/**
 * Every TTS format and option over HTTP, SSE and the WebSocket, SDK against the mock: Ogg Opus and
 * µ-law audio checked page by page and header by header, word subtitles, the aggregate-free
 * stream end, and `continuous_sound` on the socket.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { audioExtension, MiniMax, type SpeechConnection } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';
import { mulawDecode, readOgg, readWav } from '../helpers/audio-check.js';

const KEY = 'sk-formats-wire';
const VOICE = { voice_id: 'English_expressive_narrator' };
const TEXT = 'Formats for every player. Telephony and the web!';

let mock: MockServer;
const connections: SpeechConnection[] = [];

beforeEach(async () => {
  mock = await startMockServer({ apiKey: KEY });
});

afterEach(async () => {
  await Promise.all(connections.splice(0).map((c) => c.close()));
  await mock.close();
});

function client(): MiniMax {
  return new MiniMax({ apiKey: KEY, baseURL: mock.url, maxRetries: 0, timeout: 10_000, logLevel: 'off' });
}

async function collect(stream: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of stream) parts.push(part);
  return Uint8Array.from(Buffer.concat(parts));
}

function expectOggOpus(bytes: Uint8Array, durationMs: number): void {
  const pages = readOgg(bytes);
  expect(new TextDecoder().decode(pages[0]!.packets[0]!.subarray(0, 8))).toBe('OpusHead');
  expect(new TextDecoder().decode(pages[1]!.packets[0]!.subarray(0, 8))).toBe('OpusTags');
  expect(pages.at(-1)!.flags & 0x04).toBe(0x04);
  const preSkip = new DataView(pages[0]!.packets[0]!.buffer, pages[0]!.packets[0]!.byteOffset).getUint16(
    10,
    true,
  );
  // The last granule, less the pre-skip, is the playable length in 48 kHz samples.
  expect(Number(pages.at(-1)!.granule) - preSkip).toBe(Math.round(durationMs * 48));
}

describe('TTS formats over HTTP', () => {
  it('opus: Ogg Opus with valid pages, as long as extra_info says', async () => {
    const audio = await client().speech.tts({
      text: TEXT,
      model: 'speech-2.8-hd',
      voice_setting: VOICE,
      audio_setting: { format: 'opus', sample_rate: 24000 },
    });
    expect(audio.format).toBe('opus');
    expect(audio.sample_rate).toBe(24000);
    expect(audio.size).toBe(audio.data.byteLength);
    expectOggOpus(audio.data, audio.duration);
    expect(audioExtension(audio.format)).toBe('opus');
    expect(audio.toBlob().type).toBe('audio/ogg; codecs=opus');
  });

  it('pcmu_raw: headerless µ-law at 8 kHz, whatever rate was asked', async () => {
    const audio = await client().speech.tts({
      text: TEXT,
      model: 'speech-2.8-hd',
      voice_setting: VOICE,
      audio_setting: { format: 'pcmu_raw', sample_rate: 32000 },
    });
    expect(audio.format).toBe('pcmu_raw');
    expect(audio.sample_rate).toBe(8000);
    expect(audio.data.byteLength).toBe(audio.duration * 8);
    expect(audio.extra_info).toMatchObject({ bitrate: 64000, audio_channel: 1 });
    const samples = [...audio.data.subarray(0, 800)].map(mulawDecode);
    expect(Math.max(...samples)).toBeGreaterThan(1000);
    expect(audioExtension(audio.format)).toBe('ulaw');
    expect(audio.toBlob().type).toBe('audio/basic');
  });

  it('pcmu_wav: a WAV with format tag 7 around the same µ-law samples', async () => {
    const c = client();
    const settings = { text: TEXT, model: 'speech-2.8-hd', voice_setting: VOICE };
    const wav = await c.speech.tts({ ...settings, audio_setting: { format: 'pcmu_wav', channel: 2 } });
    const raw = await c.speech.tts({ ...settings, audio_setting: { format: 'pcmu_raw', channel: 2 } });
    const header = readWav(wav.data);
    expect(header).toMatchObject({
      formatTag: 7,
      channels: 2,
      sampleRate: 8000,
      byteRate: 16000,
      blockAlign: 2,
      bitsPerSample: 8,
      factSamples: raw.data.byteLength / 2,
    });
    expect(Buffer.from(header.data).equals(Buffer.from(raw.data))).toBe(true);
    expect(wav.duration).toBe(raw.duration);
    expect(audioExtension(wav.format)).toBe('wav');
  });

  it('word subtitles: one entry per word, timed over the whole clip', async () => {
    const audio = await client().speech.tts({
      text: TEXT,
      model: 'speech-2.8-hd',
      voice_setting: VOICE,
      subtitle_enable: true,
      subtitle_type: 'word',
    });
    const entries = (await (await fetch(audio.subtitle_file!)).json()) as Array<{
      text: string;
      time_begin: number;
      time_end: number;
    }>;
    expect(entries.map((e) => e.text)).toEqual(TEXT.split(' '));
    expect(entries[0]!.time_begin).toBe(0);
    expect(entries.at(-1)!.time_end).toBe(audio.duration);
    for (let i = 1; i < entries.length; i++) {
      expect(entries[i]!.time_begin).toBe(entries[i - 1]!.time_end);
      expect(entries[i]!.time_end).toBeGreaterThan(entries[i]!.time_begin);
    }
  });
});

describe('TTS formats streamed', () => {
  it('opus over SSE: the chunks join into the same valid stream; exclude_aggregated_audio drops the copy', async () => {
    const c = client();
    const params = {
      text: TEXT,
      model: 'speech-2.8-turbo',
      voice_setting: VOICE,
      audio_setting: { format: 'opus' },
      subtitle_enable: true,
      subtitle_type: 'word_streaming',
    } as const;
    const stream = c.speech.ttsStream(params);
    const streamed = await collect(stream);
    expectOggOpus(streamed, Number(stream.extra_info?.audio_length));
    expect(stream.subtitle_file).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/__mock\/media\/subtitle-/);
    const whole = await c.speech.tts({ ...params, subtitle_type: 'word' });
    expect(Buffer.from(streamed).equals(Buffer.from(whole.data))).toBe(true);

    const lean = c.speech.ttsStream({ ...params, stream_options: { exclude_aggregated_audio: true } });
    expect(Buffer.from(await collect(lean)).equals(Buffer.from(streamed))).toBe(true);
    const sent = mock.requests.filter((r) => r.path === '/v1/t2a_v2').at(-1)!.body as Record<string, unknown>;
    expect(sent.stream_options).toEqual({ exclude_aggregated_audio: true });
    expect(sent.subtitle_type).toBe('word_streaming');
  });

  it('the final SSE event carries the whole clip again unless exclude_aggregated_audio is set', async () => {
    const body = {
      text: TEXT,
      model: 'speech-2.8-turbo',
      voice_setting: VOICE,
      stream: true,
      audio_setting: { format: 'pcmu_raw' },
    };
    const finalAudio = async (extra: object) => {
      const res = await fetch(`${mock.url}/v1/t2a_v2`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ...body, ...extra }),
      });
      const events = (await res.text())
        .split('\n')
        .filter((l) => l.startsWith('data:') && !l.includes('[DONE]'))
        .map((l) => JSON.parse(l.slice(5)) as { data: { audio: string; status: number } });
      const last = events.at(-1)!;
      expect(last.data.status).toBe(2);
      const pieces = events
        .slice(0, -1)
        .map((e) => e.data.audio)
        .join('');
      return { last: last.data.audio, pieces };
    };
    const full = await finalAudio({});
    expect(full.last).toBe(full.pieces);
    const lean = await finalAudio({ stream_options: { exclude_aggregated_audio: true } });
    expect(lean.last).toBe('');
    expect(lean.pieces).toBe(full.pieces);
  });

  it('the socket: opus and pcmu_wav audio, word subtitles per send, continuous_sound sent at task_start', async () => {
    const conn = await client().speech.connect({
      model: 'speech-2.8-turbo',
      voice_setting: VOICE,
      audio_setting: { format: 'opus' },
      subtitle_enable: true,
      subtitle_type: 'word',
      continuous_sound: true,
    });
    connections.push(conn);
    const audio = await conn.send({ text: TEXT });
    expectOggOpus(audio.data, audio.duration);
    expect(audio.format).toBe('opus');
    const entries = (await (await fetch(audio.subtitle_file!)).json()) as Array<{ text: string }>;
    expect(entries.map((e) => e.text)).toEqual(TEXT.split(' '));
    const stream = conn.sendStream({ text: 'Second send.' });
    expectOggOpus(await collect(stream), Number(stream.extra_info?.audio_length));
    expect(stream.subtitle_file).toMatch(/subtitle-/);
    const start = mock.requests.find(
      (r) => r.method === 'WS' && (r.body as { event?: string }).event === 'task_start',
    );
    expect(start?.body).toMatchObject({
      continuous_sound: true,
      subtitle_enable: true,
      subtitle_type: 'word',
    });

    const wavConn = await client().speech.connect({
      model: 'speech-2.8-turbo',
      voice_setting: VOICE,
      audio_setting: { format: 'pcmu_wav' },
    });
    connections.push(wavConn);
    const wav = await wavConn.send({ text: TEXT });
    expect(readWav(wav.data)).toMatchObject({ formatTag: 7, sampleRate: 8000 });
    expect(wav.subtitle_file).toBeUndefined();
  });

  it('refuses wav on a stream and a bad subtitle_type or continuous_sound, naming the field', async () => {
    const c = client();
    await expect(
      collect(
        c.speech.ttsStream({
          text: TEXT,
          model: 'm',
          voice_setting: VOICE,
          audio_setting: { format: 'wav' },
        }),
      ),
    ).rejects.toThrow(/audio_setting\.format/);
    await expect(
      c.speech.tts({ text: TEXT, model: 'm', voice_setting: VOICE, subtitle_type: 'phoneme' }),
    ).rejects.toThrow(/subtitle_type/);
    await expect(
      c.speech.connect({
        model: 'speech-2.8-turbo',
        voice_setting: VOICE,
        continuous_sound: 'yes' as unknown as boolean,
      }),
    ).rejects.toThrow(/continuous_sound/);
  });
});
