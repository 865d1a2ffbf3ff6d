/**
 * Music: `POST /v1/music_generation` (hex, URL or SSE) and `POST /v1/lyrics_generation`.
 */

import { mediaDurationMs } from '../../core/media-duration.js';
import { type AudioFormat, durationForText } from '../media.js';
import type { CachedAudio } from '../media-cache.js';
import { HEX_SLOT, MockApiError } from '../respond.js';
import { BITRATES } from '../speech-core.js';
import type { Handler } from '../types.js';
import { excerpt, type JsonObject, seedFrom, sha256 } from '../util.js';
import {
  bodyObject,
  invalid,
  optionalBoolean,
  optionalNumber,
  optionalObject,
  optionalString,
  requireString,
} from '../validate.js';
import { audioDelivery, audioPayload, writeAudioSse } from './common.js';

const MUSIC_SAMPLE_RATES = [16000, 24000, 32000, 44100];
// At least 10 s, so a song the mock made can itself be covered (covers take 6 s and up).
const MIN_SONG_MS = 10_000;
const MAX_SONG_MS = 30_000;

function musicExtraInfo(clip: CachedAudio): JsonObject {
  return {
    music_duration: clip.durationMs,
    music_sample_rate: clip.sampleRate,
    music_channel: clip.channels,
    bitrate: clip.bitrate,
    music_size: clip.bytes.byteLength,
  };
}

/** Songs to cover last 6 s – 6 min and weigh at most 50 MB. */
const MAX_COVER_BYTES = 50 * 1024 * 1024;
const MIN_COVER_SECONDS = 6;
const MAX_COVER_SECONDS = 360;
/**
 * The mock reads a song's length from its container (mp3, wav, m4a, flac, Ogg Opus) and, for bytes
 * it cannot measure, from its size, as if it were a 128 kbps MP3.
 */
const COVER_BYTES_PER_SECOND = 16_000;

/**
 * The `-free` music models were shut down on 2026-08-20: the platform refuses them as a model
 * this account cannot use.
 */
function refuseClosedModel(model: string): void {
  if (/^music-.*-free$/.test(model)) {
    throw new MockApiError(2061, `model ${model} is no longer available: free music models were shut down`);
  }
}

