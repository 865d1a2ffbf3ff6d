/**
 * The error tree and the one table that maps every MiniMax answer onto it.
 *
 * Every error the SDK throws is a `MiniMaxError`. API errors carry the MiniMax status code (or the
 * HTTP status when the API sent none), the trace id, and, when an HTTP response exists, its status,
 * headers and parsed body.
 */

import { isRecord, parseServerJSON, traceIdOf } from './values.js';

export interface MiniMaxErrorInit {
  code?: number;
  trace_id?: string;
  status?: number;
  headers?: Headers;
  body?: unknown;
  cause?: unknown;
}

export class MiniMaxError extends Error {
  /** MiniMax status code (`base_resp.status_code`), the HTTP status for Anthropic-style errors, or 0. */
  readonly code: number;
  /** MiniMax trace id, from the body or the `Trace-Id` header; `""` when unknown. */
  readonly trace_id: string;
  /** HTTP status, when the error came with a response. */
  readonly status: number | undefined;
  /** Response headers, when the error came with a response. */
  readonly headers: Headers | undefined;
  /** The parsed response body (or its text when it was not JSON). */
  readonly body: unknown;

  constructor(message = 'Unknown error', init: MiniMaxErrorInit = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.code = init.code ?? 0;
    this.trace_id = init.trace_id ?? '';
    this.status = init.status;
    this.headers = init.headers;
    this.body = init.body;
  }

  /** `[code=2013] Bad request (trace_id=t-42)`: the form the Python package prints, so logs read the same (no class name). */
  override toString(): string {
    let text = this.message;
    if (this.code !== 0) text = `[code=${this.code}] ${text}`;
    if (this.trace_id) text = `${text} (trace_id=${this.trace_id})`;
    return text;
  }
}

export class AuthError extends MiniMaxError {}
export class RateLimitError extends MiniMaxError {}
export class InsufficientBalanceError extends MiniMaxError {}
export class ContentSafetyError extends MiniMaxError {}
export class InputSafetyError extends ContentSafetyError {}
export class OutputSafetyError extends ContentSafetyError {}
export class InvalidParameterError extends MiniMaxError {}
/** A timeout: reported by the server (code 1001, HTTP 408) or hit on the client side (code 0). */
export class APITimeoutError extends MiniMaxError {}
/** A task did not reach a final status within `pollTimeout`. */
export class PollTimeoutError extends MiniMaxError {}
export class ServerError extends MiniMaxError {}
export class VoiceError extends MiniMaxError {}
export class VoiceCloneError extends VoiceError {}
export class VoiceDuplicateError extends VoiceError {}
export class VoicePermissionError extends VoiceError {}
/**
 * The model is not open to this account (code 2061): not in its plan, or closed to it, as the
 * China site did with paid music for new users and with the `-free` music models on 2026-08-20.
 */
export class ModelUnavailableError extends MiniMaxError {}
/** No response arrived: connection refused, reset, DNS failure, TLS failure. */
export class APIConnectionError extends MiniMaxError {}
/** The caller aborted the call through its `signal`. */
export class APIUserAbortError extends MiniMaxError {
  constructor(message = 'Request was aborted.', init: MiniMaxErrorInit = {}) {
    super(message, init);
  }
}

/** A long-running task ended with status `Fail`. */
export class TaskFailedError extends MiniMaxError {
  readonly task_id: string;
  readonly task_status: string;
  constructor(message: string, init: MiniMaxErrorInit & { task_id: string; task_status?: string }) {
    super(message, init);
    this.task_id = init.task_id;
    this.task_status = init.task_status ?? 'Fail';
  }
}

/**
 * Saving a result to disk failed (a full disk, a folder or a read-only place at the path, no
 * permission): `path` is the target as resolved, `system_code` the system's code (`ENOSPC`,
 * `EISDIR`, `EACCES`…). For a save of several files (`ImageResult.save`), `written` lists those
 * already in place when it failed (none, unless the failure struck after every file was staged).
 */
export class FileWriteError extends MiniMaxError {
  readonly path: string;
  readonly system_code: string | undefined;
  readonly written: string[];
  constructor(
    message: string,
    init: MiniMaxErrorInit & { path: string; system_code?: string | undefined; written?: string[] },
  ) {
    super(message, init);
    this.path = init.path;
    this.system_code = init.system_code;
    this.written = init.written ?? [];
  }
}

/** What a system error code means for a save, in words. */
const WHY: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EROFS: 'the file system is read-only',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a parent of it is not a folder',
  EEXIST: 'a parent of it is not a folder',
  ENAMETOOLONG: 'the name is too long',
  ENXIO: 'nothing reads from it',
};

