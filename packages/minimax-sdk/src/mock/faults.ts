/**
 * Fault injection: what can go wrong, the queue that hands faults out in order, and how HTTP-level
 * faults act on a response.
 *
 * A fault targets a path and the next `times` requests to it that it can apply to. Each kind acts
 * at its own point: HTTP faults when a request arrives, stream faults inside an SSE body,
 * WebSocket faults on a WebSocket event, task faults when a task is created. So a `truncate`
 * aimed at `*` waits for the next stream instead of being used up by an upload.
 */

import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Fault, StatusFault } from './fault-types.js';
import {
  anthropicErrorFor,
  anthropicTypeForStatus,
  messageForCode,
  openaiTypeForStatus,
  sendAnthropicError,
  sendBaseRespError,
  sendJson,
  sendOpenAICodeError,
  sendOpenAIError,
  sendText,
} from './respond.js';
import { isObject, type Timers } from './util.js';

export type * from './fault-types.js';

/** The action keys, one per fault kind, in the order they are recognised. */
const KINDS = [
  'status',
  'code',
  'stall',
  'drop',
  'truncate',
  'midStreamCode',
  'wsClose',
  'wsNoFinal',
  'wsFail',
  'taskFail',
  'taskNeverEnds',
  'delayMs',
] as const;

/** Which kind of fault an entry is, named after its action key. */
export type FaultKind = (typeof KINDS)[number];

/** Faults that act when a request arrives. */
export const HTTP_KINDS: readonly FaultKind[] = ['status', 'code', 'stall', 'drop', 'delayMs'];
/** HTTP faults that make sense on a WebSocket upgrade. */
export const UPGRADE_KINDS: readonly FaultKind[] = ['status', 'stall', 'drop', 'delayMs'];
/** Faults that act inside an SSE body. */
export const STREAM_KINDS: readonly FaultKind[] = ['truncate', 'midStreamCode'];
/** Faults that act on WebSocket events. */
export const WS_KINDS: readonly FaultKind[] = ['wsClose', 'wsNoFinal', 'wsFail'];
/** Faults that act when a task is created. */
export const TASK_KINDS: readonly FaultKind[] = ['taskFail', 'taskNeverEnds'];

/** A pending fault, as `faults.list()` reports it. */
export type PendingFault = Fault & { remaining: number };

/** The `faults` member of a mock server. */
export interface FaultController {
  /** Arms faults; they are used in the order added. Throws `TypeError` on an invalid fault. */
  add(...faults: Fault[]): void;
  /** Disarms every pending fault. */
  clear(): void;
  /** Pending faults with how many uses each has left. */
  list(): PendingFault[];
}

interface Entry {
  readonly fault: Fault;
  readonly kind: FaultKind;
  remaining: number;
}

function kindOf(fault: object): FaultKind {
  const kinds = KINDS.filter((k) => k !== 'delayMs' && k in fault);
  if (kinds.length > 1) throw new TypeError(`a fault has one action, got ${kinds.join(' and ')}`);
  if (kinds[0] !== undefined) return kinds[0];
  if ('delayMs' in fault) return 'delayMs';
  throw new TypeError(`a fault needs one of ${KINDS.join(', ')}`);
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0;
}

