/**
 * Pieces several native routes share: URLs for served media and the native stream error event.
 */

import type { CachedAudio } from '../media-cache.js';
import { baseResp } from '../respond.js';
import { audioMediaId } from '../speech-core.js';
import { type ErrorFrame, sseFrame } from '../sse.js';
import type { MockContext, MockRequest } from '../types.js';
import { contentTypeFor } from '../util.js';

/** Serves `data` under `/__mock/media/<id>` and returns its absolute URL (no key needed). */
export function publish(
  r: MockRequest,
  ctx: MockContext,
  id: string,
  data: Uint8Array,
  contentType: string,
): string {
  ctx.state.putMedia(id, data, contentType);
  return `${r.origin}/__mock/media/${encodeURIComponent(id)}`;
}

/** Serves a clip and returns its URL. */
export function publishAudio(r: MockRequest, ctx: MockContext, clip: CachedAudio): string {
  const id = audioMediaId(clip);
  return publish(r, ctx, id, clip.bytes, contentTypeFor(id));
}

/** The URL of a stored file's bytes. */
export function fileUrl(r: MockRequest, fileId: number, filename: string): string {
  return `${r.origin}/__mock/media/file-${fileId}/${encodeURIComponent(filename)}`;
}

/** A native SSE stream reports a failure as an event whose `base_resp` carries the code. */
export function nativeErrorFrame(traceId: string): ErrorFrame {
  return (code, message) => sseFrame({ data: null, trace_id: traceId, base_resp: baseResp(code, message) });
}
