import { parseBuffer } from 'music-metadata';
import { describe, expect, it } from 'vitest';
import { SYSTEM_VOICE_IDS, SYSTEM_VOICE_IDS_BY_LANGUAGE } from '../../src/index.js';
import type { MockServer } from '../../src/mock/index.js';
import { type ExtraInfo, fromHex, postJson, startMock, upload, VOICE } from './helpers.js';

interface VoiceList {
  system_voice?: Array<{ voice_id: string; voice_name: string; description: string[] }>;
  voice_cloning?: Array<{ voice_id: string; description: string[]; created_time: string }>;
  voice_generation?: Array<{ voice_id: string; description: string[]; created_time: string }>;
}

async function cloneSample(mock: MockServer): Promise<number> {
  return (await upload(mock, 'voice_clone', new Uint8Array(2048), 'me.mp3')).file_id;
}

describe('POST /v1/get_voice', () => {
  it('lists the system voices, including the documented examples', async () => {
    const mock = await startMock();
    const body = await postJson<VoiceList>(mock, '/v1/get_voice', { voice_type: 'system' });
    const ids = body.system_voice?.map((v) => v.voice_id) ?? [];
    expect(ids).toEqual(
      expect.arrayContaining(['English_expressive_narrator', 'Wise_Woman', 'male-qn-qingse']),
    );
    expect(ids.length).toBeGreaterThanOrEqual(6);
    expect(body.voice_cloning).toBeUndefined();
    expect(body.system_voice?.[0]).toMatchObject({
      voice_name: expect.any(String),
      description: expect.any(Array),
    });
  });

  it('filters by voice_type and refuses an unknown one', async () => {
    const mock = await startMock();
    const all = await postJson<VoiceList>(mock, '/v1/get_voice', { voice_type: 'all' });
    expect(Object.keys(all).sort()).toEqual([
      'base_resp',
      'system_voice',
      'trace_id',
      'voice_cloning',
      'voice_generation',
    ]);
    const bad = await postJson(mock, '/v1/get_voice', { voice_type: 'famous' });
    expect(bad.base_resp.status_code).toBe(2013);
    expect(bad.base_resp.status_msg).toContain('voice_type');
  });
});

describe('the system voice list', () => {
  it("is the docs' whole list: hundreds of ids, each usable for speech", async () => {
    const mock = await startMock();
    const body = await postJson<VoiceList>(mock, '/v1/get_voice', { voice_type: 'system' });
    const ids = body.system_voice?.map((v) => v.voice_id) ?? [];
    expect(ids.length).toBeGreaterThan(350);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual(
      expect.arrayContaining([
        'English_magnetic_voiced_man',
        'Chinese (Mandarin)_Warm_Bestie',
        'Cantonese_ProfessionalHost (F)',
        'Japanese_GracefulMaiden',
        'Korean_WiseTeacher',
        'Portuguese_Conscientiousinstructor',
        'French_Female_News Anchor',
        'hindi_female_1_v2',
        'female-tianmei-jingpin',
        'Wise_Woman',
      ]),
    );
    for (const voice_id of [
      'English_magnetic_voiced_man',
      'Cantonese_ProfessionalHost (M)',
      'czech_female_5_v7',
    ]) {
      const spoken = await postJson(mock, '/v1/t2a_v2', {
        model: 'speech-2.8-hd',
        text: 'Hi.',
        voice_setting: { voice_id },
      });
      expect(spoken.base_resp.status_code).toBe(0);
    }
    const unknown = await postJson(mock, '/v1/t2a_v2', {
      model: 'speech-2.8-hd',
      text: 'Hi.',
      voice_setting: { voice_id: 'English_magnetic_voiced_woman' },
    });
    expect(unknown.base_resp.status_code).toBe(2054);
  });
});

describe("the mock's voices and the SDK's SystemVoiceId", () => {
  it('are the same ids: every id the type offers is listed, and nothing else', async () => {
    const mock = await startMock();
    const body = await postJson<VoiceList>(mock, '/v1/get_voice', { voice_type: 'system' });
    const listed = body.system_voice?.map((v) => v.voice_id) ?? [];
    expect(SYSTEM_VOICE_IDS.length).toBeGreaterThan(380);
    expect(listed.length).toBe(SYSTEM_VOICE_IDS.length);
    expect([...listed].sort()).toEqual([...SYSTEM_VOICE_IDS].sort());
    expect(new Set(SYSTEM_VOICE_IDS).size).toBe(SYSTEM_VOICE_IDS.length);
    // The older ids the SDK used to offer are still there (typed code that named them compiles).
    expect(SYSTEM_VOICE_IDS).toEqual(
      expect.arrayContaining(['presenter_male', 'audiobook_female_2', 'Friendly_Person', 'Abbess']),
    );
  });

  it('files each voice under the language the SDK groups it by', async () => {
    const mock = await startMock();
    const body = await postJson<VoiceList>(mock, '/v1/get_voice', { voice_type: 'system' });
    const languageOf = new Map(body.system_voice?.map((v) => [v.voice_id, v.description[0]]));
    for (const [language, ids] of Object.entries(SYSTEM_VOICE_IDS_BY_LANGUAGE)) {
      for (const id of ids) expect(languageOf.get(id), id).toBe(language);
    }
    expect(body.system_voice?.every((v) => v.voice_name.length > 0)).toBe(true);
  });
});

