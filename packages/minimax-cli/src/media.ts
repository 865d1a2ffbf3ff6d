/** Reading just enough of a media file to name its type and tell its size or duration. */

import { inflateRawSync } from 'node:zlib';
import { imageTypeOf } from 'minimax-sdk';

/** Sniffs an image type from its first bytes (the SDK's sniffer); `bin` when it is none it knows. */
export function imageType(bytes: Uint8Array): { mime: string; ext: string } {
  return imageTypeOf(bytes) ?? { mime: 'application/octet-stream', ext: 'bin' };
}

/** Width and height of a PNG, read from its header. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } | undefined {
  if (imageType(bytes).ext !== 'png' || bytes.byteLength < 24) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/**
 * The duration of an MP4 file in milliseconds, from its `mvhd` box; undefined when the file is
 * not an MP4 or the box is missing. Only the top-level `moov` is walked: that is where it lives.
 */
export function mp4DurationMs(bytes: Uint8Array): number | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const walk = (start: number, end: number): number | undefined => {
    let at = start;
    while (at + 8 <= end) {
      let size = view.getUint32(at);
      const kind = type4(bytes, at + 4);
      let header = 8;
      if (size === 1 && at + 16 <= end) {
        size = Number(view.getBigUint64(at + 8));
        header = 16;
      } else if (size === 0) size = end - at;
      if (size < header || at + size > end) return undefined;
      if (kind === 'moov') return walk(at + header, at + size);
      if (kind === 'mvhd') {
        const body = at + header;
        // Version 1 has 64-bit times, version 0 32-bit ones.
        const [timescale, duration] =
          bytes[body] === 1
            ? [view.getUint32(body + 20), Number(view.getBigUint64(body + 24))]
            : [view.getUint32(body + 12), view.getUint32(body + 16)];
        return timescale ? (duration / timescale) * 1000 : undefined;
      }
      at += size;
    }
    return undefined;
  };
  try {
    return walk(0, bytes.byteLength);
  } catch {
    return undefined;
  }
}

/** Duration of a PCM WAV file in milliseconds, from its header. */
export function wavDurationMs(bytes: Uint8Array): number | undefined {
  if (bytes.byteLength < 44 || type4(bytes, 0) !== 'RIFF' || type4(bytes, 8) !== 'WAVE') return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 12;
  let byteRate = 0;
  while (at + 8 <= bytes.byteLength) {
    const id = type4(bytes, at);
    const size = view.getUint32(at + 4, true);
    if (id === 'fmt ') byteRate = view.getUint32(at + 16, true);
    if (id === 'data') return byteRate ? (size / byteRate) * 1000 : undefined;
    at += 8 + size + (size % 2);
  }
  return undefined;
}

function type4(bytes: Uint8Array, at: number): string {
  return String.fromCharCode(...bytes.subarray(at, at + 4));
}

const MP3_BITRATES_V1_L3 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const MP3_BITRATES_V2_L3 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const MP3_RATES: Record<number, number[]> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};

/**
 * Duration of an MP3 (Layer III) in milliseconds: from the Xing/Info or VBRI frame count when the
 * encoder wrote one (exact for VBR), else from the first frame's bitrate (exact for CBR).
 */
export function mp3DurationMs(bytes: Uint8Array): number | undefined {
  let at = 0;
  if (type4(bytes, 0).startsWith('ID3') && bytes.byteLength >= 10) {
    const size =
      ((bytes[6]! & 0x7f) << 21) |
      ((bytes[7]! & 0x7f) << 14) |
      ((bytes[8]! & 0x7f) << 7) |
      (bytes[9]! & 0x7f);
    at = 10 + size + (bytes[5]! & 0x10 ? 10 : 0);
  }
  const limit = Math.min(bytes.byteLength - 4, at + 64 * 1024);
  while (at < limit && !(bytes[at] === 0xff && (bytes[at + 1]! & 0xe0) === 0xe0)) at++;
  if (at >= limit) return undefined;
  const b1 = bytes[at + 1]!;
  const b2 = bytes[at + 2]!;
  const b3 = bytes[at + 3]!;
  const version = (b1 >> 3) & 3;
  const layer = (b1 >> 1) & 3;
  if (layer !== 1 || version === 1) return undefined;
  const bitrate = (version === 3 ? MP3_BITRATES_V1_L3 : MP3_BITRATES_V2_L3)[b2 >> 4];
  const rate = MP3_RATES[version]?.[(b2 >> 2) & 3];
  if (!bitrate || !rate) return undefined;
  const samplesPerFrame = version === 3 ? 1152 : 576;
  const mono = b3 >> 6 === 3;
  const sideInfo = version === 3 ? (mono ? 17 : 32) : mono ? 9 : 17;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const xing = at + 4 + sideInfo;
  const tag = type4(bytes, xing);
  if ((tag === 'Xing' || tag === 'Info') && xing + 12 <= bytes.byteLength && view.getUint32(xing + 4) & 1) {
    return ((view.getUint32(xing + 8) * samplesPerFrame) / rate) * 1000;
  }
  if (type4(bytes, at + 36) === 'VBRI' && at + 54 <= bytes.byteLength) {
    return ((view.getUint32(at + 50) * samplesPerFrame) / rate) * 1000;
  }
  const trailer = type4(bytes, bytes.byteLength - 128).startsWith('TAG') ? 128 : 0;
  return (((bytes.byteLength - at - trailer) * 8) / (bitrate * 1000)) * 1000;
}

