/**
 * The mock's own control routes under `/__mock/`: faults, the request log and reset. They need no
 * key, are never logged and never faulted, so a test can steer the server from any process.
 */

import type { ServerResponse } from 'node:http';
import { type Fault, type FaultQueue, parseFault } from '../faults.js';
import { sendJson } from '../respond.js';
import type { LoggedRequest } from '../types.js';

/** What the control routes act on. */
export interface ControlTarget {
  faults: FaultQueue;
  requests: LoggedRequest[];
  reset(): void;
}

/**
 * Answers a control request. Returns false when no control route has that path and method.
 *
 * - `GET /__mock/faults` lists pending faults; `POST` adds one fault or an array of them;
 *   `DELETE` clears them.
 * - `GET /__mock/requests` returns the request log; `DELETE` empties it.
 * - `POST /__mock/reset` does what `server.reset()` does.
 */
export function handleControl(
  method: string,
  path: string,
  body: unknown,
  res: ServerResponse,
  target: ControlTarget,
): boolean {
  const route = `${method} ${path}`;
  switch (route) {
    case 'GET /__mock/faults':
      sendJson(res, 200, target.faults.list());
      return true;
    case 'POST /__mock/faults': {
      let faults: Fault[];
      try {
        faults = (Array.isArray(body) ? body : [body]).map(parseFault);
      } catch (err) {
        sendJson(res, 400, { error: err instanceof Error ? err.message : String(err) });
        return true;
      }
      target.faults.add(...faults);
      sendJson(res, 200, { added: faults.length, pending: target.faults.list() });
      return true;
    }
    case 'DELETE /__mock/faults':
      target.faults.clear();
      sendJson(res, 200, { cleared: true });
      return true;
    case 'GET /__mock/requests':
      sendJson(res, 200, target.requests);
      return true;
    case 'DELETE /__mock/requests':
      target.requests.length = 0;
      sendJson(res, 200, { cleared: true });
      return true;
    case 'POST /__mock/reset':
      target.reset();
      sendJson(res, 200, { reset: true });
      return true;
    default:
      return false;
  }
}
