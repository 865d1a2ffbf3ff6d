/** Request and result types of `client.music`. */

/** Music models. Any string is accepted. */
export type MusicModel =
  | 'music-2.5+'
  | 'music-2.5'
  | 'music-2.6'
  | 'music-2.6-free'
  | 'music-3.0'
  | 'music-3.0-free'
  | 'music-2.0'
  | 'music-1.5'
  | (string & {});

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
  /** Default `music-2.5+`. */
  model?: MusicModel;
  /** Style, mood and scene, ≤ 2000 characters; required for instrumentals. */
  prompt?: string;
  /**
   * Lyrics, lines split by `\n`, with section tags such as `[Intro]`, `[Verse]`, `[Pre Chorus]`,
   * `[Chorus]`, `[Bridge]`, `[Outro]`, `[Inst]`; 1–3500 characters, required unless
   * `is_instrumental` or `lyrics_optimizer`.
   */
  lyrics?: string;
  /** Let the API write lyrics from the prompt (default false). */
  lyrics_optimizer?: boolean;
  /** No vocals (music-2.5+ and later; default false). */
  is_instrumental?: boolean;
  audio_setting?: MusicAudioSetting;
}

export interface MusicGenerateParams extends MusicStreamParams {
  /**
   * `url` (default: the answer holds a link valid 24 h; `save()`/`bytes()` download it) or `hex`
   * (the audio inline).
   */
  output_format?: 'url' | 'hex' | (string & {});
  /** Add an AI watermark. */
  aigc_watermark?: boolean;
}

/** `write_full_song` writes new lyrics; `edit` reworks the given `lyrics`. */
export type LyricsMode = 'write_full_song' | 'edit' | (string & {});

export interface MusicGenerateLyricsParams {
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
