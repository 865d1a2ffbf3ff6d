/**
 * Files: upload (multipart), list, retrieve (with a `download_url` the mock serves), raw content
 * and delete; plus the `/__mock/media/…` downloads every handed-out URL points at.
 */

import { ownEntry } from '../../core/errors.js';
import type { MultipartFile } from '../multipart.js';
import { MockApiError, sendPieces, sendText } from '../respond.js';
import { OUTPUT_PURPOSES, type StoredFile, UPLOAD_PURPOSES } from '../state.js';
import type { Handler, MockContext, MockRequest } from '../types.js';
import { contentTypeFor } from '../util.js';
import { bodyObject, invalid, requireId, requireString } from '../validate.js';
import { fileUrl } from './common.js';

const ALL_PURPOSES: readonly string[] = [...UPLOAD_PURPOSES, ...OUTPUT_PURPOSES];

const MB = 1024 * 1024;
/** What a `video_generation_input` file may be, and how large: images 30 MB, video 50 MB, audio 15 MB. */
const VIDEO_INPUT_LIMITS: Readonly<Record<string, number>> = {
  image: 30 * MB,
  video: 50 * MB,
  audio: 15 * MB,
};

/**
 * The platform refuses an invalid video input upload with HTTP 400 (the mock keeps `base_resp`
 * 2013 in the body). The kind is the part's content type, or its file name's when that says nothing.
 */
function checkVideoInput(part: MultipartFile): void {
  const refuse = (problem: string): never => {
    throw new MockApiError(2013, `invalid params, file ${problem}`, 400);
  };
  const declared = part.contentType.split('/')[0] ?? '';
  // Own keys only: a part typed `constructor/x` is no kind of media, not Object's member.
  const kind =
    ownEntry(VIDEO_INPUT_LIMITS, declared) !== undefined
      ? declared
      : (contentTypeFor(part.filename).split('/')[0] ?? '');
  const limit = ownEntry(VIDEO_INPUT_LIMITS, kind);
  if (limit === undefined) refuse('must be an image, a video or an audio clip for video_generation_input');
  else if (part.data.byteLength > limit) refuse(`must be at most ${limit / MB} MB for a ${kind} input`);
}

/** A file as the API describes it (without the download URL unless asked). */
function describe(file: StoredFile, r?: MockRequest) {
  const info = {
    file_id: file.file_id,
    bytes: file.bytes,
    created_at: file.created_at,
    filename: file.filename,
    purpose: file.purpose,
  };
  return r === undefined ? info : { ...info, download_url: fileUrl(r, file.file_id, file.filename) };
}

/** `POST /v1/files/upload` (multipart `purpose` + `file`). */
export const filesUpload: Handler = (r, ctx) => {
  const form = r.multipart;
  if (form === undefined) invalid('body', 'must be multipart/form-data');
  const purpose = requireString(form.fields, 'purpose', { oneOf: UPLOAD_PURPOSES });
  const part = form.files.find((f) => f.field === 'file');
  if (part === undefined) invalid('file', 'is required');
  if (part.data.byteLength === 0) invalid('file', 'must not be empty');
  if (purpose === 'video_generation_input') checkVideoInput(part);
  const filename = part.filename === '' ? 'upload' : part.filename;
  // Copy out of the request buffer so a stored file does not pin the whole upload body.
  const data = new Uint8Array(part.data);
  const file = ctx.state.addFile({ filename, purpose, data, contentType: part.contentType });
  return { file: describe(file) };
};

/** `GET /v1/files/list?purpose=`. */
export const filesList: Handler = (r, ctx) => {
  const purpose = requireString(r.query, 'purpose', { oneOf: ALL_PURPOSES });
  const files = [...ctx.state.files.values()].filter((f) => f.purpose === purpose).map((f) => describe(f));
  return { files };
};

function findFile(r: MockRequest, ctx: MockContext): StoredFile {
  const fileId = requireId(r.query, 'file_id');
  const file = ctx.state.files.get(fileId);
  if (file === undefined) invalid('file_id', `${fileId} not found`);
  return file;
}

/** `GET /v1/files/retrieve?file_id=`. */
export const filesRetrieve: Handler = (r, ctx) => ({ file: describe(findFile(r, ctx), r) });

/** `GET /v1/files/retrieve_content?file_id=`: the raw bytes (errors still come as JSON). */
export const filesRetrieveContent: Handler = (r, ctx) => {
  const file = findFile(r, ctx);
  sendPieces(r.res, 200, file.contentType, [file.data], {
    'trace-id': r.traceId,
    'content-disposition': `attachment; filename="${file.filename.replace(/["\\\r\n]/g, '_')}"`,
  });
  return undefined;
};

/** `POST /v1/files/delete` with JSON `{file_id, purpose}`. */
export const filesDelete: Handler = (r, ctx) => {
  const body = bodyObject(r.body);
  const fileId = requireId(body, 'file_id');
  const purpose = requireString(body, 'purpose', { oneOf: ALL_PURPOSES });
  const file = ctx.state.files.get(fileId);
  if (file === undefined) invalid('file_id', `${fileId} not found`);
  if (file.purpose !== purpose) invalid('purpose', `does not match the file's purpose (${file.purpose})`);
  ctx.state.files.delete(fileId);
  return { file_id: fileId };
};

/**
 * `GET /__mock/media/<id>`: generated media, or `file-<file_id>/<name>` for stored files. No key
 * needed, like the real short-lived download URLs.
 */
export const mediaDownload: Handler = (r, ctx) => {
  // V2 video links carry their expiry; a stale one is refused as an object store refuses it.
  if (r.query.expires !== undefined && Number(r.query.expires) < Date.now()) {
    sendText(r.res, 403, 'AccessDenied: Request has expired');
    return undefined;
  }
  const id = decodeURIComponent(r.path.slice('/__mock/media/'.length));
  const fileMatch = /^file-(\d+)(?:\/.*)?$/.exec(id);
  if (fileMatch?.[1] !== undefined) {
    const file = ctx.state.files.get(Number(fileMatch[1]));
    if (file === undefined) return notFound(r);
    sendPieces(r.res, 200, file.contentType, [file.data]);
    return undefined;
  }
  const entry = ctx.state.media.get(id);
  if (entry === undefined) return notFound(r);
  sendPieces(r.res, 200, entry.contentType, [entry.data], { 'cache-control': 'max-age=86400' });
  return undefined;
};

function notFound(r: MockRequest): undefined {
  // Expired or unknown download links answer like an object store: a bare 404, no envelope.
  sendText(r.res, 404, 'media not found');
  return undefined;
}
