/** Speech-to-text end to end against the mock: it reads back what its own TTS spoke. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, InvalidParameterError, MiniMax } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';
import { FIXED_TRANSCRIPT } from '../../src/mock/routes/transcription.js';

const KEY = 'sk-wire-stt';
let mock: MockServer;

beforeEach(async () => {
  mock = await startMockServer({ apiKey: KEY });
});
afterEach(async () => {
  await mock.close();
});

const client = (apiKey = KEY) => new MiniMax({ apiKey, baseURL: mock.url, maxRetries: 0, timeout: 5_000 });

async function spoken(text: string): Promise<Uint8Array> {
  const audio = await client().speech.tts({
    text,
    model: 'speech-2.8-turbo',
    voice_setting: { voice_id: 'English_expressive_narrator' },
    audio_setting: { format: 'mp3' },
  });
  return audio.data;
}

describe('speech-to-text against the mock', () => {
  it('reads back the text its own TTS spoke, with the clip duration', async () => {
    const text = 'The quick brown fox jumps. It lands softly!';
    const audio = await spoken(text);
    const result = await client().speech.transcribe({
      file: audio,
      response_format: 'verbose_json',
      timestamp_level: 'word',
    });
    expect(result.text).toBe(text);
    expect(result.language).toBe('en');
    expect(result.duration).toBeGreaterThan(0);
    const segments = result.segments ?? [];
    expect(segments.map((s) => s.text)).toEqual(['The quick brown fox jumps.', 'It lands softly!']);
    expect(segments[0]!.start).toBe(0);
    expect(segments[1]!.end).toBeCloseTo(result.duration ?? 0, 2);
    expect(segments[0]!.words?.map((w) => w.word)).toEqual(['The', 'quick', 'brown', 'fox', 'jumps.']);
    expect(result.n_speakers).toBe(2);
    expect(segments.map((s) => s.speaker)).toEqual(['speaker_0', 'speaker_1']);
  });

  it('gives other audio the fixed transcript, and the language it was told', async () => {
    const result = await client().speech.transcribe({ file: new Uint8Array([1, 2, 3]), language: 'fr' });
    expect(result.text).toBe(FIXED_TRANSCRIPT);
    expect(result.language).toBe('fr');
    expect(result.segments).toBeUndefined();
  });

  it('reads the language hint from the header only, as the API does; a form field is ignored', async () => {
    const send = async (headers: Record<string, string>, field?: string) => {
      const form = new FormData();
      form.append('model', 'asr-1.0');
      if (field !== undefined) form.append('language', field);
      form.append('file', new Blob([new Uint8Array([1, 2, 3])]), 'a.mp3');
      const response = await fetch(`${mock.url}/v1/speech_to_text`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, ...headers },
        body: form,
      });
      return ((await response.json()) as { language: string }).language;
    };
    expect(await send({ language: 'ja' })).toBe('ja');
    expect(await send({}, 'ja')).toBe('en');
    expect(await send({ language: '' })).toBe('en');
  });

  it('answers srt and vtt', async () => {
    const audio = await spoken('One. Two.');
    const srt = await client().speech.transcribe({ file: audio, response_format: 'srt' });
    expect(srt).toMatch(/^1\n00:00:00,000 --> 00:00:\d\d,\d{3}\nOne\.\n\n2\n.*\nTwo\.\n$/s);
    const vtt = await client().speech.transcribe({ file: audio, response_format: 'vtt' });
    expect(vtt).toMatch(/^WEBVTT\n\n00:00:00\.000 --> 00:00:\d\d\.\d{3}\nOne\.\n/);
    expect(mock.requests.at(-1)?.path).toBe('/v1/speech_to_text');
  });

  it('streams deltas that join to the final text', async () => {
    const text = 'Streaming speech back as text.';
    const stream = client().speech.transcribeStream({ file: await spoken(text) });
    const deltas: string[] = [];
    for await (const delta of stream) deltas.push(delta);
    expect(deltas.length).toBe(5);
    expect(deltas.join('')).toBe(text);
    expect(await stream.finalText()).toBe(text);
  });

  it('answers errors in the OpenAI-style envelope, mapped to typed errors', async () => {
    await expect(client('sk-wrong').speech.transcribe({ file: new Uint8Array([1]) })).rejects.toBeInstanceOf(
      AuthError,
    );
    const wrongModel = client().speech.transcribe({ file: new Uint8Array([1]), model: 'asr-0' });
    await expect(wrongModel).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(wrongModel).rejects.toThrow('asr-0 is not supported');
    const raw = await fetch(`${mock.url}/v1/speech_to_text`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: (() => {
        const form = new FormData();
        form.append('model', 'asr-1.0');
        return form;
      })(),
    });
    expect(raw.status).toBe(400);
    const body = (await raw.json()) as { error: { type: string; message: string } };
    expect(body.error.type).toBe('bad_request_error');
    expect(body.error.message).toContain('file');
  });
});
