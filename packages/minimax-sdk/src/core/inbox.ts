/**
 * An inbox for messages that arrive on their own schedule (WebSocket frames): one reader waits
 * for the next message with a timeout and a signal; messages nobody waits for are kept or dropped
 * as the sender decides; once the source dies, every wait rejects with why.
 */
import { abortError } from './attempt.js';
import { APITimeoutError, type MiniMaxError } from './errors.js';

interface Waiter<T> {
  resolve(item: T): void;
  reject(error: MiniMaxError): void;
}

export class Inbox<T> {
  readonly #items: T[] = [];
  #waiter: Waiter<T> | undefined;
  #dead: MiniMaxError | undefined;

  /** Why the source is gone, once it is. */
  get dead(): MiniMaxError | undefined {
    return this.#dead;
  }

  /**
   * Hands `item` to the waiting reader, else keeps it when `keep` says so. Once the source is dead
   * nothing more is taken: an end mark delivered after the failure must not turn it into a clean end.
   */
  deliver(item: T, keep: boolean): void {
    if (this.#dead) return;
    if (this.#waiter) this.#waiter.resolve(item);
    else if (keep) this.#items.push(item);
  }

  /**
   * The next item: a kept one at once, else the next to arrive, waiting at most `timeout` ms
   * (0 or less: no limit) and until `signal` aborts.
   *
   * @example
   * const frame = await inbox.next(30_000, signal, 'No answer for 30000 ms.');
   */
  next(timeout: number, signal: AbortSignal | undefined, timeoutMessage: string): Promise<T> {
    const kept = this.#items.shift();
    if (kept !== undefined) return Promise.resolve(kept);
    if (this.#dead) return Promise.reject(this.#dead);
    if (signal?.aborted) return Promise.reject(abortError(signal));
    return new Promise<T>((resolve, reject) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const settle = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.#waiter = undefined;
      };
      const onAbort = () => {
        settle();
        reject(abortError(signal!));
      };
      if (Number.isFinite(timeout) && timeout > 0) {
        timer = setTimeout(() => {
          settle();
          reject(new APITimeoutError(timeoutMessage));
        }, timeout);
      }
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#waiter = {
        resolve: (item) => {
          settle();
          resolve(item);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
    });
  }

  /** Rejects the reader waiting now (if any) without ending the inbox. */
  interrupt(error: MiniMaxError): void {
    this.#waiter?.reject(error);
  }

  /** The source is gone: the waiting reader and every later `next` reject with `error`. */
  die(error: MiniMaxError): void {
    if (this.#dead) return;
    this.#dead = error;
    this.#waiter?.reject(error);
  }

  /** Keeps only the kept items that `keep` accepts. */
  retain(keep: (item: T) => boolean): void {
    const kept = this.#items.filter(keep);
    this.#items.splice(0, this.#items.length, ...kept);
  }
}
