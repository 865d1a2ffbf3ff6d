/**
 * Speech synthesis shared by HTTP T2A, the WebSocket, long-text tasks and voice previews:
 * settings validation, the clip for a text, `extra_info`, subtitles and stream chunking.
 */

import { type AudioFormat, durationForText } from './media.js';
import type { CachedAudio } from './media-cache.js';
import { MockApiError } from './respond.js';
import type { MockContext } from './types.js';
import { characterCount, invisibleRatio, isObject, type JsonObject, sha256, wordCount } from './util.js';
import {
  invalid,
  optionalArray,
  optionalNumber,
  optionalObject,
  optionalString,
  requireString,
} from './validate.js';

/** Sample rates T2A accepts. */
const SPEECH_SAMPLE_RATES = [8000, 16000, 22050, 24000, 32000, 44100] as const;
/** MP3 bitrates the API accepts (speech and music). */
export const BITRATES = [32000, 64000, 128000, 256000] as const;
const EMOTIONS = ['happy', 'sad', 'angry', 'fearful', 'disgusted', 'surprised', 'calm', 'fluent', 'whisper'];
const SOUND_EFFECTS = ['spacious_echo', 'auditorium_echo', 'lofi_telephone', 'robotic'];
/** Formats of a one-shot T2A answer. */
const SPEECH_FORMATS: readonly AudioFormat[] = ['mp3', 'pcm', 'flac', 'wav', 'opus', 'pcmu_raw', 'pcmu_wav'];
/** Formats a stream (SSE or WebSocket) carries: all but `wav`. */
const STREAM_FORMATS: readonly AudioFormat[] = SPEECH_FORMATS.filter((f) => f !== 'wav');
/** `subtitle_type` values; `word_streaming` is for streams only. */
export const SUBTITLE_TYPES = ['sentence', 'word', 'word_streaming'] as const;
export type SubtitleType = (typeof SUBTITLE_TYPES)[number];

/** Validated synthesis settings. */
export interface SpeechSettings {
  model: string;
  voiceId: string;
  speed: number;
  format: AudioFormat;
  sampleRate: number;
  channels: 1 | 2;
  bitrate: number;
}

/** Where the settings are used: formats and key names differ between endpoints. */
export interface SpeechEndpoint {
  /** Streaming (SSE or WebSocket): `wav` is not offered. */
  streaming: boolean;
  /** Long-text tasks: the rate key is `audio_sample_rate`, the default is stereo, no `wav`. */
  longText?: boolean;
}

/**
 * Validates `model`, `voice_setting`, `timbre_weights`, `audio_setting`, `voice_modify` and
 * `pronunciation_dict`. An unknown voice is 2054; anything malformed is 2013 naming the field.
 */
export function speechSettings(body: JsonObject, ctx: MockContext, endpoint: SpeechEndpoint): SpeechSettings {
  const model = requireString(body, 'model');
  const voice = optionalObject(body, 'voice_setting');
  const weights = optionalArray(body, 'timbre_weights') ?? [];
  const voices: string[] = [];
  if (weights.length > 4) invalid('timbre_weights', 'must have at most 4 entries');
  weights.forEach((w, i) => {
    const prefix = `timbre_weights[${i}].`;
    if (!isObject(w)) invalid(`timbre_weights[${i}]`, 'must be an object');
    const id = requireString(w, 'voice_id', {}, prefix);
    checkVoice(ctx, id);
    voices.push(id);
    optionalNumber(w, 'weight', { min: 1, max: 100, integer: true }, prefix);
  });
  if (body.voice_setting === undefined && weights.length === 0) invalid('voice_setting', 'is required');
  const voiceId = optionalString(voice, 'voice_id', {}, 'voice_setting.') ?? '';
  if (voiceId === '' && weights.length === 0) invalid('voice_setting.voice_id', 'is required');
  if (voiceId !== '') {
    checkVoice(ctx, voiceId);
    voices.push(voiceId);
  }
  const speed = optionalNumber(voice, 'speed', { min: 0.5, max: 2 }, 'voice_setting.') ?? 1;
  optionalNumber(voice, 'vol', { min: 0, minExclusive: true, max: 10 }, 'voice_setting.');
  optionalNumber(voice, 'pitch', { min: -12, max: 12, integer: true }, 'voice_setting.');
  optionalString(voice, 'emotion', { oneOf: EMOTIONS }, 'voice_setting.');

  const audio = optionalObject(body, 'audio_setting');
  const rateKey = endpoint.longText && audio.sample_rate === undefined ? 'audio_sample_rate' : 'sample_rate';
  const sampleRate =
    optionalNumber(audio, rateKey, { oneOf: SPEECH_SAMPLE_RATES }, 'audio_setting.') ?? 32000;
  const bitrate = optionalNumber(audio, 'bitrate', { oneOf: BITRATES }, 'audio_setting.') ?? 128000;
  const formats: readonly AudioFormat[] = endpoint.longText
    ? ['mp3', 'pcm', 'flac']
    : endpoint.streaming
      ? STREAM_FORMATS
      : SPEECH_FORMATS;
  const format = (optionalString(audio, 'format', { oneOf: formats }, 'audio_setting.') ??
    'mp3') as AudioFormat;
  // The long-text schema defaults to stereo; the others to mono.
  const channels = (optionalNumber(audio, 'channel', { oneOf: [1, 2] }, 'audio_setting.') ??
    (endpoint.longText ? 2 : 1)) as 1 | 2;

  const modify = optionalObject(body, 'voice_modify');
  for (const key of ['pitch', 'intensity', 'timbre']) {
    optionalNumber(modify, key, { min: -100, max: 100, integer: true }, 'voice_modify.');
  }
  optionalString(modify, 'sound_effects', { oneOf: SOUND_EFFECTS }, 'voice_modify.');
  const dict = optionalObject(body, 'pronunciation_dict');
  const tone = optionalArray(dict, 'tone', 'pronunciation_dict.') ?? [];
  if (tone.some((t) => typeof t !== 'string'))
    invalid('pronunciation_dict.tone', 'must be an array of strings');
  optionalString(body, 'language_boost');

  // A well-formed speech request is a real use of its voices: a new clone is listed from now on.
  for (const id of voices) ctx.state.voiceUsed(id);
  // G.711 is defined at 8 kHz: µ-law audio comes at that rate whatever rate was asked.
  const rate = format === 'pcmu_raw' || format === 'pcmu_wav' ? 8000 : sampleRate;
  return { model, voiceId, speed, format, sampleRate: rate, channels, bitrate };
}

