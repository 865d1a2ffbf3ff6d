/**
 * One attempt's clock and cancellation: a deadline that a stream turns into an idle timeout, the
 * caller's signal, and the sleep between attempts (which that signal also ends).
 */
import { APIConnectionError, APITimeoutError, APIUserAbortError, MiniMaxError } from './errors.js';
import { errorCode } from './retry.js';

/** setTimeout fires at once for longer delays, so every timer is clamped to this. */
const MAX_TIMER_MS = 2_147_483_647;

/** Sleeps, rejecting with `APIUserAbortError` at once if `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortError(signal!));
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.min(Math.max(ms, 0), MAX_TIMER_MS),
    );
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The error an aborted signal stands for: its own `MiniMaxError` reason, else `APIUserAbortError`. */
export function abortError(signal: AbortSignal): MiniMaxError {
  const reason: unknown = signal.reason;
  return reason instanceof MiniMaxError ? reason : new APIUserAbortError(undefined, { cause: reason });
}

/**
 * One attempt's deadline and cancellation. `signal` aborts the fetch and its body when the
 * caller aborts or the deadline passes; the reason tells which.
 */
export class Attempt {
  readonly number: number;
  readonly signal: AbortSignal;
  readonly #controller = new AbortController();
  readonly #timeoutMs: number;
  readonly #userSignal: AbortSignal | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #paused = false;
  /**
   * Whether `signal` has aborted, kept here: only this attempt's controller aborts it, and on Node 20
   * every read of an `AbortSignal` property misses V8's caches (each signal has a shape of its own).
   */
  #aborted = false;
  /** Set only when the caller gave a signal: most calls have none, and need no listener. */
  readonly #onUserAbort: (() => void) | undefined;

  readonly #what: string;

  /** `what` names the exchange in the timeout's message (`Request`, `WebSocket handshake`). */
  constructor(number: number, timeoutMs: number, userSignal: AbortSignal | undefined, what = 'Request') {
    this.#what = what;
    this.number = number;
    this.signal = this.#controller.signal;
    this.#timeoutMs = timeoutMs;
    this.#userSignal = userSignal;
    if (userSignal) {
      const onUserAbort = () => this.#abort(abortError(userSignal));
      this.#onUserAbort = onUserAbort;
      if (userSignal.aborted) onUserAbort();
      else userSignal.addEventListener('abort', onUserAbort, { once: true });
    }
    this.#arm();
  }

  #arm(): void {
    if (!Number.isFinite(this.#timeoutMs) || this.#timeoutMs <= 0 || this.#aborted) return;
    this.#timer = setTimeout(
      () => {
        this.#abort(new APITimeoutError(`${this.#what} timed out after ${this.#timeoutMs} ms.`));
      },
      Math.min(this.#timeoutMs, MAX_TIMER_MS),
    );
  }

  /**
   * Stops the clock while the caller, not the server, holds things up (a stream consumer working
   * on a chunk); the next `touch()` starts a full deadline again.
   */
  pause(): void {
    if (this.#timer === undefined) return;
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#paused = true;
  }

  /** Restarts the deadline: a stream calls this for every chunk, making it an idle timeout. */
  touch(): void {
    if (this.#paused) {
      this.#paused = false;
      this.#arm();
      return;
    }
    if (this.#timer === undefined) return;
    const timer = this.#timer as { refresh?: () => void };
    if (typeof timer.refresh === 'function') timer.refresh();
    else {
      clearTimeout(this.#timer);
      this.#arm();
    }
  }

  /** Whether the attempt was aborted (its deadline, the caller's signal, or `cancel()`). */
  get aborted(): boolean {
    return this.#aborted;
  }

  #abort(reason: MiniMaxError): void {
    this.#aborted = true;
    this.#controller.abort(reason);
  }

  /** Ends the attempt: no timer and no listener outlive it. */
  finish(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#paused = false;
    if (this.#onUserAbort) this.#userSignal?.removeEventListener('abort', this.#onUserAbort);
  }

  /** Aborts the fetch (used when a consumer stops reading a stream). */
  cancel(): void {
    this.finish();
    if (!this.#aborted) this.#abort(new APIUserAbortError('Stream was closed by the caller.'));
  }

  /** Turns whatever a fetch or body read threw into a `MiniMaxError`. */
  wrap(error: unknown): MiniMaxError {
    if (this.#aborted) return abortError(this.signal);
    if (error instanceof MiniMaxError) return error;
    const detail = error instanceof Error ? error.message : String(error);
    const code = errorCode(error);
    return new APIConnectionError(`Connection error: ${detail}${code ? ` (${code})` : ''}`, { cause: error });
  }
}

/** Rejects with the signal's reason as soon as it aborts; the listener never outlives the wait. */
export function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(abortError(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
