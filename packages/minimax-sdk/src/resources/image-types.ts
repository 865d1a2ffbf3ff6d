/** Request types of `client.image` (the result is the `ImageResult` class in `image.ts`). */

import type { Uploadable } from '../core/uploads.js';
import type { ImageModel } from './literals.js';

export type { ImageModel };

/**
 * Aspect ratios (pixel sizes for image-01): 1:1 1024×1024, 16:9 1280×720, 4:3 1152×864,
 * 3:2 1248×832, 2:3 832×1248, 3:4 864×1152, 9:16 720×1280, 21:9 1344×576.
 */
export type ImageAspectRatio =
  | '1:1'
  | '16:9'
  | '4:3'
  | '3:2'
  | '2:3'
  | '3:4'
  | '9:16'
  | '21:9'
  | (string & {});

/** `url` (links valid for 24 h) or `base64` (the images inline). */
export type ImageResponseFormat = 'url' | 'base64' | (string & {});

/** A character to keep in the generated images (image-to-image). */
export interface ImageSubjectReference {
  /** Only `character` is documented. */
  type: 'character' | (string & {});
  /**
   * One image, JPG/JPEG/PNG, < 10 MB: a public URL or a base64 data URL (sent as is), or a local
   * path (Node), bytes, a Blob/File or a stream, which the SDK sends as a data URL.
   */
  image_file: Uploadable;
  [key: string]: unknown;
}

/** Style for `image-01-live`. */
export interface ImageStyle {
  /** E.g. `漫画` (comic), `元气` (lively), `中世纪` (medieval), `水彩` (watercolour). */
  style_type: '漫画' | '元气' | '中世纪' | '水彩' | (string & {});
  /** Strength in (0, 1], default 0.8. */
  style_weight?: number;
  [key: string]: unknown;
}

export interface ImageGenerateParams {
  /** What to draw, ≤ 1500 characters. */
  prompt: string;
  /** Default `image-01`. */
  model?: ImageModel;
  /** Output shape; the API lets it win over `width`/`height` (the SDK sends all it is given). */
  aspect_ratio?: ImageAspectRatio;
  /** Pixels, 512–2048, a multiple of 8; image-01 only, together with `height`. */
  width?: number;
  /** Pixels, 512–2048, a multiple of 8; image-01 only, together with `width`. */
  height?: number;
  /** `url` (default) or `base64`. */
  response_format?: ImageResponseFormat;
  /** Seed for reproducible output (a 64-bit integer; same seed and params, same images). */
  seed?: number;
  /** Number of images, 1–9 (default 1). */
  n?: number;
  /** Let the API rewrite the prompt (default false). */
  prompt_optimizer?: boolean;
  /** Characters to keep, e.g. `[{ type: 'character', image_file: 'https://…/face.jpg' }]`. */
  subject_reference?: ImageSubjectReference[];
  /** Style (`image-01-live` only). */
  style?: ImageStyle;
  /** Add an AI watermark. */
  aigc_watermark?: boolean;
}
