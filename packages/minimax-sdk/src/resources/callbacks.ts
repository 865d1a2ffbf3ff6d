/**
 * Receiving MiniMax's callbacks: a task created with `callback_url` is announced by a `challenge`
 * post that must be echoed within 3 seconds, then each status change is posted to the same URL.
 *
 * Web APIs only (no `node:` import), so the same module runs in Node, Bun, Deno, workerd, edge
 * runtimes and bundles for the browser build. The Node adapter takes structural request/response
 * types, not Node's own.
 */
import { ownValue } from '../core/body.js';
import { InvalidParameterError } from '../core/errors.js';
import { isRecord, parseServerJSON, toNumber } from '../core/values.js';
import type {
  CallbackEvent,
  CallbackEventHandler,
  CallbackOptions,
  NodeCallbackRequest,
  NodeCallbackResponse,
  V1CallbackEvent,
  V1CallbackStatus,
  V2CallbackEvent,
  V2CallbackStatus,
} from './callbacks-types.js';

/** Default body cap: status posts are small, so anything near this is not one. */
export const CALLBACK_MAX_BODY_BYTES = 256 * 1024;

const V1_STATUSES = new Map<string, V1CallbackStatus>([
  ['processing', 'processing'],
  // A callback body is "like the query response", whose spellings differ: read them as the same.
  ['preparing', 'processing'],
  ['queueing', 'processing'],
  ['success', 'success'],
  ['failed', 'failed'],
  ['fail', 'failed'],
]);
const V2_STATUSES = new Map<string, V2CallbackStatus>([
  ['queued', 'queued'],
  ['running', 'running'],
  ['succeeded', 'succeeded'],
  ['failed', 'failed'],
  ['cancelled', 'cancelled'],
  ['canceled', 'cancelled'],
]);
const V2_FINAL = new Set<V2CallbackStatus>(['succeeded', 'failed', 'cancelled']);

