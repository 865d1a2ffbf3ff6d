/**
 * Pieces several native routes share: URLs for served media, the native stream error event, and
 * how speech and music deliver a clip (hex, URL or an SSE stream of hex chunks).
 */

import { audioExtension } from '../../core/audio.js';
import { STREAM_KINDS } from '../faults.js';
import type { CachedAudio } from '../media-cache.js';
import { baseResp, HEX_SLOT, HexBody } from '../respond.js';
import { hexChunks } from '../speech-core.js';
import { type ErrorFrame, sseFrame, writeSse } from '../sse.js';
import type { MockContext, MockRequest } from '../types.js';
import { contentTypeFor, type JsonObject } from '../util.js';
import { invalid, optionalBoolean, optionalString } from '../validate.js';

/** Serves `data` under `/__mock/media/<id>` and returns its absolute URL (no key needed). */
export function publish(
  r: Pick<MockRequest, 'origin'>,
  ctx: MockContext,
  id: string,
  data: Uint8Array,
  contentType: string,
): string {
  ctx.state.putMedia(id, data, contentType);
  return `${r.origin}/__mock/media/${encodeURIComponent(id)}`;
}

/** Serves a clip and returns its URL; the id comes from the clip's spec, so repeats reuse one entry. */
export function publishAudio(r: MockRequest, ctx: MockContext, clip: CachedAudio): string {
  // The format keeps ids apart (pcmu_wav and wav share an extension), the extension names the type.
  const id = `audio-${clip.format}-${clip.sampleRate}-${clip.channels}-${clip.durationMs}-${clip.bitrate}.${audioExtension(clip.format)}`;
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

/** `stream` and `output_format` of a speech or music request (a stream is always hex). */
export function audioDelivery(body: JsonObject): { stream: boolean; outputFormat: string } {
  const stream = optionalBoolean(body, 'stream') ?? false;
  const outputFormat = optionalString(body, 'output_format', { oneOf: ['hex', 'url'] }) ?? 'hex';
  if (stream && outputFormat === 'url') invalid('output_format', 'must be hex when stream is true');
  return { stream, outputFormat };
}

/**
 * A whole-clip answer: `payload(audio)` with the clip's URL as `audio`, or with its hex spliced in
 * from the cached buffer.
 */
export function audioPayload(
  r: MockRequest,
  ctx: MockContext,
  clip: CachedAudio,
  outputFormat: string,
  payload: (audio: string) => object,
): object {
  if (outputFormat === 'url') return payload(publishAudio(r, ctx, clip));
  return new HexBody(payload(HEX_SLOT), clip.hex);
}

/**
 * Streams a clip as native SSE: `status: 1` events carrying hex chunks (with `chunkFields` after
 * `data`), then `final` (its `HEX_SLOT`, if any, filled with the whole clip), with stream faults
 * applied.
 */
export function writeAudioSse(
  r: MockRequest,
  ctx: MockContext,
  clip: CachedAudio,
  final: JsonObject,
  chunkFields: JsonObject = {},
): undefined {
  const event = (fields: JsonObject, message: string | undefined, hex: Buffer) =>
    sseFrame({ ...fields, trace_id: r.traceId, base_resp: baseResp(0, message) }, { hex });
  const frames = hexChunks(clip.hex).map((chunk) =>
    event({ data: { audio: HEX_SLOT, status: 1 }, ...chunkFields }, '', chunk),
  );
  frames.push(event(final, undefined, clip.hex));
  writeSse(r.res, frames, {
    fault: ctx.faults.take(r.path, STREAM_KINDS),
    errorFrame: nativeErrorFrame(r.traceId),
    headers: { 'trace-id': r.traceId },
  });
  return undefined;
}