/** The song given to a cover model: exactly one of `audio_url` / `audio_base64`, as text to seed ids from. */
function coverSource(
  body: JsonObject,
  { required }: { required: boolean },
): { key: string; seconds: number } | undefined {
  const url = optionalString(body, 'audio_url');
  const base64 = optionalString(body, 'audio_base64');
  if (url !== undefined && base64 !== undefined)
    invalid('audio_url', 'and audio_base64 are exclusive: give one');
  if (url !== undefined) {
    if (!/^https?:\/\//i.test(url)) invalid('audio_url', 'must be an http(s) URL');
    // The mock cannot fetch the song: a URL stands for a three-minute one.
    return { key: `url:${url}`, seconds: 180 };
  }
  if (base64 !== undefined) {
    const bytes = Buffer.from(base64, 'base64');
    if (bytes.byteLength === 0) invalid('audio_base64', 'is empty or not base64');
    if (bytes.byteLength > MAX_COVER_BYTES) invalid('audio_base64', 'must be at most 50 MB');
    const measured = mediaDurationMs(bytes);
    const exact = measured === undefined ? bytes.byteLength / COVER_BYTES_PER_SECOND : measured / 1000;
    const seconds = Math.round(exact * 100) / 100;
    if (seconds < MIN_COVER_SECONDS) invalid('audio_base64', 'must last at least 6 seconds');
    if (seconds > MAX_COVER_SECONDS) invalid('audio_base64', 'must last at most 6 minutes');
    return { key: `b64:${sha256(base64)}`, seconds };
  }
  if (required) invalid('audio_url', 'or audio_base64 is required');
  return undefined;
}

/** The same song gives the same feature id, as on the platform. */
function coverFeatureId(key: string): string {
  return `cover-${sha256(key).slice(0, 24)}`;
}

/** `POST /v1/music_cover_preprocess`: the song's lyrics as heard, its segments and a feature id. */
export const musicCoverPreprocess: Handler = (r) => {
  const body = bodyObject(r.body);
  const model = requireString(body, 'model');
  refuseClosedModel(model);
  if (model !== 'music-cover') invalid('model', 'must be music-cover');
  const source = coverSource(body, { required: true }) as { key: string; seconds: number };
  const total = source.seconds;
  const labels = ['intro', 'verse', 'chorus', 'verse', 'chorus', 'outro'];
  const segments = labels.map((label, i) => ({
    label,
    start: Math.round(((total * i) / labels.length) * 100) / 100,
    end: Math.round(((total * (i + 1)) / labels.length) * 100) / 100,
  }));
  return {
    cover_feature_id: coverFeatureId(source.key),
    formatted_lyrics: writeSong(`rain falls ${source.key.slice(4, 12)} over the city tonight`),
    structure_result: JSON.stringify(segments),
    audio_duration: total,
  };
};

/** Cover requests: the song once (as audio or a feature id); a feature id needs the new lyrics. */
function checkCover(body: JsonObject, prompt: string | undefined, lyrics: string | undefined): void {
  if (prompt === undefined || prompt.length < 10 || prompt.length > 300)
    invalid('prompt', 'must be 10-300 characters for cover models');
  if (lyrics !== undefined && (lyrics.length < 10 || lyrics.length > 1000))
    invalid('lyrics', 'must be 10-1000 characters for cover models');
  const feature = optionalString(body, 'cover_feature_id');
  const source = coverSource(body, { required: feature === undefined });
  if (feature !== undefined) {
    if (source !== undefined) invalid('cover_feature_id', 'and audio_url/audio_base64 are exclusive');
    if (!/^cover-[0-9a-f]{24}$/.test(feature)) invalid('cover_feature_id', 'is unknown or expired');
    if (lyrics === undefined || lyrics === '') invalid('lyrics', 'is required with cover_feature_id');
  }
}

/** `POST /v1/music_generation`. */
export const musicGenerate: Handler = (r, ctx) => {
  const body = bodyObject(r.body);
  const model = requireString(body, 'model');
  refuseClosedModel(model);
  const cover = model.startsWith('music-cover');
  const instrumental = optionalBoolean(body, 'is_instrumental') ?? false;
  const optimizer = optionalBoolean(body, 'lyrics_optimizer') ?? false;
  const prompt = optionalString(body, 'prompt', { max: 2000 });
  const lyrics = optionalString(body, 'lyrics', { max: 3500 });
  if (cover) checkCover(body, prompt, lyrics);
  if (instrumental && (prompt === undefined || prompt === ''))
    invalid('prompt', 'is required when is_instrumental is true');
  // A cover without lyrics keeps the ones the platform hears in the song.
  if (!cover && !instrumental && !optimizer && (lyrics === undefined || lyrics === '')) {
    invalid('lyrics', 'is required unless is_instrumental or lyrics_optimizer is true');
  }
  const { stream, outputFormat } = audioDelivery(body);
  const audio = optionalObject(body, 'audio_setting');
  const sampleRate =
    optionalNumber(audio, 'sample_rate', { oneOf: MUSIC_SAMPLE_RATES }, 'audio_setting.') ?? 44100;
  const bitrate = optionalNumber(audio, 'bitrate', { oneOf: BITRATES }, 'audio_setting.') ?? 256000;
  const format = (optionalString(audio, 'format', { oneOf: ['mp3', 'wav', 'pcm'] }, 'audio_setting.') ??
    'mp3') as AudioFormat;
  optionalBoolean(body, 'aigc_watermark');

  // Songs are longer than speech for the same words; clamp so clips stay cheap to build and send.
  const words = lyrics !== undefined && lyrics !== '' ? lyrics : (prompt ?? '');
  const durationMs = Math.min(MAX_SONG_MS, Math.max(MIN_SONG_MS, 2 * durationForText(words)));
  const clip = ctx.media.audio({
    format,
    sampleRate,
    channels: 2,
    durationMs: Math.round(durationMs / 1000) * 1000,
    bitrate,
  });
  const extraInfo = musicExtraInfo(clip);

  if (stream) {
    const final = { data: { audio: HEX_SLOT, status: 2 }, extra_info: extraInfo };
    return writeAudioSse(r, ctx, clip, final, { extra_info: null });
  }
  return audioPayload(r, ctx, clip, outputFormat, (audio) => ({
    data: { audio, status: 2 },
    extra_info: extraInfo,
    analysis_info: null,
  }));
};

const STYLES = [
  'pop',
  'rock',
  'electronic',
  'folk',
  'jazz',
  'lo-fi',
  'acoustic',
  'synthwave',
  'r&b',
  'indie',
];
const MOODS = ['dreamy', 'upbeat', 'melancholic', 'warm', 'energetic', 'nostalgic', 'calm', 'bright'];

function titleCase(text: string): string {
  return text.replace(/\b\p{L}/gu, (c) => c.toUpperCase());
}

/** Deterministic lyrics in the API's tagged layout, built from the prompt's own words. */
function writeSong(prompt: string): string {
  const words = prompt.match(/[\p{L}\p{N}']+/gu) ?? ['song'];
  const pick = (i: number) => words[i % words.length] ?? 'song';
  const line = (i: number, tail: string) => `${titleCase(pick(i))} ${pick(i + 1)} ${tail}`;
  return [
    '[Verse]',
    line(0, 'in the morning light'),
    line(2, 'keeps the rhythm right'),
    line(4, 'on a quiet street'),
    line(6, 'where the echoes meet'),
    '',
    '[Chorus]',
    `Oh ${pick(1)}, ${pick(3)}, sing it loud tonight`,
    `Every ${pick(5)} turns to gold and light`,
    '',
    '[Verse]',
    line(7, 'drifting like a tune'),
    line(9, 'underneath the moon'),
    '',
    '[Chorus]',
    `Oh ${pick(1)}, ${pick(3)}, sing it loud tonight`,
    `Every ${pick(5)} turns to gold and light`,
    '',
    '[Outro]',
    `${titleCase(pick(0))}, ${pick(1)}, goodnight`,
  ].join('\n');
}

/** `POST /v1/lyrics_generation`. */
export const lyricsGenerate: Handler = (r) => {
  const body = bodyObject(r.body);
  const mode = requireString(body, 'mode', { oneOf: ['write_full_song', 'edit'] });
  const prompt = optionalString(body, 'prompt', { max: 2000 }) ?? '';
  const title = optionalString(body, 'title');
  let lyrics: string;
  if (mode === 'edit') {
    const original = requireString(body, 'lyrics', { max: 3500 });
    lyrics = `${original.trimEnd()}\n\n[Bridge]\n${prompt === '' ? 'One more time before the end' : excerpt(prompt, 60)}`;
  } else {
    optionalString(body, 'lyrics', { max: 3500 });
    lyrics = writeSong(prompt);
  }
  const seed = seedFrom(`${prompt}\n${title ?? ''}`);
  const styleTags = [
    STYLES[seed % STYLES.length],
    MOODS[(seed >>> 8) % MOODS.length],
    `${90 + (seed % 60)} bpm`,
  ];
  const words = prompt.match(/[\p{L}\p{N}']+/gu) ?? [];
  const songTitle = title ?? (words.length > 0 ? titleCase(words.slice(0, 4).join(' ')) : 'Untitled Song');
  return { song_title: songTitle, style_tags: styleTags.join(', '), lyrics };
};
