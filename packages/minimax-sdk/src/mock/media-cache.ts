/**
 * Memoised media generation. Synthesising a clip or encoding a PNG per request would make the mock
 * the bottleneck of any load test, so each distinct spec is built once per server and kept (with
 * its hex or base64 text, ready to write) until the byte budget pushes it out.
 */

import { type AudioFormat, describeAudio, renderPng, synthAudio, videoMp4 } from './media.js';

/** A generated clip with everything a response needs. */
export interface CachedAudio {
  readonly bytes: Uint8Array;
  /** Lower-case hex of `bytes`, as ASCII bytes, ready to splice into a JSON or SSE body. */
  readonly hex: Buffer;
  readonly durationMs: number;
  readonly sampleRate: number;
  readonly channels: number;
  readonly bitrate: number;
  readonly format: AudioFormat;
}

/** A generated image. */
export interface CachedImage {
  readonly bytes: Uint8Array;
  readonly base64: string;
}

/** What to synthesise. Durations are rounded to whole milliseconds so equal texts share a clip. */
export interface AudioRequest {
  format: AudioFormat;
  sampleRate: number;
  channels: 1 | 2;
  durationMs: number;
  /** MP3 only; ignored (and not part of the cache key) for the other formats. */
  bitrate?: number;
}

const DEFAULT_BUDGET = 256 * 1024 * 1024;

/** Per-server cache of generated media, bounded by total bytes (least recently used goes first). */
export class MediaCache {
  private readonly entries = new Map<
    string,
    { value: CachedAudio | CachedImage | Uint8Array; size: number }
  >();
  private total = 0;

  constructor(private readonly budget = DEFAULT_BUDGET) {}

  private get<T extends CachedAudio | CachedImage | Uint8Array>(
    key: string,
    build: () => { value: T; size: number },
  ): T {
    const hit = this.entries.get(key);
    if (hit !== undefined) {
      // Re-inserting moves the key to the end of the Map's order: most recently used.
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit.value as T;
    }
    const built = build();
    this.entries.set(key, built);
    this.total += built.size;
    for (const [oldKey, old] of this.entries) {
      if (this.total <= this.budget || oldKey === key) break;
      this.entries.delete(oldKey);
      this.total -= old.size;
    }
    return built.value;
  }

  /** A clip for the spec, in the requested format, rate and channel count. */
  audio(spec: AudioRequest): CachedAudio {
    const durationMs = Math.max(1, Math.round(spec.durationMs));
    const full = { ...spec, durationMs };
    // Only MP3 has a chosen bitrate; leaving it out of other keys lets equal clips share an entry.
    const bitrate = spec.format === 'mp3' ? (spec.bitrate ?? '') : '';
    const key = `audio:${spec.format}:${spec.sampleRate}:${spec.channels}:${durationMs}:${bitrate}`;
    return this.get(key, () => {
      const bytes = synthAudio(full);
      const info = describeAudio(full);
      const hex = Buffer.from(
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex'),
        'latin1',
      );
      const value: CachedAudio = {
        bytes,
        hex,
        durationMs: info.durationMs,
        sampleRate: info.sampleRate,
        channels: info.channels,
        bitrate: info.bitrate,
        format: spec.format,
      };
      return { value, size: bytes.byteLength + hex.byteLength };
    });
  }

  /** A PNG of the given size; the seed picks the picture. */
  image(width: number, height: number, seed: number): CachedImage {
    return this.get(`png:${width}x${height}:${seed}`, () => {
      const bytes = renderPng(width, height, seed);
      const base64 = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
      return { value: { bytes, base64 }, size: bytes.byteLength + base64.length };
    });
  }

  /** An MP4 of the given duration (seconds) and resolution (`768P`…). */
  video(durationS: number, resolution: string): Uint8Array {
    return this.get(`mp4:${durationS}:${resolution}`, () => {
      const bytes = videoMp4(durationS, resolution);
      return { value: bytes, size: bytes.byteLength };
    });
  }

  /** Forgets everything. */
  clear(): void {
    this.entries.clear();
    this.total = 0;
  }
}
