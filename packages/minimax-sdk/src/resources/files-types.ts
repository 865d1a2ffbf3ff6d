/** Request and result types of `client.files`. */
import type { Uploadable } from '../core/uploads.js';

/**
 * A file id. The API uses 64-bit integers, which can exceed `Number.MAX_SAFE_INTEGER`, so ids are
 * returned as strings; a string, a safe integer or a bigint is accepted.
 */
export type FileId = string | number | bigint;

/**
 * Upload purposes the SDK accepts (checked before any request): voice samples (`voice_clone`,
 * 10 s – 5 min; `prompt_audio`, < 8 s), long-text speech input (`t2a_async_input`), and media for
 * video generation (`video_generation_input`: images ≤ 30 MB, video ≤ 50 MB, audio ≤ 15 MB, kept
 * 7 days, referenced as `mm_file://{file_id}`) or video understanding (`video_understanding`).
 */
export type UploadPurpose =
  | 'voice_clone'
  | 'prompt_audio'
  | 't2a_async_input'
  | 'video_generation_input'
  | 'video_understanding';

/**
 * A purpose as used by list and delete. Known values; any string is sent as is.
 * `t2a_async` holds the results of long-text speech, `video_generation` those of video tasks.
 */
export type FilePurpose = UploadPurpose | 't2a_async' | 'video_generation' | (string & {});

/** A stored file, as the API describes it. */
export interface FileInfo {
  /** The file id, always as a string (64-bit ids do not fit a JS number). */
  file_id: string;
  /** Size in bytes (0 when the API did not say). */
  bytes: number;
  /** Creation time, Unix seconds (0 when the API did not say). */
  created_at: number;
  /** File name (`""` when the API did not say). */
  filename: string;
  /** The purpose it was uploaded or produced for (`""` when the API did not say). */
  purpose: string;
  /**
   * A temporary download URL (about 1 h for video, about 9 h for long-text speech), or `null`.
   * Only `retrieve` answers carry one.
   */
  download_url?: string | null;
  trace_id?: string;
}

/** `files.list` answer: the files, plus the trace id of the call. */
export type FileInfoList = FileInfo[] & { trace_id?: string };

export interface FileUploadParams {
  /**
   * The content: a local path (Node), a Blob/File, bytes, a web `ReadableStream`, a Node stream or
   * a `Response`. The part's file name comes from the path or `File.name`, else `upload`.
   */
  file: Uploadable;
  /**
   * What the file is for: `voice_clone` (10 s – 5 min sample, mp3/m4a/wav, ≤ 20 MB),
   * `prompt_audio` (< 8 s example clip for cloning), `t2a_async_input` (text for long-text speech),
   * `video_generation_input` (media for V2 video as `mm_file://{file_id}`: images ≤ 30 MB, video
   * ≤ 50 MB, audio ≤ 15 MB, kept 7 days), `video_understanding`.
   */
  purpose: UploadPurpose;
}

export interface FileListParams {
  /** Which files to list (required by the API). */
  purpose: FilePurpose;
}

export interface FileRetrieveParams {
  /** The file (a string of digits, a safe integer or a bigint). */
  file_id: FileId;
}

export interface FileRetrieveContentParams {
  /** The file (a string of digits, a safe integer or a bigint). */
  file_id: FileId;
}

export interface FileDeleteParams {
  /** The file (a string of digits, a safe integer or a bigint). */
  file_id: FileId;
  /** The purpose the file was stored under. */
  purpose: FilePurpose;
}
