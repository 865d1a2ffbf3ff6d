import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { parseBuffer } from 'music-metadata';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { crc8, crc16, crc32 } from '../../src/mock/media/bits.js';
import {
  type AudioFormat,
  type AudioSpec,
  aspectRatioSize,
  describeAudio,
  durationForText,
  renderPng,
  resolutionSize,
  synthAudio,
  videoMp4,
} from '../../src/mock/media.js';

const MIME: Record<'mp3' | 'wav' | 'flac', string> = {
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  flac: 'audio/flac',
};

const MP3_RATES = [8000, 11025, 12000, 16000, 22050, 24000, 32000, 44100, 48000];
const PCM_RATES = [8000, 16000, 22050, 24000, 32000, 44100, 48000];
const DURATIONS = [500, 2345, 10_000];

/** Best-of-n wall time, so a single GC pause or cold JIT does not fail a timing check. */
function bestTime(n: number, fn: () => unknown): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    fn();
    best = Math.min(best, performance.now() - t);
  }
  return best;
}

function frameMs(spec: AudioSpec): number {
  return ((spec.sampleRate >= 32000 ? 1152 : 576) * 1000) / spec.sampleRate;
}

/** Reference CRC computed bit by bit, independent of the table-driven code under test. */
function crcBitwise(data: Uint8Array, width: 8 | 16, poly: number): number {
  const top = 1 << (width - 1);
  const mask = (1 << width) - 1;
  let c = 0;
  for (const b of data) {
    c ^= b << (width - 8);
    for (let k = 0; k < 8; k++) c = (c & top ? (c << 1) ^ poly : c << 1) & mask;
  }
  return c;
}

class BitReader {
  constructor(
    private readonly buf: Uint8Array,
    public bitPos: number,
  ) {}

  u(n: number): number {
    let v = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.buf[this.bitPos >> 3];
      if (byte === undefined) throw new Error('read past end');
      v = v * 2 + ((byte >> (7 - (this.bitPos & 7))) & 1);
      this.bitPos++;
    }
    return v;
  }

  s(n: number): number {
    const v = this.u(n);
    return v >= 2 ** (n - 1) ? v - 2 ** n : v;
  }

  unary(): number {
    let n = 0;
    while (this.u(1) === 0) n++;
    return n;
  }

  ue(): number {
    const zeros = this.unary();
    return 2 ** zeros - 1 + this.u(zeros);
  }

  align(): void {
    this.bitPos = Math.ceil(this.bitPos / 8) * 8;
  }
}

interface DecodedFlac {
  sampleRate: number;
  channels: number;
  totalSamples: number;
  md5: string;
  frames: number;
  /** Interleaved 16-bit little-endian PCM. */
  pcm: Uint8Array;
}

/**
 * A small independent FLAC decoder (CONSTANT, VERBATIM and FIXED subframes, independent
 * channels) that checks every CRC-8 and CRC-16, so the encoder is proven bit-exact without
 * needing the flac tool at test time.
 */
