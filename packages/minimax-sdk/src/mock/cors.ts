/**
 * CORS for the mock, so a browser app under development can call it from its own dev server.
 * Every answer carries the headers (errors and faults included, else the browser hides them from
 * the app), and a preflight gets its answer here without reaching any route or the request log.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';

/** Headers the app may read: the trace id and the rate-limit and retry hints the SDK reads. */
const EXPOSED = 'trace-id, x-trace-id, request-id, retry-after, retry-after-ms, content-length, content-type';

/** Sets the CORS headers on `res`; answers a preflight and returns true when `req` was one. */
export function applyCors(req: IncomingMessage, res: ServerResponse): boolean {
  const origin = req.headers.origin;
  // Echoing the origin (not `*`) keeps credentialed requests possible; `vary` keeps caches honest.
  res.setHeader('access-control-allow-origin', origin ?? '*');
  if (origin !== undefined) res.setHeader('vary', 'origin');
  res.setHeader('access-control-expose-headers', EXPOSED);
  const wanted = req.headers['access-control-request-method'];
  if (req.method !== 'OPTIONS' || wanted === undefined) return false;
  res.writeHead(204, {
    'access-control-allow-methods': 'GET, POST, OPTIONS',
    'access-control-allow-headers':
      req.headers['access-control-request-headers'] ?? 'authorization, content-type',
    'access-control-max-age': '600',
    'content-length': '0',
  });
  res.end();
  return true;
}
