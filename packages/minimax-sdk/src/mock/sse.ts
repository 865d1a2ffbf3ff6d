/**
 * Server-sent events: framing, and writing a whole stream with stream faults applied. Every SSE
 * endpoint (text, speech, music) writes through `writeSse`.
 */

import type { ServerResponse } from 'node:http';
import type { Fault } from './faults.js';
import { type BodyPiece, endWith, jsonPieces } from './respond.js';

/** One framed event: the pieces of `[event: …\n]data: …\n\n`. */
export type SseFrame = BodyPiece[];

/**
 * Frames `data` as one SSE event. A `HEX_SLOT` inside `data` is filled from `hex` without
 * copying it.
 */
export function sseFrame(data: unknown, options: { event?: string; hex?: Uint8Array } = {}): SseFrame {
  const head = options.event === undefined ? 'data: ' : `event: ${options.event}\ndata: `;
  const pieces = jsonPieces(data, options.hex);
  return [head, ...pieces, '\n\n'];
}

/** How a stream reports an error mid-way: the endpoint's own error event. */
export type ErrorFrame = (code: number, message: string | undefined) => SseFrame;

/**
 * Writes a complete SSE response. A `truncate` fault stops it early (cleanly, never reaching the
 * last event); a `midStreamCode` fault replaces the rest with the endpoint's error event.
 */
export function writeSse(
  res: ServerResponse,
  frames: readonly SseFrame[],
  options: { fault?: Fault | undefined; errorFrame: ErrorFrame; headers?: Record<string, string> },
): void {
  const { fault } = options;
  let sent: readonly SseFrame[] = frames;
  let tail: SseFrame | undefined;
  const last = Math.max(0, frames.length - 1);
  if (fault !== undefined && 'truncate' in fault) {
    sent = frames.slice(0, Math.min(fault.afterEvents ?? Math.floor(frames.length / 2), last));
  } else if (fault !== undefined && 'midStreamCode' in fault) {
    sent = frames.slice(0, Math.min(fault.afterEvents ?? 1, last));
    tail = options.errorFrame(fault.midStreamCode, fault.message);
  }
  res.writeHead(200, {
    ...options.headers,
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    connection: 'keep-alive',
  });
  // No pacing: the whole stream goes out in as few socket writes as possible.
  endWith(res, [...sent.flat(), ...(tail ?? [])]);
}
