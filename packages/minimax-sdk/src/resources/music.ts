import { APIPromise } from '../core/api-promise.js';
import { AudioResponse } from '../core/audio.js';
import type { AudioStream } from '../core/audio-stream.js';
import { buildBody, ownValue } from '../core/body.js';
import { decodeHex, toBase64 } from '../core/bytes.js';
import { InvalidParameterError } from '../core/errors.js';
import { APIResource, guarded, type JSONBody } from '../core/resource.js';
import type { RequestOptions } from '../core/transport.js';
import { toFile, type Uploadable } from '../core/uploads.js';
import {
  asRecord,
  isHttpURL,
  isRecord,
  parseServerJSON,
  recordOrEmpty,
  toNumber,
  withTraceId,
} from '../core/values.js';
import type {
  LyricsResult,
  MusicCoverPreprocessParams,
  MusicCoverPreprocessResult,
  MusicCoverSegment,
  MusicGenerateLyricsParams,
  MusicGenerateParams,
  MusicStreamParams,
} from './music-types.js';

export type * from './music-types.js';

const MUSIC_PATH = '/v1/music_generation';

function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.filter((v) => typeof v === 'string').join(', ');
  return '';
}

/**
 * Reads a music answer: `data.audio` (or `data.audio_url`) holds a URL or hex audio; metadata is in
 * `extra_info.music_*`, and `analysis_info` is kept as sent. The format is the API's, else the one asked for, else mp3.
 */
function musicAudio(
  res: JSONBody,
  requestedFormat: unknown,
  download: (url: string) => Promise<Uint8Array>,
): AudioResponse {
  const data = recordOrEmpty(res.data);
  const extra = asRecord(res.extra_info);
  const raw = [data.audio, data.audio_url].find((v): v is string => typeof v === 'string' && v !== '');
  const url = isHttpURL(raw) ? raw : undefined;
  const bytes = url === undefined && raw !== undefined ? decodeHex(raw) : new Uint8Array(0);
  const format = [extra?.audio_format, requestedFormat, 'mp3'].find(
    (v): v is string => typeof v === 'string' && v !== '',
  );
  return new AudioResponse({
    data: bytes,
    url,
    duration: toNumber(extra?.music_duration),
    sample_rate: Math.trunc(toNumber(extra?.music_sample_rate)),
    size: Math.trunc(toNumber(extra?.music_size)) || bytes.byteLength,
    format,
    extra_info: extra,
    analysis_info: res.analysis_info,
    trace_id: typeof res.trace_id === 'string' ? res.trace_id : undefined,
    download: url === undefined ? undefined : () => download(url),
  });
}

/** The default song model: the newest general model on the platform's list. */
export const DEFAULT_MUSIC_MODEL = 'music-2.6';

/**
 * The music body: every field the caller set (`audio_url`, `audio_base64`, `cover_feature_id`
 * for covers, `aigc_watermark`, …), the defaults, and the method's `stream`. `output_format` is
 * left to the API (hex) unless the caller or the method sets it.
 */
function musicBody(params: unknown, stream: boolean): JSONBody {
  return buildBody(params, {
    defaults: { model: DEFAULT_MUSIC_MODEL, lyrics_optimizer: false, is_instrumental: false },
    set: stream ? { stream, output_format: 'hex' } : { stream },
  });
}

/**
 * The preprocess body: `audio` (the SDK's one input) becomes `audio_url` for a URL, else
 * `audio_base64` of the local file or bytes; the song is given exactly once.
 */
async function coverBody(params: unknown): Promise<JSONBody> {
  const audio = ownValue(params, 'audio');
  const given = ['audio', 'audio_url', 'audio_base64'].filter((key) => {
    const value = ownValue(params, key);
    return value !== undefined && value !== null;
  });
  if (given.length !== 1) {
    throw new InvalidParameterError(
      given.length === 0
        ? 'music.coverPreprocess needs the song: audio (a URL, path, bytes or Blob), audio_url or audio_base64.'
        : `music.coverPreprocess takes the song once; got ${given.join(' and ')}.`,
    );
  }
  if (audio === undefined || audio === null) return buildBody(params, { defaults: { model: 'music-cover' } });
  if (typeof audio === 'string' && audio.trim() === '') throw new InvalidParameterError('audio is empty.');
  if (isHttpURL(audio)) {
    return buildBody(params, {
      defaults: { model: 'music-cover' },
      omit: ['audio'],
      set: { audio_url: audio },
    });
  }
  const bytes = new Uint8Array(await (await toFile(audio as Uploadable)).arrayBuffer());
  if (bytes.byteLength === 0) throw new InvalidParameterError('audio is an empty file.');
  return buildBody(params, {
    defaults: { model: 'music-cover' },
    omit: ['audio'],
    set: { audio_base64: toBase64(bytes) },
  });
}

