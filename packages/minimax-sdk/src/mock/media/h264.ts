import { BitWriter } from './bits.js';

/**
 * A minimal H.264 (Constrained Baseline, CAVLC) writer for one flat-colour picture.
 *
 * Intra pictures: the top-left macroblock is I_PCM and carries the colour verbatim; every other
 * macroblock is Intra_16x16 with DC prediction and no residual, so it predicts the average of
 * its already-decoded neighbours, which is that same colour. Inter pictures consist of a single
 * mb_skip_run covering every macroblock (copy of the previous picture). That yields a genuine,
 * decodable stream of roughly one byte per macroblock per intra picture and a few bytes per inter
 * picture, with no transform or entropy coding of real pixels.
 */

export interface H264Stream {
  sps: Uint8Array;
  pps: Uint8Array;
  profileIdc: number;
  constraintFlags: number;
  levelIdc: number;
}

/** A YCbCr colour (BT.601 studio range); none of the components may be 0 (forbidden in I_PCM by older decoders). */
export interface YuvColour {
  y: number;
  cb: number;
  cr: number;
}

const PROFILE_BASELINE = 66;
/** constraint_set0 + constraint_set1: Constrained Baseline, decodable by every H.264 decoder. */
const CONSTRAINT_FLAGS = 0xc0;
/** frame_num gets 16 bits so it never wraps between the IDR pictures we emit. */
const LOG2_MAX_FRAME_NUM = 16;

const NAL_SLICE = 1;
const NAL_IDR = 5;
const NAL_SPS = 7;
const NAL_PPS = 8;

/** (MaxFS in macroblocks, level_idc) from Table A-1, smallest first. */
const LEVELS: ReadonlyArray<readonly [number, number]> = [
  [1620, 30],
  [3600, 31],
  [5120, 32],
  [8192, 40],
  [22080, 50],
  [36864, 51],
  [139264, 60],
];

function mbCount(width: number, height: number): { mbW: number; mbH: number } {
  return { mbW: Math.ceil(width / 16), mbH: Math.ceil(height / 16) };
}

/** Wraps an RBSP into a NAL unit, inserting emulation-prevention bytes. */
function nal(type: number, refIdc: number, rbsp: Uint8Array): Uint8Array {
  const out: number[] = [(refIdc << 5) | type];
  let zeros = 0;
  for (const b of rbsp) {
    if (zeros >= 2 && b <= 3) {
      out.push(3);
      zeros = 0;
    }
    out.push(b);
    zeros = b === 0 ? zeros + 1 : 0;
  }
  return Uint8Array.from(out);
}

function trailingBits(w: BitWriter): Uint8Array {
  w.bits(1, 1);
  return w.finish();
}

/** Parameter sets for a width x height stream (even sides, cropped from whole macroblocks). */
export function h264ParameterSets(width: number, height: number): H264Stream {
  const { mbW, mbH } = mbCount(width, height);
  const level = LEVELS.find(([maxFs]) => mbW * mbH <= maxFs)?.[1];
  if (level === undefined) throw new RangeError(`video frame ${width}x${height} is too large`);

  const s = new BitWriter(32);
  s.bits(PROFILE_BASELINE, 8);
  s.bits(CONSTRAINT_FLAGS, 8);
  s.bits(level, 8);
  s.ue(0); // seq_parameter_set_id
  s.ue(LOG2_MAX_FRAME_NUM - 4);
  s.ue(2); // pic_order_cnt_type 2: output order = decoding order, no POC syntax in slices
  s.ue(1); // max_num_ref_frames
  s.bit(0); // gaps_in_frame_num_value_allowed_flag
  s.ue(mbW - 1);
  s.ue(mbH - 1);
  s.bit(1); // frame_mbs_only_flag
  s.bit(1); // direct_8x8_inference_flag
  const cropRight = (mbW * 16 - width) / 2;
  const cropBottom = (mbH * 16 - height) / 2;
  const crop = cropRight > 0 || cropBottom > 0;
  s.bit(crop);
  if (crop) {
    // Offsets are in 2-pixel units for 4:2:0 frames.
    s.ue(0);
    s.ue(cropRight);
    s.ue(0);
    s.ue(cropBottom);
  }
  s.bit(0); // vui_parameters_present_flag: timing comes from the container
  const sps = nal(NAL_SPS, 3, trailingBits(s));

  const p = new BitWriter(8);
  p.ue(0); // pic_parameter_set_id
  p.ue(0); // seq_parameter_set_id
  p.bit(0); // entropy_coding_mode_flag: CAVLC
  p.bit(0); // bottom_field_pic_order_in_frame_present_flag
  p.ue(0); // num_slice_groups_minus1
  p.ue(0); // num_ref_idx_l0_default_active_minus1
  p.ue(0); // num_ref_idx_l1_default_active_minus1
  p.bit(0); // weighted_pred_flag
  p.bits(0, 2); // weighted_bipred_idc
  p.se(0); // pic_init_qp_minus26
  p.se(0); // pic_init_qs_minus26
  p.se(0); // chroma_qp_index_offset
  p.bit(1); // deblocking_filter_control_present_flag, so slices can switch the filter off
  p.bit(0); // constrained_intra_pred_flag
  p.bit(0); // redundant_pic_cnt_present_flag
  const pps = nal(NAL_PPS, 3, trailingBits(p));

  return { sps, pps, profileIdc: PROFILE_BASELINE, constraintFlags: CONSTRAINT_FLAGS, levelIdc: level };
}

