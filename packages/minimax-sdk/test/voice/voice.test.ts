import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  AudioResponse,
  InvalidParameterError,
  MiniMaxError,
  VoiceCloneError,
  VoiceDuplicateError,
  VoicePermissionError,
} from '../../src/index.js';
import { fakeFetch, jsonResponse, ok, testClient } from '../helpers/fake-fetch.js';

afterEach(() => {
  vi.restoreAllMocks();
});

const FILE = { file_id: 123456, bytes: 100, created_at: 1, filename: 'me.mp3', purpose: 'voice_clone' };

describe('voice.uploadAudio', () => {
  it('uploads through files.upload with purpose voice_clone by default', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({ file: FILE })));
    const client = testClient(fetch);
    const spy = vi.spyOn(client.files, 'upload');
    const info = await client.voice.uploadAudio({ file: new File(['a'], 'me.mp3') });
    expect(spy).toHaveBeenCalledWith({ file: expect.any(File), purpose: 'voice_clone' }, undefined);
    expect(info.file_id).toBe('123456');
    const form = calls[0]!.body as FormData;
    expect(calls[0]!.path).toBe('/v1/files/upload');
    expect([...form.keys()]).toEqual(['purpose', 'file']);
    expect(form.get('purpose')).toBe('voice_clone');
    expect((form.get('file') as File).name).toBe('me.mp3');
  });

  it('passes another purpose through, and rejects an invalid one without a request', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({ file: FILE })));
    const client = testClient(fetch);
    await client.voice.uploadAudio({ file: new Uint8Array([1]), purpose: 'prompt_audio' });
    expect((calls[0]!.body as FormData).get('purpose')).toBe('prompt_audio');
    await expect(
      client.voice.uploadAudio({ file: new Uint8Array([1]), purpose: 'nope' as 'voice_clone' }),
    ).rejects.toBeInstanceOf(InvalidParameterError);
    expect(calls).toHaveLength(1);
  });
});

describe('voice.clone', () => {
  it('sends file_id as an integer, voice_id, and both flags false by default', async () => {
    const { fetch, calls } = fakeFetch(() =>
      jsonResponse(ok({ input_sensitive: { type: 0 }, demo_audio: '', voice_id: 'ignored' })),
    );
    const result = await testClient(fetch).voice.clone({ file_id: '123456', voice_id: 'MyVoice001' });
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.path).toBe('/v1/voice_clone');
    expect(calls[0]!.body).toEqual({
      file_id: 123456,
      voice_id: 'MyVoice001',
      need_noise_reduction: false,
      need_volume_normalization: false,
    });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual(
      ['file_id', 'voice_id', 'need_noise_reduction', 'need_volume_normalization'].sort(),
    );
    // The voice id is the one asked for, whatever the answer says.
    expect(result).toEqual({ voice_id: 'MyVoice001', demo_audio: null, input_sensitive: { type: 0 } });
  });

  it('sends every optional key, in order', async () => {
    const { fetch, calls } = fakeFetch(() =>
      jsonResponse(
        ok({
          demo_audio: 'https://cdn.test/demo.mp3',
          input_sensitive: false,
          extra_info: { audio_length: 1200 },
          trace_id: 'tr-clone',
        }),
      ),
    );
    const result = await testClient(fetch).voice.clone({
      file_id: 123456,
      voice_id: 'MyVoice001',
      clone_prompt: { prompt_audio: '789', prompt_text: 'Hello there.' },
      text: 'A preview.',
      model: 'speech-2.8-hd',
      language_boost: 'English',
      need_noise_reduction: true,
      need_volume_normalization: true,
      text_validation: 'Hello there.',
      accuracy: 0.8,
      aigc_watermark: false,
    });
    expect(calls[0]!.body).toEqual({
      file_id: 123456,
      voice_id: 'MyVoice001',
      need_noise_reduction: true,
      need_volume_normalization: true,
      clone_prompt: { prompt_audio: 789, prompt_text: 'Hello there.' },
      text: 'A preview.',
      model: 'speech-2.8-hd',
      language_boost: 'English',
      text_validation: 'Hello there.',
      accuracy: 0.8,
      aigc_watermark: false,
    });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual(
      [
        'file_id',
        'voice_id',
        'need_noise_reduction',
        'need_volume_normalization',
        'clone_prompt',
        'text',
        'model',
        'language_boost',
        'text_validation',
        'accuracy',
        'aigc_watermark',
      ].sort(),
    );
    expect(result).toEqual({
      voice_id: 'MyVoice001',
      demo_audio: 'https://cdn.test/demo.mp3',
      input_sensitive: false,
      extra_info: { audio_length: 1200 },
      trace_id: 'tr-clone',
    });
  });

  it('does not require model with text (the API decides)', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({})));
    const result = await testClient(fetch).voice.clone({ file_id: 1, voice_id: 'Voice0001', text: 'Hi' });
    expect(calls[0]!.body).toMatchObject({ text: 'Hi' });
    expect(calls[0]!.body).not.toHaveProperty('model');
    expect(result.demo_audio).toBeNull();
    expect(result.input_sensitive).toBeNull();
  });

  it.each(['abc', '', 0, -3, 1.5])('rejects file_id %j before any request', async (file_id) => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({})));
    const error = await testClient(fetch)
      .voice.clone({ file_id, voice_id: 'MyVoice001' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as Error).message).toContain('file_id');
    expect(calls).toHaveLength(0);
  });

  it('rejects a bad clone_prompt.prompt_audio before any request', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({})));
    await expect(
      testClient(fetch).voice.clone({
        file_id: 1,
        voice_id: 'MyVoice001',
        clone_prompt: { prompt_audio: 'x', prompt_text: 'Hi.' },
      }),
    ).rejects.toThrow(/clone_prompt\.prompt_audio/);
    expect(calls).toHaveLength(0);
  });

  it.each([
    [2039, VoiceDuplicateError],
    [1043, VoiceCloneError],
    [2042, VoicePermissionError],
  ])('maps code %i to its voice error', async (code, ErrorClass) => {
    const { fetch } = fakeFetch(() =>
      jsonResponse({ base_resp: { status_code: code, status_msg: 'voice problem' }, trace_id: 'tr-e' }),
    );
    const error = await testClient(fetch)
      .voice.clone({ file_id: 1, voice_id: 'MyVoice001' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as MiniMaxError).code).toBe(code);
    expect((error as MiniMaxError).trace_id).toBe('tr-e');
  });
});