/** Duration of a FLAC file in milliseconds, from its STREAMINFO block. */
export function flacDurationMs(bytes: Uint8Array): number | undefined {
  if (type4(bytes, 0) !== 'fLaC' || bytes.byteLength < 26 || (bytes[4]! & 0x7f) !== 0) return undefined;
  const d = 8;
  const rate = (bytes[d + 10]! << 12) | (bytes[d + 11]! << 4) | (bytes[d + 12]! >> 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const samples = (bytes[d + 13]! & 0x0f) * 2 ** 32 + view.getUint32(d + 14);
  return rate && samples ? (samples / rate) * 1000 : undefined;
}

/**
 * Duration of an Ogg Opus file in milliseconds: the last page's granule position (48 kHz samples)
 * less the pre-skip of the OpusHead; undefined for other Ogg codecs.
 */
export function oggOpusDurationMs(bytes: Uint8Array): number | undefined {
  if (type4(bytes, 0) !== 'OggS' || bytes.byteLength < 47) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headAt = 27 + bytes[26]!;
  if (String.fromCharCode(...bytes.subarray(headAt, headAt + 8)) !== 'OpusHead') return undefined;
  const preSkip = view.getUint16(headAt + 10, true);
  // Pages are at most 64 KiB: the last one starts within that distance of the end.
  for (let at = bytes.byteLength - 27; at >= Math.max(0, bytes.byteLength - 65_307); at--) {
    if (bytes[at] === 0x4f && type4(bytes, at) === 'OggS') {
      const granule = Number(view.getBigUint64(at + 6, true));
      return granule > preSkip ? (granule - preSkip) / 48 : undefined;
    }
  }
  return undefined;
}

/** The duration of an audio or video file, whichever of the known containers it is. */
export function mediaDurationMs(bytes: Uint8Array): number | undefined {
  const head = type4(bytes, 0);
  if (head === 'OggS') return oggOpusDurationMs(bytes);
  if (head === 'RIFF') return wavDurationMs(bytes);
  if (head === 'fLaC') return flacDurationMs(bytes);
  if (type4(bytes, 4) === 'ftyp') return mp4DurationMs(bytes);
  return mp3DurationMs(bytes);
}

export interface ArchiveEntry {
  name: string;
  data: Uint8Array;
}

function ascii(bytes: Uint8Array, start: number, end: number): string {
  const slice = bytes.subarray(start, end);
  const nul = slice.indexOf(0);
  return new TextDecoder().decode(nul === -1 ? slice : slice.subarray(0, nul));
}

const isTar = (bytes: Uint8Array) => bytes.byteLength >= 512 && ascii(bytes, 257, 262) === 'ustar';
const isZip = (bytes: Uint8Array) =>
  bytes.byteLength >= 22 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 3 && bytes[3] === 4;

/** The regular files of a tar archive (ustar or old-style), or undefined when it is not one. */
export function tarEntries(bytes: Uint8Array): ArchiveEntry[] | undefined {
  if (!isTar(bytes)) return undefined;
  const entries: ArchiveEntry[] = [];
  let at = 0;
  while (at + 512 <= bytes.byteLength) {
    if (bytes.subarray(at, at + 512).every((b) => b === 0)) break;
    const size = Number.parseInt(ascii(bytes, at + 124, at + 136).trim() || '0', 8);
    const kind = String.fromCharCode(bytes[at + 156] ?? 0);
    const prefix = ascii(bytes, at + 345, at + 500);
    const name = prefix ? `${prefix}/${ascii(bytes, at, at + 100)}` : ascii(bytes, at, at + 100);
    if (!Number.isFinite(size) || at + 512 + size > bytes.byteLength) return undefined;
    if (kind === '0' || kind === '\0')
      entries.push({ name, data: bytes.subarray(at + 512, at + 512 + size) });
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return entries;
}

/** The files of a zip archive (stored or deflated), or undefined when it is not one. */
export function zipEntries(bytes: Uint8Array): ArchiveEntry[] | undefined {
  if (!isZip(bytes)) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let end = bytes.byteLength - 22;
  while (end >= 0 && view.getUint32(end, true) !== 0x06054b50) end--;
  if (end < 0) return undefined;
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries: ArchiveEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (at + 46 > bytes.byteLength || view.getUint32(at, true) !== 0x02014b50) return undefined;
    const method = view.getUint16(at + 10, true);
    const size = view.getUint32(at + 20, true);
    const nameLength = view.getUint16(at + 28, true);
    const skip = nameLength + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
    const local = view.getUint32(at + 42, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 46, at + 46 + nameLength));
    const dataStart = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const raw = bytes.subarray(dataStart, dataStart + size);
    if (!name.endsWith('/')) {
      if (method === 0) entries.push({ name, data: raw });
      else if (method === 8) entries.push({ name, data: new Uint8Array(inflateRawSync(raw)) });
    }
    at += 46 + skip;
  }
  return entries;
}

const AUDIO_EXTENSIONS = ['mp3', 'wav', 'flac', 'pcm', 'opus', 'm4a', 'aac', 'ogg'];

/**
 * Long-text speech results come as an archive (the audio, its subtitles, a JSON summary). Returns
 * the audio entry, preferring `format`; undefined when `bytes` is not an archive or holds no audio.
 */
export function audioFromArchive(bytes: Uint8Array, format: string | undefined): ArchiveEntry | undefined {
  const entries = tarEntries(bytes) ?? zipEntries(bytes);
  if (!entries) return undefined;
  const ext = (name: string) => name.toLowerCase().split('.').pop() ?? '';
  return (
    entries.find((e) => format !== undefined && ext(e.name) === format) ??
    entries.find((e) => AUDIO_EXTENSIONS.includes(ext(e.name)))
  );
}

/** Whether bytes are a tar or zip archive. */
export function isArchive(bytes: Uint8Array): boolean {
  return isTar(bytes) || isZip(bytes);
}
