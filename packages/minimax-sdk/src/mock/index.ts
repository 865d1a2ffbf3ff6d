/**
 * `minimax-sdk/mock`: a local server that speaks the MiniMax API (JSON, SSE, WebSocket, multipart,
 * polling tasks, file downloads) with real media, for offline tests, demos and benchmarks.
 *
 * ```ts
 * import { startMockServer } from 'minimax-sdk/mock';
 * const mock = await startMockServer();
 * const client = new MiniMax({ apiKey: 'test', baseURL: mock.url });
 * // …
 * await mock.close();
 * ```
 *
 * Node only. Every server keeps its own state; nothing is shared between servers.
 */

import { createServer, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { createServer as createTLSServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { recordAnswer } from './answer-log.js';
import { applyCors } from './cors.js';
import { applyHttpFault, FaultQueue, HTTP_KINDS } from './faults.js';
import { MediaCache } from './media-cache.js';
import { type MultipartBody, multipartBoundary, parseMultipart } from './multipart.js';
import {
  AnthropicApiError,
  anthropicErrorFor,
  baseResp,
  HexBody,
  jsonPieces,
  MockApiError,
  sendAnthropicError,
  sendBaseRespError,
  sendOpenAICodeError,
  sendOpenAIError,
  sendPieces,
  sendText,
} from './respond.js';
import { handleControl } from './routes/control.js';
import { findRoute, type Route } from './routes/index.js';
import { MockState } from './state.js';
import { createMockCertificate } from './tls.js';
import type {
  CallbackDelivery,
  LoggedRequest,
  MockContext,
  MockRequest,
  MockServer,
  MockServerOptions,
  ResolvedOptions,
} from './types.js';
import { isObject, type JsonObject, randomHexId, Timers } from './util.js';
import { answerSocketPath, createWebSocketServer } from './ws.js';

export type {
  CodeFault,
  DelayFault,
  DropFault,
  Fault,
  FaultController,
  MidStreamCodeFault,
  PendingFault,
  StallFault,
  StatusFault,
  TaskFailFault,
  TaskNeverEndsFault,
  TruncateFault,
  WsCloseFault,
  WsFailFault,
  WsNoFinalFault,
} from './faults.js';
export { SYSTEM_VOICES, type VoiceRecord } from './state.js';
export type {
  CallbackDelivery,
  CallbackScheduleOptions,
  LoggedRequest,
  LoggedResponse,
  MockServer,
  MockServerOptions,
  TaskScheduleOptions,
} from './types.js';

function resolveOptions(options: MockServerOptions): ResolvedOptions {
  const schedule = options.taskSchedule ?? {};
  const callbacks = options.callbacks ?? {};
  return {
    apiKey: options.apiKey,
    // With only a clock schedule, queries alone never advance a task.
    pollsPerStage:
      schedule.pollsPerStage ?? (schedule.msPerStage === undefined ? 1 : Number.POSITIVE_INFINITY),
    msPerStage: schedule.msPerStage,
    wsIdleMs: options.wsIdleMs ?? 120_000,
    requestLogLimit: options.requestLogLimit ?? 10_000,
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024 * 1024,
    videoUrlTtlMs: options.videoUrlTtlMs ?? 3_600_000,
    callbackIntervalMs: callbacks.intervalMs ?? 1000,
    callbackTimeoutMs: callbacks.timeoutMs ?? 3000,
    callbackAttempts: Math.max(1, callbacks.attempts ?? 3),
    callbackRetryDelayMs: callbacks.retryDelayMs ?? 1000,
  };
}

/** The key a request presents: the bearer token, or on the Anthropic endpoint also `x-api-key`. */
function presentedKey(req: IncomingMessage, allowXApiKey: boolean): string | undefined {
  const match = /^Bearer\s+(\S.*)$/i.exec(req.headers.authorization?.trim() ?? '');
  if (match?.[1] !== undefined) return match[1].trim();
  const xKey = req.headers['x-api-key'];
  if (allowXApiKey && typeof xKey === 'string' && xKey.trim() !== '') return xKey.trim();
  return undefined;
}

/** Why a request is refused, or `undefined` when its key is acceptable. */
function authProblem(
  req: IncomingMessage,
  apiKey: string | undefined,
  allowXApiKey: boolean,
): 'missing' | 'wrong' | undefined {
  const key = presentedKey(req, allowXApiKey);
  if (key === undefined) return 'missing';
  if (apiKey !== undefined && key !== apiKey) return 'wrong';
  return undefined;
}

/** Throws the endpoint's auth error (1004, or HTTP 401 on the Anthropic endpoint) for a bad key. */
function assertAuthorized(req: IncomingMessage, apiKey: string | undefined, anthropic: boolean): void {
  const problem = authProblem(req, apiKey, anthropic);
  if (problem === undefined) return;
  if (anthropic) {
    const message =
      problem === 'missing'
        ? 'Please carry the API secret key in the Authorization header'
        : 'invalid api key';
    throw new AnthropicApiError(401, 'authentication_error', message);
  }
  throw new MockApiError(1004, problem === 'missing' ? undefined : 'login fail: invalid api key');
}

/** Header values for the log, with credentials masked. */
function loggedHeaders(req: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  if (headers.authorization !== undefined) {
    const scheme = /^\s*(\S+)\s/.exec(headers.authorization)?.[1] ?? 'Bearer';
    headers.authorization = `${scheme} ***`;
  }
  if (headers['x-api-key'] !== undefined) headers['x-api-key'] = '***';
  return headers;
}

/** The log entry of an HTTP request or WebSocket upgrade. */
function logEntry(
  req: IncomingMessage,
  path: string,
  query: Record<string, string>,
  body?: unknown,
): LoggedRequest {
  return { method: req.method ?? 'GET', path, query, headers: loggedHeaders(req), body, time: Date.now() };
}

class BodyTooLarge extends Error {}

/** Reads the whole request body, refusing (after draining) one larger than `limit`. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.byteLength;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => (size > limit ? reject(new BodyTooLarge()) : resolve(Buffer.concat(chunks, size))));
    req.on('error', reject);
  });
}

interface ParsedBody {
  body: unknown;
  multipart?: MultipartBody;
  /** Why the body could not be parsed, reported after auth so a bad key still wins. */
  error?: string;
}

function parseBody(raw: Buffer, contentType: string | undefined): ParsedBody {
  if (raw.byteLength === 0) return { body: undefined };
  const boundary = multipartBoundary(contentType);
  if (boundary !== undefined) {
    try {
      return { body: undefined, multipart: parseMultipart(raw, boundary) };
    } catch (err) {
      return { body: undefined, error: `body is not valid multipart: ${(err as Error).message}` };
    }
  }
  const text = raw.toString('utf8');
  try {
    return { body: JSON.parse(text) };
  } catch {
    return { body: text, error: 'body is not valid JSON' };
  }
}

/** The body as the request log shows it: multipart as field values and file summaries. */
function loggedBody(parsed: ParsedBody): unknown {
  if (parsed.multipart === undefined) return parsed.body;
  const { fields, files } = parsed.multipart;
  return {
    fields: { ...fields },
    files: files.map((f) => ({
      field: f.field,
      filename: f.filename,
      contentType: f.contentType,
      size: f.data.byteLength,
    })),
  };
}

/** Writes a handler's payload inside the success envelope. */
function sendPayload(r: MockRequest, result: object): void {
  const payload = result instanceof HexBody ? result.payload : result;
  const { base_resp, ...rest } = payload as JsonObject;
  const body = { ...rest, trace_id: r.traceId, base_resp: base_resp ?? baseResp() };
  const pieces = jsonPieces(body, result instanceof HexBody ? result.hex : undefined);
  sendPieces(r.res, 200, 'application/json', pieces, { 'trace-id': r.traceId });
}

/** Answers a thrown error in the route's own error style. */
function sendError(r: MockRequest, route: Route, err: unknown): void {
  if (r.res.headersSent) {
    r.res.destroy();
    return;
  }
  if (route.style === 'openai') {
    if (err instanceof AnthropicApiError) {
      sendOpenAIError(r.res, err.status, err.type, err.message, r.traceId);
    } else if (err instanceof MockApiError) {
      sendOpenAICodeError(r.res, err.code, err.message, r.traceId);
    } else {
      sendOpenAICodeError(r.res, 1000, `mock server error: ${String(err)}`, r.traceId);
    }
    return;
  }
  if (route.style === 'anthropic') {
    if (err instanceof AnthropicApiError) {
      sendAnthropicError(r.res, err.status, err.type, err.message, r.traceId);
    } else if (err instanceof MockApiError) {
      const { status, type } = anthropicErrorFor(err.code);
      sendAnthropicError(r.res, status, type, err.message, r.traceId);
    } else {
      sendAnthropicError(r.res, 500, 'api_error', `mock server error: ${String(err)}`, r.traceId);
    }
    return;
  }
  if (err instanceof MockApiError) sendBaseRespError(r.res, r.traceId, err.code, err.message, {}, err.status);
  else sendBaseRespError(r.res, r.traceId, 1000, `mock server error: ${String(err)}`);
}

/**
 * Starts a mock MiniMax server on `127.0.0.1` (a random port unless `port` is given) and resolves
 * once it listens. Call `close()` when done: it ends every connection and timer.
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const resolved = resolveOptions(options);
  const host = options.host ?? '127.0.0.1';
  const requests: LoggedRequest[] = [];
  const faults = new FaultQueue();
  if (options.faults !== undefined) faults.add(...options.faults);
  const state = new MockState();
  const timers = new Timers();
  const media = new MediaCache();
  const callbacks: CallbackDelivery[] = [];
  const closed = new AbortController();
  const ctx: MockContext = {
    options: resolved,
    state,
    faults,
    media,
    timers,
    log(entry) {
      requests.push(entry);
      if (requests.length > resolved.requestLogLimit)
        requests.splice(0, requests.length - resolved.requestLogLimit);
    },
    logCallback(entry) {
      callbacks.push(entry);
      if (callbacks.length > resolved.requestLogLimit)
        callbacks.splice(0, callbacks.length - resolved.requestLogLimit);
    },
    closed: closed.signal,
  };
  const reset = (): void => {
    requests.length = 0;
    callbacks.length = 0;
    faults.clear();
    state.reset();
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (applyCors(req, res)) return;
    const traceId = randomHexId();
    const url = new URL(req.url ?? '/', 'http://mock');
    const path = url.pathname;
    const method = req.method ?? 'GET';
    let raw: Buffer;
    try {
      raw = await readBody(req, resolved.maxBodyBytes);
    } catch (err) {
      if (err instanceof BodyTooLarge) sendText(res, 413, `request body over ${resolved.maxBodyBytes} bytes`);
      else res.destroy();
      return;
    }
    const parsed = parseBody(raw, req.headers['content-type']);
    if (path.startsWith('/__mock/') && !path.startsWith('/__mock/media/')) {
      if (!handleControl(method, path, parsed.body, res, { faults, requests, reset })) {
        sendText(res, 404, `no mock control route ${method} ${path}`);
      }
      return;
    }

    const query = Object.fromEntries(url.searchParams);
    const entry = logEntry(req, path, query, loggedBody(parsed));
    ctx.log(entry);
    recordAnswer(res, entry);
    if (answerSocketPath(path, res, () => authProblem(req, resolved.apiKey, false) === undefined)) return;
    const route = findRoute(path);
    const anthropic = route?.style === 'anthropic';
    const fault = faults.take(path, HTTP_KINDS);
    if (fault !== undefined) {
      const streaming = isObject(parsed.body) && parsed.body.stream === true;
      const openai = route?.style === 'openai';
      if (await applyHttpFault(fault, { req, res, traceId, anthropic, openai, streaming }, timers)) return;
    }
    if (route === undefined) {
      sendText(res, 404, '404 page not found');
      return;
    }
    const handler =
      method === 'GET'
        ? route.GET
        : method === 'POST'
          ? route.POST
          : method === 'DELETE'
            ? route.DELETE
            : undefined;
    if (handler === undefined) {
      sendText(res, 405, `method ${method} not allowed on ${path}`, undefined, {
        allow: [route.GET && 'GET', route.POST && 'POST', route.DELETE && 'DELETE']
          .filter(Boolean)
          .join(', '),
      });
      return;
    }
    const r: MockRequest = {
      method,
      path,
      query,
      headers: req.headers,
      body: parsed.body,
      multipart: parsed.multipart,
      origin: `${scheme}://${req.headers.host ?? `${host}:${port}`}`,
      traceId,
      req,
      res,
    };
    try {
      if (route.style !== 'public') assertAuthorized(req, resolved.apiKey, anthropic);
      if (parsed.error !== undefined) throw new MockApiError(2013, `invalid params, ${parsed.error}`);
      const result = await handler(r, ctx);
      if (result !== undefined) sendPayload(r, result);
    } catch (err) {
      sendError(r, route, err);
    }
  };

  const listener: RequestListener = (req, res) => {
    res.on('error', () => {});
    handle(req, res).catch(() => res.destroy());
  };
  // With `tls`, a certificate made now (its own CA) serves https and wss on the same port.
  const certificate = options.tls === true ? createMockCertificate() : undefined;
  const scheme = certificate === undefined ? 'http' : 'https';
  const server =
    certificate === undefined ? createServer(listener) : createTLSServer({ ...certificate }, listener);
  server.on('clientError', (_err, socket) => socket.destroy());
  const ws = createWebSocketServer({
    ctx,
    authorized: (req) => authProblem(req, resolved.apiKey, false) === undefined,
    logEntry,
  });
  server.on('upgrade', ws.onUpgrade);

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      closed.abort();
      timers.clearAll();
      ws.closeAll();
      server.close(() => {
        timers.clearAll();
        // Generated media can run to hundreds of MB; let it go with the server.
        media.clear();
        resolve();
      });
      server.closeAllConnections();
    });
    return closing;
  };

  return {
    url: `${scheme}://${urlHost}:${port}`,
    port,
    ...(certificate !== undefined && { ca: certificate.cert }),
    requests,
    callbacks,
    faults,
    reset,
    close,
    [Symbol.asyncDispose]: close,
  };
}
