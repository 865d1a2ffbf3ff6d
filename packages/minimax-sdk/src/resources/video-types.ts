/** Request and result types of `client.video`. */
import type { Uploadable } from '../core/uploads.js';

import type { VideoModel, VideoV2Model } from './literals.js';

export type { VideoModel, VideoV2Model };

/** Output resolution. `768P` is the Hailuo default, `720P` the 01 models'; `512P` is Hailuo-02 image-to-video only. */
export type VideoResolution = '512P' | '720P' | '768P' | '1080P' | (string & {});

/** Task statuses; `Success` and `Fail` are final. */
export type VideoTaskStatus = 'Preparing' | 'Queueing' | 'Processing' | 'Success' | 'Fail' | (string & {});

/**
 * An image for a video frame or subject: an `http(s)://` URL or a `data:` URI (sent as is), or a
 * local path (Node), bytes, a Blob/File or a stream, which the SDK sends as a base64 data URI.
 * JPG/JPEG/PNG/WebP, < 20 MB, short side > 300 px, aspect ratio between 2:5 and 5:2.
 */
export type VideoImageInput = Uploadable;

/** A character whose likeness the video keeps (`S2V-01`). */
export interface VideoSubjectReference {
  /** Only `character` is documented. */
  type: 'character' | (string & {});
  /** One image of the character (the API takes a list holding one image). */
  image: VideoImageInput[] | VideoImageInput;
  [key: string]: unknown;
}

/** Fields shared by the generation methods. */
interface VideoCommonParams {
  /**
   * What happens, ≤ 2000 characters. Camera moves go in brackets, up to 3 per bracket:
   * `[Truck left]`, `[Pan right]`, `[Push in]`, `[Pull out]`, `[Pedestal up]`, `[Tilt down]`,
   * `[Zoom in]`, `[Shake]`, `[Tracking shot]`, `[Static shot]`.
   */
  prompt?: string;
  /** Let the API rewrite the prompt for better results (default true). */
  prompt_optimizer?: boolean;
  /** Called with `{task_id, status, file_id, base_resp}` on status changes; see the platform docs for the handshake. */
  callback_url?: string;
}

/** Fields of the frame-based generation methods. */
interface VideoTimingParams {
  /** Shorten the optimizer's pre-processing (Hailuo-2.3, 2.3-Fast and 02 with `prompt_optimizer`; default false). */
  fast_pretreatment?: boolean;
  /** Seconds: 6 (default) or 10 (Hailuo at 768P; 02 also at 512P); 1080P and the 01 models: 6 only. */
  duration?: 6 | 10 | (number & {});
  /** Output resolution, e.g. `768P`, `1080P` (the API's default when omitted). */
  resolution?: VideoResolution;
}

export interface VideoTextToVideoParams extends VideoCommonParams, VideoTimingParams {
  /** What happens, ≤ 2000 characters; camera moves in brackets (see `VideoCommonParams.prompt`). */
  prompt: string;
  /** Default `MiniMax-Hailuo-2.3`. */
  model?: VideoModel;
}

export interface VideoImageToVideoParams extends VideoCommonParams, VideoTimingParams {
  /** The first frame; the video follows its aspect ratio. */
  first_frame_image: VideoImageInput;
  /** Default `MiniMax-Hailuo-2.3`. */
  model?: VideoModel;
}

export interface VideoFramesToVideoParams extends VideoCommonParams, VideoTimingParams {
  /** The last frame (required). */
  last_frame_image: VideoImageInput;
  /** The first frame (optional). */
  first_frame_image?: VideoImageInput;
  /** Default `MiniMax-Hailuo-02` (768P and 1080P only). */
  model?: VideoModel;
}

export interface VideoSubjectToVideoParams extends VideoCommonParams {
  /** The character to keep, e.g. `[{ type: 'character', image: ['https://…/face.jpg'] }]`. */
  subject_reference: VideoSubjectReference[];
  /** Seconds: the 01 models make 6. Sent only when set (the API's default otherwise). */
  duration?: 6 | (number & {});
  /** `720P` for the 01 models. Sent only when set (the API's default otherwise). */
  resolution?: VideoResolution;
  /** Default `S2V-01`. */
  model?: VideoModel;
}

/**
 * The low-level create body: every documented field, plus any other key, sent as given. Image
 * fields accept the same inputs as the high-level methods.
 */
export interface VideoCreateParams extends VideoCommonParams, VideoTimingParams {
  /**
   * Text to video: `MiniMax-Hailuo-2.3`, `MiniMax-Hailuo-02`, `T2V-01-Director`, `T2V-01`; image
   * to video: those Hailuo models, `MiniMax-Hailuo-2.3-Fast`, `I2V-01-Director`, `I2V-01-live`,
   * `I2V-01`; first and last frame: `MiniMax-Hailuo-02`; subject reference: `S2V-01`.
   */
  model: VideoModel;
  /** The first frame (image to video); the video follows its aspect ratio. */
  first_frame_image?: VideoImageInput;
  /** The last frame (first and last frame to video, `MiniMax-Hailuo-02` at 768P or 1080P). */
  last_frame_image?: VideoImageInput;
  /** The character to keep (`S2V-01`): `[{ type: 'character', image: [one image] }]`. */
  subject_reference?: VideoSubjectReference[];
  /** Add a visible AI watermark. */
  aigc_watermark?: boolean;
  [key: string]: unknown;
}

/** `create` answer. */
export interface VideoCreateResponse {
  /** The task to poll (`""` if the API sent none). */
  task_id: string;
  base_resp?: { status_code: number; status_msg: string };
  trace_id?: string;
  [key: string]: unknown;
}

export interface VideoQueryParams {
  /** The task `create` returned. */
  task_id: string;
}

/** `query` answer. */
export interface VideoQueryResponse {
  task_id?: string;
  status: VideoTaskStatus;
  /** Set once the task succeeded: the video's file id, for `files.retrieve`. */
  file_id?: string;
  /** Pixels, once the task succeeded. */
  video_width?: number;
  video_height?: number;
  base_resp?: { status_code: number; status_msg: string };
  trace_id?: string;
  [key: string]: unknown;
}

export interface VideoWaitParams {
  /** A task created earlier (by `create` or elsewhere). */
  task_id: string;
}

/** A finished video. */
export interface VideoResult {
  task_id: string;
  /** The final status (`Success`). */
  status: VideoTaskStatus;
  /** The video's file id. */
  file_id: string;
  /** Where to download the MP4; valid for about an hour (`files.retrieve` again for a fresh one). */
  download_url: string | null;
  /** Pixels (0 when the API did not say). */
  video_width: number;
  video_height: number;
  trace_id?: string;
}
