/**
 * The values MiniMax documents for its enumerated fields, as literal unions that still take any
 * string or number (`'speech-2.8-hd' | (string & {})`): editors complete the known ones, and a
 * value MiniMax adds later works without a new release.
 */

/**
 * The model ids MiniMax documents, by capability, newest first: for menus, tool descriptions and
 * completions. The model types below are made from these lists, so the two never drift apart; an
 * id missing here is still sent as given.
 *
 * @example
 * import { KNOWN_MODELS } from 'minimax-sdk';
 * console.log(KNOWN_MODELS.speech.join(', ')); // speech-2.8-hd, speech-2.8-turbo, …
 */
export const KNOWN_MODELS = {
  text: [
    'MiniMax-M3',
    'MiniMax-M3.1-Flash-Preview',
    'MiniMax-M2.7',
    'MiniMax-M2.7-highspeed',
    'MiniMax-M2.5',
    'MiniMax-M2.5-highspeed',
    'MiniMax-M2.1',
    'MiniMax-M2.1-highspeed',
    'MiniMax-M2',
  ],
  speech: [
    'speech-2.8-hd',
    'speech-2.8-turbo',
    'speech-2.6-hd',
    'speech-2.6-turbo',
    'speech-02-hd',
    'speech-02-turbo',
    'speech-01-hd',
    'speech-01-turbo',
  ],
  video: [
    'MiniMax-Hailuo-2.3',
    'MiniMax-Hailuo-2.3-Fast',
    'MiniMax-Hailuo-02',
    'T2V-01-Director',
    'T2V-01',
    'I2V-01-Director',
    'I2V-01-live',
    'I2V-01',
    'S2V-01',
  ],
  videoV2: ['MiniMax-H3', 'MiniMax-H3-Max'],
  image: ['image-01', 'image-01-live'],
  music: [
    'music-3.0',
    'music-3.0-free',
    'music-2.6',
    'music-2.6-free',
    'music-cover',
    'music-cover-free',
    'music-2.5',
  ],
} as const;

/** A known id of `kind`, or any other string (sent as given). */
type ModelOf<Kind extends keyof typeof KNOWN_MODELS> = (typeof KNOWN_MODELS)[Kind][number] | (string & {});

/** Speech models (synthesis, WebSocket, long text, clone previews). */
export type SpeechModel = ModelOf<'speech'>;
/** Text models (`text.create`, `chat.create`). */
export type TextModel = ModelOf<'text'>;
/** Video models of the V1 endpoint (`video.create`, `video.textToVideo`, …). */
export type VideoModel = ModelOf<'video'>;
/** The models of the V2 video API (`client.video.v2`), not of the V1 endpoint. */
export type VideoV2Model = ModelOf<'videoV2'>;
/** Image models. `image-01-live` adds `style`. */
export type ImageModel = ModelOf<'image'>;
/**
 * Music models on the platform's current list: `music-3.0` and `music-2.6` write a new song,
 * `music-cover` remakes a reference song (`audio_url`, `audio_base64` or `cover_feature_id`);
 * each has a `-free` variant. The China site closed paid music to new users and turned the
 * `-free` models off on 2026-08-20. Older ids such as `music-2.0` are sent as given too.
 */
export type MusicModel = ModelOf<'music'>;

/**
 * Audio encodings: `mp3` (default), `pcm`, `flac`, `wav` (not streamed), `opus` (Ogg),
 * `pcmu_raw` and `pcmu_wav` (G.711 µ-law, 8 kHz).
 */
export type AudioFormat = 'mp3' | 'pcm' | 'flac' | 'wav' | 'opus' | 'pcmu_raw' | 'pcmu_wav' | (string & {});

/** Sample rates in Hz (default 32000). */
export type SampleRate = 8000 | 16000 | 22050 | 24000 | 32000 | 44100 | (number & {});

/** Bit rates in bits per second, mp3 only (default 128000). */
export type Bitrate = 32000 | 64000 | 128000 | 256000 | (number & {});

/**
 * Emotions of a voice (default: chosen by the model). `fluent` and `whisper` are speech-2.6 only;
 * speech-2.8 has no `whisper`.
 */
export type Emotion =
  | 'happy'
  | 'sad'
  | 'angry'
  | 'fearful'
  | 'disgusted'
  | 'surprised'
  | 'calm'
  | 'fluent'
  | 'whisper'
  | (string & {});

/** Post-synthesis effects of `voice_modify.sound_effects`. */
export type SoundEffect = 'spacious_echo' | 'auditorium_echo' | 'lofi_telephone' | 'robotic' | (string & {});

/** Subtitle granularity: per sentence (default), per word, or words as they stream (streams only). */
export type SubtitleType = 'sentence' | 'word' | 'word_streaming' | (string & {});

/**
 * Languages the speech models can be steered to (`auto` detects). The 01 and 02 models lack
 * Persian, Filipino and Tamil.
 */
export type LanguageBoost =
  | 'auto'
  | 'Chinese'
  | 'Chinese,Yue'
  | 'English'
  | 'Arabic'
  | 'Russian'
  | 'Spanish'
  | 'French'
  | 'Portuguese'
  | 'German'
  | 'Turkish'
  | 'Dutch'
  | 'Ukrainian'
  | 'Vietnamese'
  | 'Indonesian'
  | 'Japanese'
  | 'Italian'
  | 'Korean'
  | 'Thai'
  | 'Polish'
  | 'Romanian'
  | 'Greek'
  | 'Czech'
  | 'Finnish'
  | 'Hindi'
  | 'Bulgarian'
  | 'Danish'
  | 'Hebrew'
  | 'Malay'
  | 'Persian'
  | 'Slovak'
  | 'Swedish'
  | 'Croatian'
  | 'Filipino'
  | 'Hungarian'
  | 'Norwegian'
  | 'Slovenian'
  | 'Catalan'
  | 'Nynorsk'
  | 'Tamil'
  | 'Afrikaans'
  | (string & {});
