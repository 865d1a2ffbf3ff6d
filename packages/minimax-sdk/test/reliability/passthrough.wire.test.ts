/**
 * Every field the caller sets reaches the API: for each method, a documented field the SDK has no
 * special code for and a field nobody knows yet both arrive in the body the mock records, and a
 * field inherited through a prototype does not.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MiniMax } from '../../src/index.js';
import { type LoggedRequest, type MockServer, startMockServer } from '../../src/mock/index.js';

let server: MockServer;
let client: MiniMax;

beforeAll(async () => {
  server = await startMockServer({ taskSchedule: { pollsPerStage: 0 } });
  client = new MiniMax({ apiKey: 'k', baseURL: server.url, logLevel: 'off', pollInterval: 1 });
});

afterAll(async () => {
  await server.close();
});

const UNKNOWN = { future_field_x: { nested: [1, { deep: true }] } };

/** Params with `own` as own keys and `inherited` only through the prototype. */
function withInherited<T extends Record<string, unknown>>(own: T): T {
  return Object.assign(Object.create({ inherited_field_y: 'leak' }) as T, own, UNKNOWN);
}

function bodiesOf(path: string, since: number): Record<string, unknown>[] {
  return server.requests
    .slice(since)
    .filter((r: LoggedRequest) => r.path === path && r.method !== 'GET')
    .map((r) => r.body as Record<string, unknown>);
}

async function drain(stream: AsyncIterable<Uint8Array>): Promise<number> {
  let size = 0;
  for await (const chunk of stream) size += chunk.byteLength;
  return size;
}

const VOICE = { voice_id: 'English_expressive_narrator' };

interface Case {
  name: string;
  path: string;
  /** The documented field this case checks, with its value. */
  documented: Record<string, unknown>;
  run: (params: Record<string, unknown>) => Promise<unknown>;
  base: Record<string, unknown>;
}

const CASES: Case[] = [
  {
    name: 'text.create',
    path: '/anthropic/v1/messages',
    base: { model: 'MiniMax-M2.7', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] },
    documented: { service_tier: 'priority', stop_sequences: ['END'], output_config: { effort: 'high' } },
    run: (p) => client.text.create(p as never),
  },
  {
    name: 'text.createStream',
    path: '/anthropic/v1/messages',
    base: { model: 'MiniMax-M2.7', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }] },
    documented: {
      service_tier: 'standard',
      tools: [{ name: 't', input_schema: { type: 'object' }, cache_control: { type: 'ephemeral' } }],
    },
    run: (p) => client.text.createStream(p as never).finalMessage(),
  },
  {
    name: 'speech.tts',
    path: '/v1/t2a_v2',
    base: { model: 'speech-2.8-hd', text: 'Hello there.', voice_setting: VOICE },
    documented: { subtitle_enable: true, subtitle_type: 'sentence', aigc_watermark: true },
    run: (p) => client.speech.tts(p as never),
  },
  {
    name: 'speech.ttsStream',
    path: '/v1/t2a_v2',
    base: { model: 'speech-2.8-hd', text: 'Hello there.', voice_setting: VOICE },
    documented: { stream_options: { exclude_aggregated_audio: true } },
    run: (p) => drain(client.speech.ttsStream(p as never)),
  },
  {
    name: 'speech.asyncCreate',
    path: '/v1/t2a_async_v2',
    base: { text: 'A long text.', voice_setting: VOICE },
    documented: { aigc_watermark: true, language_boost: 'English' },
    run: (p) => client.speech.asyncCreate(p as never),
  },
  {
    name: 'voice.design',
    path: '/v1/voice_design',
    base: { prompt: 'A calm narrator', preview_text: 'Hello.' },
    documented: { aigc_watermark: true },
    run: (p) => client.voice.design(p as never),
  },
  {
    name: 'voice.list',
    path: '/v1/get_voice',
    base: { voice_type: 'system' },
    documented: {},
    run: (p) => client.voice.list(p as never),
  },
  {
    name: 'video.create',
    path: '/v1/video_generation',
    base: { model: 'MiniMax-Hailuo-2.3', prompt: 'A fox' },
    documented: { fast_pretreatment: true, aigc_watermark: true },
    run: (p) => client.video.create(p as never),
  },
  {
    name: 'video.textToVideo',
    path: '/v1/video_generation',
    base: { prompt: 'A fox' },
    documented: { callback_url: 'http://127.0.0.1:9/cb', resolution: '768P' },
    run: (p) => client.video.textToVideo(p as never),
  },
  {
    name: 'image.generate',
    path: '/v1/image_generation',
    base: { prompt: 'A lighthouse' },
    documented: { aigc_watermark: true, seed: 7 },
    run: (p) => client.image.generate(p as never),
  },
  {
    name: 'music.generate',
    path: '/v1/music_generation',
    base: { prompt: 'Calm piano', is_instrumental: true },
    documented: { aigc_watermark: true },
    run: (p) => client.music.generate(p as never),
  },
  {
    name: 'music.generateStream',
    path: '/v1/music_generation',
    base: { prompt: 'Calm piano', is_instrumental: true },
    documented: { audio_setting: { format: 'mp3', sample_rate: 44100 } },
    run: (p) => drain(client.music.generateStream(p as never)),
  },
  {
    name: 'music.generateLyrics',
    path: '/v1/lyrics_generation',
    base: { mode: 'write_full_song', prompt: 'The sea' },
    documented: { title: 'Tides' },
    run: (p) => client.music.generateLyrics(p as never),
  },
];

