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

/** The length of an audio or video file the CLI saved: the SDK's container reader. */
export { mediaDurationMs } from 'minimax-sdk';

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
