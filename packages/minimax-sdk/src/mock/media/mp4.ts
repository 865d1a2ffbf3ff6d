import { ByteWriter } from './bits.js';
import { h264IdrPicture, h264ParameterSets, h264SkipPicture, type YuvColour } from './h264.js';
import { resolutionSize } from './sizes.js';

/**
 * An ISO BMFF (MP4) file built box by box: an H.264 video track (a flat-colour picture
 * at 24 fps, key frame every 2 s) and a silent AAC-LC audio track of the same length.
 * The audio track is there because many tools, music-metadata among them, take the file's
 * duration from its audio track.
 */

const FPS = 24;
/** 512 ticks per frame at 24 fps, the time base ffmpeg picks for such streams. */
const VIDEO_TIMESCALE = 12288;
const GOP_FRAMES = 2 * FPS;
const AUDIO_RATE = 48000;
const AAC_FRAME_SAMPLES = 1024;
const MOVIE_TIMESCALE = 1000;
const MAX_DURATION_S = 3600;
const DEFAULT_RESOLUTION = '768P';

/** A muted steel blue (RGB 40, 90, 160) in BT.601 studio-range YCbCr. */
const COLOUR: YuvColour = { y: 87, cb: 166, cr: 101 };

/**
 * One raw AAC-LC frame of silence for a mono stream: a single-channel element with global_gain
 * 160, a long window, max_sfb = 0 (so no section, scale-factor or spectral data) and no
 * pulse/TNS/gain-control data, followed by the END element.
 */
const SILENT_AAC_FRAME = new Uint8Array([0x01, 0x40, 0x20, 0x07]);
/** AudioSpecificConfig: object type 2 (AAC LC), sampling index 3 (48 kHz), 1 channel. */
const AAC_CONFIG = new Uint8Array([0x11, 0x88]);

const UNITY_MATRIX = [0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000];
/** ISO-639-2 "und" packed into three 5-bit letters. */
const LANGUAGE_UND = 0x55c4;

type Body = (w: ByteWriter) => void;

function box(w: ByteWriter, type: string, body: Body): void {
  const at = w.length;
  w.u32(0).ascii(type);
  body(w);
  w.patchU32(at, w.length - at);
}

function fullBox(w: ByteWriter, type: string, version: number, flags: number, body: Body): void {
  box(w, type, (b) => {
    b.u8(version).u24(flags);
    body(b);
  });
}

function matrix(w: ByteWriter): void {
  for (const v of UNITY_MATRIX) w.u32(v);
}

interface Track {
  id: number;
  kind: 'video' | 'audio';
  timescale: number;
  /** Media duration in the track's timescale. */
  duration: number;
  /** Run-length (count, delta) pairs for stts. */
  timeToSample: Array<[number, number]>;
  sampleSizes: number[];
  /** 1-based sync samples; undefined means every sample is a sync sample. */
  syncSamples?: number[];
  chunkOffset: number;
  sampleEntry: Body;
}

function trak(w: ByteWriter, t: Track, movieDuration: number, width: number, height: number): void {
  const video = t.kind === 'video';
  box(w, 'trak', (w) => {
    fullBox(w, 'tkhd', 0, 0b11, (w) => {
      // enabled + in movie
      w.u32(0).u32(0).u32(t.id).u32(0).u32(movieDuration).zeros(8);
      w.u16(0)
        .u16(0)
        .u16(video ? 0 : 0x0100)
        .u16(0);
      matrix(w);
      w.u32(video ? width * 65536 : 0).u32(video ? height * 65536 : 0);
    });
    box(w, 'mdia', (w) => {
      fullBox(w, 'mdhd', 0, 0, (w) => {
        w.u32(0).u32(0).u32(t.timescale).u32(t.duration).u16(LANGUAGE_UND).u16(0);
      });
      fullBox(w, 'hdlr', 0, 0, (w) => {
        w.u32(0)
          .ascii(video ? 'vide' : 'soun')
          .zeros(12)
          .ascii(video ? 'VideoHandler' : 'SoundHandler')
          .u8(0);
      });
      box(w, 'minf', (w) => {
        if (video) fullBox(w, 'vmhd', 0, 1, (w) => w.zeros(8));
        else fullBox(w, 'smhd', 0, 0, (w) => w.zeros(4));
        box(w, 'dinf', (w) => {
          fullBox(w, 'dref', 0, 0, (w) => {
            w.u32(1);
            fullBox(w, 'url ', 0, 1, () => {}); // flag 1: media is in this file
          });
        });
        box(w, 'stbl', (w) => {
          fullBox(w, 'stsd', 0, 0, (w) => {
            w.u32(1);
            t.sampleEntry(w);
          });
          fullBox(w, 'stts', 0, 0, (w) => {
            w.u32(t.timeToSample.length);
            for (const [count, delta] of t.timeToSample) w.u32(count).u32(delta);
          });
          if (t.syncSamples) {
            const sync = t.syncSamples;
            fullBox(w, 'stss', 0, 0, (w) => {
              w.u32(sync.length);
              for (const n of sync) w.u32(n);
            });
          }
          fullBox(w, 'stsc', 0, 0, (w) => w.u32(1).u32(1).u32(t.sampleSizes.length).u32(1));
          fullBox(w, 'stsz', 0, 0, (w) => {
            const first = t.sampleSizes[0] ?? 0;
            if (t.sampleSizes.every((s) => s === first)) {
              w.u32(first).u32(t.sampleSizes.length);
            } else {
              w.u32(0).u32(t.sampleSizes.length);
              for (const s of t.sampleSizes) w.u32(s);
            }
          });
          fullBox(w, 'stco', 0, 0, (w) => w.u32(1).u32(t.chunkOffset));
        });
      });
    });
  });
}