function decodeFlac(bytes: Uint8Array): DecodedFlac {
  expect(String.fromCharCode(...bytes.subarray(0, 4))).toBe('fLaC');
  let pos = 4;
  let info: Omit<DecodedFlac, 'frames' | 'pcm'> | undefined;
  for (;;) {
    const header = new BitReader(bytes, pos * 8);
    const last = header.u(1);
    const type = header.u(7);
    const len = header.u(24);
    if (type === 0) {
      const r = new BitReader(bytes, (pos + 4) * 8);
      r.u(16 + 16 + 24 + 24);
      const sampleRate = r.u(20);
      const channels = r.u(3) + 1;
      expect(r.u(5) + 1).toBe(16);
      const totalSamples = r.u(36);
      const md5 = Buffer.from(bytes.subarray(pos + 4 + 18, pos + 4 + 34)).toString('hex');
      info = { sampleRate, channels, totalSamples, md5 };
    }
    pos += 4 + len;
    if (last) break;
  }
  if (!info) throw new Error('no STREAMINFO');
  const out = new Uint8Array(info.totalSamples * info.channels * 2);
  const view = new DataView(out.buffer);
  let written = 0;
  let frames = 0;
  while (pos < bytes.length) {
    const start = pos;
    const r = new BitReader(bytes, pos * 8);
    expect(r.u(15)).toBe(0x7ffc);
    expect(r.u(1)).toBe(0); // fixed block size strategy
    const bsCode = r.u(4);
    const srCode = r.u(4);
    const chCode = r.u(4);
    expect(r.u(3)).toBe(0b100);
    r.u(1);
    const lead = r.u(8);
    let extra = 0;
    while (lead & (0x80 >> extra)) extra++;
    let frameNumber = lead & (0xff >> (extra + 1));
    for (let i = 1; i < extra; i++) frameNumber = frameNumber * 64 + (r.u(8) & 0x3f);
    expect(frameNumber).toBe(frames);
    let blockSize: number;
    if (bsCode === 6) blockSize = r.u(8) + 1;
    else if (bsCode === 7) blockSize = r.u(16) + 1;
    else if (bsCode === 1) blockSize = 192;
    else if (bsCode >= 2 && bsCode <= 5) blockSize = 576 << (bsCode - 2);
    else blockSize = 256 << (bsCode - 8);
    if (srCode === 12) expect(r.u(8) * 1000).toBe(info.sampleRate);
    else if (srCode === 13) expect(r.u(16)).toBe(info.sampleRate);
    else if (srCode === 14) expect(r.u(16) * 10).toBe(info.sampleRate);
    const headerEnd = r.bitPos / 8;
    expect(r.u(8)).toBe(crcBitwise(bytes.subarray(start, headerEnd), 8, 0x07));
    expect(chCode).toBe(info.channels - 1);
    const channels: Int32Array[] = [];
    for (let c = 0; c < info.channels; c++) {
      expect(r.u(1)).toBe(0);
      const type = r.u(6);
      expect(r.u(1)).toBe(0); // no wasted bits
      const x = new Int32Array(blockSize);
      if (type === 0) {
        x.fill(r.s(16));
      } else if (type === 1) {
        for (let i = 0; i < blockSize; i++) x[i] = r.s(16);
      } else if (type >= 8 && type <= 12) {
        const order = type - 8;
        for (let i = 0; i < order; i++) x[i] = r.s(16);
        const method = r.u(2);
        expect(method).toBeLessThan(2);
        const partitionOrder = r.u(4);
        const partitions = 2 ** partitionOrder;
        let i = order;
        for (let p = 0; p < partitions; p++) {
          const k = r.u(method === 0 ? 4 : 5);
          expect(k).toBeLessThan(method === 0 ? 15 : 31);
          const count = (blockSize >> partitionOrder) - (p === 0 ? order : 0);
          for (let j = 0; j < count; j++, i++) {
            const q = r.unary();
            const folded = q * 2 ** k + r.u(k);
            const e = folded % 2 ? -(folded + 1) / 2 : folded / 2;
            const a = x[i - 1] ?? 0;
            const b = x[i - 2] ?? 0;
            const cc = x[i - 3] ?? 0;
            const d = x[i - 4] ?? 0;
            const prediction = [0, a, 2 * a - b, 3 * a - 3 * b + cc, 4 * a - 6 * b + 4 * cc - d][order]!;
            x[i] = prediction + e;
          }
        }
      } else {
        throw new Error(`unexpected subframe type ${type}`);
      }
      channels.push(x);
    }
    r.align();
    const bodyEnd = r.bitPos / 8;
    expect(r.u(16)).toBe(crcBitwise(bytes.subarray(start, bodyEnd), 16, 0x8005));
    for (let i = 0; i < blockSize; i++) {
      for (let c = 0; c < info.channels; c++) {
        view.setInt16(written, channels[c]![i]!, true);
        written += 2;
      }
    }
    pos = bodyEnd + 2;
    frames++;
  }
  expect(written).toBe(out.length);
  return { ...info, frames, pcm: out };
}

interface Mp4Box {
  type: string;
  /** Offset of the payload (after the 8-byte header). */
  start: number;
  end: number;
}

function childBoxes(buf: Uint8Array, start: number, end: number): Mp4Box[] {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const out: Mp4Box[] = [];
  let pos = start;
  while (pos < end) {
    const size = view.getUint32(pos);
    expect(size).toBeGreaterThanOrEqual(8);
    expect(pos + size).toBeLessThanOrEqual(end);
    out.push({
      type: String.fromCharCode(...buf.subarray(pos + 4, pos + 8)),
      start: pos + 8,
      end: pos + size,
    });
    pos += size;
  }
  expect(pos).toBe(end);
  return out;
}