/** `structure_result` arrives as a JSON string of segments; a malformed one reads as none. */
function coverSegments(value: unknown): MusicCoverSegment[] {
  let parsed: unknown = value;
  if (typeof value === 'string') {
    try {
      parsed = parseServerJSON(value);
    } catch {
      return [];
    }
  }
  const list = Array.isArray(parsed) ? parsed : asRecord(parsed)?.segments;
  if (!Array.isArray(list)) return [];
  return list.filter(isRecord).map((segment) => ({
    ...segment,
    label: typeof segment.label === 'string' ? segment.label : '',
    start: toNumber(segment.start),
    end: toNumber(segment.end),
  }));
}

/** The format asked for in `audio_setting`, used when the answer names none. */
function requestedFormat(body: JSONBody): unknown {
  return ownValue(body.audio_setting, 'format');
}

/** Songs and lyrics. */
export class Music extends APIResource {
  /** Its key on a client (`client.music`), and in `createClient`'s `resources`. */
  static readonly resourceKey = 'music';

  /**
   * Generates a song (`POST /v1/music_generation`). By default the API answers with the audio
   * inline (hex), decoded into `data`; with `output_format: 'url'` it answers with a link (valid
   * 24 h): `data` is then empty and `save()`/`bytes()` download the audio.
   *
   * @example
   * const song = await client.music.generate({
   *   prompt: 'Upbeat indie pop, summer road trip',
   *   lyrics: '[Verse]\nWindows down, the radio on\n[Chorus]\nWe are gone, we are gone',
   * });
   * await song.save('song.mp3');
   */
  generate(params: MusicGenerateParams = {}, options?: RequestOptions): APIPromise<AudioResponse> {
    return guarded(() => {
      const body = musicBody(params, false);
      const download = this._downloader(options);
      return this._json({
        method: 'POST',
        path: MUSIC_PATH,
        body,
        options,
        build: (res) => musicAudio(res, requestedFormat(body), download),
      });
    });
  }

  /**
   * Streams a song as it is generated (the API streams hex only, so `output_format` is `hex`).
   * The request starts at once; iterate for decoded audio chunks or `save()` it.
   *
   * @example
   * const stream = client.music.generateStream({ prompt: 'Lo-fi beat', is_instrumental: true });
   * await stream.save('beat.mp3');
   */
  generateStream(params: MusicStreamParams = {}, options?: RequestOptions): AudioStream {
    return this._audioStream(MUSIC_PATH, musicBody(params, true), options);
  }

  /**
   * Analyses a song to cover (`POST /v1/music_cover_preprocess`): its lyrics as heard, its
   * segments, and a `cover_feature_id` (valid 24 h) that `generate` takes with `model:
   * 'music-cover'` and the (edited) lyrics, so the cover sings new words over the old song.
   *
   * @example
   * const song = await client.music.coverPreprocess({ audio: './original.mp3' });
   * const cover = await client.music.generate({
   *   model: 'music-cover',
   *   cover_feature_id: song.cover_feature_id,
   *   lyrics: song.formatted_lyrics.replace('rain', 'sun'),
   *   prompt: 'Acoustic folk, warm male vocals',
   * });
   * await cover.save('cover.mp3');
   */
  coverPreprocess(
    params: MusicCoverPreprocessParams,
    options?: RequestOptions,
  ): APIPromise<MusicCoverPreprocessResult> {
    return new APIPromise(
      (async () => {
        const body = await coverBody(params);
        return this._json({
          method: 'POST',
          path: '/v1/music_cover_preprocess',
          body,
          options,
          build: (res) => {
            const result: MusicCoverPreprocessResult = {
              cover_feature_id: typeof res.cover_feature_id === 'string' ? res.cover_feature_id : '',
              formatted_lyrics: typeof res.formatted_lyrics === 'string' ? res.formatted_lyrics : '',
              structure: coverSegments(res.structure_result),
              audio_duration: toNumber(res.audio_duration),
            };
            withTraceId(result, res);
            return result;
          },
        }).withResponse();
      })(),
    );
  }

  /**
   * Writes or edits lyrics (`POST /v1/lyrics_generation`), with a title and style tags.
   *
   * @example
   * const { song_title, lyrics } = await client.music.generateLyrics({
   *   mode: 'write_full_song', prompt: 'A song about the sea',
   * });
   */
  generateLyrics(params: MusicGenerateLyricsParams, options?: RequestOptions): APIPromise<LyricsResult> {
    return guarded(() => {
      const body = buildBody(params);
      return this._json({
        method: 'POST',
        path: '/v1/lyrics_generation',
        body,
        options,
        build: (res) => {
          const d = asRecord(res.data) ?? res;
          const result: LyricsResult = {
            song_title: text(d.song_title),
            style_tags: text(d.style_tags),
            lyrics: text(d.lyrics),
          };
          withTraceId(result, res);
          return result;
        },
      });
    });
  }
}
