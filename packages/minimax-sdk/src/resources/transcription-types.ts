import type { Uploadable } from '../core/uploads.js';

/** Speech-to-text models. */
export type TranscriptionModel = 'asr-1.0' | (string & {});

/**
 * What `/v1/speech_to_text` answers with: `json` (default), `verbose_json` (segments, speakers),
 * `srt` or `vtt` (subtitle text). Any other value is sent as given, and its answer read by its
 * content type (JSON as a `Transcription`, anything else as text).
 */
export type TranscriptionFormat = 'json' | 'verbose_json' | 'srt' | 'vtt' | (string & {});

/** How fine the timestamps of `verbose_json` are. */
export type TimestampLevel = 'segment' | 'word' | (string & {});

/** Parameters of `speech.transcribe` / `speech.transcribeStream`. */
export interface TranscriptionParams {
  /** The audio: a local path (Node), bytes, a Blob/File, a web or Node stream, or a Response. Up to 50 MB. */
  file: Uploadable;
  /** Default `asr-1.0`. */
  model?: TranscriptionModel;
  /** Default `json`. `srt` and `vtt` resolve to the subtitle text. */
  response_format?: TranscriptionFormat;
  /** `segment` or `word` (verbose_json). */
  timestamp_level?: TimestampLevel;
  /**
   * A language tag such as `en`, `zh`, `yue` or `ja`, sent as the `language` header (where the API
   * reads it); without one, or with `""`, the service detects the language and mixed speech.
   */
  language?: string;
  /** Any other documented form field, sent as given (strings, numbers, booleans). */
  [field: string]: unknown;
}

/** A word with its timing (seconds), in `verbose_json` with `timestamp_level: "word"`. */
export interface TranscriptionWord {
  word: string;
  start: number;
  end: number;
}

/** One segment of a `verbose_json` transcript; times are seconds from the start. */
export interface TranscriptionSegment {
  id: number;
  start: number;
  end: number;
  text: string;
  /** The speaker label, when the service told speakers apart. */
  speaker?: string;
  words?: TranscriptionWord[];
}

/** A transcript (`json` and `verbose_json`). */
export interface Transcription {
  text: string;
  /** The detected (or given) language. */
  language?: string;
  /** Seconds of audio. */
  duration?: number;
  segments?: TranscriptionSegment[];
  /** How many speakers `verbose_json` told apart (each segment's `speaker` says which one spoke). */
  n_speakers?: number;
  trace_id?: string;
  [key: string]: unknown;
}
