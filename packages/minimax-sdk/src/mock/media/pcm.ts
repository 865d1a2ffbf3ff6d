/** Pitch of the test tone; the exact frequency is bent so that one period is a whole number of samples. */
const TONE_HZ = 440;
/** About -24 dBFS: clearly audible yet far from clipping. */
const TONE_AMPLITUDE = 2000;

/** Samples in one period of the tone; an integer so the signal tiles exactly (FLAC relies on this). */
export function tonePeriod(sampleRate: number): number {
  return Math.max(2, Math.round(sampleRate / TONE_HZ));
}

/** One period of the tone as signed 16-bit values. */
export function toneCycle(sampleRate: number): Int32Array {
  const period = tonePeriod(sampleRate);
  const cycle = new Int32Array(period);
  for (let i = 0; i < period; i++)
    cycle[i] = Math.round(TONE_AMPLITUDE * Math.sin((2 * Math.PI * i) / period));
  return cycle;
}

/** Sample frames (per channel) for a duration; never zero so every container has content. */
export function sampleFrames(durationMs: number, sampleRate: number): number {
  return Math.max(1, Math.round((durationMs * sampleRate) / 1000));
}

/**
 * Interleaved 16-bit little-endian PCM of the tone, identical on every channel, after
 * `headerBytes` zero bytes left for a container header (so WAV needs no second copy).
 * One period is written sample by sample, then tiled with copyWithin, which keeps
 * a minute of 48 kHz stereo in the low milliseconds.
 */
export function tonePcm16(sampleRate: number, channels: number, frames: number, headerBytes = 0): Uint8Array {
  const cycle = toneCycle(sampleRate);
  const frameBytes = channels * 2;
  const buffer = new Uint8Array(headerBytes + frames * frameBytes);
  const out = buffer.subarray(headerBytes);
  const view = new DataView(out.buffer, out.byteOffset);
  const first = Math.min(frames, cycle.length);
  for (let i = 0; i < first; i++) {
    const v = cycle[i]!;
    for (let c = 0; c < channels; c++) view.setInt16(i * frameBytes + c * 2, v, true);
  }
  let filled = first * frameBytes;
  const periodBytes = cycle.length * frameBytes;
  while (filled < out.length) {
    // Copy whole periods only, so the phase stays continuous across the seam.
    const chunk = Math.min(filled - (filled % periodBytes), out.length - filled);
    out.copyWithin(filled, 0, chunk);
    filled += chunk;
  }
  return buffer;
}