function child(buf: Uint8Array, parent: Mp4Box, type: string, skip = 0): Mp4Box {
  const found = childBoxes(buf, parent.start + skip, parent.end).find((b) => b.type === type);
  if (!found) throw new Error(`no ${type} in ${parent.type}`);
  return found;
}

interface TrackSummary {
  handler: string;
  tkhdWidth: number;
  tkhdHeight: number;
  timescale: number;
  mediaDuration: number;
  sttsDuration: number;
  sampleCount: number;
  sampleBytes: number;
  stbl: Mp4Box;
}

function summarizeTracks(buf: Uint8Array): { movieDuration: number; tracks: TrackSummary[]; top: Mp4Box[] } {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const top = childBoxes(buf, 0, buf.length);
  const moov = top.find((b) => b.type === 'moov')!;
  const mvhd = child(buf, moov, 'mvhd');
  const movieDuration = view.getUint32(mvhd.start + 16) / view.getUint32(mvhd.start + 12);
  const tracks = childBoxes(buf, moov.start, moov.end)
    .filter((b) => b.type === 'trak')
    .map((trak) => {
      const tkhd = child(buf, trak, 'tkhd');
      const mdia = child(buf, trak, 'mdia');
      const mdhd = child(buf, mdia, 'mdhd');
      const hdlr = child(buf, mdia, 'hdlr');
      const stbl = child(buf, child(buf, mdia, 'minf'), 'stbl');
      const stts = child(buf, stbl, 'stts');
      const stsz = child(buf, stbl, 'stsz');
      let sttsDuration = 0;
      let sttsCount = 0;
      for (let i = 0; i < view.getUint32(stts.start + 4); i++) {
        const count = view.getUint32(stts.start + 8 + i * 8);
        sttsCount += count;
        sttsDuration += count * view.getUint32(stts.start + 12 + i * 8);
      }
      const fixedSize = view.getUint32(stsz.start + 4);
      const sampleCount = view.getUint32(stsz.start + 8);
      let sampleBytes = fixedSize * sampleCount;
      if (fixedSize === 0) {
        for (let i = 0; i < sampleCount; i++) sampleBytes += view.getUint32(stsz.start + 12 + i * 4);
      }
      expect(sttsCount).toBe(sampleCount);
      return {
        handler: String.fromCharCode(...buf.subarray(hdlr.start + 8, hdlr.start + 12)),
        tkhdWidth: view.getUint32(tkhd.start + 76) / 65536,
        tkhdHeight: view.getUint32(tkhd.start + 80) / 65536,
        timescale: view.getUint32(mdhd.start + 12),
        mediaDuration: view.getUint32(mdhd.start + 16),
        sttsDuration,
        sampleCount,
        sampleBytes,
        stbl,
      };
    });
  return { movieDuration, tracks, top };
}

/** Frame size from the SPS itself (after undoing emulation prevention), i.e. what a decoder outputs. */
function spsSize(sps: Uint8Array): { width: number; height: number; profile: number } {
  const rbsp: number[] = [];
  let zeros = 0;
  for (const b of sps.subarray(1)) {
    if (zeros >= 2 && b === 3) {
      zeros = 0;
      continue;
    }
    rbsp.push(b);
    zeros = b === 0 ? zeros + 1 : 0;
  }
  const r = new BitReader(Uint8Array.from(rbsp), 0);
  const profile = r.u(8);
  r.u(16);
  r.ue(); // sps id
  r.ue(); // log2_max_frame_num_minus4
  expect(r.ue()).toBe(2); // poc type
  r.ue(); // max refs
  r.u(1);
  const mbW = r.ue() + 1;
  const mbH = r.ue() + 1;
  expect(r.u(1)).toBe(1); // frame_mbs_only
  r.u(1);
  let crop = [0, 0, 0, 0];
  if (r.u(1)) crop = [r.ue(), r.ue(), r.ue(), r.ue()];
  return {
    profile,
    width: mbW * 16 - 2 * (crop[0]! + crop[1]!),
    height: mbH * 16 - 2 * (crop[2]! + crop[3]!),
  };
}

