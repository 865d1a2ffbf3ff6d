/**
 * THE body builder. A params object is sent as the caller gave it: every own key they set (nested
 * objects too) reaches the API, `undefined` and `null` are dropped, and the SDK only adds its
 * defaults and the values a method computes. Keys the SDK does not know are kept, so a field the
 * platform adds tomorrow needs no release.
 *
 * Only own enumerable properties are ever read. A key inherited through a prototype, or an own
 * `__proto__` key (what `JSON.parse` makes of one), is never read, sent, or used as a file path:
 * params often come from parsed JSON or from objects a user does not fully control.
 */
import { InvalidParameterError } from './errors.js';

export type JSONBody = Record<string, unknown>;

/** The key JSON.parse turns into an own property and that object literals treat as the prototype. */
const PROTO_KEY = '__proto__';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * The value of an own property, or `undefined` when the key is missing, inherited or `__proto__`.
 *
 * @example
 * ownValue(JSON.parse('{"__proto__":{"path":"/etc/passwd"}}'), 'path'); // undefined
 */
export function ownValue(object: unknown, key: string): unknown {
  if (typeof object !== 'object' || object === null || key === PROTO_KEY) return undefined;
  return Object.hasOwn(object, key) ? (object as Record<string, unknown>)[key] : undefined;
}

/** A copy of a value for a request body: plain objects keep their own set keys, recursively. */
function copyValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : copyValue(item)));
  if (isPlainObject(value)) return copyOwn(value);
  return value;
}

function copyOwn(source: Record<string, unknown>): JSONBody {
  const out: JSONBody = {};
  for (const key of Object.keys(source)) {
    if (key === PROTO_KEY) continue;
    const value = source[key];
    if (value === undefined || value === null) continue;
    out[key] = copyValue(value);
  }
  return out;
}

/**
 * A params object as a fresh plain object of its own set keys (nested plain objects copied the
 * same way; `undefined`/`null` dropped). Throws `InvalidParameterError` for anything that is not
 * an object, so that `null`, a string or an array never reach a method's body.
 *
 * @example
 * const params = ownParams(JSON.parse(text)); // safe to read and to send
 */
export function ownParams(params: unknown, what = 'params'): JSONBody {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new InvalidParameterError(`${what} must be an object, got ${describe(params)}.`);
  }
  return copyOwn(params as Record<string, unknown>);
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? 'a string' : `a ${typeof value}`;
}

export interface BodyRecipe {
  /** Values used when the caller left a key unset (`undefined` or `null`). */
  defaults?: JSONBody;
  /** Values the method decides (`stream`, converted files…); `undefined` removes the key. */
  set?: JSONBody;
  /** Keys that are SDK controls, not body fields (never sent). */
  omit?: readonly string[];
}

/**
 * The request body of a params object: every own key the caller set, then the recipe's defaults
 * for what was left unset, then the values the method sets.
 *
 * @example
 * const body = buildBody(params, { defaults: { model: 'image-01', n: 1 }, set: { stream: false } });
 */
export function buildBody(params: unknown, recipe: BodyRecipe = {}): JSONBody {
  const body = ownParams(params);
  for (const key of recipe.omit ?? []) delete body[key];
  if (recipe.defaults) {
    for (const key of Object.keys(recipe.defaults)) {
      const value = recipe.defaults[key];
      if (body[key] === undefined && value !== undefined && value !== null) body[key] = copyValue(value);
    }
  }
  if (recipe.set) {
    for (const key of Object.keys(recipe.set)) {
      if (key === PROTO_KEY) continue;
      const value = recipe.set[key];
      if (value === undefined) delete body[key];
      else body[key] = value;
    }
  }
  return body;
}

/**
 * The query of a GET: every own key the caller set whose value fits in a URL (strings, numbers,
 * booleans; arrays joined with commas), `undefined`/`null` dropped.
 *
 * @example
 * buildQuery({ purpose: 'voice_clone', limit: 10 }); // { purpose: 'voice_clone', limit: 10 }
 */
export function buildQuery(
  params: unknown,
  recipe: BodyRecipe = {},
): Record<string, string | number | boolean> {
  const query: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(buildBody(params, recipe))) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      query[key] = value;
    else if (typeof value === 'bigint') query[key] = value.toString();
    else if (Array.isArray(value)) query[key] = value.map(String).join(',');
    else {
      throw new InvalidParameterError(`${key} cannot be sent in a query string (got an object).`);
    }
  }
  return query;
}
