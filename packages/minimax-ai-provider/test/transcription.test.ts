import { APICallError } from '@ai-sdk/provider';
import { experimental_generateSpeech as generateSpeech, experimental_transcribe as transcribe } from 'ai';
import { type MockServer, startMockServer } from 'minimax-sdk/mock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMiniMax, type MiniMaxProvider } from '../src/index.js';

let mock: MockServer;
let minimax: MiniMaxProvider;

beforeAll(async () => {
  mock = await startMockServer({ apiKey: 'test-key' });
  minimax = createMiniMax({ apiKey: 'test-key', baseURL: mock.url, maxRetries: 0 });
});
afterAll(async () => {
  await mock.close();
});

const sttFields = () =>
  mock.requests
    .filter((r) => r.path === '/v1/speech_to_text')
    .map((r) => (r.body as { fields: Record<string, string> }).fields);

describe('transcriptionModel through the ai package', () => {
  it('transcribes what the speech model spoke: text, segments in seconds, language, duration', async () => {
    const text = 'Spoken by the provider. Heard by the provider.';
    const { audio } = await generateSpeech({
      model: minimax.speech('speech-2.8-turbo'),
      text,
      voice: 'English_expressive_narrator',
      outputFormat: 'mp3',
    });
    const result = await transcribe({
      model: minimax.transcriptionModel('asr-1.0'),
      audio: audio.uint8Array,
      providerOptions: { minimax: { language: 'en', timestamp_level: 'word' } },
    });
    expect(result.text).toBe(text);
    expect(result.language).toBe('en');
    expect(result.durationInSeconds).toBeGreaterThan(0);
    expect(result.segments.map((s) => s.text)).toEqual(['Spoken by the provider.', 'Heard by the provider.']);
    expect(result.segments[0]!.startSecond).toBe(0);
    expect(result.segments[1]!.endSecond).toBeCloseTo(result.durationInSeconds ?? 0, 2);
    expect(result.segments[0]!.endSecond).toBeLessThan(result.segments[1]!.endSecond);
    expect(result.providerMetadata?.minimax).toMatchObject({ n_speakers: 2 });
    expect(sttFields().at(-1)).toMatchObject({
      model: 'asr-1.0',
      response_format: 'verbose_json',
      timestamp_level: 'word',
    });
    // The language goes in its header, where the API reads it.
    expect(mock.requests.filter((r) => r.path === '/v1/speech_to_text').at(-1)?.headers.language).toBe('en');
  });

  it('takes base64 audio', async () => {
    const result = await transcribe({
      model: minimax.transcription('asr-1.0'),
      audio: Buffer.from([1, 2, 3]).toString('base64'),
    });
    expect(result.text.length).toBeGreaterThan(0);
    const upload = mock.requests.filter((r) => r.path === '/v1/speech_to_text').at(-1)?.body as {
      files: { filename: string; size: number }[];
    };
    expect(upload.files[0]).toMatchObject({ size: 3 });
  });

  it('maps the OpenAI-style error to APICallError', async () => {
    const failing = transcribe({ model: minimax.transcriptionModel('asr-0'), audio: new Uint8Array([1]) });
    await expect(failing).rejects.toBeInstanceOf(APICallError);
    await expect(failing).rejects.toThrow('asr-0 is not supported');
  });
});
