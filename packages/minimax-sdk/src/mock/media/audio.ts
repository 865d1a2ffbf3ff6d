import { flacPlan, writeFlac } from './flac.js';
import { mp3DurationMs, mp3Layout, writeMp3 } from './mp3.js';
import { MULAW_WAV_HEADER_BYTES, writeMulawRaw, writeMulawWav } from './mulaw.js';
import { oggOpusLayout, writeOggOpus } from './ogg.js';
import { sampleFrames, tonePcm16 } from './pcm.js';

export type AudioFormat = 'mp3' | 'wav' | 'flac' | 'pcm' | 'opus' | 'pcmu_raw' | 'pcmu_wav';

/** Every format `synthAudio` writes. */
export const AUDIO_FORMATS: readonly AudioFormat[] = [
  'mp3',
  'wav',
  'flac',
  'pcm',
  'opus',
  'pcmu_raw',
  'pcmu_wav',
];

export interface AudioSpec {
  format: AudioFormat;
  sampleRate: number;
  channels: 1 | 2;
  durationMs: number;
  /** Only used by mp3 (default 128000, clamped to a bitrate the MPEG version allows). */
  bitrate?: number;
}

export interface AudioDescription {
  durationMs: number;
  sampleRate: number;
  channels: number;
  size: number;
  bitrate: number;
}

const MIN_SAMPLE_RATE = 1000;
const MAX_SAMPLE_RATE = 384_000;
const WAV_HEADER_BYTES = 44;

function validate(spec: AudioSpec): void {
  if (!AUDIO_FORMATS.includes(spec.format)) {
    throw new RangeError(`unsupported audio format: ${String(spec.format)}`);
  }
  if (spec.channels !== 1 && spec.channels !== 2) {
    throw new RangeError(`channels must be 1 or 2; got ${String(spec.channels)}`);
  }
  if (
    !Number.isInteger(spec.sampleRate) ||
    spec.sampleRate < MIN_SAMPLE_RATE ||
    spec.sampleRate > MAX_SAMPLE_RATE
  ) {
    throw new RangeError(`sampleRate must be an integer in [${MIN_SAMPLE_RATE}, ${MAX_SAMPLE_RATE}]`);
  }
  if (!Number.isFinite(spec.durationMs) || spec.durationMs < 0) {
    throw new RangeError(`durationMs must be a finite number >= 0; got ${spec.durationMs}`);
  }
}

function wavHeader(sampleRate: number, channels: number, dataBytes: number): Uint8Array {
  const out = new Uint8Array(WAV_HEADER_BYTES);
  const v = new DataView(out.buffer);
  const blockAlign = channels * 2;
  v.setUint32(0, 0x52494646); // "RIFF"
  v.setUint32(4, 36 + dataBytes, true);
  v.setUint32(8, 0x57415645); // "WAVE"
  v.setUint32(12, 0x666d7420); // "fmt "
  v.setUint32(16, 16, true);
  v.setUint16(20, 1, true); // integer PCM
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * blockAlign, true);
  v.setUint16(32, blockAlign, true);
  v.setUint16(34, 16, true);
  v.setUint32(36, 0x64617461); // "data"
  v.setUint32(40, dataBytes, true);
  return out;
}

/**
 * Audio bytes in the format asked, with exactly the metadata a decoder will report.
 *
 * - mp3: silent CBR MPEG Layer III frames (MPEG-1, 2 or 2.5 by sample rate) behind an "Info" tag;
 *   the length is rounded to whole frames.
 * - wav: RIFF/WAVE, 16-bit PCM, a quiet ~440 Hz sine tone.
 * - flac: the same tone, losslessly encoded (FIXED predictor subframes, CRCs and STREAMINFO MD5).
 * - pcm: the same tone as raw 16-bit little-endian interleaved samples.
 * - opus: Ogg Opus of silent 20 ms CELT frames (valid pages and CRCs, exact granule length).
 * - pcmu_raw / pcmu_wav: the tone as G.711 µ-law bytes, raw or in WAV (format tag 7).
 *
 * Output depends only on the spec. Throws RangeError for a spec no real stream can carry
 * (e.g. an mp3 sample rate outside the nine MPEG rates).
 */
