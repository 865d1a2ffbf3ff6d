/**
 * Whether this runtime lets the transport see a redirect: fetch with `redirect: 'manual'` answers
 * with the 3xx itself in Node, Bun, Deno and workerd, but in a browser only with an opaque
 * response that hides the target. The browser build swaps this module for one that always says
 * no, because a browser worker has no `document` and would otherwise be taken for a server.
 */
export function followsItself(): boolean {
  return typeof (globalThis as { document?: unknown }).document === 'undefined';
}
