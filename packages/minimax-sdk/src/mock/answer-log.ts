/**
 * Records each HTTP answer on its request's log entry: the status and the body as sent (JSON
 * parsed, text and SSE as text, binary media by type and size), so a developer reading the log
 * sees what their client was answered, faults included.
 */
import type { ServerResponse } from 'node:http';
import type { LoggedRequest } from './types.js';

/** The most of an answer's body kept in the log (a long SSE stream or a media file is cut there). */
const ANSWER_LOG_LIMIT = 64 * 1024;

function isText(contentType: string): boolean {
  return /^(text\/|application\/(json|x-ndjson|javascript|xml))|event-stream|\+json/i.test(contentType);
}

/** What the log keeps of a body: parsed JSON, text (cut at the limit), or a binary's type and size. */
function loggedAnswer(chunks: Buffer[], size: number, contentType: string): unknown {
  if (size === 0) return undefined;
  if (!isText(contentType)) return { content_type: contentType || 'application/octet-stream', bytes: size };
  const text = Buffer.concat(chunks).toString('utf8');
  if (size > ANSWER_LOG_LIMIT) return `${text.slice(0, ANSWER_LOG_LIMIT)}… (${size} bytes in all)`;
  if (/json/i.test(contentType) && !/event-stream/i.test(contentType)) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/**
 * Sets `entry.response` once `res` is done: `complete: false` when the connection ended before
 * the answer did (a dropped or truncated answer).
 */
export function recordAnswer(res: ServerResponse, entry: LoggedRequest): void {
  const chunks: Buffer[] = [];
  let kept = 0;
  let size = 0;
  const keep = (chunk: unknown, encoding: unknown): void => {
    if (chunk === undefined || chunk === null || typeof chunk === 'function') return;
    const bytes =
      typeof chunk === 'string'
        ? Buffer.from(chunk, typeof encoding === 'string' ? (encoding as BufferEncoding) : 'utf8')
        : Buffer.from(chunk as Uint8Array);
    size += bytes.byteLength;
    if (kept < ANSWER_LOG_LIMIT) {
      const piece = bytes.subarray(0, ANSWER_LOG_LIMIT - kept);
      chunks.push(piece);
      kept += piece.byteLength;
    }
  };
  const write = res.write.bind(res) as (...args: unknown[]) => boolean;
  const end = res.end.bind(res) as (...args: unknown[]) => ServerResponse;
  res.write = ((chunk: unknown, encoding?: unknown, done?: unknown) => {
    keep(chunk, encoding);
    return write(chunk, encoding, done);
  }) as ServerResponse['write'];
  res.end = ((chunk?: unknown, encoding?: unknown, done?: unknown) => {
    keep(chunk, encoding);
    return end(chunk, encoding, done);
  }) as ServerResponse['end'];
  let recorded = false;
  const record = (complete: boolean): void => {
    if (recorded) return;
    recorded = true;
    const contentType = String(res.getHeader('content-type') ?? '');
    entry.response = {
      status: res.headersSent ? res.statusCode : 0,
      body: loggedAnswer(chunks, size, contentType),
      complete,
    };
  };
  res.once('finish', () => record(true));
  res.once('close', () => record(res.writableFinished));
}
