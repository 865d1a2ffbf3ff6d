/**
 * Reading a media file's length from its container header, without decoding it: WAV (any codec,
 * µ-law included), MP3 (Xing/Info/VBRI frame counts, else the first frame's bitrate), FLAC, Ogg
 * Opus and MP4/M4A (video too). The mock checks voice clone samples with it (10 s to 5 min) and
 * the CLI reports the length of what it saved.
 */

const type4 = (bytes: Uint8Array, at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));

function viewOf(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** RIFF/WAVE of any codec: the `data` chunk over the `fmt ` byte rate. */
function wavMs(bytes: Uint8Array): number | undefined {
  if (bytes.byteLength < 44 || type4(bytes, 8) !== 'WAVE') return undefined;
  const view = viewOf(bytes);
  let byteRate = 0;
  for (let at = 12; at + 8 <= bytes.byteLength; ) {
    const size = view.getUint32(at + 4, true);
    if (type4(bytes, at) === 'fmt ' && at + 20 <= bytes.byteLength) byteRate = view.getUint32(at + 16, true);
    if (type4(bytes, at) === 'data') return byteRate ? (size / byteRate) * 1000 : undefined;
    at += 8 + size + (size % 2);
  }
  return undefined;
}

function flacMs(bytes: Uint8Array): number | undefined {
  if (bytes.byteLength < 26 || (bytes[4]! & 0x7f) !== 0) return undefined;
  const rate = (bytes[18]! << 12) | (bytes[19]! << 4) | (bytes[20]! >> 4);
  const samples = (bytes[21]! & 0x0f) * 2 ** 32 + viewOf(bytes).getUint32(22);
  return rate && samples ? (samples / rate) * 1000 : undefined;
}

function oggOpusMs(bytes: Uint8Array): number | undefined {
  const head = 27 + (bytes[26] ?? 0);
  if (type4(bytes, head) !== 'Opus' || type4(bytes, head + 4) !== 'Head') return undefined;
  const view = viewOf(bytes);
  const preSkip = view.getUint16(head + 10, true);
  // The last page holds the final granule (48 kHz samples); pages are under 64 KiB.
  for (let at = bytes.byteLength - 27; at >= Math.max(0, bytes.byteLength - 65_307); at--) {
    if (bytes[at] === 0x4f && type4(bytes, at) === 'OggS') {
      const granule = Number(view.getBigUint64(at + 6, true));
      return granule > preSkip ? (granule - preSkip) / 48 : undefined;
    }
  }
  return undefined;
}

/** MP4/M4A: the `mvhd` box of the top-level `moov`. */
function mp4Ms(bytes: Uint8Array): number | undefined {
  const view = viewOf(bytes);
  const walk = (start: number, end: number): number | undefined => {
    for (let at = start; at + 8 <= end; ) {
      let size = view.getUint32(at);
      let header = 8;
      if (size === 1 && at + 16 <= end) {
        size = Number(view.getBigUint64(at + 8));
        header = 16;
      } else if (size === 0) size = end - at;
      if (size < header || at + size > end) return undefined;
      const kind = type4(bytes, at + 4);
      if (kind === 'moov') return walk(at + header, at + size);
      if (kind === 'mvhd') {
        const body = at + header;
        const [scale, duration] =
          bytes[body] === 1
            ? [view.getUint32(body + 20), Number(view.getBigUint64(body + 24))]
            : [view.getUint32(body + 12), view.getUint32(body + 16)];
        return scale ? (duration / scale) * 1000 : undefined;
      }
      at += size;
    }
    return undefined;
  };
  return walk(0, bytes.byteLength);
}

const BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];
const RATES: Readonly<Record<number, readonly number[]>> = {
  3: [44100, 48000, 32000],
  2: [22050, 24000, 16000],
  0: [11025, 12000, 8000],
};

/** MPEG Layer III, after an optional ID3v2 tag. */
function mp3Ms(bytes: Uint8Array): number | undefined {
  let at = 0;
  if (bytes.byteLength >= 10 && type4(bytes, 0).startsWith('ID3')) {
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
  const version = (bytes[at + 1]! >> 3) & 3;
  if (((bytes[at + 1]! >> 1) & 3) !== 1 || version === 1) return undefined;
  const bitrate = (version === 3 ? BITRATES_V1 : BITRATES_V2)[bytes[at + 2]! >> 4];
  const rate = RATES[version]?.[(bytes[at + 2]! >> 2) & 3];
  if (!bitrate || !rate) return undefined;
  const perFrame = version === 3 ? 1152 : 576;
  const mono = bytes[at + 3]! >> 6 === 3;
  const side = version === 3 ? (mono ? 17 : 32) : mono ? 9 : 17;
  const view = viewOf(bytes);
  const xing = at + 4 + side;
  const tag = type4(bytes, xing);
  if ((tag === 'Xing' || tag === 'Info') && xing + 12 <= bytes.byteLength && view.getUint32(xing + 4) & 1) {
    return ((view.getUint32(xing + 8) * perFrame) / rate) * 1000;
  }
  if (type4(bytes, at + 36) === 'VBRI' && at + 54 <= bytes.byteLength) {
    return ((view.getUint32(at + 50) * perFrame) / rate) * 1000;
  }
  return (((bytes.byteLength - at) * 8) / (bitrate * 1000)) * 1000;
}

/**
 * The length of an audio or video file in milliseconds, read from its container (WAV, MP3, FLAC,
 * Ogg Opus, MP4/M4A); undefined when the bytes are none of these or the header is cut short.
 *
 * @example
 * import { mediaDurationMs } from 'minimax-sdk';
 * const audio = await client.speech.tts({ text: 'Hi.', model: 'speech-2.8-turbo' });
 * console.log(mediaDurationMs(audio.data)); // e.g. 912
 */
export function mediaDurationMs(bytes: Uint8Array): number | undefined {
  try {
    const head = type4(bytes, 0);
    if (head === 'RIFF') return wavMs(bytes);
    if (head === 'fLaC') return flacMs(bytes);
    if (head === 'OggS') return oggOpusMs(bytes);
    if (type4(bytes, 4) === 'ftyp') return mp4Ms(bytes);
    return mp3Ms(bytes);
  } catch {
    // A truncated header reads past the end: no length to tell.
    return undefined;
  }
}
