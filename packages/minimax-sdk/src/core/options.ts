/**
 * The one check for the numeric options (`timeout`, `maxRetries`, `pollInterval`, `pollTimeout`),
 * on the client and per call alike. A value that is not a finite number >= 0 is refused: a string,
 * `true` or `[]` compares in surprising ways (`'5' >= 0` is true, so it got through and disabled
 * the deadline), NaN never ends a loop, and Infinity retries or waits forever. `0` keeps its
 * meaning (no per-attempt deadline, no retries, no pause between polls).
 */
import { InvalidParameterError } from './errors.js';
import { describeValue } from './values.js';

/** The numeric options a call may carry. */
export const NUMERIC_OPTIONS = ['timeout', 'maxRetries', 'pollInterval', 'pollTimeout'] as const;

/**
 * The option's value if it is a finite number >= 0, else `fallback` when it is unset; anything
 * else is an `InvalidParameterError` naming the option.
 *
 * @example
 * const timeout = checkOptionNumber('timeout', options.timeout, 600_000);
 */
export function checkOptionNumber(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new InvalidParameterError(`${name} must be a finite number >= 0, got ${describeValue(value)}.`);
  }
  return value;
}

/**
 * Checks a call's options before anything is sent: the numeric ones, and `onProgress` (a
 * function when set). Called by the transport for every request, so a long-running method
 * refuses a bad `pollTimeout` before its creating POST, and by the poller for a bare wait.
 *
 * @example
 * checkRequestOptions({ timeout: '5' }); // throws InvalidParameterError: timeout must be …
 */
export function checkRequestOptions(options: object | undefined): void {
  if (options === undefined || options === null) return;
  // Read the way the transport and the poller read them (inherited ones too), so what is checked
  // is what is used.
  const record = options as Record<string, unknown>;
  for (const name of NUMERIC_OPTIONS) checkOptionNumber(name, record[name], 0);
  checkCallback('onProgress', record.onProgress);
}

/** A callback option: a function when set. */
export function checkCallback(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new InvalidParameterError(`${name} must be a function, got ${describeValue(value)}.`);
  }
}

/**
 * Checks the client options that are not numbers: `fetch` and the `logger`'s four methods are
 * functions, `defaultHeaders` is an object of strings (`null` removes a default). A string there
 * spread into headers named `0`, `1`…, and a logger missing a method failed later, mid-call, with
 * a `TypeError`; both are the caller's to fix once, at construction.
 *
 * @example
 * checkClientOptions({ fetch: 'nope' }); // throws InvalidParameterError: fetch must be a function …
 */
export function checkClientOptions(options: {
  fetch?: unknown;
  defaultHeaders?: unknown;
  logger?: unknown;
}): void {
  checkCallback('fetch', options.fetch);
  const headers = options.defaultHeaders;
  if (headers !== undefined) {
    if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
      throw new InvalidParameterError(`defaultHeaders must be an object, got ${describeValue(headers)}.`);
    }
    for (const [name, value] of Object.entries(headers)) {
      if (value !== undefined && value !== null && typeof value !== 'string') {
        throw new InvalidParameterError(
          `defaultHeaders[${JSON.stringify(name)}] must be a string (or null), got ${describeValue(value)}.`,
        );
      }
    }
  }
  const logger = options.logger;
  if (logger !== undefined) {
    if (typeof logger !== 'object' || logger === null) {
      throw new InvalidParameterError(`logger must be an object, got ${describeValue(logger)}.`);
    }
    for (const level of ['error', 'warn', 'info', 'debug'] as const) {
      const method = (logger as Record<string, unknown>)[level];
      if (typeof method !== 'function') {
        throw new InvalidParameterError(`logger.${level} must be a function, got ${describeValue(method)}.`);
      }
    }
  }
}
