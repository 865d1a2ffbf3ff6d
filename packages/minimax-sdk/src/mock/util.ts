/**
 * Small helpers shared by the mock's handlers: timers that `close()` can clear, stable hashes,
 * text measures and the content types of served media.
 */

import { createHash, randomUUID } from 'node:crypto';
import { mimeFromName } from '../core/uploads.js';

/** A JSON object as parsed from a request body. */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not null, not an array). */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Every timer the server starts goes through here, so `close()` can clear them all and leave no
 * handle behind, whatever state the handlers were in.
 */
export class Timers {
  private readonly pending = new Set<NodeJS.Timeout>();

  /** `setTimeout` that the registry can cancel. */
  set(fn: () => void, ms: number): NodeJS.Timeout {
    const handle = setTimeout(() => {
      this.pending.delete(handle);
      fn();
    }, ms);
    this.pending.add(handle);
    return handle;
  }

  /** Cancels one timer (a no-op for one that already fired). */
  clear(handle: NodeJS.Timeout | undefined): void {
    if (handle === undefined) return;
    clearTimeout(handle);
    this.pending.delete(handle);
  }

  /**
   * Resolves after `ms`. If the server closes first the promise never settles; the request it
   * belongs to is destroyed with its socket, so nothing waits on it.
   */
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      this.set(resolve, ms);
    });
  }

  /** Cancels every pending timer. */
  clearAll(): void {
    for (const handle of this.pending) clearTimeout(handle);
    this.pending.clear();
  }
}

/** A random 32-digit hex id, the shape of the API's trace and session ids. */
export function randomHexId(): string {
  return randomUUID().replaceAll('-', '');
}

/** Hex SHA-256 of a string, for stable ids and seeds derived from request content. */
export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** A 32-bit seed derived from a string, so generated images depend on the prompt only. */
export function seedFrom(text: string): number {
  return Number.parseInt(sha256(text).slice(0, 8), 16);
}

/** Shortens `text` to `max` characters, marking the cut. */
export function excerpt(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

/** Characters as the API bills them: code points, not UTF-16 units. */
export function characterCount(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/** Words as the T2A `word_count` reports them: whitespace-separated runs, each CJK character alone. */
export function wordCount(text: string): number {
  const cjk = text.match(/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/g)?.length ?? 0;
  const latin = text.replace(/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/g, ' ').match(/\S+/g)?.length ?? 0;
  return cjk + latin;
}

/** Characters that cannot be heard; the T2A API refuses texts where they pass 10%. */
const INVISIBLE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u200b-\u200f\u2060-\u2064\ufeff]/g;

/** Share of invisible characters in `text`, rounded as the API reports it. */
export function invisibleRatio(text: string): number {
  const total = characterCount(text);
  if (total === 0) return 0;
  const invisible = text.match(INVISIBLE)?.length ?? 0;
  return Math.round((invisible / total) * 10_000) / 10_000;
}

/**
 * The content type for a file name, by extension: the SDK's own table, with text served as UTF-8
 * and raw PCM as bytes (it has no registered type a browser would play).
 */
export function contentTypeFor(filename: string): string {
  const type = mimeFromName(filename);
  if (type === 'text/plain') return 'text/plain; charset=utf-8';
  return type === 'audio/L16' ? 'application/octet-stream' : type;
}

/** Today's date as `yyyy-mm-dd`, the shape of `created_time` in voice lists. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}
