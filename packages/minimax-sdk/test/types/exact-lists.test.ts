/**
 * Compile-time checks (run by `tsc` in `npm test`) that pin the whole list each enumerated field
 * offers, so a value dropped or misspelt in `literals.ts` fails here, and that the open unions of
 * blocks and events keep what narrowing users rely on: the exact member in a known case, object
 * literals still checked against the known shapes.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import type {
  AudioFormat,
  Bitrate,
  ContentBlock,
  ContentBlockParam,
  Emotion,
  ImageGenerateParams,
  LanguageBoost,
  Message,
  MessageCreateParams,
  MusicGenerateParams,
  SampleRate,
  SoundEffect,
  SpeechModel,
  SubtitleType,
  TextBlock,
  ToolUseBlock,
  TTSParams,
  UnknownBlock,
  VideoCreateParams,
} from '../../src/index.js';

type Defined<T> = Exclude<T, undefined | null>;

/** The literal members of an open union: what an editor offers. */
type Known<T> = T extends string
  ? string extends T
    ? never
    : T
  : T extends number
    ? number extends T
      ? never
      : T
    : never;

// Every documented `language_boost` value once; the assertions prove the union is exactly these.
const LANGUAGES = [
  'auto',
  'Chinese',
  'Chinese,Yue',
  'English',
  'Arabic',
  'Russian',
  'Spanish',
  'French',
  'Portuguese',
  'German',
  'Turkish',
  'Dutch',
  'Ukrainian',
  'Vietnamese',
  'Indonesian',
  'Japanese',
  'Italian',
  'Korean',
  'Thai',
  'Polish',
  'Romanian',
  'Greek',
  'Czech',
  'Finnish',
  'Hindi',
  'Bulgarian',
  'Danish',
  'Hebrew',
  'Malay',
  'Persian',
  'Slovak',
  'Swedish',
  'Croatian',
  'Filipino',
  'Hungarian',
  'Norwegian',
  'Slovenian',
  'Catalan',
  'Nynorsk',
  'Tamil',
  'Afrikaans',
] as const;