describe('voice.design', () => {
  it('sends prompt and preview_text and decodes a hex trial', async () => {
    const { fetch, calls } = fakeFetch(() =>
      jsonResponse(ok({ voice_id: 'ttv-voice-1', trial_audio: 'fffb9000', trace_id: 'tr-d' })),
    );
    const result = await testClient(fetch).voice.design({ prompt: 'A warm voice', preview_text: 'Hello.' });
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.path).toBe('/v1/voice_design');
    expect(calls[0]!.body).toEqual({ prompt: 'A warm voice', preview_text: 'Hello.' });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual(['prompt', 'preview_text'].sort());
    expect(result.voice_id).toBe('ttv-voice-1');
    expect(result.trace_id).toBe('tr-d');
    const trial = result.trial_audio!;
    expect(trial).toBeInstanceOf(AudioResponse);
    expect([...trial.data]).toEqual([0xff, 0xfb, 0x90, 0x00]);
    expect(trial.size).toBe(4);
    expect(trial.duration).toBe(0);
    expect(trial.sample_rate).toBe(0);
    expect(trial.format).toBe('mp3');
  });

  it('sends voice_id (and aigc_watermark) when given', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({ voice_id: 'custom-01' })));
    const result = await testClient(fetch).voice.design({
      prompt: 'p',
      preview_text: 't',
      voice_id: 'custom-01',
      aigc_watermark: true,
    });
    expect(calls[0]!.body).toEqual({
      prompt: 'p',
      preview_text: 't',
      voice_id: 'custom-01',
      aigc_watermark: true,
    });
    expect(result.trial_audio).toBeNull();
  });

  it('decodes an object-shaped trial with its metadata', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse(
        ok({
          voice_id: 'v1',
          trial_audio: {
            data: { audio: '0102' },
            extra_info: { audio_length: 1500, audio_sample_rate: 32000, audio_size: 2, audio_format: 'wav' },
          },
        }),
      ),
    );
    const trial = (await testClient(fetch).voice.design({ prompt: 'p', preview_text: 't' })).trial_audio!;
    expect([...trial.data]).toEqual([1, 2]);
    expect(trial).toMatchObject({ duration: 1500, sample_rate: 32000, size: 2, format: 'wav' });
  });

  it('surfaces a URL trial that downloads without the API key', async () => {
    const { fetch, calls } = fakeFetch((req) =>
      req.url.startsWith('https://cdn.test/')
        ? new Response(new Uint8Array([5, 6, 7]), { headers: { 'content-type': 'audio/mpeg' } })
        : jsonResponse(ok({ voice_id: 'v1', trial_audio: 'https://cdn.test/trial.mp3' })),
    );
    const trial = (await testClient(fetch).voice.design({ prompt: 'p', preview_text: 't' })).trial_audio!;
    expect(trial.url).toBe('https://cdn.test/trial.mp3');
    expect(trial.data.byteLength).toBe(0);
    expect([...(await trial.bytes())]).toEqual([5, 6, 7]);
    expect(calls[1]!.url).toBe('https://cdn.test/trial.mp3');
    expect(calls[1]!.headers.authorization).toBeUndefined();
  });

  it('gives null for an empty or missing trial', async () => {
    const { fetch } = fakeFetch((_req, i) =>
      jsonResponse(ok(i === 0 ? { voice_id: 'v', trial_audio: '' } : { voice_id: 'v', trial_audio: null })),
    );
    const client = testClient(fetch);
    expect((await client.voice.design({ prompt: 'p', preview_text: 't' })).trial_audio).toBeNull();
    expect((await client.voice.design({ prompt: 'p', preview_text: 't' })).trial_audio).toBeNull();
  });

  it('falls back to the requested voice_id, and fails clearly when there is none', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(ok({ trace_id: 'tr-n' })));
    const client = testClient(fetch);
    expect((await client.voice.design({ prompt: 'p', preview_text: 't', voice_id: 'mine' })).voice_id).toBe(
      'mine',
    );
    const error = await client.voice.design({ prompt: 'p', preview_text: 't' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect((error as MiniMaxError).message).toMatch(/no voice_id/);
    expect((error as MiniMaxError).trace_id).toBe('tr-n');
  });

  it('rejects malformed hex as a MiniMaxError', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(ok({ voice_id: 'v', trial_audio: 'abc' })));
    await expect(testClient(fetch).voice.design({ prompt: 'p', preview_text: 't' })).rejects.toBeInstanceOf(
      MiniMaxError,
    );
  });
});

