import { createHash } from 'node:crypto';
import { BitWriter, crc8, crc16 } from './bits.js';
import { sampleFrames, toneCycle, tonePcm16, tonePeriod } from './pcm.js';

/**
 * FLAC encoder for the test tone: 16-bit, independent channels, FIXED order-2
 * subframes with Rice-coded residuals. The block size is a whole number of tone
 * periods, so every block starts at the same phase and all full frames share one
 * encoded body; only the header (frame number, CRC-8) and CRC-16 differ.
 */

const TARGET_BLOCK = 4096;
const BITS_PER_SAMPLE = 16;
/** Rice parameters 0..14 fit the 4-bit field; 15 is the escape code. */
const MAX_RICE = 14;

const SAMPLE_RATE_CODES: ReadonlyMap<number, number> = new Map([
  [88200, 0b0001],
  [176400, 0b0010],
  [192000, 0b0011],
  [8000, 0b0100],
  [16000, 0b0101],
  [22050, 0b0110],
  [24000, 0b0111],
  [32000, 0b1000],
  [44100, 0b1001],
  [48000, 0b1010],
  [96000, 0b1011],
]);

interface SampleRateCoding {
  code: number;
  /** Bytes appended to the header to spell the rate out, if the code does not name it. */
  extra: Uint8Array;
}

function sampleRateCoding(sampleRate: number): SampleRateCoding {
  const code = SAMPLE_RATE_CODES.get(sampleRate);
  if (code !== undefined) return { code, extra: new Uint8Array(0) };
  if (sampleRate <= 0xffff)
    return { code: 0b1101, extra: new Uint8Array([sampleRate >> 8, sampleRate & 0xff]) };
  if (sampleRate % 10 === 0 && sampleRate / 10 <= 0xffff) {
    const tens = sampleRate / 10;
    return { code: 0b1110, extra: new Uint8Array([tens >> 8, tens & 0xff]) };
  }
  // Code 0 means "see STREAMINFO"; legal, though outside the streamable subset.
  return { code: 0, extra: new Uint8Array(0) };
}

/** FLAC's UTF-8-like coding of the frame number (up to 36 bits; ours stay far below 31). */
function codedNumber(n: number): Uint8Array {
  if (n < 0x80) return new Uint8Array([n]);
  let bytes = 2;
  while (n >= 2 ** (5 * bytes + 1)) bytes++;
  const out = new Uint8Array(bytes);
  let rest = n;
  for (let i = bytes - 1; i > 0; i--) {
    out[i] = 0x80 | (rest & 0x3f);
    rest = Math.floor(rest / 64);
  }
  out[0] = ((0xff00 >> bytes) & 0xff) | rest;
  return out;
}

function frameHeader(
  frameNumber: number,
  blockSize: number,
  channels: number,
  rate: SampleRateCoding,
): Uint8Array {
  const num = codedNumber(frameNumber);
  const out = new Uint8Array(4 + num.length + 2 + rate.extra.length + 1);
  out[0] = 0xff;
  out[1] = 0xf8; // sync + fixed-blocksize strategy
  out[2] = (0b0111 << 4) | rate.code; // block size as 16-bit (n - 1) after the number
  out[3] = ((channels - 1) << 4) | (0b100 << 1); // independent channels, 16 bits per sample
  out.set(num, 4);
  let p = 4 + num.length;
  out[p++] = (blockSize - 1) >> 8;
  out[p++] = (blockSize - 1) & 0xff;
  out.set(rate.extra, p);
  p += rate.extra.length;
  out[p] = crc8(out, 0, p);
  return out;
}

function headerLength(frameNumber: number, rate: SampleRateCoding): number {
  let numBytes = 1;
  if (frameNumber >= 0x80) {
    numBytes = 2;
    while (frameNumber >= 2 ** (5 * numBytes + 1)) numBytes++;
  }
  return 4 + numBytes + 2 + rate.extra.length + 1;
}

function writeSubframe(w: BitWriter, samples: Int32Array, n: number): void {
  if (n <= 2) {
    w.bits(0b00000010, 8); // VERBATIM, no wasted bits
    for (let i = 0; i < n; i++) w.bits(samples[i]! & 0xffff, BITS_PER_SAMPLE);
    return;
  }
  const folded = new Uint32Array(n - 2);
  for (let i = 2; i < n; i++) {
    const e = samples[i]! - 2 * samples[i - 1]! + samples[i - 2]!;
    folded[i - 2] = e >= 0 ? 2 * e : -2 * e - 1;
  }
  let bestK = 0;
  let bestBits = Number.POSITIVE_INFINITY;
  for (let k = 0; k <= MAX_RICE; k++) {
    let total = folded.length * (k + 1);
    for (const u of folded) total += u >>> k;
    if (total < bestBits) {
      bestBits = total;
      bestK = k;
    }
  }
  w.bits(0b00010100, 8); // FIXED, order 2, no wasted bits
  w.bits(samples[0]! & 0xffff, BITS_PER_SAMPLE);
  w.bits(samples[1]! & 0xffff, BITS_PER_SAMPLE);
  w.bits(0b00, 2); // Rice coding with 4-bit parameters
  w.bits(0, 4); // partition order 0: one partition
  w.bits(bestK, 4);
  const lowMask = (1 << bestK) - 1;
  for (const u of folded) {
    w.zeros(u >>> bestK);
    w.bits(1, 1);
    if (bestK > 0) w.bits(u & lowMask, bestK);
  }
}

