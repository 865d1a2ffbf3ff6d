/**
 * Silent MPEG audio Layer III. A frame whose side information is all zero has
 * part2_3_length = 0 and big_values = 0 in every granule, so a decoder reads no
 * Huffman data and outputs silence; the rest of the frame is unused main data.
 */

type MpegVersion = '1' | '2' | '2.5';

interface VersionInfo {
  version: MpegVersion;
  /** The two version bits of the frame header. */
  versionBits: number;
  samplingIndex: number;
}

const VERSIONS: ReadonlyMap<number, VersionInfo> = new Map([
  [44100, { version: '1', versionBits: 0b11, samplingIndex: 0 }],
  [48000, { version: '1', versionBits: 0b11, samplingIndex: 1 }],
  [32000, { version: '1', versionBits: 0b11, samplingIndex: 2 }],
  [22050, { version: '2', versionBits: 0b10, samplingIndex: 0 }],
  [24000, { version: '2', versionBits: 0b10, samplingIndex: 1 }],
  [16000, { version: '2', versionBits: 0b10, samplingIndex: 2 }],
  [11025, { version: '2.5', versionBits: 0b00, samplingIndex: 0 }],
  [12000, { version: '2.5', versionBits: 0b00, samplingIndex: 1 }],
  [8000, { version: '2.5', versionBits: 0b00, samplingIndex: 2 }],
]);

/** Layer III bitrates in kbit/s by header index (index 0 = free format, never used). */
const BITRATES_V1 = [0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320];
const BITRATES_V2 = [0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160];

export const MP3_SAMPLE_RATES: readonly number[] = [...VERSIONS.keys()].sort((a, b) => a - b);
const DEFAULT_BITRATE = 128_000;
/** "Info" + flags + frame count + byte count. */
const INFO_TAG_BYTES = 16;

export interface Mp3Layout {
  sampleRate: number;
  channels: 1 | 2;
  bitrate: number;
  samplesPerFrame: number;
  /** Frames that carry audio; the Info frame, when present, comes on top. */
  audioFrames: number;
  hasInfoFrame: boolean;
  totalBytes: number;
  /** Bytes per frame without the padding slot, and the fractional remainder that padding absorbs. */
  baseFrameBytes: number;
  padNumerator: number;
  headerByte1: number;
  headerByte2: number;
  headerByte3: number;
  sideInfoBytes: number;
}

/** Largest legal bitrate not above the request (or the smallest legal one), in bit/s. */
function clampBitrate(requested: number, version: MpegVersion): { bitrate: number; index: number } {
  const table = version === '1' ? BITRATES_V1 : BITRATES_V2;
  const kbps = requested / 1000;
  let index = 1;
  for (let i = 1; i < table.length; i++) if (table[i]! <= kbps) index = i;
  return { bitrate: table[index]! * 1000, index };
}

/** Everything about the byte layout, computed without writing a byte (describeAudio needs only this). */
export function mp3Layout(
  sampleRate: number,
  channels: 1 | 2,
  durationMs: number,
  bitrate?: number,
): Mp3Layout {
  const info = VERSIONS.get(sampleRate);
  if (!info) {
    throw new RangeError(`mp3 sample rate must be one of ${MP3_SAMPLE_RATES.join(', ')}; got ${sampleRate}`);
  }
  const requested =
    bitrate !== undefined && Number.isFinite(bitrate) && bitrate > 0 ? bitrate : DEFAULT_BITRATE;
  const { bitrate: rate, index } = clampBitrate(requested, info.version);
  const samplesPerFrame = info.version === '1' ? 1152 : 576;
  // Frame length in bytes is samplesPerFrame / 8 * bitrate / sampleRate.
  const numerator = (samplesPerFrame / 8) * rate;
  const baseFrameBytes = Math.floor(numerator / sampleRate);
  const padNumerator = numerator % sampleRate;
  const sideInfoBytes = info.version === '1' ? (channels === 1 ? 17 : 32) : channels === 1 ? 9 : 17;
  const audioFrames = Math.max(1, Math.round((durationMs * sampleRate) / 1000 / samplesPerFrame));
  // The lowest MPEG-2 bitrates make frames too small to hold the Info tag; those go without it.
  const hasInfoFrame = baseFrameBytes >= 4 + sideInfoBytes + INFO_TAG_BYTES;
  const frames = audioFrames + (hasInfoFrame ? 1 : 0);
  const totalBytes = frames * baseFrameBytes + Math.floor((frames * padNumerator) / sampleRate);
  const channelMode = channels === 1 ? 0b11 : 0b00;
  return {
    sampleRate,
    channels,
    bitrate: rate,
    samplesPerFrame,
    audioFrames,
    hasInfoFrame,
    totalBytes,
    baseFrameBytes,
    padNumerator,
    // Sync, version, layer III (01), no CRC.
    headerByte1: 0xe0 | (info.versionBits << 3) | (0b01 << 1) | 1,
    headerByte2: (index << 4) | (info.samplingIndex << 2),
    headerByte3: channelMode << 6,
    sideInfoBytes,
  };
}

/** Duration of the audio frames in milliseconds (unrounded). */
export function mp3DurationMs(layout: Mp3Layout): number {
  return (layout.audioFrames * layout.samplesPerFrame * 1000) / layout.sampleRate;
}

/**
 * Writes the stream. An "Info" (CBR Xing) tag in a leading silent frame gives
 * decoders the exact frame count, so they need not estimate duration from size.
 */
export function writeMp3(layout: Mp3Layout): Uint8Array {
  const out = new Uint8Array(layout.totalBytes);
  const frames = layout.audioFrames + (layout.hasInfoFrame ? 1 : 0);
  let pos = 0;
  let acc = 0;
  for (let f = 0; f < frames; f++) {
    // Spread the fractional byte over frames the way encoders do, so the average bitrate is exact.
    acc += layout.padNumerator;
    let padding = 0;
    if (acc >= layout.sampleRate) {
      acc -= layout.sampleRate;
      padding = 1;
    }
    out[pos] = 0xff;
    out[pos + 1] = layout.headerByte1;
    out[pos + 2] = layout.headerByte2 | (padding << 1);
    out[pos + 3] = layout.headerByte3;
    if (f === 0 && layout.hasInfoFrame) {
      const view = new DataView(out.buffer, pos + 4 + layout.sideInfoBytes, INFO_TAG_BYTES);
      view.setUint32(0, 0x496e666f); // "Info"
      view.setUint32(4, 0b11); // frames and bytes fields present
      view.setUint32(8, layout.audioFrames);
      view.setUint32(12, layout.totalBytes);
    }
    pos += layout.baseFrameBytes + padding;
  }
  return out;
}
