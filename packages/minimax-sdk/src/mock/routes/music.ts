/**
 * Music: `POST /v1/music_generation` (hex, URL or SSE) and `POST /v1/lyrics_generation`.
 */

import { type AudioFormat, durationForText } from '../media.js';
import type { CachedAudio } from '../media-cache.js';
import { HEX_SLOT } from '../respond.js';
import { BITRATES } from '../speech-core.js';
import type { Handler } from '../types.js';
import { excerpt, type JsonObject, seedFrom } from '../util.js';
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
const MIN_SONG_MS = 5_000;
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

/** `POST /v1/music_generation`. */
export const musicGenerate: Handler = (r, ctx) => {
  const body = bodyObject(r.body);
  requireString(body, 'model');
  const instrumental = optionalBoolean(body, 'is_instrumental') ?? false;
  const optimizer = optionalBoolean(body, 'lyrics_optimizer') ?? false;
  const prompt = optionalString(body, 'prompt', { max: 2000 });
  const lyrics = optionalString(body, 'lyrics', { max: 3500 });
  if (instrumental && (prompt === undefined || prompt === ''))
    invalid('prompt', 'is required when is_instrumental is true');
  if (!instrumental && !optimizer && (lyrics === undefined || lyrics === '')) {
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
