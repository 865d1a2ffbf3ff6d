/** Request and result types of `client.voice`. */
import type { AudioResponse } from '../core/audio.js';
import type { Uploadable } from '../core/uploads.js';
import type { FileId, UploadPurpose } from './files-types.js';
import type { LanguageBoost, SpeechModel } from './literals.js';

/** Speech models usable for a clone's preview (`text`). Any string is accepted. */
export type VoiceCloneModel = SpeechModel;

/** `list` filter. Any string is sent as is. */
export type VoiceListType = 'all' | 'system' | 'voice_cloning' | 'voice_generation' | (string & {});

/** Kinds of voice that can be deleted (system voices cannot). Any string is sent as is. */
export type VoiceDeleteType = 'voice_cloning' | 'voice_generation' | (string & {});

export interface VoiceUploadAudioParams {
  /** The audio: a local path (Node), Blob/File, bytes or a stream. mp3, m4a or wav, ≤ 20 MB. */
  file: Uploadable;
  /** `voice_clone` (default: the 10 s – 5 min sample) or `prompt_audio` (a < 8 s example clip). */
  purpose?: UploadPurpose;
}

/** An example clip that steers a clone: an uploaded `prompt_audio` file and its exact transcript. */
export interface VoiceClonePrompt {
  /** File id of a `prompt_audio` upload. */
  prompt_audio: FileId;
  /** The exact transcript of that clip, ending in punctuation. */
  prompt_text: string;
  [key: string]: unknown;
}

export interface VoiceCloneParams {
  /** File id of a `voice_clone` upload (sent as an integer). */
  file_id: FileId;
  /**
   * The id to give the new voice: 8–256 characters, starting with a letter; letters, digits, `-`
   * and `_`; not ending in `-` or `_`; unique in the account.
   */
  voice_id: string;
  /** An example clip that improves similarity. */
  clone_prompt?: VoiceClonePrompt;
  /** Preview text (≤ 1000 characters, billed as speech); the API then returns `demo_audio`. Needs `model`. */
  text?: string;
  /** Speech model for the preview; required by the API when `text` is set. */
  model?: VoiceCloneModel;
  /** Language hint, as for speech (e.g. `auto`, `English`, `Chinese`). */
  language_boost?: LanguageBoost;
  /** Denoise the sample (default false). */
  need_noise_reduction?: boolean;
  /** Normalise the sample's loudness (default false). */
  need_volume_normalization?: boolean;
  /** Expected transcript of the sample (≤ 200 characters), checked by speech recognition. */
  text_validation?: string;
  /** Minimum recognition accuracy for `text_validation`, in [0, 1] (API default 0.7). */
  accuracy?: number;
  /** Add an audible AI watermark to the preview. */
  aigc_watermark?: boolean;
}

/** The API's verdict on whether the sample or preview text was sensitive. */
export interface VoiceInputSensitive {
  /** 0 = not sensitive; 1–7 name categories. */
  type?: number;
  is_sensitive?: boolean;
  [key: string]: unknown;
}

export interface VoiceCloneResult {
  /** The voice id asked for (usable in speech calls at once). */
  voice_id: string;
  /** URL of the preview audio, when `text` and `model` were given; else `null`. */
  demo_audio: string | null;
  /** The API's sensitivity verdict as sent (an object, or a boolean in older answers); `null` when absent. */
  input_sensitive: VoiceInputSensitive | boolean | null;
  /** Preview metadata, when a preview was made. */
  extra_info?: Record<string, unknown>;
  trace_id?: string;
}

export interface VoiceDesignParams {
  /** A description of the voice to create (e.g. "a warm, slow narrator with a low voice"). */
  prompt: string;
  /** Text spoken in the trial audio (≤ 500 characters, billed). */
  preview_text: string;
  /** Id to give the voice; the API makes one up (`ttv-voice-…`) when omitted. */
  voice_id?: string;
  /** Add an audible AI watermark to the trial audio. */
  aigc_watermark?: boolean;
}

export interface VoiceDesignResult {
  /** The designed voice's id, usable in speech calls. */
  voice_id: string;
  /**
   * The trial audio: decoded when the API sent hex (or an audio object), a URL result (`url` set,
   * `save()`/`bytes()` download it) when it sent a URL; `null` when it sent none.
   */
  trial_audio: AudioResponse | null;
  trace_id?: string;
}

export interface VoiceListParams {
  /** Which voices to list (default `all`). */
  voice_type?: VoiceListType;
}

/** One voice. */
export interface VoiceInfo {
  /** The id to use in speech calls (numbers in the answer become strings). */
  voice_id: string;
  /** Display name (system voices). */
  voice_name?: string | null;
  /** Descriptions (empty when none). */
  description: string[];
  /** Creation date, `yyyy-mm-dd` (cloned and designed voices). */
  created_time?: string | null;
}

export interface VoiceList {
  /** Voices MiniMax provides. */
  system_voice: VoiceInfo[];
  /** Voices cloned in this account. */
  voice_cloning: VoiceInfo[];
  /** Voices designed in this account (`voice.design`). */
  voice_generation: VoiceInfo[];
  trace_id?: string;
}

export interface VoiceDeleteParams {
  /** The voice to delete; a deleted id cannot be reused. */
  voice_id: string;
  /** `voice_cloning` or `voice_generation`. */
  voice_type: VoiceDeleteType;
}
