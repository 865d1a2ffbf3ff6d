/**
 * Taking turns: one holder at a time, the others wait in order. A waiter whose signal aborts
 * leaves the queue without disturbing anyone; a holder hands its turn to the next by releasing.
 */

import { abortError } from './attempt.js';
import type { MiniMaxError } from './errors.js';

interface Waiting {
  grant(): void;
  reject(error: MiniMaxError): void;
}

export class TurnQueue {
  #busy = false;
  readonly #waiting: Waiting[] = [];

  /**
   * Resolves with `release` once it is this caller's turn; `release` may be called more than once.
   *
   * @example
   * const release = await turns.acquire(signal);
   * try { await work(); } finally { release(); }
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      if (next) next.grant();
      else this.#busy = false;
    };
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (!this.#busy) {
      this.#busy = true;
      return Promise.resolve(release);
    }
    return new Promise((resolve, reject) => {
      const onAbort = () => {
        const index = this.#waiting.indexOf(entry);
        if (index >= 0) this.#waiting.splice(index, 1);
        reject(abortError(signal!));
      };
      const entry: Waiting = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve(release);
        },
        reject: (error) => {
          signal?.removeEventListener('abort', onAbort);
          reject(error);
        },
      };
      this.#waiting.push(entry);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Turns away everyone still waiting (the resource they waited for is gone). */
  rejectAll(error: MiniMaxError): void {
    for (const waiting of this.#waiting.splice(0)) waiting.reject(error);
  }
}
