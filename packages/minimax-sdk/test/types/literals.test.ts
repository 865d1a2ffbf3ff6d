/**
 * Compile-time checks (run by `tsc` in `npm test`) that the enumerated fields suggest the values
 * MiniMax documents and still take any other string, and that the new fields are typed.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  AudioExtraInfo,
  AudioFormat,
  AudioResponse,
  AudioStream,
  Emotion,
  ImageAspectRatio,
  KnownSystemVoiceId,
  LanguageBoost,
  MessageCreateParams,
  MusicGenerateParams,
  MusicModel,
  SampleRate,
  SpeechConnectParams,
  SpeechModel,
  SpeechStream,
  SYSTEM_VOICE_IDS,
  SystemVoiceId,
  TextModel,
  TTSParams,
  TTSStreamParams,
  UploadPurpose,
  VideoModel,
  VideoV2Model,
} from '../../src/index.js';

/** Without `undefined` (NonNullable would intersect each member with `{}`). */
type Defined<T> = Exclude<T, undefined>;

/** The literal members of an open union (what an editor offers). */
type Known<T> = T extends string
  ? string extends T
    ? never
    : T
  : T extends number
    ? number extends T
      ? never
      : T
    : never;

describe('literal unions', () => {
  it('offer the documented values', () => {
    expectTypeOf<'speech-2.8-hd' | 'speech-2.8-turbo' | 'speech-02-hd'>().toMatchTypeOf<Known<SpeechModel>>();
    expectTypeOf<'English_magnetic_voiced_man' | 'male-qn-qingse'>().toMatchTypeOf<Known<SystemVoiceId>>();
    expectTypeOf<'happy' | 'whisper' | 'fluent'>().toMatchTypeOf<Known<Emotion>>();
    expectTypeOf<'opus' | 'pcmu_raw' | 'pcmu_wav' | 'mp3'>().toMatchTypeOf<Known<AudioFormat>>();
    expectTypeOf<'auto' | 'Chinese,Yue' | 'Afrikaans'>().toMatchTypeOf<Known<LanguageBoost>>();
    expectTypeOf<8000 | 44100>().toMatchTypeOf<Known<SampleRate>>();
    expectTypeOf<'21:9' | '1:1'>().toMatchTypeOf<Known<ImageAspectRatio>>();
    expectTypeOf<'MiniMax-M3' | 'MiniMax-M3.1-Flash-Preview'>().toMatchTypeOf<Known<TextModel>>();
    expectTypeOf<'MiniMax-Hailuo-2.3' | 'S2V-01'>().toMatchTypeOf<Known<VideoModel>>();
    expectTypeOf<'MiniMax-H3' | 'MiniMax-H3-Max'>().toMatchTypeOf<Known<VideoV2Model>>();
    expectTypeOf<'music-3.0' | 'music-2.6' | 'music-cover'>().toMatchTypeOf<Known<MusicModel>>();
    expectTypeOf<'video_generation_input' | 'video_understanding'>().toMatchTypeOf<UploadPurpose>();
    // What the fields are typed with, so completion reaches the call site.
    expectTypeOf<TTSParams['model']>().toEqualTypeOf<SpeechModel>();
    expectTypeOf<Defined<Defined<TTSParams['voice_setting']>['voice_id']>>().toEqualTypeOf<SystemVoiceId>();
    expectTypeOf<Defined<Defined<TTSParams['voice_setting']>['emotion']>>().toEqualTypeOf<Emotion>();
    expectTypeOf<Defined<Defined<TTSParams['audio_setting']>['format']>>().toEqualTypeOf<AudioFormat>();
    expectTypeOf<Defined<TTSParams['language_boost']>>().toEqualTypeOf<LanguageBoost>();
  });

  it('SystemVoiceId offers exactly the system voice list, odd spellings included', () => {
    expectTypeOf<Known<SystemVoiceId>>().toEqualTypeOf<KnownSystemVoiceId>();
    expectTypeOf<(typeof SYSTEM_VOICE_IDS)[number]>().toEqualTypeOf<KnownSystemVoiceId>();
    expectTypeOf<
      | 'Cantonese_ProfessionalHost (F)'
      | 'French_Female_News Anchor'
      | 'English_Trustworth_Man'
      | 'Vietnamese_kindhearted_girl'
      | 'presenter_male'
    >().toMatchTypeOf<KnownSystemVoiceId>();
    expectTypeOf<'English_magnetic_voiced_woman'>().not.toMatchTypeOf<KnownSystemVoiceId>();
  });

  it('still take any string or number', () => {
    // Plain assignments: each would fail to compile if the union were closed.
    const model: SpeechModel = 'speech-9.9-future';
    const voice: SystemVoiceId = 'Custom_voice_001';
    const music: MusicModel = 'music-4.0';
    const rate: SampleRate = 96000;
    const params: TTSParams = {
      model: 'speech-3.0-later',
      text: 'hi',
      voice_setting: { voice_id: 'moss_audio_x' },
    };
    expectTypeOf([model, voice, music]).toMatchTypeOf<string[]>();
    expectTypeOf(rate).toMatchTypeOf<number>();
    expectTypeOf(params).toMatchTypeOf<TTSParams>();
  });

  it('refuse the wrong kind of value', () => {
    // @ts-expect-error a model is a string
    const model: SpeechModel = 28;
    // @ts-expect-error a sample rate is a number
    const rate: SampleRate = '32000';
    expectTypeOf(model).not.toBeAny();
    expectTypeOf(rate).not.toBeAny();
  });
});

