/**
 * G.711 µ-law audio (the API's `pcmu_raw` and `pcmu_wav`): the mock's test tone, companded to one
 * byte per sample, raw or in a WAV container with format tag 7 (WAVE_FORMAT_MULAW).
 */
import { sampleFrames, toneCycle } from './pcm.js';

const BIAS = 0x84;
const CLIP = 32_635;

/** One signed 16-bit sample as a µ-law byte (G.711). */
export function mulawEncode(sample: number): number {
  let s = Math.max(-32_768, Math.min(32_767, Math.round(sample)));
  const sign = s < 0 ? 0x80 : 0;
  if (s < 0) s = -s;
  s = Math.min(s, CLIP) + BIAS;
  let exponent = 7;
  for (let mask = 0x4000; (s & mask) === 0 && exponent > 0; mask >>= 1) exponent--;
  const mantissa = (s >> (exponent + 3)) & 0x0f;
  return ~(sign | (exponent << 4) | mantissa) & 0xff;
}

/** Bytes before the samples in `pcmu_wav`: RIFF, an 18-byte `fmt `, `fact` and the `data` header. */
export const MULAW_WAV_HEADER_BYTES = 58;

/** µ-law samples of the tone, interleaved, after `headerBytes` left for a container header. */
function mulawTone(sampleRate: number, channels: number, frames: number, headerBytes: number): Uint8Array {
  const cycle = toneCycle(sampleRate).map(mulawEncode);
  const pad = (frames * channels) % 2; // RIFF chunks are padded to an even length
  const out = new Uint8Array(headerBytes + frames * channels + (headerBytes > 0 ? pad : 0));
  for (let i = 0; i < frames; i++) {
    const byte = cycle[i % cycle.length]!;
    for (let c = 0; c < channels; c++) out[headerBytes + i * channels + c] = byte;
  }
  return out;
}

/** Raw µ-law (`pcmu_raw`): no header, one byte per sample. */
export function writeMulawRaw(sampleRate: number, channels: number, durationMs: number): Uint8Array {
  return mulawTone(sampleRate, channels, sampleFrames(durationMs, sampleRate), 0);
}

/**
 * µ-law in WAV (`pcmu_wav`). A non-PCM WAV carries the 18-byte `fmt ` chunk (with `cbSize` 0) and
 * a `fact` chunk with the sample count, as the RIFF rules for compressed formats ask.
 */
export function writeMulawWav(sampleRate: number, channels: number, durationMs: number): Uint8Array {
  const frames = sampleFrames(durationMs, sampleRate);
  const out = mulawTone(sampleRate, channels, frames, MULAW_WAV_HEADER_BYTES);
  const dataBytes = frames * channels;
  const v = new DataView(out.buffer);
  v.setUint32(0, 0x52494646); // "RIFF"
  v.setUint32(4, out.length - 8, true);
  v.setUint32(8, 0x57415645); // "WAVE"
  v.setUint32(12, 0x666d7420); // "fmt "
  v.setUint32(16, 18, true);
  v.setUint16(20, 7, true); // WAVE_FORMAT_MULAW
  v.setUint16(22, channels, true);
  v.setUint32(24, sampleRate, true);
  v.setUint32(28, sampleRate * channels, true); // bytes per second
  v.setUint16(32, channels, true); // block align
  v.setUint16(34, 8, true); // bits per sample
  v.setUint16(36, 0, true); // cbSize
  v.setUint32(38, 0x66616374); // "fact"
  v.setUint32(42, 4, true);
  v.setUint32(46, frames, true);
  v.setUint32(50, 0x64617461); // "data"
  v.setUint32(54, dataBytes, true);
  return out;
}