/** Throws 2054 when the voice does not exist for this account. */
function checkVoice(ctx: MockContext, voiceId: string): void {
  if (!ctx.state.hasVoice(voiceId)) throw new MockApiError(2054, `voice id not exist: ${voiceId}`);
}

/**
 * Checks a text to speak: required, at most `max` characters, and refused with 1042 when more
 * than 10% of it is invisible.
 */
export function speechText(body: JsonObject, max: number, key = 'text'): string {
  const text = requireString(body, key, { max });
  checkInvisible(text);
  return text;
}

/** 1042 when more than 10% of the text cannot be heard. */
export function checkInvisible(text: string): void {
  if (invisibleRatio(text) > 0.1) throw new MockApiError(1042);
}

/** The clip for a text: its length grows with the text (pauses included) and shrinks with speed. */
export function synthesize(ctx: MockContext, text: string, settings: SpeechSettings): CachedAudio {
  const clip = ctx.media.audio({
    format: settings.format,
    sampleRate: settings.sampleRate,
    channels: settings.channels,
    durationMs: durationForText(text, settings.speed),
    bitrate: settings.bitrate,
  });
  ctx.state.rememberSpoken(clip.bytes, text, clip.durationMs);
  return clip;
}

/** T2A `extra_info` for a clip, every figure taken from the bytes actually served. */
export function speechExtraInfo(text: string, clip: CachedAudio): JsonObject {
  return {
    audio_length: clip.durationMs,
    audio_sample_rate: clip.sampleRate,
    audio_size: clip.bytes.byteLength,
    bitrate: clip.bitrate,
    word_count: wordCount(text),
    invisible_character_ratio: invisibleRatio(text),
    usage_characters: characterCount(text),
    audio_format: clip.format,
    audio_channel: clip.channels,
  };
}

/** One subtitle entry: times in milliseconds from the start of the clip. */
export interface SubtitleEntry {
  text: string;
  time_begin: number;
  time_end: number;
}

/**
 * Subtitles for a clip, timed in proportion to length over its real duration. `sentence`:
 * segments of at most 50 characters. `word` / `word_streaming`: one entry per word (a run of
 * letters and its punctuation; each CJK character on its own, as those scripts have no spaces).
 */
export function subtitleEntries(
  text: string,
  durationMs: number,
  type: SubtitleType = 'sentence',
): SubtitleEntry[] {
  const pieces: string[] = [];
  if (type === 'sentence') {
    const sentences = text.match(/[^.!?。！？\n]+[.!?。！？]*/g)?.map((s) => s.trim()) ?? [];
    for (const sentence of sentences.filter((s) => s !== '')) {
      for (let i = 0; i < sentence.length; i += 50) pieces.push(sentence.slice(i, i + 50));
    }
  } else {
    pieces.push(
      ...(text.match(
        /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]|[^\s\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]+/gu,
      ) ?? []),
    );
  }
  const total = pieces.reduce((n, s) => n + [...s].length, 0) || 1;
  let at = 0;
  return pieces.map((s) => {
    const begin = at;
    at += ([...s].length / total) * durationMs;
    return { text: s, time_begin: Math.round(begin), time_end: Math.round(at) };
  });
}

/**
 * The subtitle file of a clip: the JSON text its `subtitle_file` URL serves, with a
 * content-derived id.
 */
export function subtitles(
  text: string,
  durationMs: number,
  type: SubtitleType = 'sentence',
): { id: string; json: string } {
  const json = JSON.stringify(subtitleEntries(text, durationMs, type));
  return { id: `subtitle-${sha256(json).slice(0, 16)}.json`, json };
}

/**
 * Splits hex (ASCII bytes) into stream chunks on byte boundaries: at least three when the clip
 * allows, each at most 32 KiB of audio, like the API's streamed frames.
 */
export function hexChunks(hex: Buffer): Buffer[] {
  const bytes = hex.byteLength / 2;
  const per = Math.max(1, Math.min(32 * 1024, Math.ceil(bytes / 3)));
  const chunks: Buffer[] = [];
  for (let at = 0; at < bytes; at += per) chunks.push(hex.subarray(at * 2, Math.min(bytes, at + per) * 2));
  return chunks;
}
