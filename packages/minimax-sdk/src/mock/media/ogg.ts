/**
 * Opus in Ogg (the API's `opus` format): an OpusHead page, an OpusTags page, then pages of 20 ms
 * Opus packets. Every packet is the 3-byte CELT frame that decodes to digital silence (TOC 0xF8:
 * CELT-only, fullband, 20 ms, one frame), so the stream is valid and exactly as long as asked
 * without an Opus encoder in the mock. The last page's granule position trims the final packet to
 * the requested length.
 */
import { oggCrc32 } from './bits.js';

/** Opus always runs at 48 kHz inside; granule positions count 48 kHz samples. */
const OPUS_RATE = 48_000;
const SAMPLES_PER_PACKET = 960;
/** The 3-byte silent CELT frame. */
const SILENT_PACKET = Uint8Array.of(0xf8, 0xff, 0xfe);
/** 50 packets (one second) per page: far under the 255 lacing values a page can hold. */
const PACKETS_PER_PAGE = 50;
/** The decoder delay encoders usually declare (6.5 ms); players drop that many samples first. */
export const OPUS_PRE_SKIP = 312;
const SERIAL = 0x4d4d4f50;
const VENDOR = 'minimax-sdk mock';
const PAGE_HEADER_BYTES = 27;

/** 48 kHz samples in a clip of `durationMs` (at least one). */
function totalSamples(durationMs: number): number {
  return Math.max(1, Math.round((durationMs * OPUS_RATE) / 1000));
}

function opusHead(sampleRate: number, channels: number): Uint8Array {
  const out = new Uint8Array(19);
  const v = new DataView(out.buffer);
  out.set(new TextEncoder().encode('OpusHead'), 0);
  out[8] = 1; // version
  out[9] = channels;
  v.setUint16(10, OPUS_PRE_SKIP, true);
  v.setUint32(12, sampleRate, true); // the input rate, for information only
  v.setInt16(16, 0, true); // output gain
  out[18] = 0; // mapping family 0: mono or stereo, no mapping table
  return out;
}

function opusTags(): Uint8Array {
  const vendor = new TextEncoder().encode(VENDOR);
  const out = new Uint8Array(8 + 4 + vendor.length + 4);
  const v = new DataView(out.buffer);
  out.set(new TextEncoder().encode('OpusTags'), 0);
  v.setUint32(8, vendor.length, true);
  out.set(vendor, 12);
  v.setUint32(12 + vendor.length, 0, true); // no user comments
  return out;
}

/** One page holding whole packets (each under 255 bytes, so one lacing value per packet). */
function page(packets: Uint8Array[], flags: number, granule: number, sequence: number): Uint8Array {
  const body = packets.reduce((n, p) => n + p.length, 0);
  const out = new Uint8Array(PAGE_HEADER_BYTES + packets.length + body);
  const v = new DataView(out.buffer);
  out.set([0x4f, 0x67, 0x67, 0x53], 0); // "OggS"
  out[4] = 0; // stream structure version
  out[5] = flags;
  v.setBigUint64(6, BigInt(granule), true);
  v.setUint32(14, SERIAL, true);
  v.setUint32(18, sequence, true);
  out[26] = packets.length;
  let at = PAGE_HEADER_BYTES;
  for (const p of packets) out[at++] = p.length;
  for (const p of packets) {
    out.set(p, at);
    at += p.length;
  }
  // The checksum covers the whole page with its own field zeroed (it still is here).
  v.setUint32(22, oggCrc32(out), true);
  return out;
}

/** An Ogg Opus stream of `durationMs` of silence. */
export function writeOggOpus(sampleRate: number, channels: number, durationMs: number): Uint8Array {
  const samples = totalSamples(durationMs);
  const packets = Math.ceil(samples / SAMPLES_PER_PACKET);
  const pages: Uint8Array[] = [
    page([opusHead(sampleRate, channels)], 0x02, 0, 0),
    page([opusTags()], 0, 0, 1),
  ];
  let sent = 0;
  while (sent < packets) {
    const count = Math.min(PACKETS_PER_PAGE, packets - sent);
    sent += count;
    const last = sent === packets;
    const granule = OPUS_PRE_SKIP + (last ? samples : sent * SAMPLES_PER_PACKET);
    pages.push(page(new Array(count).fill(SILENT_PACKET), last ? 0x04 : 0, granule, pages.length));
  }
  const out = new Uint8Array(pages.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pages) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Byte length and real duration of `writeOggOpus(…)`, without building it. */
export function oggOpusLayout(durationMs: number): { size: number; durationMs: number } {
  const samples = totalSamples(durationMs);
  const packets = Math.ceil(samples / SAMPLES_PER_PACKET);
  const fullPages = Math.floor(packets / PACKETS_PER_PAGE);
  const rest = packets % PACKETS_PER_PAGE;
  const pageBytes = (n: number) => PAGE_HEADER_BYTES + n + n * SILENT_PACKET.length;
  const headers = pageBytes(0) + 1 + 19 + pageBytes(0) + 1 + opusTags().length;
  const size = headers + fullPages * pageBytes(PACKETS_PER_PAGE) + (rest > 0 ? pageBytes(rest) : 0);
  return { size, durationMs: Math.round((samples * 1000) / OPUS_RATE) };
}
