/** Types of `handleCallback` and `nodeCallbackHandler`: the status posts MiniMax sends to a `callback_url`. */
import type { VideoV2Task } from './video-v2-types.js';

/**
 * A V1 callback status. The platform posts them in lower case; the query's own spellings
 * (`Preparing`, `Queueing`, `Processing`, `Success`, `Fail`) are read as the same three.
 */
export type V1CallbackStatus = 'processing' | 'success' | 'failed';

/** A V2 callback status; `succeeded`, `failed` and `cancelled` are final. */
export type V2CallbackStatus = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

interface CallbackEventBase {
  /** The task the post is about. */
  task_id: string;
  /** Whether this status is the task's last one (no further post will follow for it). */
  final: boolean;
  /** The JSON body as posted, for fields this SDK does not read. */
  body: Record<string, unknown>;
}

/**
 * A status post of a V1 task: `video.create` (V1 video) and `video.templates` (Video Agent).
 *
 * @example
 * if (event.api === 'v1' && event.status === 'success') {
 *   const url = event.video_url ?? (await client.files.retrieve({ file_id: event.file_id ?? '' })).download_url;
 * }
 */
export interface V1CallbackEvent extends CallbackEventBase {
  api: 'v1';
  status: V1CallbackStatus;
  /** V1 video, once `success`: the stored MP4's file id (a string; retrieve it with `client.files.retrieve`). */
  file_id?: string;
  /** Video Agent templates, once `success`: the MP4's download URL. */
  video_url?: string;
  /** The platform's status code and message; a non-zero code says why a task `failed`. */
  base_resp?: { status_code: number; status_msg: string };
}

/**
 * A status post of a V2 task (`video.v2.create`, MiniMax-H3).
 *
 * @example
 * if (event.api === 'v2' && event.status === 'succeeded') console.log(event.url);
 */
export interface V2CallbackEvent extends CallbackEventBase {
  api: 'v2';
  status: V2CallbackStatus;
  /** The task as the post describes it (the same shape `video.v2.retrieve` answers with). */
  task: VideoV2Task;
  /** Once `succeeded`: the MP4's URL (it expires; `video.v2.retrieve` gives a fresh one). */
  url?: string;
  /** Once `failed`: the MiniMax code (as text) and why. */
  error?: { code?: string; message?: string };
}

/**
 * A task status post, told apart by `api`; `switch (event.api)` narrows `status`.
 *
 * @example
 * async function onEvent(event: CallbackEvent) {
 *   switch (event.api) {
 *     case 'v1': return saveV1(event.task_id, event.status, event.file_id);
 *     case 'v2': return saveV2(event.task_id, event.status, event.url);
 *   }
 * }
 */
export type CallbackEvent = V1CallbackEvent | V2CallbackEvent;

/** Receives each status post; its promise settles before the platform gets its answer. */
export type CallbackEventHandler = (event: CallbackEvent) => void | Promise<void>;

/** Options of `handleCallback` and `nodeCallbackHandler`. */
export interface CallbackOptions {
  /**
   * Largest body accepted, in bytes (default 256 KiB; a status post is well under 4 KiB). A
   * bigger one gets 413 and is not read further.
   */
  maxBodyBytes?: number | undefined;
  /**
   * A shared secret that must be in the callback URL's query (`?secret=…`, or the parameter named
   * by `secretParam`); requests without it get 403 and never reach `onEvent`. MiniMax signs
   * nothing, so this is the way to keep strangers out: put the secret in the `callback_url` you
   * give the platform, and keep that URL private. Compared in constant time.
   */
  secret?: string | undefined;
  /** The query parameter that carries `secret` (default `secret`). */
  secretParam?: string | undefined;
  /** Told of each challenge after it is answered (the handshake that precedes status posts). */
  onChallenge?: ((challenge: string) => void) | undefined;
  /**
   * Told when `onEvent` throws (the post is then answered 500 so the platform may post it again)
   * or when `onChallenge` throws. Default: `console.error`.
   */
  onError?: ((error: unknown) => void) | undefined;
}

/**
 * The parts of Node's `http.IncomingMessage` the Node adapter reads (any such request fits).
 * Declared here so the SDK's types need no Node typings.
 */
export interface NodeCallbackRequest {
  method?: string | undefined;
  url?: string | undefined;
  headers: Record<string, string | string[] | undefined>;
  /** Set once the body was read (by a framework's body parser, say); `body` is then used. */
  readableEnded?: boolean | undefined;
  /** A body a framework already parsed (a JSON value, a string or bytes). */
  body?: unknown;
  on(event: 'data', listener: (chunk: Uint8Array | string) => void): unknown;
  on(event: 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
  pause(): unknown;
}

/** The parts of Node's `http.ServerResponse` the Node adapter writes. */
export interface NodeCallbackResponse {
  writeHead(status: number, headers: Record<string, string>): unknown;
  end(body?: string): unknown;
  readonly headersSent?: boolean;
}
