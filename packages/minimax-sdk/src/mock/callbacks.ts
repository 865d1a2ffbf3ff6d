/**
 * Real callbacks: a task created with `callback_url` gets a `challenge` post first, then a post of
 * each status change, the way the platform announces tasks to a receiver.
 *
 * What the platform documents: the challenge must be echoed within 3 seconds, and each post's body
 * is like the task's query answer. What it does not (retries, timeouts of status posts, what
 * happens to an unverified URL) is this mock's choice, kept in `CallbackScheduleOptions`:
 * every post waits 3 s for an answer, a post that fails (no answer in time, a connection error,
 * a non-2xx status, a challenge not echoed) is sent again after 1 s, then 2 s (3 attempts), and a
 * receiver that never echoes the challenge gets no status posts.
 *
 * Task kinds hook in from their create route: `const url = callbackURL(body)`, then after
 * `createTask`, `if (url) startCallbacks(ctx, url, task, () => ({ status, final, body }))`.
 */

import type { Task } from './state.js';
import type { CallbackDelivery, MockContext } from './types.js';
import { type JsonObject, randomHexId } from './util.js';
import { invalid, optionalString } from './validate.js';

/** The `callback_url` of a create body, checked as the platform would (an http(s) URL). */
export function callbackURL(body: JsonObject): string | undefined {
  const url = optionalString(body, 'callback_url');
  if (url === undefined || url === '') return undefined;
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    invalid('callback_url', 'must be an http:// or https:// URL');
  }
  return url;
}

/** What a task looks like to its receiver right now. */
export interface CallbackLook {
  /** The status as the post spells it; a post is sent only when it differs from the last one. */
  status: string;
  /** No post follows this one. */
  final: boolean;
  body: JsonObject;
}

/** How one post went: taken, or why not (with the HTTP status when there was an answer). */
type Outcome = { ok: true; status: number } | { ok: false; status?: number; error: string };

async function postOnce(
  ctx: MockContext,
  url: string,
  body: JsonObject,
  accept: (answer: unknown) => boolean,
): Promise<Outcome> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  ctx.closed.addEventListener('abort', stop, { once: true });
  const timer = ctx.timers.set(stop, ctx.options.callbackTimeoutMs);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'minimax-mock-callback' },
      body: JSON.stringify(body),
      redirect: 'manual',
      signal: controller.signal,
    });
    const text = await response.text();
    if (response.status < 200 || response.status > 299) {
      return { ok: false, status: response.status, error: `answered HTTP ${response.status}` };
    }
    let answer: unknown;
    try {
      answer = text === '' ? undefined : JSON.parse(text);
    } catch {
      answer = undefined;
    }
    return accept(answer)
      ? { ok: true, status: response.status }
      : { ok: false, status: response.status, error: 'did not echo the challenge' };
  } catch (error) {
    const timedOut = controller.signal.aborted && !ctx.closed.aborted;
    return {
      ok: false,
      error: timedOut
        ? `no answer within ${ctx.options.callbackTimeoutMs} ms`
        : `could not post: ${(error as Error).message}`,
    };
  } finally {
    ctx.timers.clear(timer);
    ctx.closed.removeEventListener('abort', stop);
  }
}

/** Posts `body` until the receiver takes it or the attempts run out; true when it was taken. */
async function deliver(
  ctx: MockContext,
  entry: Pick<CallbackDelivery, 'url' | 'task_id' | 'kind' | 'body'>,
  accept: (answer: unknown) => boolean,
): Promise<boolean> {
  const { callbackAttempts, callbackRetryDelayMs } = ctx.options;
  for (let attempt = 1; attempt <= callbackAttempts; attempt += 1) {
    const outcome = await postOnce(ctx, entry.url, entry.body, accept);
    if (ctx.closed.aborted) return false;
    ctx.logCallback({
      ...entry,
      attempt,
      ok: outcome.ok,
      ...(outcome.status !== undefined && { status: outcome.status }),
      ...(!outcome.ok && { error: outcome.error }),
      time: Date.now(),
    });
    if (outcome.ok) return true;
    if (attempt < callbackAttempts) await ctx.timers.sleep(callbackRetryDelayMs * 2 ** (attempt - 1));
  }
  return false;
}

/**
 * Starts calling `url` back about `task`: the challenge, then `look()` every
 * `callbackIntervalMs` (each look counts as a query, so a task with a receiver advances on its
 * own, as a real one does), posting each new status until a final one. Stops when the server
 * closes or the task is forgotten (`reset()`).
 */
export function startCallbacks(ctx: MockContext, url: string, task: Task, look: () => CallbackLook): void {
  const key = `${task.kind}:${task.id}`;
  const alive = (): boolean => !ctx.closed.aborted && ctx.state.tasks.get(key) === task;
  const run = async (): Promise<void> => {
    // The create answer goes out first: the receiver learns the task id before its first post.
    await ctx.timers.sleep(0);
    const challenge = randomHexId();
    const verified = await deliver(
      ctx,
      { url, task_id: task.id, kind: 'challenge', body: { challenge } },
      (a) => typeof a === 'object' && a !== null && (a as JsonObject).challenge === challenge,
    );
    if (!verified) return;
    let last: string | undefined;
    while (alive()) {
      const now = look();
      if (now.status !== last) {
        last = now.status;
        await deliver(ctx, { url, task_id: task.id, kind: 'status', body: now.body }, () => true);
      }
      if (now.final) return;
      await ctx.timers.sleep(ctx.options.callbackIntervalMs);
    }
  };
  run().catch(() => {});
}
