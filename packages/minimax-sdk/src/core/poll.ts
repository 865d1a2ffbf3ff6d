/**
 * The one helper that waits for a long-running task of any kind: V1 and V2 video, Video Agent
 * templates, long-text speech. Each kind says where its status and failure live; the waiting,
 * deadline, abort and failure rules are the same for all.
 */

import { abortError, sleep, untilAborted } from './attempt.js';
import {
  errorFromCode,
  MiniMaxError,
  PollTimeoutError,
  readMiniMaxStatus,
  TaskFailedError,
} from './errors.js';
import { checkCallback, checkOptionNumber } from './options.js';
import type { TaskProgress } from './transport.js';

/**
 * A query asked at the deadline itself (the wait slept exactly what was left) has no time left to
 * bound it, so it gets this much: the wait then ends at most this long after `pollTimeout`.
 */
export const LAST_LOOK_MS = 1_000;

export interface PollOptions {
  task_id: string;
  /**
   * One status query. It must honour `signal`, which aborts at the wait's deadline (with
   * `PollTimeoutError`) or when the caller's signal aborts: the deadline bounds every query,
   * retries and their pauses included.
   */
  query: (signal: AbortSignal) => Promise<Record<string, unknown>>;
  /** Milliseconds between polls. */
  interval: number;
  /** Milliseconds to wait in all. */
  timeout: number;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: TaskProgress) => void) | undefined;
  /** Where a throwing `onProgress` is reported (the client's logger at warn level). */
  warn?: ((message: string) => void) | undefined;
  /** Clock, replaceable in tests. */
  now?: () => number;
  /** Where a poll body keeps its status (default `body.status`; V2 nests it in `body.task`). */
  statusOf?: ((body: Record<string, unknown>) => string) | undefined;
  /** Why a failed task failed (default: the body's `base_resp`). */
  failureOf?: ((body: Record<string, unknown>) => TaskFailure) | undefined;
}

/** The code and reason of a failed task, as its kind reports them. */
export interface TaskFailure {
  code: number;
  message: string;
}

/** Final success statuses: V1 video, templates and speech say `Success`, V2 `succeeded`; any case. */
export const SUCCEEDED: ReadonlySet<string> = new Set(['success', 'succeeded']);

/** The failure of a body whose `base_resp` carries it (V1 video, templates, long-text speech). */
export function baseRespFailure(body: Record<string, unknown>): TaskFailure {
  const reported = readMiniMaxStatus(body);
  const message = reported && reported.message !== 'success' ? reported.message : '';
  return { code: reported?.code ?? 0, message };
}

function defaultStatus(body: Record<string, unknown>): string {
  return typeof body.status === 'string' ? body.status : '';
}

/**
 * Final failure statuses, any case: V1 video and templates say `Fail`, long-text speech `Failed`
 * (or `expired`), V2 `failed` or `cancelled`. A task that can never succeed ends the wait at once.
 */
export const FAILED: ReadonlySet<string> = new Set(['fail', 'failed', 'expired', 'cancelled', 'canceled']);

/** Whether a poll body reports a failed task (so its error code belongs to the task, not the call). */
export function isFailedTask(body: Record<string, unknown>): boolean {
  return typeof body.status === 'string' && FAILED.has(body.status.toLowerCase());
}

/**
 * Polls until the task reports `Success` (resolving to the final body), `Fail` (rejecting with
 * `TaskFailedError`), or the deadline passes (`PollTimeoutError`). Any other status (Preparing,
 * Queueing, Processing, or one MiniMax adds later) counts as still running; statuses match in
 * any case. It never gives up early: when less than one interval is left it sleeps only what
 * remains and asks once more at the deadline (that last query may take `LAST_LOOK_MS`).
 * The deadline bounds every query too: one still running when it passes (a stalled status
 * request, its retries, the pauses between them) is aborted and the wait ends with
 * `PollTimeoutError`. The first query goes out at once; aborting `signal` ends the wait
 * immediately. An `onProgress` that throws does not end the wait: it is reported through `warn`.
 *
 * @example
 * const final = await pollTask({ task_id, query: (signal) => queryOnce(task_id, signal), interval: 5_000, timeout: 600_000 });
 */
