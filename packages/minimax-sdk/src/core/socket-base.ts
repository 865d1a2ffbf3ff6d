/**
 * What both speech socket adapters share (the standard one in `websocket.ts`, the `ws` package's
 * in `ws-package.ts`), in a module of its own so neither imports the other.
 */
import { errorFromHTTP, type MiniMaxError } from './errors.js';
import type { Listener, SocketEvents } from './websocket.js';

/** The most of a refused upgrade's body that is read for its error. */
export const ERROR_BODY_LIMIT = 64 * 1024;

/**
 * The error of an upgrade answered with an HTTP status instead of 101, whichever adapter read it:
 * mapped from its status, headers and (capped) body like any other answer.
 */
export function upgradeRefused(status: number, headers: Headers = new Headers(), text = ''): MiniMaxError {
  return errorFromHTTP(status, headers, text, `WebSocket upgrade refused: HTTP ${status}.`);
}

/** The few listeners a socket holds, with `once` (no EventEmitter outside Node). */
export class Events {
  // biome-ignore lint/suspicious/noExplicitAny: each event's listener takes that event's arguments
  readonly #listeners = new Map<string, { listener: (...args: any[]) => void; once: boolean }[]>();

  on<K extends keyof SocketEvents>(event: K, listener: Listener<K>): void {
    this.#add(event, listener, false);
  }

  once<K extends keyof SocketEvents>(event: K, listener: Listener<K>): void {
    this.#add(event, listener, true);
  }

  // biome-ignore lint/suspicious/noExplicitAny: as above
  #add(event: string, listener: (...args: any[]) => void, once: boolean): void {
    const list = this.#listeners.get(event) ?? [];
    list.push({ listener, once });
    this.#listeners.set(event, list);
  }

  protected emit<K extends keyof SocketEvents>(event: K, ...args: SocketEvents[K]): void {
    const list = this.#listeners.get(event);
    if (!list) return;
    const now = [...list];
    this.#listeners.set(
      event,
      list.filter((entry) => !entry.once),
    );
    for (const entry of now) entry.listener(...args);
  }
}
