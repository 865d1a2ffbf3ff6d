/** Audio results: the `AudioResponse` every audio method returns. */

import { decodeHex, toBase64 } from './bytes.js';
import { MiniMaxError, ownEntry } from './errors.js';
import { writeFileAtomic } from './node-fs.js';
import { Inspectable } from './symbols.js';
import { isHttpURL, recordOrEmpty, toNumber } from './values.js';

/**
 * Metadata the speech API reports about generated audio (`extra_info`), as typed numbers where
 * MiniMax documents them; unknown keys (and music's `music_*` fields) are kept as sent.
 */
export interface AudioExtraInfo {
  /** Duration in milliseconds. */
  audio_length?: number;
  /** Sample rate in Hz. */
  audio_sample_rate?: number;
  /** Size in bytes (may be 0). */
  audio_size?: number;
  /** Bit rate in bits per second. */
  bitrate?: number;
  /** `mp3`, `pcm`, `flac`, `wav`, `opus`, `pcmu_raw`, `pcmu_wav`, … */
  audio_format?: string;
  /** 1 (mono) or 2. */
  audio_channel?: number;
  /** Words in the text. */
  word_count?: number;
  /** Characters billed. */
  usage_characters?: number;
  /** Share of invisible characters in the text (above 10 % the call fails with 1042). */
  invisible_character_ratio?: number;
  [key: string]: unknown;
}

export interface AudioResponseInit {
  data?: Uint8Array;
  duration?: number;
  sample_rate?: number;
  format?: string;
  size?: number;
  url?: string;
  trace_id?: string;
  extra_info?: AudioExtraInfo;
  analysis_info?: unknown;
  subtitle_file?: string;
  /** Fetches `url` without the API key (set by the SDK when `url` is set). */
  download?: () => Promise<Uint8Array>;
}

/**
 * Generated audio: the decoded bytes, or a URL to them when the API answered with one
 * (`output_format: "url"`, the music default), in which case `bytes()` and `save()` download it.
 *
 * @example
 * const audio = await client.speech.tts({ text: 'Hi', model: 'speech-2.8-hd' });
 * await audio.save('hi.mp3');
 */
export class AudioResponse extends Inspectable {
  /** Decoded audio bytes; empty when the result is a URL. */
  data: Uint8Array;
  /** Duration in milliseconds. */
  duration: number;
  /** Sample rate in Hz. */
  sample_rate: number;
  /**
   * The format the API reports (`extra_info.audio_format`): `mp3`, `wav`, `flac`, `pcm`, `opus`
   * (Ogg Opus), `pcmu_raw` or `pcmu_wav` (G.711 µ-law, 8 kHz). `audioExtension(format)` names a file.
   */
  format: string;
  /** Size in bytes, as the API reported it (or the byte length). */
  size: number;
  /** Download URL when the API answered with a URL instead of bytes. */
  url?: string;
  trace_id?: string;
  extra_info?: AudioExtraInfo;
  /**
   * Music only: the answer's `analysis_info`, as sent. MiniMax names the field without describing
   * its shape, so it is kept unread rather than typed.
   */
  analysis_info?: unknown;
  /**
   * URL of the subtitle file, when `subtitle_enable` was set: a JSON array of `{ text, time_begin,
   * time_end }` (milliseconds), one entry per sentence, or per word with `subtitle_type: "word"`.
   */
  subtitle_file?: string;
  readonly #download: (() => Promise<Uint8Array>) | undefined;

  constructor(init: AudioResponseInit = {}) {
    super();
    this.data = init.data ?? new Uint8Array(0);
    this.duration = init.duration ?? 0;
    this.sample_rate = init.sample_rate ?? 0;
    this.format = init.format ?? 'mp3';
    this.size = init.size ?? this.data.byteLength;
    if (init.url !== undefined) this.url = init.url;
    if (init.trace_id) this.trace_id = init.trace_id;
    if (init.extra_info !== undefined) this.extra_info = init.extra_info;
    if (init.analysis_info !== undefined && init.analysis_info !== null)
      this.analysis_info = init.analysis_info;
    if (init.subtitle_file !== undefined) this.subtitle_file = init.subtitle_file;
    this.#download = init.download;
  }

