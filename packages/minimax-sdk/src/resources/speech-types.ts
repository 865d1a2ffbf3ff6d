/**
 * Request and result types of `client.speech`. The setting objects are passed to the API
 * unchanged (the SDK never adds, renames or checks keys inside them), so each one lists the keys
 * MiniMax documents and keeps an index signature for the ones it adds later.
 */
import type { RequestOptions } from '../core/transport.js';
import type {
  AudioFormat,
  Bitrate,
  Emotion,
  LanguageBoost,
  SampleRate,
  SoundEffect,
  SpeechModel,
  SubtitleType,
} from './literals.js';
import type { SystemVoiceId } from './system-voices.js';

/** Which voice speaks, and how. */
export interface VoiceSetting {
  /**
   * A system, cloned or designed voice id, e.g. `English_expressive_narrator`, `male-qn-qingse`.
   * Empty when `timbre_weights` mixes voices instead.
   */
  voice_id?: SystemVoiceId;
  /** Speaking rate, 0.5 to 2 (default 1). */
  speed?: number;
  /** Loudness, above 0 up to 10 (default 1). */
  vol?: number;
  /** Semitones, an integer from -12 to 12 (default 0: the voice's own pitch). */
  pitch?: number;
  /** The voice's emotion (default: chosen by the model). Leave unset for models that lack one. */
  emotion?: Emotion;
  /** Reads numbers in Chinese and English text the way people say them. */
  text_normalization?: boolean;
  /** The older name of `text_normalization`, still used by the WebSocket and long-text APIs. */
  english_normalization?: boolean;
  /** Reads `$$…$$` LaTeX formulas aloud (Chinese only). */
  latex_read?: boolean;
  [key: string]: unknown;
}

/** Encoding of the generated audio. */
export interface AudioSetting {
  /** 8000, 16000, 22050, 24000, 32000 or 44100 (default 32000). */
  sample_rate?: SampleRate;
  /** The long-text API's spelling of `sample_rate`. */
  audio_sample_rate?: SampleRate;
  /** 32000, 64000, 128000 or 256000; mp3 only (default 128000). */
  bitrate?: Bitrate;
  /** `mp3` (default), `pcm`, `flac`, `wav` (not streamed), `opus`, `pcmu_raw`, `pcmu_wav`. */
  format?: AudioFormat;
  /** 1 (mono) or 2; default 1 (the long-text API's default: 2). */
  channel?: 1 | 2 | (number & {});
  /** Constant bit rate; streamed mp3 only (default false). */
  force_cbr?: boolean;
  [key: string]: unknown;
}

/** Voice effects applied after synthesis. */
export interface VoiceModify {
  /** -100 (deeper) to 100 (brighter). */
  pitch?: number;
  /** -100 (stronger) to 100 (softer). */
  intensity?: number;
  /** -100 (richer) to 100 (crisper). */
  timbre?: number;
  /** An effect after synthesis (mp3, wav, flac when not streamed; mp3 when streamed). */
  sound_effects?: SoundEffect;
  [key: string]: unknown;
}

/** Custom pronunciations. */
export interface PronunciationDict {
  /**
   * Entries `"original/replacement"`, the replacement as text, pinyin with tones, IPA or kana:
   * `"Omg/Oh my god"`, `"处理/(chu3)(li3)"`.
   */
  tone?: string[];
  [key: string]: unknown;
}

/** One voice of a mix (`timbre_weights`, up to four). */
export interface TimbreWeight {
  /** A system, cloned or designed voice id. */
  voice_id: SystemVoiceId;
  /** 1 to 100. */
  weight: number;
  [key: string]: unknown;
}

/** The settings every synthesis call shares. */
export interface SpeechSettings {
  /** The voice (`voice_id`) and how it speaks: speed, volume, pitch, emotion, normalisation. */
  voice_setting?: VoiceSetting;
  /** The audio's encoding: format, sample rate, bit rate, channels. */
  audio_setting?: AudioSetting;
  /** Steers the language: a name such as `English`, `Chinese,Yue`, or `auto` to detect it. */
  language_boost?: LanguageBoost;
  /** Pitch, intensity and timbre shifts and sound effects applied after synthesis. */
  voice_modify?: VoiceModify;
  /** Custom pronunciations of words (`tone`: `"original/replacement"` entries). */
  pronunciation_dict?: PronunciationDict;
}

/** Parameters of `speech.tts`. */
export interface TTSParams extends SpeechSettings {
  /**
   * The text to speak (under 10 000 characters; stream above about 3 000). Pauses as `<#1.5#>`
   * (seconds); interjections such as `(laughs)` or `(sighs)` with speech-2.8.
   */
  text: string;
  /** The speech model. */
  model: SpeechModel;
  /** Mix of up to four voices instead of `voice_setting.voice_id`. */
  timbre_weights?: TimbreWeight[];
  /** Asks for a subtitle file; its URL comes back as `subtitle_file`. */
  subtitle_enable?: boolean;
  /** Subtitle granularity: `sentence` (default), `word`, or `word_streaming` (streams only). */
  subtitle_type?: SubtitleType;
  /** An AI watermark: a marker at the end of the audio (default false; not when streamed). */
  aigc_watermark?: boolean;
  /** speech-2.8: no server-side splitting of the text into sentences. */
  continuous_sound?: boolean;
  /**
   * `"hex"` (default): the audio comes back in the response. `"url"`: the API stores it for 24 h
   * and returns its URL; `data` is then empty and `bytes()` / `save()` download it.
   */
  output_format?: 'hex' | 'url';
}

