/**
 * The one check for the numeric options (`timeout`, `maxRetries`, `pollInterval`, `pollTimeout`),
 * on the client and per call alike. A value that is not a finite number >= 0 is refused: a string,
 * `true` or `[]` compares in surprising ways (`'5' >= 0` is true, so it got through and disabled
 * the deadline), NaN never ends a loop, and Infinity retries or waits forever. `0` keeps its
 * meaning (no per-attempt deadline, no retries, no pause between polls).
 */
import { InvalidParameterError } from './errors.js';

/** The numeric options a call may carry. */
export const NUMERIC_OPTIONS = ['timeout', 'maxRetries', 'pollInterval', 'pollTimeout'] as const;

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  return String(value);
}

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
    throw new InvalidParameterError(`${name} must be a finite number >= 0, got ${describe(value)}.`);
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
    throw new InvalidParameterError(`${name} must be a function, got ${describe(value)}.`);
  }
}