/** Checks a fault given as untyped JSON (or by a JavaScript caller) and returns it typed. */
export function parseFault(input: unknown): Fault {
  if (!isObject(input)) throw new TypeError('a fault must be an object');
  const kind = kindOf(input);
  const { path, times } = input;
  if (path !== undefined && (typeof path !== 'string' || path === '')) {
    throw new TypeError('fault.path must be a non-empty string');
  }
  if (times !== undefined && (!isCount(times) || times < 1)) {
    throw new TypeError('fault.times must be a positive integer');
  }
  for (const key of ['delayMs', 'retryAfterMs', 'afterEvents'] as const) {
    if (input[key] !== undefined && !isCount(input[key]))
      throw new TypeError(`fault.${key} must be an integer >= 0`);
  }
  const ra = input.retryAfter;
  if (ra !== undefined && !(isCount(ra) || typeof ra === 'string')) {
    throw new TypeError('fault.retryAfter must be seconds or an HTTP-date string');
  }
  const value = input[kind];
  const bad = (what: string) => new TypeError(`fault.${kind} must be ${what}`);
  switch (kind) {
    case 'status':
      if (!isCount(value) || value < 100 || value > 599) throw bad('an HTTP status (100-599)');
      break;
    case 'code':
    case 'midStreamCode':
    case 'wsFail':
      if (!isCount(value) || value === 0) throw bad('a non-zero MiniMax status code');
      break;
    case 'taskFail':
      if (!isCount(value)) throw bad('a MiniMax status code');
      break;
    case 'drop':
      if (value !== 'before-response' && value !== 'mid-body') throw bad("'before-response' or 'mid-body'");
      break;
    case 'wsClose':
      if (value !== 'mid-send') throw bad("'mid-send'");
      break;
    case 'stall':
    case 'truncate':
    case 'wsNoFinal':
    case 'taskNeverEnds':
      if (value !== true) throw bad('true');
      break;
    case 'delayMs':
      break;
  }
  // The checks above establish the shape of the member that `kind` names.
  return input as unknown as Fault;
}

function matches(target: string, path: string): boolean {
  if (target === '*') return !path.startsWith('/__mock/');
  if (target.endsWith('/*')) return path.startsWith(target.slice(0, -1));
  return target === path;
}

/** The faults of one server, handed out in the order they were added. */
export class FaultQueue implements FaultController {
  private readonly entries: Entry[] = [];

  add(...faults: Fault[]): void {
    const parsed = faults.map((f) => {
      const fault = parseFault(f);
      return { fault, kind: kindOf(fault), remaining: fault.times ?? 1 };
    });
    this.entries.push(...parsed);
  }

  clear(): void {
    this.entries.length = 0;
  }

  list(): PendingFault[] {
    return this.entries.map((e) => ({ ...e.fault, remaining: e.remaining }));
  }

  /** Uses up one count of the oldest fault for `path` among `kinds`, if any. */
  take(path: string, kinds: readonly FaultKind[]): Fault | undefined {
    const index = this.entries.findIndex((e) => kinds.includes(e.kind) && matches(e.fault.path ?? '*', path));
    const entry = this.entries[index];
    if (entry === undefined) return undefined;
    entry.remaining -= 1;
    if (entry.remaining <= 0) this.entries.splice(index, 1);
    return entry.fault;
  }
}

function retryHeaders(fault: Fault): Record<string, string> {
  const headers: Record<string, string> = {};
  if ('retryAfter' in fault && fault.retryAfter !== undefined)
    headers['retry-after'] = String(fault.retryAfter);
  if ('retryAfterMs' in fault && fault.retryAfterMs !== undefined) {
    headers['retry-after-ms'] = String(fault.retryAfterMs);
  }
  return headers;
}

/**
 * After the first body bytes leave, the socket is destroyed: the client sees headers and a
 * partial body. Works whether the handler ends with one `end()` or streams many `write()`s.
 */
function armMidBodyDrop(res: ServerResponse): void {
  const socket = res.socket;
  const cut = (chunk: unknown): void => {
    if (typeof chunk === 'string' || chunk instanceof Uint8Array) {
      const part = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      // Half the first chunk, at least one byte, so the client has started reading the body.
      originalWrite(part.subarray(0, Math.max(1, Math.floor(part.byteLength / 2))));
    }
    res.flushHeaders();
    // Give the bytes a moment to reach the wire before the reset.
    setImmediate(() => socket?.destroy());
  };
  const originalWrite = res.write.bind(res) as (chunk: Uint8Array) => boolean;
  let done = false;
  const intercept = (chunk?: unknown): boolean => {
    if (!done) {
      done = true;
      cut(chunk);
    }
    return true;
  };
  res.write = intercept as ServerResponse['write'];
  res.end = ((chunk?: unknown) => {
    intercept(typeof chunk === 'function' ? undefined : chunk);
    return res;
  }) as ServerResponse['end'];
}

