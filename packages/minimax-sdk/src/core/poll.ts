/**
 * The one helper that waits for a long-running task of any kind: V1 and V2 video, Video Agent
 * templates, long-text speech. Each kind says where its status and failure live; the waiting,
 * deadline, abort and failure rules are the same for all.
 */
import {
  errorFromCode,
  MiniMaxError,
  PollTimeoutError,
  readMiniMaxStatus,
  TaskFailedError,
} from './errors.js';
import { checkCallback, checkOptionNumber } from './options.js';
import { sleep, type TaskProgress } from './transport.js';

export interface PollOptions {
  task_id: string;
  /** One status query; receives the abort signal of the wait. */
  query: () => Promise<Record<string, unknown>>;
  /** Milliseconds between polls. */
  interval: number;
  /** Milliseconds to wait in all. */
  timeout: number;
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: TaskProgress) => void) | undefined;
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
 * remains and asks once more at the deadline.
 * The first query goes out at once; aborting `signal` ends the wait immediately.
 *
 * @example
 * const final = await pollTask({ task_id, query: () => queryOnce(task_id), interval: 5_000, timeout: 600_000 });
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
  for (;;) {
    if (signal?.aborted) await sleep(0, signal);
    const body = await options.query();
    const status = (options.statusOf ?? defaultStatus)(body);
    options.onProgress?.({ task_id, status, elapsed_ms: now() - started });
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
    if (remaining <= 0) {
      throw new PollTimeoutError(
        `Task ${task_id} did not finish within ${timeout} ms (last status: ${status || 'none'}).`,
      );
    }
    await sleep(Math.min(interval, remaining), signal);
  }
}
