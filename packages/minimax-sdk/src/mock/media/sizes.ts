import { ownEntry } from '../../core/errors.js';

/** Image sizes per aspect ratio, as the image_generation endpoint documents them. */
const ASPECT_RATIOS: Readonly<Record<string, { width: number; height: number }>> = {
  '1:1': { width: 1024, height: 1024 },
  '16:9': { width: 1280, height: 720 },
  '4:3': { width: 1152, height: 864 },
  '3:2': { width: 1248, height: 832 },
  '2:3': { width: 832, height: 1248 },
  '3:4': { width: 864, height: 1152 },
  '9:16': { width: 720, height: 1280 },
  '21:9': { width: 1344, height: 576 },
};

/** The ratios `aspectRatioSize` knows, in the order of the API table. */
export const ASPECT_RATIO_NAMES: readonly string[] = Object.keys(ASPECT_RATIOS);

/**
 * Width/height of an image for an aspect ratio, as the platform documents it
 * ("1:1" -> 1024x1024, "16:9" -> 1280x720, ..., "21:9" -> 1344x576).
 * Throws RangeError for a ratio the API does not offer.
 */
export function aspectRatioSize(ratio: string): { width: number; height: number } {
  const size = ownEntry(ASPECT_RATIOS, ratio.trim());
  if (!size) {
    throw new RangeError(`unknown aspect ratio "${ratio}"; expected one of ${ASPECT_RATIO_NAMES.join(', ')}`);
  }
  return { ...size };
}

const NAMED_RESOLUTIONS: Readonly<Record<string, { width: number; height: number }>> = {
  '2K': { width: 2560, height: 1440 },
  '4K': { width: 3840, height: 2160 },
};

/** Video sides must be even: 4:2:0 chroma cannot represent an odd crop. */
const MAX_VIDEO_SIDE = 4096;

/**
 * Frame size for a video resolution label. "<N>P" is a 16:9 frame N pixels high with the width
 * rounded to an even number, which gives the sizes MiniMax returns: "512P" -> 910x512,
 * "720P" -> 1280x720, "768P" -> 1366x768, "1080P" -> 1920x1080. Also accepts "2K", "4K" and an
 * explicit "WIDTHxHEIGHT" (the form the old SDK docstrings used). Sides must be even and at most
 * 4096; anything else throws RangeError.
 */
export function resolutionSize(resolution: string): { width: number; height: number } {
  const label = resolution.trim().toUpperCase();
  let size = NAMED_RESOLUTIONS[label];
  if (!size) {
    const p = /^(\d{2,4})P$/.exec(label);
    const wh = /^(\d{2,4})\s*[X*×]\s*(\d{2,4})$/.exec(label);
    if (p) {
      const height = Number(p[1]);
      size = { width: 2 * Math.round((height * 16) / 9 / 2), height };
    } else if (wh) {
      size = { width: Number(wh[1]), height: Number(wh[2]) };
    }
  }
  if (
    !size ||
    size.width % 2 !== 0 ||
    size.height % 2 !== 0 ||
    size.width < 16 ||
    size.height < 16 ||
    size.width > MAX_VIDEO_SIDE ||
    size.height > MAX_VIDEO_SIDE
  ) {
    throw new RangeError(
      `unsupported video resolution "${resolution}"; expected e.g. 512P, 720P, 768P, 1080P, 2K or 1280x720 (even sides, 16-${MAX_VIDEO_SIDE})`,
    );
  }
  return { ...size };
}