describe('CRC helpers', () => {
  const check = new TextEncoder().encode('123456789');

  it('match the standard check values', () => {
    expect(crc8(check)).toBe(0xf4);
    expect(crc16(check)).toBe(0xfee8);
    expect(crc32(check)).toBe(0xcbf43926);
  });
});

describe('synthAudio / describeAudio: mp3', () => {
  const cases = MP3_RATES.flatMap((sampleRate) =>
    ([1, 2] as const).flatMap((channels) =>
      DURATIONS.map((durationMs): AudioSpec => ({ format: 'mp3', sampleRate, channels, durationMs })),
    ),
  );

  it.each(cases)('$sampleRate Hz, $channels ch, $durationMs ms decodes as described', async (spec) => {
    const bytes = synthAudio(spec);
    const described = describeAudio(spec);
    const { format } = await parseBuffer(bytes, { mimeType: MIME.mp3 });
    const version = spec.sampleRate >= 32000 ? '1' : spec.sampleRate >= 16000 ? '2' : '2.5';
    expect(format.codec).toBe(`MPEG ${version} Layer 3`);
    expect(format.sampleRate).toBe(spec.sampleRate);
    expect(format.numberOfChannels).toBe(spec.channels);
    expect(format.bitrate).toBe(described.bitrate);
    expect(format.codecProfile).toBe('CBR');
    expect(Math.abs(format.duration! * 1000 - described.durationMs)).toBeLessThanOrEqual(1);
    expect(Math.abs(described.durationMs - spec.durationMs)).toBeLessThanOrEqual(frameMs(spec) / 2 + 1);
    expect(described.size).toBe(bytes.length);
    expect(described).toMatchObject({ sampleRate: spec.sampleRate, channels: spec.channels });
  });

  it('is a sequence of valid frame headers with no gaps', () => {
    for (const sampleRate of [44100, 22050, 11025]) {
      const bytes = synthAudio({ format: 'mp3', sampleRate, channels: 2, durationMs: 3000 });
      let pos = 0;
      let frames = 0;
      while (pos < bytes.length) {
        expect(bytes[pos]).toBe(0xff);
        expect(bytes[pos + 1]! & 0xe0).toBe(0xe0);
        const v1 = (bytes[pos + 1]! & 0x18) === 0x18;
        const kbps = (
          v1
            ? [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320]
            : [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160]
        )[bytes[pos + 2]! >> 4];
        const padding = (bytes[pos + 2]! >> 1) & 1;
        pos += Math.floor(((v1 ? 144 : 72) * kbps! * 1000) / sampleRate) + padding;
        frames++;
      }
      expect(pos).toBe(bytes.length);
      expect(frames).toBeGreaterThan(1);
    }
  });

  it('clamps the bitrate to one the MPEG version allows', async () => {
    const cases: Array<[number, number | undefined, number]> = [
      [44100, undefined, 128_000],
      [44100, 256_000, 256_000],
      [44100, 8000, 32_000],
      [44100, 1_000_000, 320_000],
      [16000, 256_000, 160_000],
      [16000, 32_000, 32_000],
      [8000, 33_000, 32_000],
      [32000, 150_000, 128_000],
    ];
    for (const [sampleRate, bitrate, expected] of cases) {
      const spec: AudioSpec = { format: 'mp3', sampleRate, channels: 1, durationMs: 1000, bitrate };
      expect(describeAudio(spec).bitrate).toBe(expected);
      const { format } = await parseBuffer(synthAudio(spec), { mimeType: MIME.mp3 });
      expect(format.bitrate).toBe(expected);
    }
  });

  it('stays decodable at the lowest bitrates, where no Info frame fits', async () => {
    const spec: AudioSpec = {
      format: 'mp3',
      sampleRate: 24000,
      channels: 2,
      durationMs: 2000,
      bitrate: 8000,
    };
    const bytes = synthAudio(spec);
    const { format } = await parseBuffer(bytes, { mimeType: MIME.mp3 });
    expect(format.sampleRate).toBe(24000);
    expect(format.numberOfChannels).toBe(2);
    expect(Math.abs(format.duration! * 1000 - describeAudio(spec).durationMs)).toBeLessThanOrEqual(
      frameMs(spec),
    );
    expect(describeAudio(spec).size).toBe(bytes.length);
  });

  it('generates 60 s of 32 kHz mp3 in under 20 ms', () => {
    const spec: AudioSpec = { format: 'mp3', sampleRate: 32000, channels: 1, durationMs: 60_000 };
    expect(bestTime(5, () => synthAudio(spec))).toBeLessThan(20);
  });
});