describe('every field the caller sets reaches the mock, inherited ones do not', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_name, spec) => {
    const since = server.requests.length;
    await spec.run(withInherited({ ...spec.base, ...spec.documented }));
    const [body] = bodiesOf(spec.path, since);
    expect(body, 'the request was recorded').toBeDefined();
    expect(body).toMatchObject({ ...spec.documented, ...UNKNOWN });
    expect(body).not.toHaveProperty('inherited_field_y');
  });

  it('speech.connect sends every task_start field it is given', async () => {
    const since = server.requests.length;
    await using conn = await client.speech.connect(
      withInherited({
        model: 'speech-2.8-turbo',
        voice_setting: VOICE,
        subtitle_enable: true,
        subtitle_type: 'word',
        continuous_sound: true,
      }),
    );
    await conn.send({ text: 'Hi.' });
    const start = server.requests
      .slice(since)
      .find((r) => r.method === 'WS' && (r.body as { event?: string }).event === 'task_start');
    expect(start?.body).toMatchObject({
      event: 'task_start',
      subtitle_enable: true,
      subtitle_type: 'word',
      continuous_sound: true,
      ...UNKNOWN,
    });
    expect(start?.body).not.toHaveProperty('inherited_field_y');
  });

  it('voice.clone sends what it is given', async () => {
    const sample = await client.voice.uploadAudio({ file: new Uint8Array(64) });
    const since = server.requests.length;
    await client.voice
      .clone(
        withInherited({ file_id: sample.file_id, voice_id: 'PassThrough001', need_noise_reduction: true }),
      )
      .catch(() => undefined);
    const [body] = bodiesOf('/v1/voice_clone', since);
    expect(body).toMatchObject({ voice_id: 'PassThrough001', need_noise_reduction: true, ...UNKNOWN });
    expect(body).not.toHaveProperty('inherited_field_y');
  });

  it('files.delete sends what it is given', async () => {
    const info = await client.files.upload({ file: new Uint8Array([1, 2, 3]), purpose: 'voice_clone' });
    const since = server.requests.length;
    await client.files.delete(withInherited({ file_id: info.file_id, purpose: 'voice_clone' }));
    const [body] = bodiesOf('/v1/files/delete', since);
    expect(body).toMatchObject({ purpose: 'voice_clone', ...UNKNOWN });
    expect(body).not.toHaveProperty('inherited_field_y');
  });
});