function avc1Entry(width: number, height: number, params: ReturnType<typeof h264ParameterSets>): Body {
  return (w) =>
    box(w, 'avc1', (w) => {
      w.zeros(6).u16(1); // reserved, data_reference_index
      w.zeros(16); // pre_defined / reserved
      w.u16(width).u16(height);
      w.u32(0x00480000).u32(0x00480000); // 72 dpi
      w.u32(0).u16(1); // reserved, frame_count
      const name = 'MiniMax mock AVC';
      w.u8(name.length)
        .ascii(name)
        .zeros(31 - name.length);
      w.u16(0x0018).u16(0xffff); // depth, pre_defined = -1
      box(w, 'avcC', (w) => {
        w.u8(1).u8(params.profileIdc).u8(params.constraintFlags).u8(params.levelIdc);
        w.u8(0xff); // 4-byte NAL length prefixes
        w.u8(0xe1).u16(params.sps.length).bytes(params.sps);
        w.u8(1).u16(params.pps.length).bytes(params.pps);
      });
    });
}

/** MPEG-4 descriptor: tag, one-byte length (all ours are < 128 bytes), payload. */
function descriptor(tag: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(2 + payload.length);
  out[0] = tag;
  out[1] = payload.length;
  out.set(payload, 2);
  return out;
}

function mp4aEntry(bitrate: number): Body {
  return (w) =>
    box(w, 'mp4a', (w) => {
      w.zeros(6).u16(1); // reserved, data_reference_index
      w.zeros(8); // version, revision, vendor
      w.u16(1).u16(16).u16(0).u16(0); // channels, sample size, pre_defined, reserved
      w.u32(AUDIO_RATE * 65536);
      fullBox(w, 'esds', 0, 0, (w) => {
        const config = new ByteWriter(16)
          .u8(0x40) // object type: MPEG-4 audio
          .u8((0x05 << 2) | 1) // stream type: audio
          .u24(SILENT_AAC_FRAME.length)
          .u32(bitrate)
          .u32(bitrate)
          .bytes(descriptor(0x05, AAC_CONFIG))
          .finish();
        const es = new ByteWriter(32)
          .u16(2) // ES_ID
          .u8(0)
          .bytes(descriptor(0x04, config))
          .bytes(descriptor(0x06, new Uint8Array([0x02]))) // SL config: MP4 predefined
          .finish();
        w.bytes(descriptor(0x03, es));
      });
    });
}

/**
 * A real MP4 (ISO BMFF) video: H.264 Constrained Baseline, 24 fps, a flat colour picture of
 * the size `resolutionSize(resolution)` gives (default "768P", 1366x768), plus a silent mono
 * AAC track. Its duration is `durationS` rounded to a whole frame (1/24 s), as reported by the
 * mvhd/tkhd/mdhd boxes and the sample tables alike. Deterministic; about 1 byte per 16x16 block
 * per key frame (every 2 s), so a 10 s 1080P file is about 50 KB.
 */
