import type { Uploadable } from '../core/uploads.js';

/** `vision.describe` params: an image and a question about it (`POST /v1/coding_plan/vlm`). */
export interface VisionDescribeParams {
  /** What to ask about the image, e.g. `Describe the image.` or `What error is shown?`. */
  prompt: string;
  /**
   * The image: an `https://` URL or a data URI (sent as given), or a local path, bytes, a Blob or
   * a stream (read and sent inline as a data URI typed by its first bytes). Sent as `image_url`.
   */
  image: string | Uploadable;
}

/** The answer of `vision.describe`. */
export interface VisionDescription {
  /** The model's answer about the image. */
  content: string;
  trace_id?: string;
}