  /** The audio bytes, downloading them first when the result is a URL. */
  async bytes(): Promise<Uint8Array> {
    if (this.data.byteLength > 0 || !this.url) return this.data;
    if (!this.#download) throw new MiniMaxError('This audio result has a URL but no way to download it.');
    this.data = await this.#download();
    return this.data;
  }

  /** Writes the audio to `path` atomically (temp file, then rename), creating parent folders. Node, Bun, Deno. */
  async save(path: string): Promise<string> {
    const bytes = await this.bytes();
    return (await writeFileAtomic(path, bytes)).path;
  }

  /** Standard padded base64 of the bytes (empty for a URL result that was not downloaded). */
  toBase64(): string {
    return toBase64(this.data);
  }

  /** The bytes as a Blob typed by format. */
  toBlob(): Blob {
    return new Blob([this.data as Uint8Array<ArrayBuffer>], {
      type: ownEntry(AUDIO_MIME, this.format) ?? 'application/octet-stream',
    });
  }

  /** Shows the size of the bytes, never the bytes. */
  toJSON(): Record<string, unknown> {
    const { data, ...rest } = this;
    return { data: `<${data.byteLength} bytes>`, ...rest };
  }

  /** @internal What Node shows for `console.log(audio)`. */
  _inspect(): string {
    const fields = Object.entries(this.toJSON())
      .map(
        ([key, value]) =>
          `${key}: ${typeof value === 'string' && key === 'data' ? value : JSON.stringify(value)}`,
      )
      .join(', ');
    return `AudioResponse { ${fields} }`;
  }
}

export const AUDIO_MIME: Readonly<Record<string, string>> = {
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  flac: 'audio/flac',
  pcm: 'audio/L16',
  opus: 'audio/ogg; codecs=opus',
  pcmu_raw: 'audio/basic',
  pcmu_wav: 'audio/wav',
};

/** File extensions of the formats whose name is not one (`pcmu_wav` is a WAV file). */
const AUDIO_EXTENSIONS: Readonly<Record<string, string>> = {
  pcmu_raw: 'ulaw',
  pcmu_wav: 'wav',
};

/**
 * The file extension (no dot) for an audio format of the API: `opus` is Ogg Opus (`.opus`),
 * `pcmu_raw` headerless µ-law (`.ulaw`), `pcmu_wav` a WAV file (`.wav`); other formats are their
 * own extension.
 *
 * @example
 * const audio = await client.speech.tts({ text: 'Hi', model: 'speech-2.8-hd', audio_setting: { format: 'pcmu_wav' } });
 * await audio.save(`hi.${audioExtension(audio.format)}`); // hi.wav
 */
export function audioExtension(format: string): string {
  const lower = format.toLowerCase();
  return ownEntry(AUDIO_EXTENSIONS, lower) ?? (/^[a-z0-9]+$/.test(lower) ? lower : 'bin');
}

function firstOf(...values: unknown[]): unknown {
  return values.find((value) => value !== undefined && value !== null && value !== '' && value !== 0);
}

/**
 * Builds an `AudioResponse` from a speech-style body: audio in `data.audio` as hex or a URL, metadata in `extra_info`, with fallbacks for the flat shape older answers used.
 */
export function audioFromBody(
  body: Record<string, unknown>,
  download: (url: string) => Promise<Uint8Array>,
): AudioResponse {
  const data = recordOrEmpty(body.data);
  const extra = recordOrEmpty(body.extra_info);
  const audio = firstOf(data.audio, body.audio_hex, body.audio);
  const url = isHttpURL(audio) ? audio : undefined;
  const bytes = url || typeof audio !== 'string' ? new Uint8Array(0) : decodeHex(audio);
  const subtitle = firstOf(data.subtitle_file, body.subtitle_file);
  return new AudioResponse({
    data: bytes,
    duration: toNumber(firstOf(extra.audio_length, body.audio_length, body.duration)),
    sample_rate: Math.trunc(
      toNumber(firstOf(extra.audio_sample_rate, body.audio_sample_rate, body.sample_rate)),
    ),
    size: Math.trunc(toNumber(firstOf(extra.audio_size, body.audio_size, body.size))) || bytes.byteLength,
    format: String(firstOf(extra.audio_format, body.audio_format, body.format) ?? 'mp3'),
    url,
    trace_id: typeof body.trace_id === 'string' ? body.trace_id : undefined,
    extra_info: body.extra_info === undefined ? undefined : extra,
    subtitle_file: typeof subtitle === 'string' ? subtitle : undefined,
    download: url ? () => download(url) : undefined,
  });
}
