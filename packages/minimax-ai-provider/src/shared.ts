import type { JSONObject, SharedV3Warning } from '@ai-sdk/provider';
import { type MiniMax, type RequestOptions, toBase64 } from 'minimax-sdk';

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

/** An image the AI SDK hands over (a URL, base64 text or bytes), in a form the API takes. */
export type ImageSource =
  | { type: 'url'; url: string }
  | { type: 'file'; mediaType: string; data: string | Uint8Array };

/** A URL as it is, bytes or base64 as a data URI: the forms MiniMax takes for images. */
export function imageSource(file: ImageSource): string {
  if (file.type === 'url') return file.url;
  const data = typeof file.data === 'string' ? file.data : toBase64(file.data);
  return `data:${file.mediaType};base64,${data}`;
}

/** `meta` with the MiniMax trace id under `traceId` when the answer had one (support asks for it). */
export function withTrace<T extends JSONObject>(meta: T, traceId: string | undefined): T {
  if (traceId) (meta as JSONObject).traceId = traceId;
  return meta;
}

/**
 * What every model class shares: its id, the provider name, and the client of its provider
 * instance (created on first use, so importing the default instance needs no key).
 */
export abstract class MiniMaxModel {
  readonly specificationVersion = 'v3';
  readonly modelId: string;
  readonly provider: string;
  readonly #client: () => MiniMax;

  constructor(modelId: string, context: ModelContext) {
    this.modelId = modelId;
    this.provider = context.provider;
    this.#client = context.client;
  }

  protected client(): MiniMax {
    return this.#client();
  }
}