/** A real clip of about `seconds` from the mock's own speech (60 ms a character). */
async function spokenSample(mock: MockServer, seconds: number, format = 'mp3'): Promise<number> {
  const text = 'x'.repeat(Math.round((seconds * 1000) / 60));
  const body = await postJson<{ data: { audio: string }; extra_info: { audio_length: number } }>(
    mock,
    '/v1/t2a_v2',
    {
      model: 'speech-2.8-hd',
      text,
      voice_setting: VOICE,
      audio_setting: { format },
    },
  );
  return (await upload(mock, 'voice_clone', fromHex(body.data.audio), `sample.${format}`)).file_id;
}

describe('POST /v1/voice_clone sample length', () => {
  it.each([
    ['mp3', 9.5, 2037],
    ['mp3', 10.5, 0],
    ['wav', 9, 2037],
    ['wav', 12, 0],
    ['mp3', 299, 0],
    ['mp3', 301, 2037],
  ])('a %s sample of %s s answers %s', async (format, seconds, code) => {
    const mock = await startMock();
    const fileId = await spokenSample(mock, seconds, format);
    const body = await postJson(mock, '/v1/voice_clone', {
      file_id: fileId,
      voice_id: `Length${format}${code}x`,
    });
    expect(body.base_resp.status_code).toBe(code);
    if (code !== 0) expect(body.base_resp.status_msg).toMatch(/duration out of range.*10 s to 5 min/);
  });

  it('lets through bytes whose length it cannot read (it decodes no audio)', async () => {
    const mock = await startMock();
    const fileId = await cloneSample(mock);
    const body = await postJson(mock, '/v1/voice_clone', { file_id: fileId, voice_id: 'Unmeasured01' });
    expect(body.base_resp.status_code).toBe(0);
  });
});

