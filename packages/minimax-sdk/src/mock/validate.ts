/**
 * Request validation for the native endpoints. Each check throws `MockApiError` 2013 with a
 * message naming the offending field (`audio_setting.sample_rate`), as the real API does.
 */

import { MockApiError } from './respond.js';
import { characterCount, isObject, type JsonObject } from './util.js';

/** Throws 2013 naming `field`. */
export function invalid(field: string, problem: string, code = 2013): never {
  throw new MockApiError(code, `invalid params, ${field} ${problem}`);
}

/** The request body as an object (2013 when it is missing or not an object). */
export function bodyObject(body: unknown): JsonObject {
  if (!isObject(body)) invalid('body', 'must be a JSON object');
  return body;
}

interface StringRule {
  /** Longest allowed length in characters (code points). */
  max?: number;
  /** Allowed values. */
  oneOf?: readonly string[];
}

function checkString(value: unknown, field: string, rule: StringRule): string {
  if (typeof value !== 'string') invalid(field, 'must be a string');
  if (rule.oneOf !== undefined && !rule.oneOf.includes(value))
    invalid(field, `must be one of ${rule.oneOf.join(', ')}`);
  // Limits are in characters as the API counts (and bills) them: code points, not UTF-16 units.
  if (rule.max !== undefined && characterCount(value) > rule.max)
    invalid(field, `must be at most ${rule.max} characters`);
  return value;
}

/** A required, non-empty string. */
export function requireString(obj: JsonObject, key: string, rule: StringRule = {}, prefix = ''): string {
  const field = prefix + key;
  const value = obj[key];
  if (value === undefined || value === null || value === '') invalid(field, 'is required');
  return checkString(value, field, rule);
}

/** An optional string (`undefined` when absent or null). */
export function optionalString(
  obj: JsonObject,
  key: string,
  rule: StringRule = {},
  prefix = '',
): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  return checkString(value, prefix + key, rule);
}

interface NumberRule {
  min?: number;
  max?: number;
  /** The lower bound itself is not allowed. */
  minExclusive?: boolean;
  integer?: boolean;
  oneOf?: readonly number[];
}

function checkNumber(value: unknown, field: string, rule: NumberRule): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) invalid(field, 'must be a number');
  if (rule.integer && !Number.isInteger(value)) invalid(field, 'must be an integer');
  if (rule.oneOf !== undefined && !rule.oneOf.includes(value))
    invalid(field, `must be one of ${rule.oneOf.join(', ')}`);
  if (rule.min !== undefined && (rule.minExclusive ? value <= rule.min : value < rule.min)) {
    invalid(field, `must be ${rule.minExclusive ? 'greater than' : 'at least'} ${rule.min}`);
  }
  if (rule.max !== undefined && value > rule.max) invalid(field, `must be at most ${rule.max}`);
  return value;
}

/** A required number. */
export function requireNumber(obj: JsonObject, key: string, rule: NumberRule = {}, prefix = ''): number {
  const value = obj[key];
  if (value === undefined || value === null) invalid(prefix + key, 'is required');
  return checkNumber(value, prefix + key, rule);
}

/** An optional number. */
export function optionalNumber(
  obj: JsonObject,
  key: string,
  rule: NumberRule = {},
  prefix = '',
): number | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  return checkNumber(value, prefix + key, rule);
}

/** An optional boolean. */
export function optionalBoolean(obj: JsonObject, key: string, prefix = ''): boolean | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') invalid(prefix + key, 'must be a boolean');
  return value;
}

/** An optional object (`{}` when absent, so callers can read its fields directly). */
export function optionalObject(obj: JsonObject, key: string, prefix = ''): JsonObject {
  const value = obj[key];
  if (value === undefined || value === null) return {};
  if (!isObject(value)) invalid(prefix + key, 'must be an object');
  return value;
}

/** An optional array. */
export function optionalArray(obj: JsonObject, key: string, prefix = ''): unknown[] | undefined {
  const value = obj[key];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) invalid(prefix + key, 'must be an array');
  return value;
}

/**
 * An int64 id sent as a number or a numeric string (clients differ; the API accepts both).
 * Returns it as a number.
 */
export function requireId(obj: JsonObject | Record<string, string>, key: string): number {
  const value: unknown = obj[key];
  if (value === undefined || value === null || value === '') invalid(key, 'is required');
  const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) invalid(key, 'must be an integer');
  return n;
}