describe('voice.list', () => {
  it('POSTs /v1/get_voice with voice_type all and parses every category', async () => {
    const { fetch, calls } = fakeFetch(() =>
      jsonResponse(
        ok({
          system_voice: [
            { voice_id: 'male-qn-qingse', voice_name: 'Qingse', description: ['Young male'] },
            { voice_id: 'English_Graceful_Lady', voice_name: 'Graceful Lady', description: [] },
          ],
          voice_cloning: [{ voice_id: 'MyVoice001', description: [], created_time: '2025-01-02' }],
          voice_generation: [{ voice_id: 12345, created_time: '2025-02-03' }],
          trace_id: 'tr-l',
        }),
      ),
    );
    const list = await testClient(fetch).voice.list();
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.path).toBe('/v1/get_voice');
    expect(calls[0]!.body).toEqual({ voice_type: 'all' });
    expect(list.system_voice).toEqual([
      {
        voice_id: 'male-qn-qingse',
        voice_name: 'Qingse',
        description: ['Young male'],
        created_time: null,
      },
      { voice_id: 'English_Graceful_Lady', voice_name: 'Graceful Lady', description: [], created_time: null },
    ]);
    expect(list.voice_cloning).toEqual([
      { voice_id: 'MyVoice001', voice_name: null, description: [], created_time: '2025-01-02' },
    ]);
    expect(list.voice_generation[0]!.voice_id).toBe('12345');
    expect(list.voice_generation[0]!.description).toEqual([]);
    expect(list.trace_id).toBe('tr-l');
  });

  it('sends the chosen voice_type and treats null or missing categories as empty', async () => {
    const { fetch, calls } = fakeFetch(() =>
      jsonResponse(ok({ system_voice: null, voice_cloning: [null, 'x'] })),
    );
    const list = await testClient(fetch).voice.list({ voice_type: 'system' });
    expect(calls[0]!.body).toEqual({ voice_type: 'system' });
    expect(list).toEqual({ system_voice: [], voice_cloning: [], voice_generation: [] });
  });
});

describe('voice.delete', () => {
  it('POSTs {voice_id, voice_type} and returns nothing', async () => {
    const { fetch, calls } = fakeFetch(() =>
      jsonResponse(ok({ voice_id: 'MyVoice001', created_time: '2025-01-02' })),
    );
    const result = await testClient(fetch).voice.delete({
      voice_id: 'MyVoice001',
      voice_type: 'voice_cloning',
    });
    expect(result).toBeUndefined();
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.path).toBe('/v1/delete_voice');
    expect(calls[0]!.body).toEqual({ voice_id: 'MyVoice001', voice_type: 'voice_cloning' });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual(['voice_id', 'voice_type'].sort());
  });
});