describe('synthAudio / describeAudio: wav', () => {
  const cases = PCM_RATES.flatMap((sampleRate) =>
    ([1, 2] as const).flatMap((channels) =>
      DURATIONS.map((durationMs): AudioSpec => ({ format: 'wav', sampleRate, channels, durationMs })),
    ),
  );

  it.each(cases)('$sampleRate Hz, $channels ch, $durationMs ms decodes as described', async (spec) => {
    const bytes = synthAudio(spec);
    const described = describeAudio(spec);
    const { format } = await parseBuffer(bytes, { mimeType: MIME.wav });
    expect(format.container).toBe('WAVE');
    expect(format.sampleRate).toBe(spec.sampleRate);
    expect(format.numberOfChannels).toBe(spec.channels);
    expect(format.bitsPerSample).toBe(16);
    expect(format.bitrate).toBe(described.bitrate);
    expect(Math.abs(format.duration! * 1000 - spec.durationMs)).toBeLessThanOrEqual(1);
    expect(described.durationMs).toBe(spec.durationMs);
    expect(described.size).toBe(bytes.length);
  });

  it('carries an audible, unclipped tone in both channels', () => {
    const bytes = synthAudio({ format: 'wav', sampleRate: 44100, channels: 2, durationMs: 1000 });
    const view = new DataView(bytes.buffer, bytes.byteOffset + 44);
    let peak = 0;
    let crossings = 0;
    let prev = 0;
    let channelMismatches = 0;
    for (let i = 0; i < 44100; i++) {
      const left = view.getInt16(i * 4, true);
      if (view.getInt16(i * 4 + 2, true) !== left) channelMismatches++;
      peak = Math.max(peak, Math.abs(left));
      if (prev < 0 && left >= 0) crossings++;
      prev = left;
    }
    expect(channelMismatches).toBe(0);
    expect(peak).toBeGreaterThan(1000);
    expect(peak).toBeLessThan(8000);
    // About 440 upward zero crossings in one second: a real tone, not noise or silence.
    expect(crossings).toBeGreaterThan(400);
    expect(crossings).toBeLessThan(480);
  });
});

describe('synthAudio / describeAudio: flac', () => {
  const cases = PCM_RATES.flatMap((sampleRate) =>
    ([1, 2] as const).flatMap((channels) =>
      DURATIONS.map((durationMs): AudioSpec => ({ format: 'flac', sampleRate, channels, durationMs })),
    ),
  );

  it.each(cases)('$sampleRate Hz, $channels ch, $durationMs ms decodes as described', async (spec) => {
    const bytes = synthAudio(spec);
    const described = describeAudio(spec);
    const { format } = await parseBuffer(bytes, { mimeType: MIME.flac });
    expect(format.container).toBe('FLAC');
    expect(format.lossless).toBe(true);
    expect(format.sampleRate).toBe(spec.sampleRate);
    expect(format.numberOfChannels).toBe(spec.channels);
    expect(Math.abs(format.duration! * 1000 - spec.durationMs)).toBeLessThanOrEqual(1);
    expect(described.durationMs).toBe(spec.durationMs);
    expect(described.size).toBe(bytes.length);
    expect(Math.abs(described.bitrate - (bytes.length * 8) / format.duration!)).toBeLessThan(
      described.bitrate / 100,
    );
  });

  it.each([
    { sampleRate: 8000, channels: 1 as const, durationMs: 1500 },
    { sampleRate: 11025, channels: 2 as const, durationMs: 777 },
    { sampleRate: 44100, channels: 2 as const, durationMs: 2000 },
    { sampleRate: 48000, channels: 1 as const, durationMs: 1 },
  ])(
    'decodes bit-exactly to the wav samples with valid CRCs and MD5 ($sampleRate Hz, $channels ch, $durationMs ms)',
    (spec) => {
      const decoded = decodeFlac(synthAudio({ format: 'flac', ...spec }));
      const pcm = synthAudio({ format: 'pcm', ...spec });
      expect(decoded.sampleRate).toBe(spec.sampleRate);
      expect(decoded.channels).toBe(spec.channels);
      expect(decoded.totalSamples * spec.channels * 2).toBe(pcm.length);
      expect(Buffer.from(decoded.pcm).equals(Buffer.from(pcm))).toBe(true);
      expect(decoded.md5).toBe(createHash('md5').update(pcm).digest('hex'));
      expect(decoded.frames).toBeGreaterThanOrEqual(1);
      // Lossless but compressed: the FIXED predictor must beat plain PCM on a sine.
      expect(synthAudio({ format: 'flac', ...spec }).length).toBeLessThan(pcm.length + 100);
    },
  );
});