/** A file system failure while saving, as `FileWriteError` naming the path (never a raw `ENOSPC`). */
export function fileWriteError(target: string, error: unknown, written: string[] = []): MiniMaxError {
  if (error instanceof FileWriteError && written.length > 0) {
    return new FileWriteError(`${error.message} Already written: ${written.join(', ')}.`, {
      path: error.path,
      system_code: error.system_code,
      written,
      cause: error.cause,
    });
  }
  if (error instanceof MiniMaxError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  const system_code = typeof code === 'string' ? code : undefined;
  const why = system_code === undefined ? undefined : ownEntry(WHY, system_code);
  const detail = why ? `${why} (${system_code})` : error instanceof Error ? error.message : String(error);
  return new FileWriteError(`Cannot write ${JSON.stringify(target)}: ${detail}.`, {
    path: target,
    system_code,
    written,
    cause: error,
  });
}

// Minifiers rename classes, so each class states its public name once, here.
for (const [name, ErrorClass] of Object.entries({
  MiniMaxError,
  AuthError,
  RateLimitError,
  InsufficientBalanceError,
  ContentSafetyError,
  InputSafetyError,
  OutputSafetyError,
  InvalidParameterError,
  APITimeoutError,
  PollTimeoutError,
  ServerError,
  VoiceError,
  VoiceCloneError,
  VoiceDuplicateError,
  VoicePermissionError,
  ModelUnavailableError,
  APIConnectionError,
  APIUserAbortError,
  TaskFailedError,
  FileWriteError,
})) {
  Object.defineProperty(ErrorClass.prototype, 'name', { value: name, writable: true, configurable: true });
}

type ErrorClass = new (message?: string, init?: MiniMaxErrorInit) => MiniMaxError;

/** MiniMax `base_resp.status_code` → error class (every code the platform documents a class for). */
export const ERROR_CODE_MAP: Readonly<Record<number, ErrorClass>> = /* @__PURE__ */ Object.freeze({
  1000: ServerError,
  1001: APITimeoutError,
  1002: RateLimitError,
  1004: AuthError,
  1008: InsufficientBalanceError,
  1024: ServerError,
  1026: InputSafetyError,
  1027: OutputSafetyError,
  1033: ServerError,
  1039: RateLimitError,
  1041: RateLimitError,
  1042: InvalidParameterError,
  1043: VoiceCloneError,
  1044: VoiceCloneError,
  2013: InvalidParameterError,
  20132: InvalidParameterError,
  2037: InvalidParameterError,
  2039: VoiceDuplicateError,
  2042: VoicePermissionError,
  2045: RateLimitError,
  2048: InvalidParameterError,
  2049: AuthError,
  2056: InsufficientBalanceError,
  2061: ModelUnavailableError,
});

/** Codes worth another attempt: transient server errors, server-side timeouts, and rate limits. */
export const RETRYABLE_CODES: ReadonlySet<number> = new Set([1000, 1001, 1002, 1024, 1033, 1039, 1041, 2045]);

/** Anthropic `error.type` → error class. */
export const ANTHROPIC_ERROR_MAP: Readonly<Record<string, ErrorClass>> = /* @__PURE__ */ Object.freeze({
  authentication_error: AuthError,
  permission_error: AuthError,
  billing_error: InsufficientBalanceError,
  rate_limit_error: RateLimitError,
  invalid_request_error: InvalidParameterError,
  request_too_large: InvalidParameterError,
  not_found_error: MiniMaxError,
  api_error: ServerError,
  overloaded_error: ServerError,
  timeout_error: APITimeoutError,
});

/**
 * Error `type`s of the OpenAI-style envelope that chat, responses, `/v1/models`, speech to text
 * and V2 video answer with: `{type: "error", error: {type, message, http_code}, request_id}`.
 */
export const OPENAI_ERROR_MAP: Readonly<Record<string, ErrorClass>> = /* @__PURE__ */ Object.freeze({
  authorized_error: AuthError,
  bad_request_error: InvalidParameterError,
  rate_limit_error: RateLimitError,
  insufficient_balance_error: InsufficientBalanceError,
  unprocessable_entity_error: InvalidParameterError,
  not_found_error: MiniMaxError,
  overloaded_error: ServerError,
  server_error: ServerError,
});

/**
 * The two error envelopes of HTTP answers. `anthropic`: `{type:"error", error:{type, message}}`
 * on `/anthropic/*`. `openai`: the OpenAI-style one (see `OPENAI_ERROR_MAP`), also in OpenAI's
 * own form `{error:{message, type, code}}` and as a stream's `{type:"error", code, message}` event.
 */
export type ErrorEnvelope = 'anthropic' | 'openai';

/**
 * Each envelope's type table, and whether the MiniMax code it carries (`… (2049)` at the end of the
 * message, or `error.code`) becomes the error's `code`. Anthropic answers keep the HTTP status as
 * the code (their message's code still picks the class).
 */
const ENVELOPES: Readonly<
  Record<ErrorEnvelope, { types: Readonly<Record<string, ErrorClass>>; minimaxCode: boolean }>
> = /* @__PURE__ */ Object.freeze({
  anthropic: { types: ANTHROPIC_ERROR_MAP, minimaxCode: false },
  openai: { types: OPENAI_ERROR_MAP, minimaxCode: true },
});

/**
 * A table lookup that ignores what objects inherit: an API error type named `constructor` or
 * `valueOf` must not find `Object.prototype`'s members.
 */
export function ownEntry<T>(
  table: Readonly<Record<string | number, T>>,
  key: string | number,
): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

/** HTTP statuses worth another attempt. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

function classForStatus(status: number): ErrorClass {
  if (status === 401 || status === 403) return AuthError;
  if (status === 402) return InsufficientBalanceError;
  if (status === 408) return APITimeoutError;
  if (status === 429) return RateLimitError;
  if (status === 400 || status === 413 || status === 422) return InvalidParameterError;
  if (status >= 500) return ServerError;
  return MiniMaxError;
}

function asString(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** Reads a status code that may arrive as a number or a numeric string. */
function asCode(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'string' && /^\s*-?\d+\s*$/.test(value)) return Number.parseInt(value, 10);
  return undefined;
}

