/** The one helper that waits for a long-running task (video, long-text speech). */
import {
  errorFromCode,
  MiniMaxError,
  PollTimeoutError,
  readMiniMaxStatus,
  TaskFailedError,
} from './errors.js';
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
}

/** Final failure statuses: video says `Fail`, long-text speech `Failed` (or `expired`), any case. */
export const FAILED: ReadonlySet<string> = new Set(['fail', 'failed', 'expired']);

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
  const { task_id, interval, timeout, signal } = options;
  if (!task_id) throw new MiniMaxError('The task has no task_id to poll.');
  const started = now();
  const deadline = started + timeout;
  for (;;) {
    if (signal?.aborted) await sleep(0, signal);
    const body = await options.query();
    const status = typeof body.status === 'string' ? body.status : '';
    options.onProgress?.({ task_id, status, elapsed_ms: now() - started });
    const normalised = status.toLowerCase();
    if (normalised === 'success') return body;
    if (FAILED.has(normalised)) {
      const reported = readMiniMaxStatus(body);
      const code = reported?.code ?? 0;
      const reason = reported && reported.message !== 'success' ? reported.message : '';
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