describe('synthAudio / describeAudio: pcm', () => {
  it.each([
    { sampleRate: 8000, channels: 1 as const, durationMs: 500 },
    { sampleRate: 24000, channels: 2 as const, durationMs: 2345 },
    { sampleRate: 44100, channels: 1 as const, durationMs: 10_000 },
  ])('is raw 16-bit LE, identical to the wav payload ($sampleRate Hz, $channels ch)', (spec) => {
    const pcm = synthAudio({ format: 'pcm', ...spec });
    const wav = synthAudio({ format: 'wav', ...spec });
    const described = describeAudio({ format: 'pcm', ...spec });
    expect(pcm.length).toBe(Math.round((spec.durationMs * spec.sampleRate) / 1000) * spec.channels * 2);
    expect(described).toEqual({
      durationMs: spec.durationMs,
      sampleRate: spec.sampleRate,
      channels: spec.channels,
      size: pcm.length,
      bitrate: spec.sampleRate * spec.channels * 16,
    });
    expect(Buffer.from(wav.subarray(44)).equals(Buffer.from(pcm))).toBe(true);
  });
});

describe('synthAudio / describeAudio: all formats', () => {
  const specArb = fc.record({
    format: fc.constantFrom<AudioFormat>('mp3', 'wav', 'flac', 'pcm', 'opus', 'pcmu_raw', 'pcmu_wav'),
    sampleRate: fc.constantFrom(...MP3_RATES),
    channels: fc.constantFrom<1 | 2>(1, 2),
    durationMs: fc.integer({ min: 0, max: 4000 }),
    bitrate: fc.option(fc.integer({ min: 1000, max: 400_000 }), { nil: undefined }),
  });

  it('describeAudio().size is always the byte length, and output is deterministic', () => {
    fc.assert(
      fc.property(specArb, (spec) => {
        const a = synthAudio(spec);
        expect(describeAudio(spec).size).toBe(a.length);
        expect(Buffer.from(synthAudio(spec)).equals(Buffer.from(a))).toBe(true);
      }),
      { numRuns: 60 },
    );
  });

  it('rejects specs no real stream can carry', () => {
    const base: AudioSpec = { format: 'mp3', sampleRate: 32000, channels: 1, durationMs: 1000 };
    expect(() => synthAudio({ ...base, sampleRate: 7000 })).toThrow(RangeError);
    expect(() => describeAudio({ ...base, sampleRate: 96000 })).toThrow(RangeError);
    expect(() => synthAudio({ ...base, channels: 3 as unknown as 1 })).toThrow(RangeError);
    expect(() => synthAudio({ ...base, durationMs: -1 })).toThrow(RangeError);
    expect(() => synthAudio({ ...base, durationMs: Number.NaN })).toThrow(RangeError);
    expect(() => synthAudio({ ...base, format: 'ogg' as AudioFormat })).toThrow(RangeError);
    expect(() => synthAudio({ ...base, format: 'wav', sampleRate: 100 })).toThrow(RangeError);
    expect(synthAudio({ ...base, format: 'wav', sampleRate: 96000 }).length).toBe(44 + 96000 * 2);
  });
});