/** What to answer: the status and a small JSON body. */
interface Answer {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

/** The body as read: its text, or why it was not read. */
type BodyRead = { text: string } | { tooLarge: true } | { failed: string };

interface Settings {
  onEvent: CallbackEventHandler;
  maxBodyBytes: number;
  secret: string | undefined;
  secretParam: string;
  onChallenge: ((challenge: string) => void) | undefined;
  onError: (error: unknown) => void;
}

function settingsOf(onEvent: unknown, options: CallbackOptions | undefined): Settings {
  if (typeof onEvent !== 'function') {
    throw new InvalidParameterError('onEvent must be a function that receives each callback event.');
  }
  if (options !== undefined && !isRecord(options)) {
    throw new InvalidParameterError('Callback options must be an object.');
  }
  const max = ownValue(options, 'maxBodyBytes') ?? CALLBACK_MAX_BODY_BYTES;
  if (typeof max !== 'number' || !Number.isSafeInteger(max) || max < 1) {
    throw new InvalidParameterError(
      `maxBodyBytes must be a positive whole number of bytes, got ${String(max)}.`,
    );
  }
  const secret = ownValue(options, 'secret');
  if (secret !== undefined && (typeof secret !== 'string' || secret === '')) {
    throw new InvalidParameterError('secret must be a non-empty string.');
  }
  const secretParam = ownValue(options, 'secretParam') ?? 'secret';
  if (typeof secretParam !== 'string' || secretParam === '') {
    throw new InvalidParameterError('secretParam must be a non-empty query parameter name.');
  }
  const onChallenge = ownValue(options, 'onChallenge');
  const onError = ownValue(options, 'onError');
  for (const [name, value] of [
    ['onChallenge', onChallenge],
    ['onError', onError],
  ] as const) {
    if (value !== undefined && typeof value !== 'function') {
      throw new InvalidParameterError(`${name} must be a function.`);
    }
  }
  return {
    onEvent: onEvent as CallbackEventHandler,
    maxBodyBytes: max,
    secret,
    secretParam,
    onChallenge: onChallenge as Settings['onChallenge'],
    onError:
      (onError as Settings['onError'] | undefined) ??
      ((error) => console.error('minimax-sdk: a callback handler failed:', error)),
  };
}

const encoder = /* @__PURE__ */ new TextEncoder();

/** Compares without an early exit, so the time taken says nothing about how much matched. */
function sameSecret(given: string, expected: string): boolean {
  const a = encoder.encode(given);
  const b = encoder.encode(expected);
  let diff = a.length ^ b.length;
  for (let i = 0; i < b.length; i += 1) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

function refuse(status: number, error: string, headers?: Record<string, string>): Answer {
  return { status, body: { error }, ...(headers && { headers }) };
}

function idOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  return '';
}

function stringField(source: unknown, key: string): string | undefined {
  const value = ownValue(source, key);
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function v1Event(body: Record<string, unknown>, status: V1CallbackStatus, taskId: string): V1CallbackEvent {
  const event: V1CallbackEvent = {
    api: 'v1',
    task_id: taskId,
    status,
    final: status !== 'processing',
    body,
  };
  const fileId = idOf(ownValue(body, 'file_id'));
  if (fileId !== '') event.file_id = fileId;
  const videoURL = stringField(body, 'video_url');
  if (videoURL !== undefined) event.video_url = videoURL;
  const baseResp = ownValue(body, 'base_resp');
  if (isRecord(baseResp)) {
    const message = ownValue(baseResp, 'status_msg');
    event.base_resp = {
      status_code: toNumber(ownValue(baseResp, 'status_code')),
      status_msg: typeof message === 'string' ? message : '',
    };
  }
  return event;
}

function v2Event(
  body: Record<string, unknown>,
  task: Record<string, unknown>,
  status: V2CallbackStatus,
  taskId: string,
): V2CallbackEvent {
  const event: V2CallbackEvent = {
    api: 'v2',
    task_id: taskId,
    status,
    final: V2_FINAL.has(status),
    task: { ...task, id: taskId, status },
    body,
  };
  const url = stringField(ownValue(task, 'content'), 'url');
  if (url !== undefined) event.url = url;
  const error = ownValue(task, 'error');
  if (isRecord(error)) {
    const code = idOf(ownValue(error, 'code'));
    const message = stringField(error, 'message');
    event.error = { ...(code !== '' && { code }), ...(message !== undefined && { message }) };
  }
  return event;
}

/**
 * Reads a status post: V2 when it holds a `task` object or a status only V2 has (a flat V2 body
 * that `failed` is told by its `error` object), V1 otherwise. A string says why it is neither.
 */
export function parseCallbackEvent(body: unknown): CallbackEvent | string {
  if (!isRecord(body)) return 'the body is not a JSON object';
  const nested = ownValue(body, 'task');
  const task = isRecord(nested) ? nested : body;
  const raw = ownValue(task, 'status');
  if (typeof raw !== 'string') return 'the body has neither a challenge nor a task status';
  const key = raw.toLowerCase();
  const taskId =
    idOf(ownValue(task, 'task_id')) || idOf(ownValue(task, 'id')) || idOf(ownValue(body, 'task_id'));
  if (taskId === '') return 'the body names no task_id';
  const v2 = V2_STATUSES.get(key);
  const looksV2 =
    task !== body || isRecord(ownValue(body, 'error')) || (v2 !== undefined && !V1_STATUSES.has(key));
  if (v2 !== undefined && looksV2) return v2Event(body, task, v2, taskId);
  const v1 = V1_STATUSES.get(key);
  if (v1 !== undefined && task === body) return v1Event(body, v1, taskId);
  return `unknown task status "${raw}"`;
}

/** Everything after the body is read: the challenge, the event and its handler, the answer. */
async function answerBody(read: BodyRead, settings: Settings): Promise<Answer> {
  if ('tooLarge' in read) {
    return refuse(413, `body over ${settings.maxBodyBytes} bytes`, { connection: 'close' });
  }
  if ('failed' in read) return refuse(400, read.failed);
  let body: unknown;
  try {
    body = parseServerJSON(read.text);
  } catch {
    return refuse(400, 'the body is not JSON');
  }
  if (isRecord(body) && Object.hasOwn(body, 'challenge')) {
    const challenge = body.challenge;
    if (typeof challenge !== 'string' && typeof challenge !== 'number') {
      return refuse(400, 'challenge must be a string');
    }
    if (settings.onChallenge) {
      try {
        settings.onChallenge(String(challenge));
      } catch (error) {
        settings.onError(error);
      }
    }
    return { status: 200, body: { challenge } };
  }
  const event = parseCallbackEvent(body);
  if (typeof event === 'string') return refuse(400, event);
  try {
    await settings.onEvent(event);
  } catch (error) {
    settings.onError(error);
    // The handler's message may hold private details: the platform only needs to know to retry.
    return refuse(500, 'the callback handler failed');
  }
  return { status: 200, body: { status: 'success' } };
}

/** The checks made before a body is read: method, secret, declared length. */
function answerHead(
  method: string | undefined,
  url: string | undefined,
  contentLength: string | null | undefined,
  settings: Settings,
): Answer | undefined {
  if ((method ?? 'GET').toUpperCase() !== 'POST') {
    return refuse(405, 'callbacks are POST requests', { allow: 'POST' });
  }
  if (settings.secret !== undefined) {
    let given: string | null = null;
    try {
      given = new URL(url ?? '/', 'http://callback.invalid').searchParams.get(settings.secretParam);
    } catch {
      given = null;
    }
    if (given === null || !sameSecret(given, settings.secret)) return refuse(403, 'unknown sender');
  }
  const length = contentLength == null ? Number.NaN : Number(contentLength);
  if (length > settings.maxBodyBytes) {
    return refuse(413, `body over ${settings.maxBodyBytes} bytes`, { connection: 'close' });
  }
  return undefined;
}

function joinChunks(chunks: Uint8Array[], size: number): string {
  const all = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    all.set(chunk, at);
    at += chunk.byteLength;
  }
  return new TextDecoder().decode(all);
}

async function readWebBody(request: Request, max: number): Promise<BodyRead> {
  if (request.body === null) return { text: '' };
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > max) {
        // Stop reading a body that is already too big; nothing more of it is needed.
        reader.cancel().catch(() => {});
        return { tooLarge: true };
      }
      chunks.push(value);
    }
  } catch (error) {
    return { failed: `the body could not be read: ${(error as Error).message}` };
  }
  return { text: joinChunks(chunks, size) };
}

