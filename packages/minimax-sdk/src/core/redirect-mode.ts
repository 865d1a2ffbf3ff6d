/**
 * Whether this runtime lets the transport see a redirect: fetch with `redirect: 'manual'` answers
 * with the 3xx itself in Node, Bun, Deno and workerd, but in a browser only with an opaque
 * response that hides the target. The browser build swaps this module for one that always says
 * no, because a browser worker has no `document` and would otherwise be taken for a server.
 */
export function followsItself(): boolean {
  return typeof (globalThis as { document?: unknown }).document === 'undefined';
}

/**
 * Whether the global fetch is Node's own, which makes a copy of every request's body (a tee of its
 * stream) so that it could resend it after a redirect, unless the request asks for
 * `redirect: 'error'` and says it has no window. Only Node names its fetch in
 * `process.versions.undici`; Bun and Deno show a `process.versions.node` with a fetch of their own.
 */
export function copiesBodies(): boolean {
  const scope = globalThis as {
    process?: { versions?: { undici?: unknown } };
    Bun?: unknown;
    Deno?: unknown;
  };
  return (
    typeof scope.process?.versions?.undici === 'string' && scope.Bun === undefined && scope.Deno === undefined
  );
}
