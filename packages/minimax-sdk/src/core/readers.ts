/**
 * How answers are read: JSON (with the MiniMax envelope checked, since errors come back with HTTP
 * 200), bytes (with a JSON error in disguise caught), and a body chunk by chunk under the
 * attempt's idle deadline.
 */
import type { Attempt } from './attempt.js';
import { errorFromResponse, MiniMaxError } from './errors.js';
import { isRecord, parseServerJSON, traceIdOf } from './values.js';

/**
 * The most a JSON answer may hold once decoded. No MiniMax answer comes near it (the largest are
 * hex audio and base64 images, tens of MB); a compressed body that inflates past it is refused
 * instead of filling memory.
 */
export const MAX_JSON_BYTES = 256 * 1024 * 1024;
/** The most a download may hold once decoded: the Files API's limit (512 MB). */
export const MAX_DOWNLOAD_BYTES = 512 * 1024 * 1024;
/** The most of an error body that is read: enough for any error page, the rest is dropped. */
export const MAX_ERROR_BYTES = 1024 * 1024;
/** A body of another type is only looked at for a disguised error when it is this small. */
const MAX_DISGUISED_ERROR_BYTES = 64 * 1024;

/**
 * Reads a body counting its decoded bytes (fetch inflates gzip, deflate and br on the way). Past
 * `limit` the read stops and the request is cancelled: with `truncate` the first `limit` bytes
 * are returned, else it is a `MiniMaxError` (not retried: the same answer would come again).
 */
export async function readLimited(response: Response, limit: number, truncate = false): Promise<Uint8Array> {
  const body = response.body;
  if (!body) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let finished = false;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        finished = true;
        break;
      }
      if (size + value.byteLength > limit) {
        reader.cancel().catch(() => {});
        if (truncate) {
          chunks.push(value.subarray(0, limit - size));
          size = limit;
          break;
        }
        throw new MiniMaxError(
          `The response body is larger than ${limit} bytes once decoded (HTTP ${response.status}); ` +
            'it was not read further.',
          {
            status: response.status,
            headers: response.headers,
            trace_id: traceIdOf(undefined, response.headers),
          },
        );
      }
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    // A body read to its end is spent: releasing its lock then only builds (and drops) the
    // reader's "released" error, a measurable part of a small call's cost.
    if (!finished) reader.releaseLock();
  }
  if (chunks.length === 1) return chunks[0]!;
  const bytes = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** One decoder for every whole body: decoding a complete text keeps no state between calls. */
const UTF8 = /* @__PURE__ */ new TextDecoder();

/** A body's text, decoded bytes capped at `limit` (see `readLimited`). */
export async function readText(response: Response, limit: number, truncate = false): Promise<string> {
  return UTF8.decode(await readLimited(response, limit, truncate));
}

/** Reads a JSON body, mapping a non-zero `base_resp` (MiniMax answers errors with HTTP 200). */
export async function readJSON(response: Response): Promise<Record<string, unknown>> {
  return parseJSONBody(await readText(response, MAX_JSON_BYTES), response);
}

/** Like `readJSON`, but a 2xx error body that `keep` accepts is returned for its caller to handle. */
export function readJSONKeeping(
  keep: (body: Record<string, unknown>) => boolean,
): (response: Response) => Promise<Record<string, unknown>> {
  return async (response) => parseJSONBody(await readText(response, MAX_JSON_BYTES), response, keep);
}

/** `keep` lets through an error body its caller handles itself (a failed task's final status). */
function parseJSONBody(
  text: string,
  response: Response,
  keep?: (body: Record<string, unknown>) => boolean,
): Record<string, unknown> {
  if (text === '' && response.status !== 204) {
    // An empty answer where JSON was promised is the server's fault; reading it as `{}` would turn
    // it into an empty result (no voices, no files) that looks like a real one.
    throw new MiniMaxError(`Empty response body (HTTP ${response.status}) where JSON was expected.`, {
      status: response.status,
      headers: response.headers,
      body: text,
      trace_id: traceIdOf(undefined, response.headers),
    });
  }
  let body: unknown;
  try {
    body = text === '' ? {} : parseServerJSON(text);
  } catch (error) {
    throw new MiniMaxError(`Invalid JSON in response (HTTP ${response.status}): ${text.slice(0, 200)}`, {
      status: response.status,
      headers: response.headers,
      body: text,
      cause: error,
      trace_id: traceIdOf(undefined, response.headers),
    });
  }
  const traceId = traceIdOf(body, response.headers);
  const error = errorFromResponse(response.status, body, { headers: response.headers, trace_id: traceId });
  if (error && !(response.ok && keep && isRecord(body) && keep(body))) throw error;
  if (!isRecord(body)) {
    throw new MiniMaxError('Expected a JSON object in the response.', {
      status: response.status,
      headers: response.headers,
      body,
      trace_id: traceId,
    });
  }
  const record = body as Record<string, unknown>;
  if (traceId && record.trace_id === undefined) record.trace_id = traceId;
  return record;
}

/**
 * Reads a byte body (at most `MAX_DOWNLOAD_BYTES` decoded); a body that is an error in disguise
 * is mapped: any JSON body with an error envelope on a JSON content type, and a small body of any
 * other type (`application/octet-stream` included) that is a JSON object with a failing
 * `base_resp`. Any other JSON (a subtitle array, a file that happens to be JSON) is just bytes.
 */
export async function readBytes(response: Response): Promise<Uint8Array> {
  const bytes = await readLimited(response, MAX_DOWNLOAD_BYTES);
  const json = (response.headers.get('content-type') ?? '').includes('application/json');
  if (json || (bytes.byteLength <= MAX_DISGUISED_ERROR_BYTES && startsLikeObject(bytes))) {
    let body: unknown;
    try {
      body = parseServerJSON(UTF8.decode(bytes));
    } catch {
      return bytes;
    }
    // Under another content type only MiniMax's own envelope counts: a stored JSON file that has
    // an `error` field is still the file.
    if (!json && !(isRecord(body) && isRecord(body.base_resp))) return bytes;
    const error = errorFromResponse(response.status, body, {
      headers: response.headers,
      trace_id: traceIdOf(body, response.headers),
    });
    if (error) throw error;
  }
  return bytes;
}

/** Whether the bytes start with `{` after optional whitespace (a cheap look before parsing). */
function startsLikeObject(bytes: Uint8Array): boolean {
  for (const byte of bytes) {
    if (byte === 0x7b) return true;
    if (byte !== 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) return false;
  }
  return false;
}

/**
 * Yields a response body chunk by chunk under the attempt's idle deadline; stopping early
 * (break, abort, error) cancels the request and releases the socket.
 */
export async function* readChunks(
  response: Response,
  attempt: Attempt,
  body: ReadableStream<Uint8Array> | null = response.body,
): AsyncGenerator<Uint8Array> {
  if (!body) {
    attempt.finish();
    return;
  }
  const reader = body.getReader();
  let done = false;
  attempt.touch();
  try {
    for (;;) {
      let result: ReadableStreamReadResult<Uint8Array>;
      try {
        result = await reader.read();
      } catch (error) {
        throw attempt.wrap(error);
      }
      if (result.done) {
        done = true;
        return;
      }
      // The idle deadline measures the server's silence, not the time the consumer spends on a chunk.
      attempt.pause();
      yield result.value;
      attempt.touch();
    }
  } finally {
    attempt.finish();
    if (!done) {
      attempt.cancel();
      reader.cancel().catch(() => {});
    }
    reader.releaseLock();
  }
}