describe('durationForText', () => {
  it('grows with the text and has a 500 ms floor', () => {
    expect(durationForText('')).toBe(500);
    expect(durationForText('Hi')).toBe(500);
    expect(durationForText('x'.repeat(100))).toBe(6000);
    let previous = 0;
    for (const n of [10, 20, 50, 100, 1000, 9999]) {
      const ms = durationForText('a'.repeat(n));
      expect(ms).toBeGreaterThan(previous);
      previous = ms;
    }
  });

  it('scales with speed (clamped to 0.5-2) and counts code points, not UTF-16 units', () => {
    const text = 'x'.repeat(100);
    expect(durationForText(text, 2)).toBe(3000);
    expect(durationForText(text, 0.5)).toBe(12_000);
    expect(durationForText(text, 10)).toBe(3000);
    expect(durationForText(text, Number.NaN)).toBe(6000);
    expect(durationForText('😀'.repeat(100))).toBe(6000);
    expect(durationForText('你好'.repeat(50))).toBe(6000);
  });

  it('adds <#seconds#> pauses instead of reading them', () => {
    const text = 'x'.repeat(50);
    expect(durationForText(`${text}<#1.5#>${text}`)).toBe(6000 + 1500);
  });
});

describe('renderPng', () => {
  it.each([
    [1, 1],
    [7, 3],
    [512, 512],
    [1024, 1024],
    [1344, 576],
    [720, 1280],
    [2048, 2048],
  ])('%i x %i decodes with pngjs (CRCs checked) to exactly that size', (width, height) => {
    const bytes = renderPng(width, height, 7);
    const png = PNG.sync.read(Buffer.from(bytes), { checkCRC: true });
    expect(png.width).toBe(width);
    expect(png.height).toBe(height);
    expect(png.data.length).toBe(width * height * 4);
    // Opaque RGB, as colour type 2 has no alpha.
    expect(png.data[3]).toBe(255);
  });

  it('is a gradient that depends on the seed, deterministically', () => {
    const a = renderPng(64, 64, 1);
    expect(Buffer.from(renderPng(64, 64, 1)).equals(Buffer.from(a))).toBe(true);
    expect(Buffer.from(renderPng(64, 64, 2)).equals(Buffer.from(a))).toBe(false);
    expect(Buffer.from(renderPng(64, 64)).equals(Buffer.from(renderPng(64, 64, 0)))).toBe(true);
    const png = PNG.sync.read(Buffer.from(renderPng(256, 256, 3)));
    const pixel = (x: number, y: number) =>
      Array.from(png.data.subarray((y * 256 + x) * 4, (y * 256 + x) * 4 + 3));
    expect(new Set([pixel(0, 0), pixel(255, 0), pixel(0, 255), pixel(255, 255)].map(String)).size).toBe(4);
  });

  it('renders 1024x1024 in under 50 ms', () => {
    expect(bestTime(3, () => renderPng(1024, 1024, 5))).toBeLessThan(50);
  });

  it('rejects impossible sizes', () => {
    expect(() => renderPng(0, 10)).toThrow(RangeError);
    expect(() => renderPng(10, 1.5)).toThrow(RangeError);
    expect(() => renderPng(100_000, 10)).toThrow(RangeError);
  });
});

describe('aspectRatioSize', () => {
  const table: Array<[string, number, number]> = [
    ['1:1', 1024, 1024],
    ['16:9', 1280, 720],
    ['4:3', 1152, 864],
    ['3:2', 1248, 832],
    ['2:3', 832, 1248],
    ['3:4', 864, 1152],
    ['9:16', 720, 1280],
    ['21:9', 1344, 576],
  ];

  it.each(table)('%s -> %i x %i, and a PNG of that size decodes', (ratio, width, height) => {
    expect(aspectRatioSize(ratio)).toEqual({ width, height });
    const [rw, rh] = ratio.split(':').map(Number) as [number, number];
    expect(Math.abs(width / height - rw / rh)).toBeLessThan(0.02);
    const png = PNG.sync.read(Buffer.from(renderPng(width, height)));
    expect([png.width, png.height]).toEqual([width, height]);
  });

  it('rejects ratios the API does not offer', () => {
    expect(() => aspectRatioSize('5:4')).toThrow(RangeError);
    expect(() => aspectRatioSize('')).toThrow(RangeError);
  });
});

