/** Request and result types of `client.video.templates` (the Video Agent API). */
import type { Uploadable } from '../core/uploads.js';

/**
 * A template id from MiniMax's "Video Agent Template List" page, e.g. `392747428568649728`
 * (Diving) or `393769180141805569` (Run for Life). Each template says which text and media
 * inputs it needs.
 */
export type VideoTemplateId = '392747428568649728' | '393769180141805569' | (string & {});

/** Template task statuses; `Success` and `Fail` are final. */
export type VideoTemplateStatus =
  | 'Preparing'
  | 'Queueing'
  | 'Processing'
  | 'Success'
  | 'Fail'
  | (string & {});

/** One text slot of a template (a name, a slogan…), in the template's order. */
export interface VideoTemplateTextInput {
  /** The text for this slot. */
  value: string;
  [key: string]: unknown;
}

/**
 * One media slot of a template (usually a photo), in the template's order: an `http(s)://` URL or
 * a `data:` URI (sent as is), or a local path (Node), bytes, a Blob/File or a stream, which the
 * SDK sends as a base64 data URI.
 */
export interface VideoTemplateMediaInput {
  /** The media for this slot: a URL or data URI, or a local input (inlined as a data URI). */
  value: Uploadable;
  [key: string]: unknown;
}

/** `POST /v1/video_template_generation`. */
export interface VideoTemplateCreateParams {
  /** Which template (see the Video Agent Template List). */
  template_id: VideoTemplateId;
  /** The template's text slots, in order. */
  text_inputs?: VideoTemplateTextInput[];
  /** The template's media slots, in order. */
  media_inputs?: VideoTemplateMediaInput[];
  /** Called on status changes; see `handleCallback` and the platform docs for the handshake. */
  callback_url?: string;
  [key: string]: unknown;
}

/** `create` answer. */
export interface VideoTemplateCreateResponse {
  /** The task to poll. */
  task_id: string;
  base_resp?: { status_code: number; status_msg: string };
  trace_id?: string;
  [key: string]: unknown;
}

/** `{ task_id }` of a template task. */
export interface VideoTemplateTaskRef {
  /** The task `create` returned (or one created elsewhere). */
  task_id: string;
}

/** `query` answer: on success `video_url` is set directly (no file id to resolve). */
export interface VideoTemplateQueryResponse {
  task_id?: string;
  status: VideoTemplateStatus;
  /** Set once the task succeeded: where the MP4 is (another host; no key is sent there). */
  video_url?: string;
  base_resp?: { status_code: number; status_msg: string };
  trace_id?: string;
  [key: string]: unknown;
}
