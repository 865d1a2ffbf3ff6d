/**
 * The error envelopes the API speaks (MiniMax `base_resp`, Anthropic's, the OpenAI-style one), and response
 * writers. Every handler answers through these, so the envelopes are written in one place.
 */

import type { ServerResponse } from 'node:http';

/**
 * A MiniMax API error: becomes HTTP 200 with a non-zero `base_resp`, as the real API answers
 * (`status` for the few refusals the platform sends with an HTTP status, still with `base_resp`).
 */
export class MockApiError extends Error {
  constructor(
    readonly code: number,
    message?: string,
    readonly status = 200,
  ) {
    super(message ?? messageForCode(code));
  }
}

/**
 * An error with a real HTTP status and an error type: on the Anthropic endpoint it becomes
 * `{type:"error",error:{type,message},request_id}`; on the OpenAI-compatible ones the same with
 * `http_code` (see `openaiErrorBody`).
 */
export class AnthropicApiError extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    message: string,
  ) {
    super(message);
  }
}

const CODE_MESSAGES: Record<number, string> = {
  0: 'success',
  1000: 'unknown error',
  1001: 'request timeout',
  1002: 'rate limit exceeded (RPM)',
  1004: "login fail: Please carry the API secret key in the 'Authorization' field of the request header",
  1008: 'insufficient balance',
  1013: 'internal service error',
  1024: 'internal error',
  1026: 'input new_sensitive',
  1027: 'output new_sensitive',
  1033: 'system error',
  1039: 'rate limit exceeded (TPM)',
  1041: 'conn limit exceeded',
  1042: 'illegal characters exceed 10%',
  1043: 'voice clone: ASR similarity below accuracy',
  1044: 'voice clone: prompt similarity check failed',
  2013: 'invalid params',
  20132: 'invalid samples or voice_id',
  2037: 'voice clone: sample duration out of range',
  2038: 'no voice clone permission',
  2039: 'voice clone voice id duplicate',
  2042: 'no access to voice_id',
  2045: 'rate growth limit exceeded',
  2048: 'prompt audio too long',
  2049: 'invalid api key',
  2054: 'voice id not exist',
  2056: 'usage limit exceeded',
  2061: 'model not available for your account',
  2201: 'idle timeout, connection closed',
  2202: 'illegal event',
  2203: 'empty text skipped',
  2204: 'text over limit skipped',
  2205: 'too many requests queued',
  2206: 'illegal event order',
};

/** The API's usual `status_msg` for a code (a generic one for codes it does not know). */
export function messageForCode(code: number): string {
  return CODE_MESSAGES[code] ?? `error ${code}`;
}

/** A `base_resp` object. */
export function baseResp(code = 0, message?: string): { status_code: number; status_msg: string } {
  return { status_code: code, status_msg: message ?? messageForCode(code) };
}

/** Maps a MiniMax code onto the HTTP status and error type the Anthropic endpoint would use for it. */
export function anthropicErrorFor(code: number): { status: number; type: string } {
  if (code === 1004 || code === 2049) return { status: 401, type: 'authentication_error' };
  if (code === 2042 || code === 2038) return { status: 403, type: 'permission_error' };
  if (code === 1008 || code === 2056) return { status: 402, type: 'billing_error' };
  if ([1002, 1039, 1041, 2045].includes(code)) return { status: 429, type: 'rate_limit_error' };
  if ([1042, 2013, 20132, 2037, 2048].includes(code)) return { status: 400, type: 'invalid_request_error' };
  if (code === 1001) return { status: 504, type: 'api_error' };
  if (code === 1033) return { status: 529, type: 'overloaded_error' };
  return { status: 500, type: 'api_error' };
}

/** The Anthropic error type a bare HTTP status stands for. */
export function anthropicTypeForStatus(status: number): string {
  if (status === 400 || status === 422) return 'invalid_request_error';
  if (status === 401) return 'authentication_error';
  if (status === 402) return 'billing_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status === 413) return 'request_too_large';
  if (status === 429) return 'rate_limit_error';
  if (status === 529 || status === 503) return 'overloaded_error';
  return 'api_error';
}

/** A chunk of a response body: text, or bytes written without conversion. */
export type BodyPiece = string | Uint8Array;

/** Writes a complete response from pieces, with an exact Content-Length. */
export function sendPieces(
  res: ServerResponse,
  status: number,
  contentType: string,
  pieces: readonly BodyPiece[],
  headers: Record<string, string> = {},
): void {
  let length = 0;
  for (const piece of pieces)
    length += typeof piece === 'string' ? Buffer.byteLength(piece) : piece.byteLength;
  res.writeHead(status, { ...headers, 'content-type': contentType, 'content-length': String(length) });
  endWith(res, pieces);
}

/** Writes the pieces and ends the response; corked, so they leave in one socket write, not one each. */
export function endWith(res: ServerResponse, pieces: readonly BodyPiece[]): void {
  res.cork();
  for (const piece of pieces) res.write(piece);
  res.end();
  res.uncork();
}