describe('newly documented fields', () => {
  it('are on the params types', () => {
    expectTypeOf<MessageCreateParams['service_tier']>().toMatchTypeOf<string | undefined>();
    expectTypeOf<'priority'>().toMatchTypeOf<Defined<MessageCreateParams['service_tier']>>();
    expectTypeOf<MessageCreateParams['stop_sequences']>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<'xhigh'>().toMatchTypeOf<Defined<Defined<MessageCreateParams['output_config']>['effort']>>();
    expectTypeOf<{ type: 'ephemeral' }>().toMatchTypeOf<
      Defined<Defined<MessageCreateParams['tools']>[number]['cache_control']>
    >();
    expectTypeOf<'word_streaming'>().toMatchTypeOf<Defined<TTSParams['subtitle_type']>>();
    expectTypeOf<TTSParams['aigc_watermark']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<Defined<TTSStreamParams['stream_options']>['exclude_aggregated_audio']>().toEqualTypeOf<
      boolean | undefined
    >();
    expectTypeOf<SpeechConnectParams['continuous_sound']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<SpeechConnectParams['subtitle_enable']>().toEqualTypeOf<boolean | undefined>();
    expectTypeOf<MusicGenerateParams['cover_feature_id']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<MusicGenerateParams['audio_url']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<MusicGenerateParams['audio_base64']>().toEqualTypeOf<string | undefined>();
  });
});

describe('documented result fields', () => {
  it('type the speech audio metadata (extra_info) of every audio result', () => {
    expectTypeOf<Defined<AudioResponse['extra_info']>>().toEqualTypeOf<AudioExtraInfo>();
    expectTypeOf<Defined<AudioStream['extra_info']>>().toEqualTypeOf<AudioExtraInfo>();
    expectTypeOf<Defined<SpeechStream['extra_info']>>().toEqualTypeOf<AudioExtraInfo>();
    expectTypeOf<AudioExtraInfo['usage_characters']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<AudioExtraInfo['audio_length']>().toEqualTypeOf<number | undefined>();
    expectTypeOf<AudioExtraInfo['audio_format']>().toMatchTypeOf<string | undefined>();
    expectTypeOf<'opus'>().toMatchTypeOf<Defined<AudioExtraInfo['audio_format']>>();
  });
});

describe('KNOWN_MODELS', () => {
  it('is the runtime list the model types are made from', async () => {
    const { KNOWN_MODELS } = await import('../../src/index.js');
    expectTypeOf<(typeof KNOWN_MODELS.speech)[number]>().toExtend<import('../../src/index.js').SpeechModel>();
    expectTypeOf<(typeof KNOWN_MODELS.text)[number]>().toExtend<import('../../src/index.js').TextModel>();
    expect(KNOWN_MODELS.text).toContain('MiniMax-M3');
    expect(KNOWN_MODELS.speech[0]).toBe('speech-2.8-hd');
    expect(KNOWN_MODELS.videoV2).toEqual(['MiniMax-H3', 'MiniMax-H3-Max']);
    for (const list of Object.values(KNOWN_MODELS)) expect(new Set(list).size).toBe(list.length);
  });
});