/**
 * coeff_token for TotalCoeff = 0, TrailingOnes = 0 by nC range (Table 9-5).
 * An I_PCM neighbour counts as nC = 16; an Intra_16x16 neighbour without AC coefficients as 0.
 */
function writeEmptyCoeffToken(w: BitWriter, nC: number): void {
  if (nC < 2) w.bits(0b1, 1);
  else if (nC < 4) w.bits(0b11, 2);
  else if (nC < 8) w.bits(0b1111, 4);
  else w.bits(0b000011, 6);
}

function sliceHeader(w: BitWriter, idr: boolean, frameNum: number, idrPicId: number): void {
  w.ue(0); // first_mb_in_slice
  w.ue(idr ? 7 : 5); // slice_type I or P (+5: all slices of the picture share it)
  w.ue(0); // pic_parameter_set_id
  w.bits(frameNum, LOG2_MAX_FRAME_NUM);
  if (idr) w.ue(idrPicId);
  if (!idr) {
    w.bit(0); // num_ref_idx_active_override_flag
    w.bit(0); // ref_pic_list_modification_flag_l0
  }
  // dec_ref_pic_marking (every picture is a reference)
  if (idr) {
    w.bit(0); // no_output_of_prior_pics_flag
    w.bit(0); // long_term_reference_flag
  } else {
    w.bit(0); // adaptive_ref_pic_marking_mode_flag: sliding window
  }
  w.se(0); // slice_qp_delta
  w.ue(1); // disable_deblocking_filter_idc: a flat picture has no edges worth filtering
}

/** One IDR picture of a flat colour, as a NAL unit. */
export function h264IdrPicture(
  width: number,
  height: number,
  colour: YuvColour,
  idrPicId: number,
): Uint8Array {
  const { mbW, mbH } = mbCount(width, height);
  const w = new BitWriter(mbW * mbH + 512);
  sliceHeader(w, true, 0, idrPicId);
  for (let mby = 0; mby < mbH; mby++) {
    for (let mbx = 0; mbx < mbW; mbx++) {
      if (mbx === 0 && mby === 0) {
        w.ue(25); // I_PCM
        w.alignZero();
        for (let i = 0; i < 256; i++) w.bits(colour.y, 8);
        for (let i = 0; i < 64; i++) w.bits(colour.cb, 8);
        for (let i = 0; i < 64; i++) w.bits(colour.cr, 8);
        continue;
      }
      w.ue(3); // I_16x16_2_0_0: DC prediction, no coded luma AC or chroma
      w.ue(0); // intra_chroma_pred_mode: DC
      w.se(0); // mb_qp_delta
      // Only the Intra16x16 DC block is coded; its nC comes from the left/top neighbours.
      const left = mbx > 0 ? (mbx === 1 && mby === 0 ? 16 : 0) : undefined;
      const top = mby > 0 ? (mby === 1 && mbx === 0 ? 16 : 0) : undefined;
      const nC =
        left !== undefined && top !== undefined
          ? (left + top + 1) >> 1
          : left !== undefined
            ? left
            : (top ?? 0);
      writeEmptyCoeffToken(w, nC);
    }
  }
  return nal(NAL_IDR, 3, trailingBits(w));
}

/** One P picture that repeats the previous picture (every macroblock skipped), as a NAL unit. */
export function h264SkipPicture(width: number, height: number, frameNum: number): Uint8Array {
  const { mbW, mbH } = mbCount(width, height);
  const w = new BitWriter(16);
  sliceHeader(w, false, frameNum, 0);
  w.ue(mbW * mbH); // mb_skip_run
  return nal(NAL_SLICE, 2, trailingBits(w));
}
