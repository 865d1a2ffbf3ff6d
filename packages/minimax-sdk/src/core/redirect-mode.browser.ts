/**
 * The browser build's answer: in a page or a worker alike, `redirect: 'manual'` gives only an
 * opaque response, so the browser follows redirects itself (and drops `Authorization` on a hop
 * to another origin).
 */
export function followsItself(): boolean {
  return false;
}

/** A browser's fetch is its own: nothing to ask of it. */
export function copiesBodies(): boolean {
  return false;
}
