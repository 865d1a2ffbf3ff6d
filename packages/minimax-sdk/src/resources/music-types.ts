/** Request and result types of `client.music`. */

import type { MusicModel } from './literals.js';

export type { MusicModel };

/** Output audio settings. */
export interface MusicAudioSetting {
  /** Hz: 16000, 24000, 32000 or 44100. */
  sample_rate?: 16000 | 24000 | 32000 | 44100 | (number & {});
  /** Bits per second: 32000, 64000, 128000 or 256000. */
  bitrate?: 32000 | 64000 | 128000 | 256000 | (number & {});
  /** `mp3`, `wav` or `pcm`. */
  format?: 'mp3' | 'wav' | 'pcm' | (string & {});
  [key: string]: unknown;
}

/** Fields shared by `generate` and `generateStream`. */
export interface MusicStreamParams {
  /** Default `music-2.6`. `music-cover` (and `-free`) remake the song given as `audio_url` / `audio_base64`. */
  model?: MusicModel;
  /**
   * Style, mood and scene: song models ≤ 2000 characters (required for instrumentals); cover
   * models 10–300 characters (required).
   */
  prompt?: string;
  /**
   * Lyrics, lines split by `\n`, with section tags such as `[Intro]`, `[Verse]`, `[Pre Chorus]`,
   * `[Chorus]`, `[Interlude]`, `[Bridge]`, `[Outro]`, `[Post Chorus]`, `[Transition]`, `[Break]`,
   * `[Hook]`, `[Build Up]`, `[Inst]`, `[Solo]`. Song models: 1–3500 characters, required unless
   * `is_instrumental` or `lyrics_optimizer`. Cover models: 10–1000 characters, optional (the API
   * transcribes the song when absent), required with `cover_feature_id`.
   */
  lyrics?: string;
  /** Let the API write lyrics from the prompt (default false). */
  lyrics_optimizer?: boolean;
  /** No vocals (default false). */
  is_instrumental?: boolean;
  /** Output encoding: `sample_rate`, `bitrate`, `format`. */
  audio_setting?: MusicAudioSetting;
  /** Cover models: the song to cover, a public URL (6 s – 6 min, ≤ 50 MB). Give this or `audio_base64`. */
  audio_url?: string;
  /** Cover models: the song to cover, base64-encoded. Give this or `audio_url`. */
  audio_base64?: string;
  /** Cover models: the id `music.coverPreprocess` returned (valid 24 h); needs `lyrics`. */
  cover_feature_id?: string;
}

export interface MusicGenerateParams extends MusicStreamParams {
  /**
   * `hex` (the API's default: the audio inline, decoded into `data`) or `url` (a link valid 24 h;
   * `save()` / `bytes()` download it).
   */
  output_format?: 'url' | 'hex' | (string & {});
  /** Add an AI watermark (not when streamed). */
  aigc_watermark?: boolean;
}

/** `write_full_song` writes new lyrics; `edit` reworks the given `lyrics`. */
export type LyricsMode = 'write_full_song' | 'edit' | (string & {});

export interface MusicGenerateLyricsParams {
  /** `write_full_song` (new lyrics from `prompt`) or `edit` (rework `lyrics`). */
  mode: LyricsMode;
  /** What the song is about, or the edit to make; ≤ 2000 characters. */
  prompt?: string;
  /** Existing lyrics (for `edit`), ≤ 3500 characters. */
  lyrics?: string;
  /** The song title. */
  title?: string;
}

export interface LyricsResult {
  /** The title (`""` when the API gave none). */
  song_title: string;
  /** Comma-separated style tags, e.g. `"pop, electronic, dreamy"`. */
  style_tags: string;
  /** Lyrics with section tags, ready for `music.generate`. */
  lyrics: string;
  trace_id?: string;
}

/**
 * The song `music.coverPreprocess` analyses. Give exactly one of `audio` (a URL, a local path,
 * bytes or a Blob; anything local is read and sent base64), `audio_url` or `audio_base64`. The song
 * must last 6 s – 6 min and weigh ≤ 50 MB.
 */
export interface MusicCoverPreprocessParams {
  /** Default `music-cover`. */
  model?: 'music-cover' | (string & {});
  /** A public URL (sent as `audio_url`), a local path, bytes or a Blob (sent as `audio_base64`). */
  audio?: string | Uint8Array | ArrayBuffer | Blob;
  /** A public URL of the song. */
  audio_url?: string;
  /** The song, base64-encoded. */
  audio_base64?: string;
}

/** One segment of the analysed song (`intro`, `verse`, `chorus`, …), in seconds. */
export interface MusicCoverSegment {
  label: string;
  start: number;
  end: number;
  [key: string]: unknown;
}

export interface MusicCoverPreprocessResult {
  /** Pass to `music.generate({ model: 'music-cover', cover_feature_id, lyrics })`; valid 24 h, the same song gives the same id. */
  cover_feature_id: string;
  /** The song's lyrics as the API heard them, with section tags: edit them and pass them as `lyrics`. */
  formatted_lyrics: string;
  /** The song's segments, parsed from the API's `structure_result` (a JSON string); `[]` when it sent none. */
  structure: MusicCoverSegment[];
  /** Seconds. */
  audio_duration: number;
  trace_id?: string;
}