function webResponse(answer: Answer): Response {
  return new Response(JSON.stringify(answer.body), {
    status: answer.status,
    headers: { 'content-type': 'application/json', ...answer.headers },
  });
}

/**
 * Answers one of MiniMax's callback posts, for any handler built on the Web `Request`/`Response`
 * (Next.js route handlers, Hono, Bun.serve, Deno.serve, Cloudflare Workers).
 *
 * - A `challenge` post is echoed at once (`{"challenge": …}`), without calling `onEvent`.
 * - A status post (V1 video and Video Agent: `processing` / `success` / `failed`; V2:
 *   `queued` / `running` / `succeeded` / `failed` / `cancelled`) becomes a typed `CallbackEvent`
 *   for `onEvent`; when its promise resolves the answer is 200, when it rejects 500 (so the
 *   platform may post it again: make `onEvent` safe to run twice for the same status).
 * - Anything else is refused: 400 for a body that is neither, 405 for other methods, 413 for a
 *   body over `maxBodyBytes`, 403 when `secret` is set and the URL does not carry it.
 *
 * MiniMax documents no signature for these posts, so none is checked: use `secret` (a private
 * value in the `callback_url`'s query) to tell the platform's posts from strangers'.
 *
 * @example
 * // app/minimax/route.ts (Next.js); callback_url: https://example.com/minimax?secret=…
 * import { handleCallback } from 'minimax-sdk';
 * export function POST(request: Request) {
 *   return handleCallback(request, async (event) => {
 *     if (event.final) await markDone(event.task_id, event.status);
 *   }, { secret: process.env.MINIMAX_CALLBACK_SECRET });
 * }
 */