describe('resolutionSize', () => {
  it('maps the API labels to frame sizes', () => {
    expect(resolutionSize('512P')).toEqual({ width: 910, height: 512 });
    expect(resolutionSize('720P')).toEqual({ width: 1280, height: 720 });
    expect(resolutionSize('768P')).toEqual({ width: 1366, height: 768 });
    expect(resolutionSize('1080P')).toEqual({ width: 1920, height: 1080 });
    expect(resolutionSize('768p')).toEqual({ width: 1366, height: 768 });
    expect(resolutionSize('2K')).toEqual({ width: 2560, height: 1440 });
    expect(resolutionSize('1280x720')).toEqual({ width: 1280, height: 720 });
  });

  it('rejects labels it cannot turn into an even frame size', () => {
    for (const bad of ['', 'HD', '1081x720', '99999P', '8K', 'x720']) {
      expect(() => resolutionSize(bad)).toThrow(RangeError);
    }
  });
});

describe('videoMp4', () => {
  const cases = ['512P', '720P', '768P', '1080P'].flatMap((resolution) =>
    [6, 10].map((durationS) => ({ resolution, durationS })),
  );

  it.each(cases)(
    '$resolution, $durationS s: music-metadata sees an MP4 of that duration',
    async ({ resolution, durationS }) => {
      const bytes = videoMp4(durationS, resolution);
      const { format } = await parseBuffer(bytes, { mimeType: 'video/mp4' });
      expect(format.container).toMatch(/isom|mp4|M4A/i);
      expect(format.hasVideo).toBe(true);
      expect(format.duration).toBeCloseTo(durationS, 3);
      expect(bytes.length).toBeLessThan(100_000);
    },
  );

  it.each(cases)(
    '$resolution, $durationS s: boxes, sample tables and SPS agree on size and length',
    ({ resolution, durationS }) => {
      const bytes = videoMp4(durationS, resolution);
      const { width, height } = resolutionSize(resolution);
      const { movieDuration, tracks, top } = summarizeTracks(bytes);
      expect(top.map((b) => b.type)).toEqual(['ftyp', 'moov', 'mdat']);
      expect(movieDuration).toBeCloseTo(durationS, 3);
      const mdat = top[2]!;
      expect(tracks.reduce((n, t) => n + t.sampleBytes, 0)).toBe(mdat.end - mdat.start);
      for (const t of tracks) {
        expect(t.sttsDuration).toBe(t.mediaDuration);
        expect(t.mediaDuration / t.timescale).toBeCloseTo(durationS, 3);
      }
      const video = tracks.find((t) => t.handler === 'vide')!;
      expect(tracks.find((t) => t.handler === 'soun')).toBeDefined();
      expect([video.tkhdWidth, video.tkhdHeight]).toEqual([width, height]);
      expect(video.sampleCount).toBe(durationS * 24);

      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      const stsd = child(bytes, video.stbl, 'stsd');
      const avc1 = child(bytes, stsd, 'avc1', 8);
      expect([view.getUint16(avc1.start + 24), view.getUint16(avc1.start + 26)]).toEqual([width, height]);
      const avcC = child(bytes, avc1, 'avcC', 78);
      const spsLength = view.getUint16(avcC.start + 6);
      const sps = bytes.subarray(avcC.start + 8, avcC.start + 8 + spsLength);
      expect(sps[0]! & 0x1f).toBe(7);
      expect(spsSize(sps)).toEqual({ width, height, profile: 66 });
    },
  );

  it('defaults to 768P, rounds to whole frames and is deterministic', async () => {
    const bytes = videoMp4(6);
    expect(Buffer.from(videoMp4(6, '768P')).equals(Buffer.from(bytes))).toBe(true);
    expect(summarizeTracks(bytes).tracks[0]).toMatchObject({ tkhdWidth: 1366, tkhdHeight: 768 });
    const { format } = await parseBuffer(videoMp4(4.51, '720P'), { mimeType: 'video/mp4' });
    expect(Math.abs(format.duration! - 4.51)).toBeLessThanOrEqual(1 / 48);
  });

  it('rejects impossible durations and resolutions', () => {
    expect(() => videoMp4(0)).toThrow(RangeError);
    expect(() => videoMp4(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => videoMp4(6, '999')).toThrow(RangeError);
  });
});