/** Writes a JSON response. */
export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  sendPieces(res, status, 'application/json', [JSON.stringify(body)], headers);
}

/** Writes a plain-text response. */
export function sendText(
  res: ServerResponse,
  status: number,
  text: string,
  contentType = 'text/plain; charset=utf-8',
  headers: Record<string, string> = {},
): void {
  sendPieces(res, status, contentType, [text], headers);
}

/**
 * Stands in for a large hex string inside a body given to `jsonPieces`. JSON escapes the NULs, so
 * the placeholder cannot collide with user text echoed in the same body.
 */
export const HEX_SLOT = '\u0000hex\u0000';
const HEX_SLOT_JSON = JSON.stringify(HEX_SLOT);

/**
 * Serialises `body` and splices `hex` (ASCII bytes) where `HEX_SLOT` stands, so a multi-megabyte
 * clip is written from its cached buffer instead of being copied through `JSON.stringify`.
 */
export function jsonPieces(body: unknown, hex: Uint8Array | undefined): BodyPiece[] {
  const json = JSON.stringify(body);
  if (hex === undefined) return [json];
  const at = json.indexOf(HEX_SLOT_JSON);
  if (at < 0) return [json];
  return [json.slice(0, at + 1), hex, json.slice(at + HEX_SLOT_JSON.length - 1)];
}

/**
 * A success payload whose `HEX_SLOT` stands for a large hex buffer; handlers return it instead of
 * a plain object when the body carries audio.
 */
export class HexBody {
  constructor(
    readonly payload: object,
    readonly hex: Uint8Array,
  ) {}
}

/** Writes a MiniMax error: HTTP 200 (unless told), `base_resp` carrying the code, and the trace id. */
export function sendBaseRespError(
  res: ServerResponse,
  traceId: string,
  code: number,
  message?: string,
  headers: Record<string, string> = {},
  status = 200,
): void {
  sendJson(
    res,
    status,
    { trace_id: traceId, base_resp: baseResp(code, message) },
    { 'trace-id': traceId, ...headers },
  );
}

/** Writes an Anthropic-style error with its HTTP status. */
export function sendAnthropicError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  requestId: string,
  headers: Record<string, string> = {},
): void {
  const body = { type: 'error', error: { type, message }, request_id: requestId };
  sendJson(res, status, body, { 'request-id': requestId, ...headers });
}

/**
 * The HTTP status and error type of the OpenAI-style envelope (chat, responses, `/v1/models`,
 * speech to text, V2 video) for a MiniMax code.
 */
export function openaiErrorFor(code: number): { status: number; type: string } {
  if (code === 1004 || code === 2049) return { status: 401, type: 'authorized_error' };
  if (code === 1008 || code === 2056) return { status: 402, type: 'insufficient_balance_error' };
  if (code === 1002 || code === 1039 || code === 1041 || code === 2045)
    return { status: 429, type: 'rate_limit_error' };
  if (code === 1026 || code === 1027) return { status: 422, type: 'unprocessable_entity_error' };
  if (code === 1033) return { status: 529, type: 'overloaded_error' };
  if (code === 1000 || code === 1001 || code === 1013 || code === 1024)
    return { status: 500, type: 'server_error' };
  return { status: 400, type: 'bad_request_error' };
}

/** The OpenAI-style envelope's error type for a bare HTTP status (faults, 404s). */
export function openaiTypeForStatus(status: number): string {
  if (status === 400) return 'bad_request_error';
  if (status === 401 || status === 403) return 'authorized_error';
  if (status === 402) return 'insufficient_balance_error';
  if (status === 404) return 'not_found_error';
  if (status === 422) return 'unprocessable_entity_error';
  if (status === 429) return 'rate_limit_error';
  if (status === 529 || status === 503) return 'overloaded_error';
  return 'server_error';
}

/**
 * The OpenAI-style error body: `{type:"error", error:{type, message, http_code}, request_id}`. A
 * MiniMax code goes in parentheses at the end of `message`, as the platform writes it.
 */
export function openaiErrorBody(
  status: number,
  type: string,
  message: string,
  requestId: string,
  code?: number,
): object {
  const text = code === undefined ? message : `${message} (${code})`;
  return { type: 'error', error: { type, message: text, http_code: String(status) }, request_id: requestId };
}

/** Writes an OpenAI-style error with its HTTP status; `code` is the MiniMax code, if there is one. */
export function sendOpenAIError(
  res: ServerResponse,
  status: number,
  type: string,
  message: string,
  requestId: string,
  headers: Record<string, string> = {},
  code?: number,
): void {
  sendJson(res, status, openaiErrorBody(status, type, message, requestId, code), {
    'trace-id': requestId,
    ...headers,
  });
}

/** Writes the OpenAI-style error for a MiniMax code. */
export function sendOpenAICodeError(
  res: ServerResponse,
  code: number,
  message: string,
  requestId: string,
  headers: Record<string, string> = {},
): void {
  const { status, type } = openaiErrorFor(code);
  sendOpenAIError(res, status, type, message, requestId, headers, code);
}
