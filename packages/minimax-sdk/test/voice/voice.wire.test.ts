import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { MiniMax, MiniMaxError, VoiceDuplicateError } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';

let mock: MockServer;
let client: MiniMax;
beforeEach(async () => {
  mock = await startMockServer();
  client = new MiniMax({ apiKey: 'wire-key', baseURL: mock.url, maxRetries: 0, logLevel: 'off' });
});
afterEach(async () => {
  await mock.close();
});

const isMp3 = (b: Uint8Array) =>
  (b[0] === 0x49 && b[1] === 0x44 && b[2] === 0x33) || (b[0] === 0xff && (b[1]! & 0xe0) === 0xe0);

describe('voice against the mock server', () => {
  it('uploads a sample, clones with a preview and a prompt clip, lists and deletes', async () => {
    const sample = await client.voice.uploadAudio({ file: new File([new Uint8Array(2048)], 'me.wav') });
    const prompt = await client.voice.uploadAudio({
      file: new File([new Uint8Array(512)], 'hint.wav'),
      purpose: 'prompt_audio',
    });
    const cloned = await client.voice.clone({
      file_id: sample.file_id,
      voice_id: 'WireVoice001',
      clone_prompt: { prompt_audio: prompt.file_id, prompt_text: 'Hello there.' },
      text: 'This is my cloned voice.',
      model: 'speech-2.8-hd',
      need_noise_reduction: true,
    });
    expect(cloned.voice_id).toBe('WireVoice001');
    expect(cloned.input_sensitive).toEqual({ type: 0 });
    expect(cloned.demo_audio).toMatch(/^http:\/\//);
    const demo = new Uint8Array(await (await fetch(cloned.demo_audio!)).arrayBuffer());
    expect(isMp3(demo)).toBe(true);

    await expect(
      client.voice.clone({ file_id: sample.file_id, voice_id: 'WireVoice001' }),
    ).rejects.toBeInstanceOf(VoiceDuplicateError);

    // The platform lists a new clone only once it has been used for speech.
    expect((await client.voice.list({ voice_type: 'voice_cloning' })).voice_cloning).toEqual([]);
    await client.speech.tts({
      text: 'Hi',
      model: 'speech-2.8-hd',
      voice_setting: { voice_id: 'WireVoice001' },
    });
    const list = await client.voice.list();
    expect(list.system_voice.length).toBeGreaterThan(0);
    expect(
      list.system_voice.every((v) => typeof v.voice_id === 'string' && Array.isArray(v.description)),
    ).toBe(true);
    expect(list.voice_cloning.map((v) => v.voice_id)).toContain('WireVoice001');
    const onlyClones = await client.voice.list({ voice_type: 'voice_cloning' });
    expect(onlyClones.system_voice).toEqual([]);

    await client.voice.delete({ voice_id: 'WireVoice001', voice_type: 'voice_cloning' });
    expect((await client.voice.list({ voice_type: 'voice_cloning' })).voice_cloning).toEqual([]);
    await expect(
      client.voice.delete({ voice_id: 'WireVoice001', voice_type: 'voice_cloning' }),
    ).rejects.toMatchObject({ code: 2054 });
  });

  it('designs a voice and decodes its hex trial audio', async () => {
    const designed = await client.voice.design({
      prompt: 'A warm, slow narrator with a low voice',
      preview_text: 'Once upon a time, in a quiet town.',
    });
    expect(designed.voice_id).toMatch(/^ttv-voice-/);
    expect(designed.trace_id).toBeTruthy();
    const trial = designed.trial_audio!;
    expect(trial.data.byteLength).toBeGreaterThan(100);
    expect(trial.size).toBe(trial.data.byteLength);
    expect(isMp3(trial.data)).toBe(true);
    expect((await client.voice.list({ voice_type: 'voice_generation' })).voice_generation[0]!.voice_id).toBe(
      designed.voice_id,
    );

    const named = await client.voice.design({
      prompt: 'Bright',
      preview_text: 'Hi!',
      voice_id: 'DesignedVoice01',
    });
    expect(named.voice_id).toBe('DesignedVoice01');
  });

  it('surfaces API validation errors', async () => {
    await expect(client.voice.clone({ file_id: 999999, voice_id: 'NoSuchFile01' })).rejects.toBeInstanceOf(
      MiniMaxError,
    );
  });
});