/** Parameters of `speech.ttsStream`: those of `tts`, but a stream is always hex. */
export interface TTSStreamParams extends Omit<TTSParams, 'output_format'> {
  /** Always `"hex"` (the default): the API streams hex audio only. */
  output_format?: 'hex';
  /** `exclude_aggregated_audio: true` drops the final event's copy of the whole clip. */
  stream_options?: { exclude_aggregated_audio?: boolean; [key: string]: unknown };
}

/** Parameters of `speech.asyncCreate` and `speech.asyncGenerate` (long texts). */
export interface AsyncSpeechParams extends SpeechSettings {
  /** Up to 50 000 characters. Give this or `text_file_id` (or both). */
  text?: string;
  /** Default `speech-2.8-hd`. */
  model?: SpeechModel;
  /** An inaudible AI marker in the audio. */
  aigc_watermark?: boolean;
  /** A file uploaded with purpose `t2a_async_input` (up to 100 000 characters). */
  text_file_id?: number | string;
  /** Required. */
  voice_setting: VoiceSetting;
}

/** What `speech.asyncCreate` returns: the raw body. In the real API the ids are integers. */
export interface AsyncSpeechTask {
  task_id: number | string;
  task_token?: string;
  file_id?: number | string;
  usage_characters?: number;
  base_resp?: { status_code: number; status_msg: string };
  trace_id?: string;
  [key: string]: unknown;
}

/** What `speech.asyncQuery` returns: the raw body. */
export interface AsyncSpeechStatus {
  task_id?: number | string;
  /** `Processing`, `Success`, `Failed`, `Expired`, … */
  status?: string;
  file_id?: number | string;
  base_resp?: { status_code: number; status_msg: string };
  trace_id?: string;
  [key: string]: unknown;
}

/** Parameters of `speech.asyncQuery` and `speech.asyncWait`. */
export interface AsyncSpeechTaskRef {
  task_id: number | string;
}

/** A finished long-text task. Every field is a string (the API's integer ids are converted). */
export interface TaskResult {
  task_id: string;
  status: string;
  file_id: string;
  /** Where to fetch the audio (an archive with the audio, subtitles and metadata); valid about 9 h. */
  download_url: string;
  /** Trace id of the create call (for a task created elsewhere: of the final poll, else of the retrieve). */
  trace_id?: string;
}

/** Parameters of `speech.connect`: the session's settings, fixed for its lifetime. */
export interface SpeechConnectParams extends SpeechSettings {
  /** The speech model. */
  model: SpeechModel;
  /** Required. */
  voice_setting: VoiceSetting;
  /** Mix of up to four voices instead of `voice_setting.voice_id`. */
  timbre_weights?: TimbreWeight[];
  /** Subtitles for each send, in the final frame's `subtitle_file`. */
  subtitle_enable?: boolean;
  /** Subtitle granularity: `sentence` (default), `word`, `word_streaming`. */
  subtitle_type?: SubtitleType;
  /** speech-2.8: no server-side splitting of the text into sentences. */
  continuous_sound?: boolean;
}

/** Options of `speech.connect`. */
export interface SpeechConnectOptions extends Pick<RequestOptions, 'signal' | 'timeout' | 'headers'> {
  /**
   * Milliseconds the connection waits for the next frame before giving up on a send (which closes
   * the connection with `APITimeoutError`). Default: `timeout`, else the client's timeout.
   */
  idleTimeout?: number | undefined;
}

/** Options of `speech.connectBidi`. */
export interface SpeechBidiOptions extends Pick<RequestOptions, 'signal' | 'timeout' | 'headers'> {
  /**
   * Milliseconds between keep-alive pings (the server closes a session after about 120 s without
   * traffic). Default 30,000; 0 turns them off.
   */
  pingInterval?: number | undefined;
}

/**
 * The text `speech.streamText` speaks: one string, or pieces of it as they come (an array, a
 * generator, a model's `textStream`). Pieces may be any size; the server groups them into sentences.
 */
export type SpeechTextSource = string | Iterable<string> | AsyncIterable<string>;

/** What a `SpeechBidiSession` says: audio chunks and the marks around each spoken sentence. */
export type SpeechBidiEvent =
  | { type: 'audio'; audio: Uint8Array }
  /** The server starts speaking a sentence (`text`: as it assembled it). */
  | { type: 'sentence_start'; text: string }
  /** The server has sent all audio of a sentence. */
  | { type: 'sentence_end'; text: string };

/** Per-send options of a `SpeechConnection`. */
export interface SpeechSendOptions {
  /** Aborts the send and closes the connection (`APIUserAbortError`). */
  signal?: AbortSignal | undefined;
  /** Idle timeout for this send, in ms (default: the connection's). */
  timeout?: number | undefined;
}

/** What a `SpeechConnection` sends: one piece of text (up to 10 000 characters). */
export interface SpeechSendParams {
  /** The text to speak (up to 10 000 characters; the server skips a longer one with 2204). */
  text: string;
}
