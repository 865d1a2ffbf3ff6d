/**
 * Readers written from the container rules, for tests of generated audio: Ogg pages (capture
 * pattern, CRC, lacing), the WAV header and its chunks, and G.711 µ-law decoding.
 */
import { expect } from 'vitest';

/** Ogg CRC-32 bit by bit (polynomial 0x04c11db7, unreflected, init 0), independent of the table code. */
function oggCrcBitwise(data: Uint8Array): number {
  let c = 0;
  for (const b of data) {
    c ^= b << 24;
    for (let k = 0; k < 8; k++) c = c & 0x80000000 ? ((c << 1) ^ 0x04c11db7) >>> 0 : (c << 1) >>> 0;
  }
  return c >>> 0;
}

export interface OggPage {
  flags: number;
  granule: bigint;
  serial: number;
  sequence: number;
  packets: Uint8Array[];
}

/** Splits an Ogg stream into pages, checking capture pattern, version, CRC and that pages tile it. */
export function readOgg(bytes: Uint8Array): OggPage[] {
  const pages: OggPage[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 0;
  while (at < bytes.length) {
    expect(String.fromCharCode(...bytes.subarray(at, at + 4))).toBe('OggS');
    expect(bytes[at + 4]).toBe(0);
    const segments = bytes[at + 26]!;
    const lacing = bytes.subarray(at + 27, at + 27 + segments);
    const bodyBytes = lacing.reduce((n, l) => n + l, 0);
    const end = at + 27 + segments + bodyBytes;
    expect(end).toBeLessThanOrEqual(bytes.length);
    const pageBytes = Uint8Array.from(bytes.subarray(at, end));
    const stored = view.getUint32(at + 22, true);
    pageBytes.fill(0, 22, 26);
    expect(oggCrcBitwise(pageBytes)).toBe(stored);
    const packets: Uint8Array[] = [];
    let body = at + 27 + segments;
    let current: number[] = [];
    for (const l of lacing) {
      current.push(...bytes.subarray(body, body + l));
      body += l;
      // A lacing value under 255 ends a packet; the mock never continues one across pages.
      if (l < 255) {
        packets.push(Uint8Array.from(current));
        current = [];
      }
    }
    expect(current).toEqual([]);
    pages.push({
      flags: bytes[at + 5]!,
      granule: view.getBigUint64(at + 6, true),
      serial: view.getUint32(at + 14, true),
      sequence: view.getUint32(at + 18, true),
      packets,
    });
    at = end;
  }
  return pages;
}

/** G.711 µ-law decoding (the inverse of the encoder's table, written from the standard). */
export function mulawDecode(byte: number): number {
  const u = ~byte & 0xff;
  const exponent = (u >> 4) & 7;
  const magnitude = ((((u & 0x0f) << 3) + 0x84) << exponent) - 0x84;
  return u & 0x80 ? -magnitude : magnitude;
}

/** What a WAV header says, and the bytes of its `data` chunk. */
export interface WavHeader {
  formatTag: number;
  fmtSize: number;
  /** `cbSize` of an 18-byte (non-PCM) `fmt ` chunk. */
  cbSize: number | undefined;
  channels: number;
  sampleRate: number;
  byteRate: number;
  blockAlign: number;
  bitsPerSample: number;
  /** Sample frames of the `fact` chunk, when there is one. */
  factSamples: number | undefined;
  data: Uint8Array;
}

/** Walks a RIFF/WAVE file chunk by chunk, checking the RIFF size and that the chunks tile it. */
export function readWav(bytes: Uint8Array): WavHeader {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tag = (at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));
  expect(tag(0)).toBe('RIFF');
  expect(v.getUint32(4, true)).toBe(bytes.length - 8);
  expect(tag(8)).toBe('WAVE');
  const chunks = new Map<string, { at: number; size: number }>();
  let at = 12;
  while (at + 8 <= bytes.length) {
    const size = v.getUint32(at + 4, true);
    chunks.set(tag(at), { at: at + 8, size });
    at += 8 + size + (size % 2);
  }
  expect(at).toBe(bytes.length);
  const fmt = chunks.get('fmt ');
  const data = chunks.get('data');
  if (!fmt || !data) throw new Error('a WAV file needs fmt and data chunks');
  const fact = chunks.get('fact');
  return {
    formatTag: v.getUint16(fmt.at, true),
    fmtSize: fmt.size,
    cbSize: fmt.size >= 18 ? v.getUint16(fmt.at + 16, true) : undefined,
    channels: v.getUint16(fmt.at + 2, true),
    sampleRate: v.getUint32(fmt.at + 4, true),
    byteRate: v.getUint32(fmt.at + 8, true),
    blockAlign: v.getUint16(fmt.at + 12, true),
    bitsPerSample: v.getUint16(fmt.at + 14, true),
    factSamples: fact ? v.getUint32(fact.at, true) : undefined,
    data: bytes.subarray(data.at, data.at + data.size),
  };
}
