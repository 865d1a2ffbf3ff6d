/**
 * The retry policy: which failures are worth another attempt, and how long to wait first. Every
 * POST starts billed work, so a POST is replayed only when the server said "try again" or the
 * request provably never left.
 */
import { APIConnectionError, APITimeoutError, isRetryableError, type MiniMaxError } from './errors.js';
import type { HttpMethod } from './transport.js';

/** Backoff: full jitter below an exponential ceiling. */
export const INITIAL_RETRY_DELAY_MS = 500;
export const MAX_RETRY_DELAY_MS = 8_000;
/** A server's Retry-After is honoured up to this bound. */
export const MAX_RETRY_AFTER_MS = 60_000;
/**
 * HTTP dates (IMF-fixdate, RFC 850, asctime) all start with a day name. V8's Date.parse accepts
 * almost anything ("soon 2020"), so without this check garbage would become "retry now".
 */
const HTTP_DATE = /^(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s/i;

/** Transport error codes that prove the request never reached the server. */
const NEVER_SENT_CODES = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EAI_NONAME',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'UND_ERR_CONNECT_TIMEOUT',
]);

export function errorCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    e = (e as { cause?: unknown }).cause;
  }
  return undefined;
}

/** True when a transport failure happened before any byte of the request left. */
export function neverReachedServer(error: unknown): boolean {
  const code = errorCode(error);
  return code !== undefined && NEVER_SENT_CODES.has(code);
}

/** Parses `retry-after-ms`, then `Retry-After` in seconds or as an HTTP date, into ms. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms))) return Number(ms);
  const value = headers.get('retry-after');
  if (value === null || value.trim() === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds * 1000;
  if (!HTTP_DATE.test(value.trim())) return undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : date - now;
}

/** The delay before retry number `retry` (0-based): the server's hint, clamped, or jittered backoff. */
export function retryDelayMs(retry: number, headers?: Headers, random: () => number = Math.random): number {
  const hinted = retryAfterMs(headers);
  if (hinted !== undefined) return Math.min(Math.max(hinted, 0), MAX_RETRY_AFTER_MS);
  const ceiling = Math.min(MAX_RETRY_DELAY_MS, INITIAL_RETRY_DELAY_MS * 2 ** retry);
  return random() * ceiling;
}

/**
 * Replays only what is safe: an answer that says "try again", any GET failure, and a POST
 * failure that provably happened before the request left (POSTs start billed work).
 */
export function shouldRetry(
  method: HttpMethod,
  error: MiniMaxError,
  response: Response | undefined,
): boolean {
  if (error.status !== undefined) return isRetryableError(error);
  if (!(error instanceof APIConnectionError || error instanceof APITimeoutError)) return false;
  return method === 'GET' || (response === undefined && neverReachedServer(error.cause));
}