export interface ApiStatus {
  code: number;
  message: string;
  trace_id: string;
}

/**
 * Reads the MiniMax envelope: `base_resp.{status_code,status_msg}`, or the same keys flat on the
 * body. Returns undefined when the body carries no status at all.
 */
export function readMiniMaxStatus(body: unknown): ApiStatus | undefined {
  if (!isRecord(body)) return undefined;
  const base = isRecord(body.base_resp) ? body.base_resp : body;
  const code = asCode(base.status_code);
  if (code === undefined) return undefined;
  return {
    code,
    message: asString(base.status_msg),
    trace_id: asString(body.trace_id) || asString(base.trace_id),
  };
}

export interface ResponseContext {
  status?: number;
  headers?: Headers;
  trace_id?: string;
}

/** Builds the mapped error for a non-zero MiniMax status code. */
export function errorFromCode(
  status: ApiStatus,
  ctx: ResponseContext & { body?: unknown } = {},
): MiniMaxError {
  const ErrorType = ownEntry(ERROR_CODE_MAP, status.code) ?? MiniMaxError;
  return new ErrorType(status.message || `MiniMax API error ${status.code}`, {
    code: status.code,
    trace_id: status.trace_id || ctx.trace_id || '',
    status: ctx.status,
    headers: ctx.headers,
    body: ctx.body,
  });
}

/** An error envelope as read: which one, its type and message, and its MiniMax code if any. */
export interface EnvelopeError {
  kind: ErrorEnvelope;
  type: string;
  message: string;
  request_id: string;
  /** The MiniMax code: `error.code`, else the `(2049)` at the end of the message. */
  code?: number | undefined;
}