describe('POST /v1/voice_clone', () => {
  it('clones from an uploaded file, makes it usable for speech and lists it once used', async () => {
    const mock = await startMock();
    const fileId = await cloneSample(mock);
    const body = await postJson<{ demo_audio: string; input_sensitive: unknown }>(mock, '/v1/voice_clone', {
      file_id: fileId,
      voice_id: 'MyVoice001',
      need_noise_reduction: false,
      need_volume_normalization: false,
    });
    expect(body.base_resp.status_code).toBe(0);
    expect(body.demo_audio).toBe('');
    expect(body.input_sensitive).toEqual({ type: 0 });
    expect(body).not.toHaveProperty('extra_info');
    // The platform lists a new clone only after its first real use.
    const before = await postJson<VoiceList>(mock, '/v1/get_voice', { voice_type: 'all' });
    expect(before.voice_cloning).toEqual([]);
    const tts = await postJson(mock, '/v1/t2a_v2', {
      model: 'speech-2.8-hd',
      text: 'Hi',
      voice_setting: { voice_id: 'MyVoice001' },
    });
    expect(tts.base_resp.status_code).toBe(0);
    const list = await postJson<VoiceList>(mock, '/v1/get_voice', { voice_type: 'voice_cloning' });
    expect(list.voice_cloning?.[0]).toMatchObject({
      voice_id: 'MyVoice001',
      created_time: expect.stringMatching(/^\d{4}-\d\d-\d\d$/),
    });
  });

  it('does not count a preview, a refused request or another voice as a use', async () => {
    const mock = await startMock();
    const clone = await postJson(mock, '/v1/voice_clone', {
      file_id: await cloneSample(mock),
      voice_id: 'MyVoice009',
      text: 'A preview.',
      model: 'speech-2.8-hd',
    });
    expect(clone.base_resp.status_code).toBe(0);
    const bad = await postJson(mock, '/v1/t2a_v2', {
      model: 'speech-2.8-hd',
      text: 'Hi',
      voice_setting: { voice_id: 'MyVoice009', speed: 9 },
    });
    expect(bad.base_resp.status_code).toBe(2013);
    await postJson(mock, '/v1/t2a_v2', { model: 'speech-2.8-hd', text: 'Hi', voice_setting: VOICE });
    const list = await postJson<VoiceList>(mock, '/v1/get_voice', { voice_type: 'voice_cloning' });
    expect(list.voice_cloning).toEqual([]);
    // A deleted clone that was never used is gone all the same.
    const gone = await postJson(mock, '/v1/delete_voice', {
      voice_type: 'voice_cloning',
      voice_id: 'MyVoice009',
    });
    expect(gone.base_resp.status_code).toBe(0);
  });

  it('returns a demo_audio URL when text and model are given', async () => {
    const mock = await startMock();
    const body = await postJson<{ demo_audio: string; extra_info?: ExtraInfo }>(mock, '/v1/voice_clone', {
      file_id: await cloneSample(mock),
      voice_id: 'MyVoice002',
      text: 'This is how I sound.',
      model: 'speech-2.8-hd',
    });
    const res = await fetch(body.demo_audio);
    expect(res.headers.get('content-type')).toBe('audio/mpeg');
    const bytes = new Uint8Array(await res.arrayBuffer());
    const meta = await parseBuffer(bytes, { mimeType: 'audio/mpeg' });
    expect(meta.format.duration).toBeGreaterThan(0.5);
    // The preview's metadata comes with it (the API sends extra_info only with text).
    expect(body.extra_info).toMatchObject({
      audio_size: bytes.byteLength,
      audio_format: 'mp3',
      usage_characters: 'This is how I sound.'.length,
    });
    expect(Math.abs(Number(body.extra_info?.audio_length) - (meta.format.duration ?? 0) * 1000)).toBeLessThan(
      100,
    );
  });

  it('refuses a duplicate voice_id with 2039, also after deletion', async () => {
    const mock = await startMock();
    const fileId = await cloneSample(mock);
    const first = await postJson(mock, '/v1/voice_clone', { file_id: fileId, voice_id: 'MyVoice003' });
    expect(first.base_resp.status_code).toBe(0);
    expect(
      (await postJson(mock, '/v1/voice_clone', { file_id: fileId, voice_id: 'MyVoice003' })).base_resp
        .status_code,
    ).toBe(2039);
    expect(
      (await postJson(mock, '/v1/voice_clone', { file_id: fileId, voice_id: 'Wise_Woman' })).base_resp
        .status_code,
    ).toBe(2039);
    await postJson(mock, '/v1/delete_voice', { voice_id: 'MyVoice003', voice_type: 'voice_cloning' });
    expect(
      (await postJson(mock, '/v1/voice_clone', { file_id: fileId, voice_id: 'MyVoice003' })).base_resp
        .status_code,
    ).toBe(2039);
  });

  it.each(['short1', '1StartsWithDigit', 'Ends_with_', 'has space inside', `A${'b'.repeat(256)}`])(
    'refuses voice_id %j with 20132 naming voice_id',
    async (voiceId) => {
      const mock = await startMock();
      const body = await postJson(mock, '/v1/voice_clone', {
        file_id: await cloneSample(mock),
        voice_id: voiceId,
      });
      expect(body.base_resp.status_code).toBe(20132);
      expect(body.base_resp.status_msg).toContain('voice_id');
    },
  );

  it('needs an existing voice_clone file, and model when text is set', async () => {
    const mock = await startMock();
    const missing = await postJson(mock, '/v1/voice_clone', { file_id: 999, voice_id: 'MyVoice004' });
    expect(missing.base_resp).toMatchObject({
      status_code: 2013,
      status_msg: expect.stringContaining('file_id'),
    });
    const prompt = await upload(mock, 'prompt_audio', new Uint8Array(10));
    const wrongPurpose = await postJson(mock, '/v1/voice_clone', {
      file_id: prompt.file_id,
      voice_id: 'MyVoice004',
    });
    expect(wrongPurpose.base_resp.status_msg).toContain('file_id');
    const noModel = await postJson(mock, '/v1/voice_clone', {
      file_id: await cloneSample(mock),
      voice_id: 'MyVoice004',
      text: 'Hello',
    });
    expect(noModel.base_resp).toMatchObject({
      status_code: 2013,
      status_msg: expect.stringContaining('model'),
    });
    const noId = await postJson(mock, '/v1/voice_clone', { voice_id: 'MyVoice004' });
    expect(noId.base_resp.status_msg).toContain('file_id');
  });

  it('checks clone_prompt.prompt_audio against prompt_audio uploads', async () => {
    const mock = await startMock();
    const fileId = await cloneSample(mock);
    const bad = await postJson(mock, '/v1/voice_clone', {
      file_id: fileId,
      voice_id: 'MyVoice005',
      clone_prompt: { prompt_audio: fileId, prompt_text: 'Hello.' },
    });
    expect(bad.base_resp.status_msg).toContain('clone_prompt.prompt_audio');
    const prompt = await upload(mock, 'prompt_audio', new Uint8Array(10));
    const good = await postJson(mock, '/v1/voice_clone', {
      file_id: fileId,
      voice_id: 'MyVoice005',
      clone_prompt: { prompt_audio: prompt.file_id, prompt_text: 'Hello.' },
    });
    expect(good.base_resp.status_code).toBe(0);
  });
});

