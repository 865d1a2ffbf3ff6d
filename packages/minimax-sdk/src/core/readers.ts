/**
 * How answers are read: JSON (with the MiniMax envelope checked, since errors come back with HTTP
 * 200), bytes (with a JSON error in disguise caught), and a body chunk by chunk under the
 * attempt's idle deadline.
 */
import type { Attempt } from './attempt.js';
import { errorFromResponse, MiniMaxError } from './errors.js';
import { isRecord, traceIdOf } from './values.js';

/** Reads a JSON body, mapping a non-zero `base_resp` (MiniMax answers errors with HTTP 200). */
export async function readJSON(response: Response): Promise<Record<string, unknown>> {
  return parseJSONBody(await response.text(), response);
}

/** Like `readJSON`, but a 2xx error body that `keep` accepts is returned for its caller to handle. */
export function readJSONKeeping(
  keep: (body: Record<string, unknown>) => boolean,
): (response: Response) => Promise<Record<string, unknown>> {
  return async (response) => parseJSONBody(await response.text(), response, keep);
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
    body = text === '' ? {} : JSON.parse(text);
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
 * Reads a byte body; a JSON body on a byte endpoint is checked for an error in disguise. Any other
 * JSON (a subtitle array, a file that happens to be JSON) is just bytes.
 */
export async function readBytes(response: Response): Promise<Uint8Array> {
  const bytes = new Uint8Array(await response.arrayBuffer());
  if ((response.headers.get('content-type') ?? '').includes('application/json')) {
    let body: unknown;
    try {
      body = JSON.parse(new TextDecoder().decode(bytes));
    } catch {
      return bytes;
    }
    const error = errorFromResponse(response.status, body, {
      headers: response.headers,
      trace_id: traceIdOf(body, response.headers),
    });
    if (error) throw error;
  }
  return bytes;
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
