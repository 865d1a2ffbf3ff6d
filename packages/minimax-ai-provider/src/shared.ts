import type { JSONObject, SharedV3Warning } from '@ai-sdk/provider';
import type { MiniMax, RequestOptions } from 'minimax-sdk';

/** What every model of one provider instance shares. */
export interface ModelContext {
  /** `minimax.language`, `minimax.speech`, … (the AI SDK's `provider` field). */
  provider: string;
  /** The client, created on first use so that importing the default instance needs no key. */
  client: () => MiniMax;
}

/** The provider-options key every model reads (`providerOptions.minimax`). */
export const PROVIDER_KEY = 'minimax';

/** `providerOptions.minimax`, or an empty object; anything else there is a caller mistake. */
export function minimaxOptions(providerOptions: Record<string, JSONObject> | undefined): JSONObject {
  if (providerOptions === undefined || !Object.hasOwn(providerOptions, PROVIDER_KEY)) return {};
  return providerOptions[PROVIDER_KEY] ?? {};
}

/** The per-call SDK options from the AI SDK's call options. */
export function requestOptions(options: {
  abortSignal?: AbortSignal | undefined;
  headers?: Record<string, string | undefined> | undefined;
}): RequestOptions {
  const out: RequestOptions = {};
  if (options.abortSignal) out.signal = options.abortSignal;
  if (options.headers) out.headers = options.headers;
  return out;
}

export function headersOf(response: Response): Record<string, string> {
  return Object.fromEntries(response.headers.entries());
}

/** An "unsupported setting" warning. */
export function unsupported(feature: string, details?: string): SharedV3Warning {
  return details === undefined ? { type: 'unsupported', feature } : { type: 'unsupported', feature, details };
}

/** Shallow-merges `extra` over `base`, and one level deeper for the named nested objects. */
export function mergeParams(
  base: Record<string, unknown>,
  extra: JSONObject,
  nested: readonly string[] = [],
): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base };
  for (const key of Object.keys(extra)) {
    const value = extra[key];
    // An own `__proto__` key (JSON.parse makes them) would replace the prototype, not set a field.
    if (value === undefined || key === '__proto__') continue;
    const current = out[key];
    if (nested.includes(key) && isPlainObject(value) && isPlainObject(current)) {
      out[key] = { ...current, ...value };
    } else {
      out[key] = value;
    }
  }
  return out;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Base64 of bytes without Buffer, so the provider runs on edge runtimes too. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const out = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) out[i] = binary.charCodeAt(i);
  return out;
}