describe('POST /v1/voice_clone prompt sample length', () => {
  it.each([
    [5, 0],
    [9, 2048],
  ])('a prompt_audio sample of %s s answers %s', async (seconds, code) => {
    const mock = await startMock();
    const spoken = await postJson<{ data: { audio: string } }>(mock, '/v1/t2a_v2', {
      model: 'speech-2.8-hd',
      text: 'x'.repeat(Math.round((seconds * 1000) / 60)),
      voice_setting: VOICE,
    });
    const prompt = await upload(mock, 'prompt_audio', fromHex(spoken.data.audio), 'prompt.mp3');
    const body = await postJson(mock, '/v1/voice_clone', {
      file_id: await cloneSample(mock),
      voice_id: `Prompt${seconds}s01`,
      clone_prompt: { prompt_audio: prompt.file_id, prompt_text: 'Hello.' },
    });
    expect(body.base_resp.status_code).toBe(code);
    if (code !== 0) expect(body.base_resp.status_msg).toMatch(/prompt audio too long.*8 s/);
  });
});

describe('POST /v1/voice_design', () => {
  it('returns a new voice_id and hex trial audio, and lists the voice', async () => {
    const mock = await startMock();
    const body = await postJson<{ voice_id: string; trial_audio: string }>(mock, '/v1/voice_design', {
      prompt: 'A calm, warm narrator with a low voice',
      preview_text: 'Welcome to the show.',
    });
    expect(body.voice_id).toMatch(/^ttv-voice-\d{8}-/);
    const meta = await parseBuffer(fromHex(body.trial_audio), { mimeType: 'audio/mpeg' });
    expect(meta.format.duration).toBeGreaterThan(0.5);
    const list = await postJson<VoiceList>(mock, '/v1/get_voice', { voice_type: 'voice_generation' });
    expect(list.voice_generation?.map((v) => v.voice_id)).toEqual([body.voice_id]);
    const tts = await postJson(mock, '/v1/t2a_v2', {
      model: 'speech-2.8-hd',
      text: 'Hi',
      voice_setting: { voice_id: body.voice_id },
    });
    expect(tts.base_resp.status_code).toBe(0);
  });

  it('uses a given voice_id and refuses missing fields', async () => {
    const mock = await startMock();
    const named = await postJson<{ voice_id: string }>(mock, '/v1/voice_design', {
      prompt: 'bright',
      preview_text: 'Hi.',
      voice_id: 'Designed0001',
    });
    expect(named.voice_id).toBe('Designed0001');
    expect(
      (await postJson(mock, '/v1/voice_design', { preview_text: 'Hi.' })).base_resp.status_msg,
    ).toContain('prompt');
    expect((await postJson(mock, '/v1/voice_design', { prompt: 'x' })).base_resp.status_msg).toContain(
      'preview_text',
    );
    const long = await postJson(mock, '/v1/voice_design', { prompt: 'x', preview_text: 'y'.repeat(501) });
    expect(long.base_resp).toMatchObject({
      status_code: 2013,
      status_msg: expect.stringContaining('preview_text'),
    });
  });
});

describe('POST /v1/delete_voice', () => {
  it('deletes a custom voice, after which speech with it fails with 2054', async () => {
    const mock = await startMock();
    const { voice_id } = await postJson<{ voice_id: string }>(mock, '/v1/voice_design', {
      prompt: 'p',
      preview_text: 'Hi.',
    });
    const deleted = await postJson<{ voice_id: string }>(mock, '/v1/delete_voice', {
      voice_id,
      voice_type: 'voice_generation',
    });
    expect(deleted.base_resp.status_code).toBe(0);
    expect(deleted.voice_id).toBe(voice_id);
    const tts = await postJson(mock, '/v1/t2a_v2', {
      model: 'speech-2.8-hd',
      text: 'Hi',
      voice_setting: { voice_id },
    });
    expect(tts.base_resp.status_code).toBe(2054);
  });

  it('refuses system voices, unknown ids and bad types', async () => {
    const mock = await startMock();
    expect(
      (await postJson(mock, '/v1/delete_voice', { voice_id: 'Wise_Woman', voice_type: 'system' })).base_resp
        .status_msg,
    ).toContain('voice_type');
    expect(
      (await postJson(mock, '/v1/delete_voice', { voice_id: 'nope', voice_type: 'voice_cloning' })).base_resp
        .status_code,
    ).toBe(2054);
    expect(
      (await postJson(mock, '/v1/delete_voice', { voice_type: 'voice_cloning' })).base_resp.status_msg,
    ).toContain('voice_id');
    expect(VOICE.voice_id).toBe('English_expressive_narrator');
  });
});