export function synthAudio(spec: AudioSpec): Uint8Array {
  validate(spec);
  const { sampleRate, channels, durationMs } = spec;
  switch (spec.format) {
    case 'mp3':
      return writeMp3(mp3Layout(sampleRate, channels, durationMs, spec.bitrate));
    case 'flac':
      return writeFlac(flacPlan(sampleRate, channels, durationMs));
    case 'wav': {
      const out = tonePcm16(sampleRate, channels, sampleFrames(durationMs, sampleRate), WAV_HEADER_BYTES);
      out.set(wavHeader(sampleRate, channels, out.length - WAV_HEADER_BYTES), 0);
      return out;
    }
    case 'pcm':
      return tonePcm16(sampleRate, channels, sampleFrames(durationMs, sampleRate));
    case 'opus':
      return writeOggOpus(sampleRate, channels, durationMs);
    case 'pcmu_raw':
      return writeMulawRaw(sampleRate, channels, durationMs);
    case 'pcmu_wav':
      return writeMulawWav(sampleRate, channels, durationMs);
  }
}

/**
 * What a decoder would report for `synthAudio(spec)`, computed without building the bytes
 * (except for a cached FLAC block). `durationMs` is the real length of the stream (whole mp3
 * frames, whole samples) rounded to the millisecond, `size` equals `synthAudio(spec).length`,
 * and `bitrate` is the nominal mp3 bitrate, the PCM bit rate for wav/pcm (8 bits a sample for
 * µ-law), or the average stream bitrate for flac and opus, in bit/s.
 */
export function describeAudio(spec: AudioSpec): AudioDescription {
  validate(spec);
  const { sampleRate, channels, durationMs } = spec;
  switch (spec.format) {
    case 'mp3': {
      const layout = mp3Layout(sampleRate, channels, durationMs, spec.bitrate);
      return {
        durationMs: Math.round(mp3DurationMs(layout)),
        sampleRate,
        channels,
        size: layout.totalBytes,
        bitrate: layout.bitrate,
      };
    }
    case 'flac': {
      const plan = flacPlan(sampleRate, channels, durationMs);
      const seconds = plan.totalSamples / sampleRate;
      return {
        durationMs: Math.round(seconds * 1000),
        sampleRate,
        channels,
        size: plan.totalBytes,
        bitrate: Math.round((plan.totalBytes * 8) / seconds),
      };
    }
    case 'wav':
    case 'pcm': {
      const frames = sampleFrames(durationMs, sampleRate);
      return {
        durationMs: Math.round((frames * 1000) / sampleRate),
        sampleRate,
        channels,
        size: frames * channels * 2 + (spec.format === 'wav' ? WAV_HEADER_BYTES : 0),
        bitrate: sampleRate * channels * 16,
      };
    }
    case 'opus': {
      const layout = oggOpusLayout(durationMs);
      return {
        durationMs: layout.durationMs,
        sampleRate,
        channels,
        size: layout.size,
        bitrate: Math.round((layout.size * 8 * 1000) / Math.max(1, layout.durationMs)),
      };
    }
    case 'pcmu_raw':
    case 'pcmu_wav': {
      const frames = sampleFrames(durationMs, sampleRate);
      const header = spec.format === 'pcmu_wav' ? MULAW_WAV_HEADER_BYTES + ((frames * channels) % 2) : 0;
      return {
        durationMs: Math.round((frames * 1000) / sampleRate),
        sampleRate,
        channels,
        size: frames * channels + header,
        bitrate: sampleRate * channels * 8,
      };
    }
  }
}

const MS_PER_CHARACTER = 60;
const MIN_SPEECH_MS = 500;
/** The `<#1.5#>` pause markup of the speech API (0.01 to 99.99 seconds). */
const PAUSE_MARKUP = /<#(\d+(?:\.\d+)?)#>/g;

/**
 * Audio duration in ms for a text: about 60 ms per character (Unicode code point) divided by
 * `speed` (clamped to the API's [0.5, 2]), plus any `<#seconds#>` pauses, and at least 500 ms.
 * Longer text therefore gives longer audio, as with the real service.
 */
export function durationForText(text: string, speed = 1): number {
  let pauseMs = 0;
  const spoken = text.replace(PAUSE_MARKUP, (_match, seconds: string) => {
    pauseMs += Math.min(99.99, Math.max(0.01, Number(seconds))) * 1000;
    return '';
  });
  const rate = Number.isFinite(speed) ? Math.min(2, Math.max(0.5, speed)) : 1;
  const characters = [...spoken].length;
  return Math.max(MIN_SPEECH_MS, Math.round((characters * MS_PER_CHARACTER) / rate + pauseMs));
}
