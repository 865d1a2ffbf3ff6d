/** Lenient readers for answer fields: the API's shapes vary, and a missing field gets a default. */

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The value if it is a plain object, else undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return isRecord(value) ? value : undefined;
}

/** The value if it is a plain object, else an empty one. */
export function recordOrEmpty(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** A finite number, from a number or a numeric string (the API sends both); else 0. */
export function toNumber(value: unknown): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

/** An `http://` or `https://` URL (the API answers with either bytes or such a URL). */
export function isHttpURL(value: unknown): value is string {
  return typeof value === 'string' && /^https?:\/\//i.test(value);
}

/**
 * Gives `target` the first non-empty trace id among `sources` (each a trace id, or an object with
 * a `trace_id`), unless it has one already: the id users quote to MiniMax support.
 *
 * @example
 * return withTraceId({ voice_id }, answer);
 */
export function withTraceId<T extends { trace_id?: string | undefined }>(
  target: T,
  ...sources: unknown[]
): T {
  if (target.trace_id) return target;
  for (const source of sources) {
    const value = isRecord(source) ? source.trace_id : source;
    if (typeof value === 'string' && value !== '') {
      target.trace_id = value;
      break;
    }
  }
  return target;
}

/** Picks the trace id from the body, else from the response headers. */
export function traceIdOf(body: unknown, headers?: Headers): string {
  if (body && typeof body === 'object') {
    const value = (body as { trace_id?: unknown }).trace_id;
    if (typeof value === 'string' && value) return value;
  }
  return headers?.get('trace-id') ?? headers?.get('x-trace-id') ?? headers?.get('request-id') ?? '';
}

/** One of the letters of `__proto__` escaped: `\u005f`, `\u0070`, `\u0072`, `\u006f`, `\u0074`. */
const ESCAPED_PROTO_LETTER = /\\u00(?:5f|6f|7[024])/i;

/**
 * `JSON.parse` for what a server sends: a `__proto__` key is dropped at any depth. JSON.parse makes
 * it an own property, which then rides along into result objects and turns into a prototype as
 * soon as user code copies one with `Object.assign` or a deep merge.
 *
 * @example
 * parseServerJSON('{"__proto__":{"admin":true},"id":1}'); // { id: 1 }
 */
export function parseServerJSON(text: string): unknown {
  // Only a text that spells the key out or escapes one of its letters can hold it, and only that
  // one pays for a reviver. Two plain searches rule both out: the pattern alone, over a speech
  // frame of hex audio, took about nine times as long as they do.
  const mayHoldKey =
    text.includes('__proto__') || (text.includes('\\u00') && ESCAPED_PROTO_LETTER.test(text));
  if (!mayHoldKey) return JSON.parse(text);
  return JSON.parse(text, (key, value: unknown) => (key === '__proto__' ? undefined : value));
}

/**
 * A bad value as an error message shows it: a string quoted, a number or bigint as written, an
 * object or array by its kind (its contents may be large, or secret).
 *
 * @example
 * describeValue('5') // '"5"'
 * describeValue(NaN) // 'NaN'
 * describeValue([1]) // 'an array'
 */
export function describeValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return 'an array';
  if (value === null) return 'null';
  if (typeof value === 'object') return 'an object';
  if (typeof value === 'function') return 'a function';
  return String(value);
}
