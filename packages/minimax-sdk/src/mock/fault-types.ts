/**
 * The faults the mock can inject, one interface per kind: what each targets and what it does.
 * `faults.ts` queues them and applies them.
 */

export interface FaultTarget {
  /**
   * Exact request path (`/v1/t2a_v2`, `/ws/v1/t2a_v2`, `/__mock/media/…`), a prefix ending in
   * `/*`, or `*` (the default) for every API path (not `/__mock/…`).
   */
  path?: string;
  /** How many matching requests get the fault (default 1). */
  times?: number;
}

export interface RetryHeaders {
  /** `Retry-After` header: seconds, or an HTTP-date string. */
  retryAfter?: number | string;
  /** `retry-after-ms` header. */
  retryAfterMs?: number;
  /** Wait this long before answering. */
  delayMs?: number;
}

/** Answer with this HTTP status. */
export interface StatusFault extends FaultTarget, RetryHeaders {
  status: number;
  /**
   * Body: an object is sent as JSON, a string as text (`text/html` when it starts with `<`).
   * Default: the Anthropic error envelope on `/anthropic/…`, else the status line as text.
   */
  body?: unknown;
  /** Overrides the body's content type. */
  contentType?: string;
}

/** Answer HTTP 200 with this non-zero `base_resp.status_code` (an Anthropic error on `/anthropic/…`). */
export interface CodeFault extends FaultTarget, RetryHeaders {
  code: number;
  message?: string;
}

/** Answer normally, but only after `delayMs`. */
export interface DelayFault extends FaultTarget {
  delayMs: number;
}

/** Send the response headers, then never the body (the client must give up). */
export interface StallFault extends FaultTarget {
  stall: true;
}

/**
 * `before-response`: destroy the socket once the request is read. `mid-body`: send the headers
 * and part of the body, then destroy the socket.
 */
export interface DropFault extends FaultTarget {
  drop: 'before-response' | 'mid-body';
  delayMs?: number;
}

/** End an SSE stream cleanly but early, before its final event. */
export interface TruncateFault extends FaultTarget {
  truncate: true;
  /** Events sent before the end (default: half of them, always fewer than all). */
  afterEvents?: number;
}

/** Send an SSE event carrying this non-zero code mid-stream, then end the stream. */
export interface MidStreamCodeFault extends FaultTarget {
  midStreamCode: number;
  message?: string;
  /** Events sent before the error event (default 1). */
  afterEvents?: number;
}

/** Close the WebSocket right after the first audio chunk of the next `task_continue`. */
export interface WsCloseFault extends FaultTarget {
  wsClose: 'mid-send';
}

/** Answer the next `task_continue` with audio chunks but never the `is_final` one. */
export interface WsNoFinalFault extends FaultTarget {
  wsNoFinal: true;
}

/** Answer the next `task_start` or `task_continue` with `task_failed` carrying this code, then close. */
export interface WsFailFault extends FaultTarget {
  wsFail: number;
  message?: string;
}

/**
 * The next task created ends in failure (status `Fail`; `Failed` for long-text speech) and the
 * failing query's `base_resp` carries this code and `message`. With code 0 the query succeeds at
 * the envelope level and only `status` tells of the failure.
 */
export interface TaskFailFault extends FaultTarget {
  taskFail: number;
  message?: string;
}

/** The next task created stays in `Processing` forever. */
export interface TaskNeverEndsFault extends FaultTarget {
  taskNeverEnds: true;
}

/** Everything `faults.add` accepts (and `POST /__mock/faults` takes as JSON). */
export type Fault =
  | StatusFault
  | CodeFault
  | DelayFault
  | StallFault
  | DropFault
  | TruncateFault
  | MidStreamCodeFault
  | WsCloseFault
  | WsNoFinalFault
  | WsFailFault
  | TaskFailFault
  | TaskNeverEndsFault;