/** The MiniMax code the OpenAI-style envelope appends to its message: `… (2049)`. */
function trailingCode(message: string): number | undefined {
  const match = /\((\d{3,6})\)\s*$/.exec(message);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/**
 * Reads either error envelope. The OpenAI-style one is told apart by what only it has: an
 * `error.http_code`, an `error` object without the top-level `type: "error"` (OpenAI's own form),
 * a flat `{type: "error", code, message}` stream event, or an error type only it uses. Returns
 * undefined when the body is no error envelope.
 */
export function readEnvelopeError(body: unknown): EnvelopeError | undefined {
  if (!isRecord(body)) return undefined;
  const error = isRecord(body.error) ? body.error : undefined;
  if (!error && body.type !== 'error') return undefined;
  const request_id = asString(body.request_id);
  if (!error) {
    // A Responses stream's error event: `{type: "error", code, message, param}`.
    const message = asString(body.message);
    if (!message) return { kind: 'anthropic', type: 'api_error', message: 'Unknown error', request_id };
    const code = asCode(body.code);
    const type = code === undefined ? asString(body.code) || 'server_error' : 'server_error';
    return { kind: 'openai', type, message, request_id, code: code ?? trailingCode(message) };
  }
  const type = asString(error.type) || asString(error.code) || 'api_error';
  const message = asString(error.message) || 'Unknown error';
  const openai =
    error.http_code !== undefined ||
    body.type !== 'error' ||
    (ownEntry(OPENAI_ERROR_MAP, type) !== undefined && ownEntry(ANTHROPIC_ERROR_MAP, type) === undefined);
  return {
    kind: openai ? 'openai' : 'anthropic',
    type,
    message,
    request_id,
    code: asCode(error.code) ?? trailingCode(message),
  };
}

/**
 * The error of an Anthropic or OpenAI-style envelope. A known MiniMax code decides the class (it
 * says more than the type: 1026 is unsafe input, not just a bad request); else the envelope's own
 * type table does; an unknown type stays a plain MiniMaxError. Only the OpenAI-style envelope makes
 * its MiniMax code the error's `code`; otherwise the code is the HTTP status (0 inside a stream).
 *
 * @example
 * const info = readEnvelopeError(body);
 * if (info) throw errorFromEnvelope(info, { status: 401 });
 */
export function errorFromEnvelope(
  info: EnvelopeError,
  ctx: ResponseContext & { body?: unknown } = {},
): MiniMaxError {
  const envelope = ENVELOPES[info.kind];
  const ByCode = info.code === undefined ? undefined : ownEntry(ERROR_CODE_MAP, info.code);
  // A gateway may mix the two (OpenAI's `invalid_request_error` in the OpenAI-style envelope):
  // the other envelope's table is the fallback.
  const other = ENVELOPES[info.kind === 'openai' ? 'anthropic' : 'openai'];
  const ErrorType =
    ByCode ?? ownEntry(envelope.types, info.type) ?? ownEntry(other.types, info.type) ?? MiniMaxError;
  return new ErrorType(info.message, {
    code: envelope.minimaxCode && info.code !== undefined ? info.code : (ctx.status ?? 0),
    trace_id: info.request_id || ctx.trace_id || '',
    status: ctx.status,
    headers: ctx.headers,
    body: ctx.body,
  });
}

/**
 * The one error map: any HTTP answer (status plus parsed body or text) becomes a `MiniMaxError`.
 * Order: a non-zero `base_resp`, then an error envelope (Anthropic or OpenAI-style), then the HTTP
 * status.
 * Returns undefined for a 2xx answer that carries no error.
 */
export function errorFromResponse(
  status: number,
  body: unknown,
  ctx: ResponseContext = {},
): MiniMaxError | undefined {
  const mm = readMiniMaxStatus(body);
  // Every successful answer comes through here: its context is only copied for an error.
  if (mm && mm.code !== 0) return errorFromCode(mm, { ...ctx, status, body });
  const envelope =
    status >= 400 || (isRecord(body) && body.type === 'error') ? readEnvelopeError(body) : undefined;
  if (envelope) return errorFromEnvelope(envelope, { ...ctx, status, body });
  if (status >= 200 && status < 300) return undefined;
  const ErrorType = classForStatus(status);
  const detail = typeof body === 'string' ? body.trim().slice(0, 500) : mm?.message;
  return new ErrorType(detail ? `HTTP ${status}: ${detail}` : `HTTP ${status}`, {
    code: status,
    trace_id: mm?.trace_id || ctx.trace_id || '',
    status,
    headers: ctx.headers,
    body,
  });
}

/**
 * The mapped error of an HTTP answer that failed, from its status, headers and body text (JSON or
 * not): the transport's non-2xx answers and a refused WebSocket upgrade both come through here.
 * `fallback` names the failure when the answer itself says nothing (an upgrade refused with 200).
 *
 * @example
 * throw errorFromHTTP(response.status, response.headers, await response.text());
 */
export function errorFromHTTP(
  status: number,
  headers: Headers,
  text: string,
  fallback = `HTTP ${status}`,
): MiniMaxError {
  let body: unknown = text;
  try {
    body = text ? parseServerJSON(text) : '';
  } catch {
    // An HTML error page or plain text: kept as text on the error.
  }
  const ctx = { headers, trace_id: traceIdOf(body, headers) };
  return (
    errorFromResponse(status, body, ctx) ?? new MiniMaxError(fallback, { ...ctx, status, code: status, body })
  );
}

/** Whether an API error is worth another attempt: a retryable HTTP status or MiniMax code. */
export function isRetryableError(error: MiniMaxError): boolean {
  if (error.status !== undefined && isRetryableStatus(error.status)) return true;
  return RETRYABLE_CODES.has(error.code);
}