/** Writes the status fault's response. */
function sendStatusFault(
  res: ServerResponse,
  fault: StatusFault,
  anthropic: boolean,
  traceId: string,
  openai = false,
): void {
  const headers = { ...retryHeaders(fault), 'trace-id': traceId };
  const { status, body, contentType } = fault;
  if (body === undefined) {
    if (openai) {
      sendOpenAIError(
        res,
        status,
        openaiTypeForStatus(status),
        `mock fault: HTTP ${status}`,
        traceId,
        headers,
      );
    } else if (anthropic) {
      const message = `mock fault: HTTP ${status}`;
      sendAnthropicError(res, status, anthropicTypeForStatus(status), message, traceId, headers);
    } else {
      sendText(res, status, `${status} ${STATUS_TEXTS[status] ?? 'Error'}`, contentType, headers);
    }
  } else if (typeof body === 'string') {
    const type = contentType ?? (body.trimStart().startsWith('<') ? 'text/html; charset=utf-8' : undefined);
    sendText(res, status, body, type, headers);
  } else if (contentType === undefined) {
    sendJson(res, status, body, headers);
  } else {
    sendText(res, status, JSON.stringify(body), contentType, headers);
  }
}

const STATUS_TEXTS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  403: 'Forbidden',
  404: 'Not Found',
  408: 'Request Timeout',
  409: 'Conflict',
  413: 'Payload Too Large',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  529: 'Overloaded',
};

/** Waits out a fault's `delayMs`, if it has one. */
export async function applyFaultDelay(fault: Fault, timers: Timers): Promise<void> {
  if ('delayMs' in fault && fault.delayMs !== undefined && fault.delayMs > 0)
    await timers.sleep(fault.delayMs);
}

/**
 * Applies an HTTP-level fault to a request. Returns true when the fault answered (or killed) the
 * request, false when the normal handler should still run (a pure delay, or a mid-body drop that
 * waits for the handler's bytes).
 */
export async function applyHttpFault(
  fault: Fault,
  target: {
    req: IncomingMessage;
    res: ServerResponse;
    traceId: string;
    anthropic: boolean;
    /** A route of the OpenAI-style envelope (chat, models, speech to text, V2 video). */
    openai?: boolean;
    streaming: boolean;
  },
  timers: Timers,
): Promise<boolean> {
  const { req, res, traceId, anthropic } = target;
  await applyFaultDelay(fault, timers);
  if ('status' in fault) {
    sendStatusFault(res, fault, anthropic, traceId, target.openai);
    return true;
  }
  if ('code' in fault) {
    const headers = { ...retryHeaders(fault), 'trace-id': traceId };
    const message = fault.message ?? messageForCode(fault.code);
    if (target.openai) {
      sendOpenAICodeError(res, fault.code, message, traceId, headers);
    } else if (anthropic) {
      const { status, type } = anthropicErrorFor(fault.code);
      sendAnthropicError(res, status, type, `${message} (${fault.code})`, traceId, headers);
    } else {
      sendBaseRespError(res, traceId, fault.code, message, headers);
    }
    return true;
  }
  if ('stall' in fault) {
    res.writeHead(200, {
      'content-type': target.streaming ? 'text/event-stream' : 'application/json',
      'trace-id': traceId,
    });
    res.flushHeaders();
    return true;
  }
  if ('drop' in fault) {
    if (fault.drop === 'before-response') {
      (req.socket as Socket).destroy();
      return true;
    }
    armMidBodyDrop(res);
    return false;
  }
  return false;
}