export async function handleCallback(
  request: Request,
  onEvent: CallbackEventHandler,
  options?: CallbackOptions,
): Promise<Response> {
  const settings = settingsOf(onEvent, options);
  const early = answerHead(request.method, request.url, request.headers.get('content-length'), settings);
  if (early !== undefined) {
    request.body?.cancel().catch(() => {});
    return webResponse(early);
  }
  return webResponse(await answerBody(await readWebBody(request, settings.maxBodyBytes), settings));
}

function headerOf(request: NodeCallbackRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A body a framework already parsed (Express' `express.json()`, for one), as text. */
function parsedBody(request: NodeCallbackRequest, max: number): BodyRead | undefined {
  if (request.readableEnded !== true) return undefined;
  const body = request.body;
  if (body === undefined) return { failed: 'the body was read before the callback handler saw it' };
  const text =
    typeof body === 'string'
      ? body
      : body instanceof Uint8Array
        ? new TextDecoder().decode(body)
        : JSON.stringify(body);
  return encoder.encode(text).byteLength > max ? { tooLarge: true } : { text };
}

function readNodeBody(request: NodeCallbackRequest, max: number): Promise<BodyRead> {
  const already = parsedBody(request, max);
  if (already !== undefined) return Promise.resolve(already);
  return new Promise((resolve) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let settled = false;
    const settle = (read: BodyRead): void => {
      if (settled) return;
      settled = true;
      resolve(read);
    };
    request.on('data', (chunk) => {
      if (settled) return;
      const bytes = typeof chunk === 'string' ? encoder.encode(chunk) : chunk;
      size += bytes.byteLength;
      if (size > max) {
        // Read no further; the answer closes the connection, which drops the rest.
        request.pause();
        settle({ tooLarge: true });
        return;
      }
      chunks.push(bytes);
    });
    request.on('end', () => settle({ text: joinChunks(chunks, size) }));
    request.on('error', (error) => settle({ failed: `the body could not be read: ${error.message}` }));
  });
}

function writeNode(response: NodeCallbackResponse, answer: Answer): void {
  if (response.headersSent === true) return;
  response.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
  response.end(JSON.stringify(answer.body));
}

/**
 * The same receiver as `handleCallback` for Node's `http` (and Express, Fastify's raw request,
 * anything built on `http.IncomingMessage`): returns a `(req, res)` listener. A body that a
 * framework already parsed (`express.json()`) is read from `req.body`.
 *
 * @example
 * import { createServer } from 'node:http';
 * import { nodeCallbackHandler } from 'minimax-sdk';
 * const secret = process.env.MINIMAX_CALLBACK_SECRET;
 * createServer(nodeCallbackHandler((event) => console.log(event.task_id, event.status), { secret })).listen(8080);
 * // create tasks with callback_url: `https://your-host:8080/?secret=${secret}`
 */
export function nodeCallbackHandler(
  onEvent: CallbackEventHandler,
  options?: CallbackOptions,
): (request: NodeCallbackRequest, response: NodeCallbackResponse) => void {
  const settings = settingsOf(onEvent, options);
  return (request, response) => {
    const early = answerHead(request.method, request.url, headerOf(request, 'content-length'), settings);
    if (early !== undefined) {
      writeNode(response, early);
      return;
    }
    readNodeBody(request, settings.maxBodyBytes)
      .then((read) => answerBody(read, settings))
      .then(
        (answer) => writeNode(response, answer),
        (error: unknown) => {
          settings.onError(error);
          writeNode(response, refuse(500, 'the callback handler failed'));
        },
      );
  };
}