export async function pollTask(options: PollOptions): Promise<Record<string, unknown>> {
  const now = options.now ?? Date.now;
  const { task_id, signal } = options;
  // A bare wait (`video.wait`) sends nothing before its first query, so its options are checked here.
  const interval = checkOptionNumber('pollInterval', options.interval, 0);
  const timeout = checkOptionNumber('pollTimeout', options.timeout, 0);
  checkCallback('onProgress', options.onProgress);
  if (!task_id) throw new MiniMaxError('The task has no task_id to poll.');
  const started = now();
  const deadline = started + timeout;
  let status = '';
  const timedOut = (detail = '') =>
    new PollTimeoutError(
      `Task ${task_id} did not finish within ${timeout} ms (last status: ${status || 'none'}${detail}).`,
    );
  for (;;) {
    if (signal?.aborted) await sleep(0, signal);
    const left = deadline - now();
    const body = await boundedQuery(options.query, left > 0 ? left : LAST_LOOK_MS, signal, () =>
      timedOut('; a status query was still running'),
    );
    status = (options.statusOf ?? defaultStatus)(body);
    report(options, { task_id, status, elapsed_ms: now() - started });
    const normalised = status.toLowerCase();
    if (SUCCEEDED.has(normalised)) return body;
    if (FAILED.has(normalised)) {
      const { code, message: reason } = (options.failureOf ?? baseRespFailure)(body);
      const trace_id = typeof body.trace_id === 'string' ? body.trace_id : '';
      // The code says why (1026: unsafe input…); its mapped class rides along as the cause.
      const cause = code !== 0 ? errorFromCode({ code, message: reason, trace_id }, { body }) : undefined;
      throw new TaskFailedError(`Task ${task_id} failed${reason ? `: ${reason}` : '.'}`, {
        task_id,
        task_status: status,
        code,
        trace_id,
        body,
        cause,
      });
    }
    const remaining = deadline - now();
    if (remaining <= 0) throw timedOut();
    await sleep(Math.min(interval, remaining), signal);
  }
}

/** setTimeout fires at once for longer delays. */
const MAX_TIMER_MS = 2_147_483_647;

/**
 * One query under its own signal, which aborts after `budgetMs` (with the error `late` makes) or
 * with the caller's signal. The wait ends then even if the query ignores its signal.
 */
async function boundedQuery(
  query: PollOptions['query'],
  budgetMs: number,
  signal: AbortSignal | undefined,
  late: () => MiniMaxError,
): Promise<Record<string, unknown>> {
  const controller = new AbortController();
  const onAbort = () => controller.abort(abortError(signal!));
  if (signal?.aborted) onAbort();
  else signal?.addEventListener('abort', onAbort, { once: true });
  const timer = setTimeout(() => controller.abort(late()), Math.min(budgetMs, MAX_TIMER_MS));
  try {
    return await untilAborted(query(controller.signal), controller.signal);
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Calls `onProgress`. It is the caller's code, and its failure is not the task's: a throw (or a
 * rejected promise, for an async callback) is reported at warn level and the wait goes on.
 */
function report(options: PollOptions, progress: TaskProgress): void {
  const { onProgress, warn } = options;
  if (!onProgress) return;
  const complain = (error: unknown) =>
    warn?.(
      `[minimax] onProgress threw while waiting for task ${progress.task_id}; the wait goes on: ${
        error instanceof Error ? `${error.name}: ${error.message}` : String(error)
      }`,
    );
  try {
    const result: unknown = onProgress(progress);
    if (result instanceof Promise) result.catch(complain);
  } catch (error) {
    complain(error);
  }
}