/** Subframes for every channel of one block of n samples, padded to a byte. */
function encodeBody(cycle: Int32Array, n: number, channels: number): Uint8Array {
  const samples = new Int32Array(n);
  for (let i = 0; i < n; i++) samples[i] = cycle[i % cycle.length]!;
  const w = new BitWriter(n * channels);
  for (let c = 0; c < channels; c++) writeSubframe(w, samples, n);
  return w.finish();
}

interface FlacPlan {
  sampleRate: number;
  channels: number;
  blockSize: number;
  totalSamples: number;
  frameCount: number;
  lastBlockSize: number;
  rate: SampleRateCoding;
  fullBody: Uint8Array;
  lastBody: Uint8Array;
  totalBytes: number;
  minFrameBytes: number;
  maxFrameBytes: number;
}

const STREAMINFO_BYTES = 4 + 4 + 34; // "fLaC" + block header + STREAMINFO

/** Bodies are pure functions of (rate, channels, block size); keep the few that a mock server reuses. */
const bodyCache = new Map<string, Uint8Array>();

function cachedBody(sampleRate: number, n: number, channels: number): Uint8Array {
  const key = `${sampleRate}/${channels}/${n}`;
  let body = bodyCache.get(key);
  if (!body) {
    body = encodeBody(toneCycle(sampleRate), n, channels);
    const oldest = bodyCache.keys().next().value;
    if (bodyCache.size >= 32 && oldest !== undefined) bodyCache.delete(oldest);
    bodyCache.set(key, body);
  }
  return body;
}

export function flacPlan(sampleRate: number, channels: number, durationMs: number): FlacPlan {
  const period = tonePeriod(sampleRate);
  const blockSize = period * Math.max(1, Math.floor(TARGET_BLOCK / period));
  const totalSamples = sampleFrames(durationMs, sampleRate);
  const frameCount = Math.ceil(totalSamples / blockSize);
  const lastBlockSize = totalSamples - (frameCount - 1) * blockSize;
  const rate = sampleRateCoding(sampleRate);
  const fullBody = cachedBody(sampleRate, blockSize, channels);
  const lastBody = lastBlockSize === blockSize ? fullBody : cachedBody(sampleRate, lastBlockSize, channels);
  let totalBytes = STREAMINFO_BYTES;
  let minFrameBytes = Number.POSITIVE_INFINITY;
  let maxFrameBytes = 0;
  for (let f = 0; f < frameCount; f++) {
    const body = f === frameCount - 1 ? lastBody : fullBody;
    const size = headerLength(f, rate) + body.length + 2;
    totalBytes += size;
    minFrameBytes = Math.min(minFrameBytes, size);
    maxFrameBytes = Math.max(maxFrameBytes, size);
  }
  return {
    sampleRate,
    channels,
    blockSize,
    totalSamples,
    frameCount,
    lastBlockSize,
    rate,
    fullBody,
    lastBody,
    totalBytes,
    minFrameBytes,
    maxFrameBytes,
  };
}

function streamInfo(plan: FlacPlan): Uint8Array {
  const w = new BitWriter(STREAMINFO_BYTES);
  w.bytes(new Uint8Array([0x66, 0x4c, 0x61, 0x43])); // "fLaC"
  w.bits(1, 1); // last metadata block
  w.bits(0, 7); // STREAMINFO
  w.bits(34, 24);
  // A single short block would be below the 16-sample minimum; the nominal size is what matters.
  w.bits(plan.blockSize, 16);
  w.bits(plan.blockSize, 16);
  w.bits(plan.minFrameBytes, 24);
  w.bits(plan.maxFrameBytes, 24);
  w.bits(plan.sampleRate, 20);
  w.bits(plan.channels - 1, 3);
  w.bits(BITS_PER_SAMPLE - 1, 5);
  w.bits(Math.floor(plan.totalSamples / 2 ** 32), 4);
  w.bits(plan.totalSamples >>> 0, 32);
  // The MD5 of the decoded samples lets `flac -t` prove the stream decodes to exactly the tone.
  // The tone is periodic, so hash a whole-period tile repeatedly instead of materialising all the PCM.
  const period = tonePeriod(plan.sampleRate);
  const tileFrames = Math.min(plan.totalSamples, period * Math.max(1, Math.floor(16384 / period)));
  const tile = tonePcm16(plan.sampleRate, plan.channels, tileFrames);
  const md5 = createHash('md5');
  const totalBytes = plan.totalSamples * plan.channels * 2;
  for (let done = 0; done < totalBytes; done += tile.length) {
    md5.update(totalBytes - done >= tile.length ? tile : tile.subarray(0, totalBytes - done));
  }
  w.bytes(md5.digest());
  return w.finish();
}

export function writeFlac(plan: FlacPlan): Uint8Array {
  const out = new Uint8Array(plan.totalBytes);
  out.set(streamInfo(plan), 0);
  let pos = STREAMINFO_BYTES;
  for (let f = 0; f < plan.frameCount; f++) {
    const last = f === plan.frameCount - 1;
    const header = frameHeader(f, last ? plan.lastBlockSize : plan.blockSize, plan.channels, plan.rate);
    const body = last ? plan.lastBody : plan.fullBody;
    const start = pos;
    out.set(header, pos);
    pos += header.length;
    out.set(body, pos);
    pos += body.length;
    const crc = crc16(out, start, pos);
    out[pos++] = crc >> 8;
    out[pos++] = crc & 0xff;
  }
  return out;
}