describe('the enumerated fields offer the whole documented list', () => {
  it('speech', () => {
    expectTypeOf<Known<SpeechModel>>().toEqualTypeOf<
      | 'speech-2.8-hd'
      | 'speech-2.8-turbo'
      | 'speech-2.6-hd'
      | 'speech-2.6-turbo'
      | 'speech-02-hd'
      | 'speech-02-turbo'
      | 'speech-01-hd'
      | 'speech-01-turbo'
    >();
    expectTypeOf<Known<Emotion>>().toEqualTypeOf<
      'happy' | 'sad' | 'angry' | 'fearful' | 'disgusted' | 'surprised' | 'calm' | 'fluent' | 'whisper'
    >();
    expectTypeOf<Known<AudioFormat>>().toEqualTypeOf<
      'mp3' | 'pcm' | 'flac' | 'wav' | 'opus' | 'pcmu_raw' | 'pcmu_wav'
    >();
    expectTypeOf<Known<SampleRate>>().toEqualTypeOf<8000 | 16000 | 22050 | 24000 | 32000 | 44100>();
    expectTypeOf<Known<Bitrate>>().toEqualTypeOf<32000 | 64000 | 128000 | 256000>();
    expectTypeOf<Known<SubtitleType>>().toEqualTypeOf<'sentence' | 'word' | 'word_streaming'>();
    expectTypeOf<Known<SoundEffect>>().toEqualTypeOf<
      'spacious_echo' | 'auditorium_echo' | 'lofi_telephone' | 'robotic'
    >();
    expectTypeOf<Defined<Defined<TTSParams['voice_modify']>['sound_effects']>>().toEqualTypeOf<SoundEffect>();
  });

  it('language_boost: the 40 documented languages and auto', () => {
    expectTypeOf<(typeof LANGUAGES)[number]>().toEqualTypeOf<Known<LanguageBoost>>();
    expect(new Set(LANGUAGES).size).toBe(41);
    expect(LANGUAGES).toHaveLength(41);
  });

  it('text, video, image and music', () => {
    expectTypeOf<Known<Defined<Defined<MessageCreateParams['output_config']>['effort']>>>().toEqualTypeOf<
      'low' | 'medium' | 'high' | 'xhigh' | 'max'
    >();
    expectTypeOf<Known<Defined<MessageCreateParams['service_tier']>>>().toEqualTypeOf<
      'standard' | 'priority'
    >();
    expectTypeOf<Known<VideoCreateParams['model']>>().toEqualTypeOf<
      | 'MiniMax-Hailuo-2.3'
      | 'MiniMax-Hailuo-2.3-Fast'
      | 'MiniMax-Hailuo-02'
      | 'T2V-01-Director'
      | 'T2V-01'
      | 'I2V-01-Director'
      | 'I2V-01-live'
      | 'I2V-01'
      | 'S2V-01'
    >();
    expectTypeOf<Known<Defined<VideoCreateParams['resolution']>>>().toEqualTypeOf<
      '512P' | '720P' | '768P' | '1080P'
    >();
    expectTypeOf<Known<Defined<VideoCreateParams['duration']>>>().toEqualTypeOf<6 | 10>();
    expectTypeOf<Known<Defined<ImageGenerateParams['aspect_ratio']>>>().toEqualTypeOf<
      '1:1' | '16:9' | '4:3' | '3:2' | '2:3' | '3:4' | '9:16' | '21:9'
    >();
    expectTypeOf<Known<Defined<MusicGenerateParams['output_format']>>>().toEqualTypeOf<'hex' | 'url'>();
    // music-2.5+ left the platform's list: it is no longer suggested (it still compiles).
    expectTypeOf<'music-2.5+'>().not.toExtend<Known<Defined<MusicGenerateParams['model']>>>();
    const legacy: MusicGenerateParams = { model: 'music-2.5+' };
    expect(legacy.model).toBe('music-2.5+');
  });

  it('a value of the wrong kind does not compile where the field sits', () => {
    // @ts-expect-error a voice id is a string
    const voice: TTSParams = { model: 'speech-2.8-hd', text: 'x', voice_setting: { voice_id: 7 } };
    // @ts-expect-error a sample rate is a number
    const rate: TTSParams = { model: 'speech-2.8-hd', text: 'x', audio_setting: { sample_rate: '32000' } };
    // @ts-expect-error effort is a string
    const effort: MessageCreateParams['output_config'] = { effort: 3 };
    // @ts-expect-error duration is a number of seconds
    const duration: VideoCreateParams = { model: 'MiniMax-Hailuo-2.3', duration: '6s' };
    expect([voice, rate, effort, duration]).toHaveLength(4);
  });
});

describe('open unions of blocks keep the known shapes', () => {
  it('a known case narrows to exactly its member, which functions typed with it accept', () => {
    const takesText = (block: TextBlock): string => block.text;
    const block = { type: 'text', text: 'hi' } as ContentBlock;
    switch (block.type) {
      case 'text':
        expectTypeOf(block).toEqualTypeOf<TextBlock>();
        expect(takesText(block)).toBe('hi');
        break;
      case 'tool_use':
        expectTypeOf(block).toEqualTypeOf<ToolUseBlock>();
        break;
      case 'thinking':
      case 'redacted_thinking':
        break;
      default:
        expectTypeOf(block).toEqualTypeOf<UnknownBlock>();
    }
    const content = [] as Message['content'];
    expectTypeOf(content.find((b) => b.type === 'tool_use')).toEqualTypeOf<ToolUseBlock | undefined>();
  });

  it('object literals are still checked against the known block shapes', () => {
    // @ts-expect-error `txt` is not a field of a text block (the unknown member does not absorb it)
    const typo: ContentBlockParam = { type: 'text', txt: 'hi' };
    // @ts-expect-error a text block needs its text
    const missing: ContentBlockParam = { type: 'text' };
    expect([typo, missing]).toHaveLength(2);
  });
});
