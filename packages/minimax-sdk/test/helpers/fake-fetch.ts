/**
 * The one fake `fetch` for unit tests: it records every request (URL, method, headers, parsed
 * body) and answers with whatever the test's responder returns or throws.
 */
import { type ClientOptions, MiniMax } from '../../src/index.js';

export interface RecordedRequest {
  url: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  /** Parsed JSON, a FormData for multipart, or undefined. */
  body: unknown;
  signal: AbortSignal | undefined;
  /** The init as passed, for what the fields above do not show (its redirect mode, `window`). */
  init: RequestInit;
}

export type Responder = (request: RecordedRequest, index: number) => Response | Promise<Response>;

export function fakeFetch(responder: Responder): { fetch: typeof fetch; calls: RecordedRequest[] } {
  const calls: RecordedRequest[] = [];
  const fetchImpl = async (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(String(input));
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, key) => {
      headers[key] = value;
    });
    let body: unknown;
    if (typeof init.body === 'string') body = JSON.parse(init.body);
    else if (init.body instanceof FormData) body = init.body;
    const request: RecordedRequest = {
      url: url.toString(),
      method: init.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers,
      body,
      signal: init.signal ?? undefined,
      init,
    };
    calls.push(request);
    if (init.signal?.aborted) throw init.signal.reason;
    return responder(request, calls.length - 1);
  };
  return { fetch: fetchImpl as typeof fetch, calls };
}

export function jsonResponse(body: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(body), {
    status: 200,
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string> | undefined) },
  });
}

/** An SSE response whose body arrives in exactly the given chunks. */
export function sseResponse(chunks: string[], init: ResponseInit = {}): Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
  return new Response(body, { status: 200, headers: { 'content-type': 'text/event-stream' }, ...init });
}

/** `{"base_resp":{"status_code":0,"status_msg":"success"}}` merged into a body. */
export function ok<T extends Record<string, unknown>>(
  body: T,
): T & { base_resp: { status_code: number; status_msg: string } } {
  return { ...body, base_resp: { status_code: 0, status_msg: 'success' } };
}

export const TEST_KEY = 'sk-test-0123456789abcdef';

/** The options of a unit test's client: the test key, a fake host, `fetchImpl`, no retries, no logs. */
export function testOptions(fetchImpl: typeof fetch) {
  return {
    apiKey: TEST_KEY,
    baseURL: 'https://api.test',
    fetch: fetchImpl,
    maxRetries: 0,
    logLevel: 'off' as const,
  };
}

export function testClient(fetchImpl: typeof fetch, options: ClientOptions = {}): MiniMax {
  return new MiniMax({ ...testOptions(fetchImpl), ...options });
}
