/**
 * `--dry-run`: the client gets a fetch that prints the request it was about to send (the API key
 * redacted) and stops the command, so nothing reaches the API and nothing is billed. Only the
 * first request is shown: later ones (a poll, a second step) would depend on its answer.
 */
import type { CliIO } from './io.js';

/** Thrown by the dry-run fetch; run.ts turns it into exit 0. */
export class DryRunStop extends Error {
  readonly request: DryRunRequest;
  constructor(request: DryRunRequest) {
    super('Dry run: the request was printed, not sent.');
    this.name = 'DryRunStop';
    this.request = request;
  }
}

export interface DryRunRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: unknown;
}

/** The DryRunStop in `error` or its causes (the SDK wraps what fetch throws). */
export function dryRunStopOf(error: unknown): DryRunStop | undefined {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DryRunStop) return e;
  }
  return undefined;
}

const SECRET_HEADERS = new Set(['authorization', 'x-api-key', 'api-key']);

function headersOf(init: RequestInit | undefined, request: Request | undefined): Record<string, string> {
  const headers = new Headers(init?.headers ?? request?.headers);
  const out: Record<string, string> = {};
  for (const [name, value] of headers) {
    out[name] = SECRET_HEADERS.has(name)
      ? value.replace(/^(Bearer\s+)?.*$/i, (_all, bearer: string | undefined) => `${bearer ?? ''}[redacted]`)
      : value;
  }
  return out;
}

/** Long strings (an image inlined as a data URI) are cut, so the request stays readable. */
function shorten(value: unknown): unknown {
  if (typeof value === 'string')
    return value.length > 300 ? `${value.slice(0, 120)}… (${value.length} characters)` : value;
  if (Array.isArray(value)) return value.map(shorten);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, shorten(v)]));
  return value;
}

function bodyOf(body: unknown): unknown {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') {
    try {
      return shorten(JSON.parse(body));
    } catch {
      return shorten(body);
    }
  }
  if (body instanceof FormData) {
    const form: Record<string, unknown> = {};
    for (const [name, value] of body) {
      form[name] = typeof value === 'string' ? value : `<file ${value.name || 'blob'}, ${value.size} bytes>`;
    }
    return { multipart: form };
  }
  if (body instanceof Uint8Array || body instanceof ArrayBuffer) return `<${body.byteLength} bytes>`;
  if (body instanceof Blob) return `<${body.size} bytes>`;
  return '<streamed body>';
}

/** A fetch that sends nothing: it records the request and throws DryRunStop. */
export function dryRunFetch(): typeof fetch {
  return async (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    throw new DryRunStop({
      method: (init?.method ?? request?.method ?? 'GET').toUpperCase(),
      url,
      headers: headersOf(init, request),
      body: bodyOf(init?.body),
    });
  };
}

/** What a dry run prints: the request as JSON on stdout (with --json, inside `dry_run`). */
export function printDryRun(io: CliIO, stop: DryRunStop, json: boolean): void {
  const document = json ? { dry_run: true, request: stop.request } : stop.request;
  io.stdout.write(`${JSON.stringify(document, null, 2)}\n`);
  if (!json) io.stderr.write('Dry run: this request was not sent; nothing was generated or billed.\n');
}
