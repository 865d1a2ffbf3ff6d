/** Request and result types of `client.video.v2` (MiniMax-H3). */
import type { Uploadable } from '../core/uploads.js';
import type { VideoV2Model } from './video-types.js';

/** Output resolution: `768P` or `2K` for MiniMax-H3, `480P` or `768P` for MiniMax-H3-Max. */
export type VideoV2Resolution = '480P' | '768P' | '2K' | (string & {});

/** Aspect ratio; `adaptive` (the default) follows the input media. Text-only videos need a concrete one. */
export type VideoV2Ratio = 'adaptive' | '21:9' | '16:9' | '4:3' | '1:1' | '3:4' | '9:16' | (string & {});

/** V2 task statuses; `succeeded`, `failed` and `cancelled` are final. */
export type VideoV2Status = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled' | (string & {});

/**
 * A media input: a public `https://` URL, a `data:` URI or an `mm_file://{file_id}` reference are
 * sent as they are; a local path (Node), bytes, a Blob/File or a stream are read and sent as a
 * base64 data URI, or uploaded (purpose `video_generation_input`) and sent as `mm_file://…` when
 * larger than the inline limit.
 */
export type VideoV2MediaInput = Uploadable;

/** The prompt: exactly one non-empty text item, ≤ 7000 characters. */
export interface VideoV2TextItem {
  /** A text item. */
  type: 'text';
  /** What the video shows, non-empty, ≤ 7000 characters. */
  text: string;
}

/** An image: a frame (`first_frame`, `last_frame`) or one of up to 9 `reference_image`s. */
export interface VideoV2ImageItem {
  /** An image item. */
  type: 'image_url';
  /** The image: a public URL, `mm_file://{file_id}` or a data URI, or a local input (see `VideoV2MediaInput`). */
  image_url: { url: VideoV2MediaInput };
  /** A frame the video starts or ends on, or a reference (never both kinds in one request). */
  role: 'first_frame' | 'last_frame' | 'reference_image';
}

/** A reference video: up to 3, 15 s in all. */
export interface VideoV2VideoItem {
  /** A video item. */
  type: 'video_url';
  /** The video: a public URL, `mm_file://{file_id}` or a data URI, or a local input (see `VideoV2MediaInput`). */
  video_url: { url: VideoV2MediaInput };
  /** Always `reference_video` (MiniMax-H3 only). */
  role: 'reference_video';
}

/** A reference audio: up to 3, 15 s in all, and never the only reference. */
export interface VideoV2AudioItem {
  /** An audio item. */
  type: 'audio_url';
  /** The audio: a public URL, `mm_file://{file_id}` or a data URI, or a local input (see `VideoV2MediaInput`). */
  audio_url: { url: VideoV2MediaInput };
  /** Always `reference_audio` (MiniMax-H3 only, with a reference image or video). */
  role: 'reference_audio';
}

/**
 * One `content[]` item. Rules checked before any request: exactly one text item; at most one of
 * each frame; ≤ 9 reference images, ≤ 3 reference videos, ≤ 3 reference audios; frame roles and
 * reference roles never mixed; reference audio only with a reference image or video.
 */
export type VideoV2ContentItem = VideoV2TextItem | VideoV2ImageItem | VideoV2VideoItem | VideoV2AudioItem;

/** `POST /v2/video_generation`. Every other key is sent as given. */
export interface VideoV2CreateParams {
  /** `MiniMax-H3` (default; 768P/2K, 4–15 s, every role) or `MiniMax-H3-Max` (480P/768P, 5–15 s, text and frames only). */
  model?: VideoV2Model;
  /** The prompt and the media, see `VideoV2ContentItem`. */
  content: VideoV2ContentItem[];
  /** `768P` or `2K` (MiniMax-H3), `480P` or `768P` (MiniMax-H3-Max). */
  resolution?: VideoV2Resolution;
  /** Seconds: 4–15 (H3), 5–15 (H3-Max). */
  duration?: number;
  /**
   * `adaptive` (default: follows the input media), `21:9`, `16:9`, `4:3`, `1:1`, `3:4` or `9:16`;
   * a text-only video needs a concrete ratio.
   */
  ratio?: VideoV2Ratio;
  /** Called with `{task_id, status}` on every status change (see `handleCallback`). */
  callback_url?: string;
  [key: string]: unknown;
}

/** `create` answer. */
export interface VideoV2CreateResponse {
  task_id: string;
  trace_id?: string;
  [key: string]: unknown;
}

export interface VideoV2TaskRef {
  /** A task created earlier (by `create`, another process, or a call that timed out). */
  task_id: string;
}

/** Token and second counts the API bills for. */
export interface VideoV2Usage {
  [key: string]: unknown;
}

/** A V2 task as `retrieve` and `list` describe it. */
export interface VideoV2Task {
  /** The task id (`""` when the API sent none). */
  id: string;
  status: VideoV2Status;
  model?: string;
  /** Once succeeded: `url` of the MP4 (it expires; `retrieve` again for a fresh one). */
  content?: { url?: string; [key: string]: unknown };
  usage?: VideoV2Usage;
  /** Once failed: the MiniMax code (as text) and why. */
  error?: { code?: string; message?: string; [key: string]: unknown };
  [key: string]: unknown;
}

/** `retrieve` answer. */
export interface VideoV2RetrieveResponse {
  task: VideoV2Task;
  trace_id?: string;
  [key: string]: unknown;
}

/** `GET /v2/query/video_generation` filters (only the last 7 days are kept). */
export interface VideoV2ListParams {
  /** 1-based page. */
  page?: number;
  /** Tasks per page. */
  page_size?: number;
  /** Only tasks in this status. */
  status?: VideoV2Status;
  /** Only tasks of this model. */
  model?: VideoV2Model;
  /** e.g. `t2v`, `i2v`, `r2v`. */
  task_type?: string;
  /** Only these tasks (sent comma-separated). */
  task_ids?: string[] | string;
  [key: string]: unknown;
}

/** `list` answer. */
export interface VideoV2ListResponse {
  tasks: VideoV2Task[];
  total?: number;
  page?: number;
  trace_id?: string;
  [key: string]: unknown;
}

/** `delete` answer. */
export interface VideoV2DeleteResponse {
  task_id: string;
  trace_id?: string;
  [key: string]: unknown;
}