export function videoMp4(durationS: number, resolution: string = DEFAULT_RESOLUTION): Uint8Array {
  if (!Number.isFinite(durationS) || durationS <= 0 || durationS > MAX_DURATION_S) {
    throw new RangeError(`durationS must be in (0, ${MAX_DURATION_S}]; got ${durationS}`);
  }
  const { width, height } = resolutionSize(resolution);
  const params = h264ParameterSets(width, height);
  const frames = Math.max(1, Math.round(durationS * FPS));

  const idrPictures = [0, 1].map((id) => h264IdrPicture(width, height, COLOUR, id));
  const videoSamples: Uint8Array[] = [];
  const syncSamples: number[] = [];
  for (let i = 0; i < frames; i++) {
    const posInGop = i % GOP_FRAMES;
    let picture: Uint8Array;
    if (posInGop === 0) {
      // Consecutive IDR pictures must carry different idr_pic_id values.
      picture = idrPictures[(i / GOP_FRAMES) % 2]!;
      syncSamples.push(i + 1);
    } else {
      picture = h264SkipPicture(width, height, posInGop);
    }
    const sample = new Uint8Array(4 + picture.length);
    new DataView(sample.buffer).setUint32(0, picture.length);
    sample.set(picture, 4);
    videoSamples.push(sample);
  }
  const videoBytes = videoSamples.reduce((n, s) => n + s.length, 0);
  const frameTicks = VIDEO_TIMESCALE / FPS;

  // Audio covers exactly the video's span; the last AAC frame is shortened via its stts delta.
  const audioSamplesTotal = (frames * AUDIO_RATE) / FPS;
  const aacFrames = Math.ceil(audioSamplesTotal / AAC_FRAME_SAMPLES);
  const lastDelta = audioSamplesTotal - (aacFrames - 1) * AAC_FRAME_SAMPLES;
  const fullAacFrames = lastDelta === AAC_FRAME_SAMPLES ? aacFrames : aacFrames - 1;
  const audioTiming: Array<[number, number]> = [];
  if (fullAacFrames > 0) audioTiming.push([fullAacFrames, AAC_FRAME_SAMPLES]);
  if (fullAacFrames < aacFrames) audioTiming.push([1, lastDelta]);
  const audioBytes = aacFrames * SILENT_AAC_FRAME.length;
  const audioBitrate = Math.round((SILENT_AAC_FRAME.length * 8 * AUDIO_RATE) / AAC_FRAME_SAMPLES);
  const movieDuration = Math.round((frames * MOVIE_TIMESCALE) / FPS);

  const buildMoov = (mdatPayloadOffset: number): Uint8Array => {
    const tracks: Track[] = [
      {
        id: 1,
        kind: 'video',
        timescale: VIDEO_TIMESCALE,
        duration: frames * frameTicks,
        timeToSample: [[frames, frameTicks]],
        sampleSizes: videoSamples.map((s) => s.length),
        syncSamples,
        chunkOffset: mdatPayloadOffset,
        sampleEntry: avc1Entry(width, height, params),
      },
      {
        id: 2,
        kind: 'audio',
        timescale: AUDIO_RATE,
        duration: audioSamplesTotal,
        timeToSample: audioTiming,
        sampleSizes: new Array<number>(aacFrames).fill(SILENT_AAC_FRAME.length),
        chunkOffset: mdatPayloadOffset + videoBytes,
        sampleEntry: mp4aEntry(audioBitrate),
      },
    ];
    const w = new ByteWriter(4096 + frames * 8);
    box(w, 'moov', (w) => {
      fullBox(w, 'mvhd', 0, 0, (w) => {
        w.u32(0).u32(0).u32(MOVIE_TIMESCALE).u32(movieDuration);
        w.u32(0x00010000).u16(0x0100).zeros(10); // rate 1.0, volume 1.0, reserved
        matrix(w);
        w.zeros(24).u32(tracks.length + 1); // pre_defined, next_track_ID
      });
      for (const t of tracks) trak(w, t, movieDuration, width, height);
    });
    return w.finish();
  };

  const ftyp = new ByteWriter(32);
  box(ftyp, 'ftyp', (w) => w.ascii('isom').u32(0x200).ascii('isomiso2avc1mp41'));
  const ftypBytes = ftyp.finish();
  // moov's size does not depend on the offsets it stores, so a dry run fixes the layout.
  const moovSize = buildMoov(0).length;
  const moov = buildMoov(ftypBytes.length + moovSize + 8);

  const out = new ByteWriter(ftypBytes.length + moov.length + 8 + videoBytes + audioBytes);
  out.bytes(ftypBytes).bytes(moov);
  out.u32(8 + videoBytes + audioBytes).ascii('mdat');
  for (const s of videoSamples) out.bytes(s);
  for (let i = 0; i < aacFrames; i++) out.bytes(SILENT_AAC_FRAME);
  return out.finish();
}
