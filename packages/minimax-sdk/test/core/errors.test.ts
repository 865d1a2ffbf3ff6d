import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  errorFromEnvelope,
  errorFromResponse,
  isRetryableError,
  isRetryableStatus,
  readEnvelopeError,
  readMiniMaxStatus,
} from '../../src/core/errors.js';
import { readJSON } from '../../src/core/transport.js';
import * as sdk from '../../src/index.js';
import {
  ANTHROPIC_ERROR_MAP,
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  AuthError,
  ContentSafetyError,
  ERROR_CODE_MAP,
  InputSafetyError,
  InsufficientBalanceError,
  InvalidParameterError,
  MiniMaxError,
  ModelUnavailableError,
  OPENAI_ERROR_MAP,
  OutputSafetyError,
  PollTimeoutError,
  RateLimitError,
  RETRYABLE_CODES,
  ServerError,
  TaskFailedError,
  VoiceCloneError,
  VoiceDuplicateError,
  VoiceError,
  VoicePermissionError,
} from '../../src/index.js';
import { fakeFetch, jsonResponse, ok, testClient } from '../helpers/fake-fetch.js';

// The seed's table (section 4.3), written out independently of the implementation.
const SEED_CODE_MAP: Array<[number, string]> = [
  [1000, 'ServerError'],
  [1001, 'APITimeoutError'],
  [1002, 'RateLimitError'],
  [1004, 'AuthError'],
  [1008, 'InsufficientBalanceError'],
  [1024, 'ServerError'],
  [1026, 'InputSafetyError'],
  [1027, 'OutputSafetyError'],
  [1033, 'ServerError'],
  [1039, 'RateLimitError'],
  [1041, 'RateLimitError'],
  [1042, 'InvalidParameterError'],
  [1043, 'VoiceCloneError'],
  [1044, 'VoiceCloneError'],
  [2013, 'InvalidParameterError'],
  [20132, 'InvalidParameterError'],
  [2037, 'InvalidParameterError'],
  [2039, 'VoiceDuplicateError'],
  [2042, 'VoicePermissionError'],
  [2045, 'RateLimitError'],
  [2048, 'InvalidParameterError'],
  [2049, 'AuthError'],
  [2056, 'InsufficientBalanceError'],
  // Not in the seed: the platform's "model not in your plan / closed to you" refusal.
  [2061, 'ModelUnavailableError'],
];

const CLASSES = {
  MiniMaxError,
  AuthError,
  RateLimitError,
  InsufficientBalanceError,
  ContentSafetyError,
  InputSafetyError,
  OutputSafetyError,
  InvalidParameterError,
  APITimeoutError,
  PollTimeoutError,
  ServerError,
  VoiceError,
  VoiceCloneError,
  VoiceDuplicateError,
  VoicePermissionError,
  ModelUnavailableError,
  APIConnectionError,
  APIUserAbortError,
  TaskFailedError,
} as const;

function unexpected(): never {
  throw new Error('expected a rejection');
}

/** TaskFailedError needs a task id; every other class builds from a message alone. */
function make(ErrorClass: (typeof CLASSES)[keyof typeof CLASSES], message?: string): MiniMaxError {
  if (ErrorClass === TaskFailedError) return new TaskFailedError(message ?? 'x', { task_id: 't' });
  return new (ErrorClass as new (message?: string) => MiniMaxError)(message);
}

function classByName(name: string): new (...args: never[]) => MiniMaxError {
  return CLASSES[name as keyof typeof CLASSES] as unknown as new (
    ...args: never[]
  ) => MiniMaxError;
}

describe('ERROR_CODE_MAP', () => {
  it('has exactly the seed 23 codes and 2061', () => {
    expect(
      Object.keys(ERROR_CODE_MAP)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual(SEED_CODE_MAP.map(([code]) => code).sort((a, b) => a - b));
  });

  it.each(SEED_CODE_MAP)('code %i maps to %s (map and errorFromResponse)', (code, name) => {
    const Expected = classByName(name);
    expect(ERROR_CODE_MAP[code]).toBe(Expected);
    const error = errorFromResponse(200, { base_resp: { status_code: code, status_msg: 'nope' } });
    expect(error).toBeInstanceOf(Expected);
    expect(error?.constructor).toBe(Expected);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect(error?.name).toBe(name);
    expect(error?.code).toBe(code);
    expect(error?.message).toBe('nope');
  });

  it('gives an unknown code a plain MiniMaxError carrying that code', () => {
    const error = errorFromResponse(200, { base_resp: { status_code: 9999, status_msg: 'odd' } });
    expect(error?.constructor).toBe(MiniMaxError);
    expect(error?.code).toBe(9999);
    expect(error?.message).toBe('odd');
  });

  it('names the code when the message is empty', () => {
    const error = errorFromResponse(200, { base_resp: { status_code: 1004 } });
    expect(error).toBeInstanceOf(AuthError);
    expect(error?.message).toContain('1004');
  });
});

describe('hierarchy', () => {
  it('matches the seed tree', () => {
    expect(new InputSafetyError()).toBeInstanceOf(ContentSafetyError);
    expect(new OutputSafetyError()).toBeInstanceOf(ContentSafetyError);
    expect(new VoiceCloneError()).toBeInstanceOf(VoiceError);
    expect(new VoiceDuplicateError()).toBeInstanceOf(VoiceError);
    expect(new VoicePermissionError()).toBeInstanceOf(VoiceError);
    expect(new ContentSafetyError()).not.toBeInstanceOf(VoiceError);
    expect(new ServerError()).not.toBeInstanceOf(ContentSafetyError);
    for (const ErrorClass of Object.values(CLASSES)) {
      const error = make(ErrorClass);
      expect(error).toBeInstanceOf(MiniMaxError);
      expect(error).toBeInstanceOf(Error);
    }
  });

  it('states each public name on its own prototype, so minified class names do not leak', () => {
    for (const [name, ErrorClass] of Object.entries(CLASSES)) {
      expect(Object.getOwnPropertyDescriptor(ErrorClass.prototype, 'name')?.value).toBe(name);
      const error = make(ErrorClass, 'm');
      expect(error.name).toBe(name);
      expect(String(error.stack).startsWith(`${name}: m`)).toBe(true);
    }
  });

  it('exports every class from the package root', () => {
    for (const [name, ErrorClass] of Object.entries(CLASSES)) {
      expect((sdk as Record<string, unknown>)[name]).toBe(ErrorClass);
    }
  });
});

describe('MiniMaxError fields and string form', () => {
  it('defaults to code 0, "Unknown error", empty trace id', () => {
    const error = new MiniMaxError();
    expect(error.code).toBe(0);
    expect(error.message).toBe('Unknown error');
    expect(error.trace_id).toBe('');
    expect(error.status).toBeUndefined();
    expect(error.headers).toBeUndefined();
    expect(error.body).toBeUndefined();
  });

  it('renders the seed string form exactly', () => {
    const error = new InvalidParameterError('Bad request', { code: 2013, trace_id: 't-42' });
    expect(error.toString()).toBe('[code=2013] Bad request (trace_id=t-42)');
    expect(String(error)).toBe('[code=2013] Bad request (trace_id=t-42)');
    expect(`${error}`).toBe('[code=2013] Bad request (trace_id=t-42)');
  });

  it('leaves out a zero code and an empty trace id', () => {
    expect(new MiniMaxError('plain').toString()).toBe('plain');
    expect(new MiniMaxError('m', { code: 7 }).toString()).toBe('[code=7] m');
    expect(new MiniMaxError('m', { trace_id: 'tr' }).toString()).toBe('m (trace_id=tr)');
  });

  it('keeps status, headers, body and cause', () => {
    const headers = new Headers({ 'trace-id': 'h' });
    const cause = new Error('root');
    const error = new ServerError('x', { code: 500, status: 500, headers, body: { a: 1 }, cause });
    expect(error.status).toBe(500);
    expect(error.headers).toBe(headers);
    expect(error.body).toEqual({ a: 1 });
    expect(error.cause).toBe(cause);
  });

  it('TaskFailedError carries task_id and task status', () => {
    const error = new TaskFailedError('failed', { task_id: 'task-1', code: 1026, task_status: 'Fail' });
    expect(error.task_id).toBe('task-1');
    expect(error.task_status).toBe('Fail');
    expect(error.code).toBe(1026);
  });

  it('inspect shows class and message', () => {
    const text = inspect(new RateLimitError('slow down', { code: 1002, trace_id: 'tr-1' }));
    expect(text).toContain('RateLimitError');
    expect(text).toContain('slow down');
    expect(text).toContain("trace_id: 'tr-1'");
  });
});

describe('ANTHROPIC_ERROR_MAP', () => {
  const SEED_TYPES: Array<[string, string]> = [
    ['authentication_error', 'AuthError'],
    ['permission_error', 'AuthError'],
    ['billing_error', 'InsufficientBalanceError'],
    ['rate_limit_error', 'RateLimitError'],
    ['invalid_request_error', 'InvalidParameterError'],
    ['request_too_large', 'InvalidParameterError'],
    ['not_found_error', 'MiniMaxError'],
    ['api_error', 'ServerError'],
    ['overloaded_error', 'ServerError'],
  ];

  it.each(SEED_TYPES)('%s maps to %s with the HTTP status as code', (type, name) => {
    expect(ANTHROPIC_ERROR_MAP[type]).toBe(classByName(name));
    const body = { type: 'error', error: { type, message: `msg ${type}` }, request_id: 'req-1' };
    const error = errorFromResponse(418, body);
    expect(error?.constructor).toBe(classByName(name));
    expect(error?.code).toBe(418);
    expect(error?.status).toBe(418);
    expect(error?.message).toBe(`msg ${type}`);
    expect(error?.trace_id).toBe('req-1');
    expect(error?.body).toEqual(body);
  });

  it('gives an unknown type a plain MiniMaxError', () => {
    const error = errorFromResponse(400, { type: 'error', error: { type: 'brand_new', message: 'x' } });
    expect(error?.constructor).toBe(MiniMaxError);
    expect(error?.code).toBe(400);
  });

  it('defaults a missing error object to api_error / "Unknown error" (seed: ServerError, code 400)', () => {
    const error = errorFromResponse(400, { type: 'error' });
    expect(error).toBeInstanceOf(ServerError);
    expect(error?.message).toBe('Unknown error');
    expect(error?.code).toBe(400);
    expect(error?.trace_id).toBe('');
  });

  it('maps an error envelope even inside a 2xx answer', () => {
    const error = errorFromResponse(200, {
      type: 'error',
      error: { type: 'overloaded_error', message: 'busy' },
    });
    expect(error).toBeInstanceOf(ServerError);
    expect(error?.message).toBe('busy');
  });
});

describe('the OpenAI-style envelope (chat, responses, models, speech to text, V2 video)', () => {
  const envelope = (type: string, message: string, status: number) => ({
    type: 'error',
    error: { type, message, http_code: String(status) },
    request_id: 'req-9',
  });

  it.each([
    ['authorized_error', 'AuthError'],
    ['bad_request_error', 'InvalidParameterError'],
    ['rate_limit_error', 'RateLimitError'],
    ['insufficient_balance_error', 'InsufficientBalanceError'],
    ['unprocessable_entity_error', 'InvalidParameterError'],
    ['not_found_error', 'MiniMaxError'],
    ['overloaded_error', 'ServerError'],
    ['server_error', 'ServerError'],
  ])('%s without a MiniMax code maps to %s, the HTTP status as code', (type, name) => {
    expect(OPENAI_ERROR_MAP[type]).toBe(classByName(name));
    const error = errorFromResponse(418, envelope(type, 'no code here', 418));
    expect(error?.constructor).toBe(classByName(name));
    expect(error?.code).toBe(418);
    expect(error?.trace_id).toBe('req-9');
  });

  it('is read as its own kind, the MiniMax code taken from the message', () => {
    expect(readEnvelopeError(envelope('rate_limit_error', 'slow down (1002)', 429))).toEqual({
      kind: 'openai',
      type: 'rate_limit_error',
      message: 'slow down (1002)',
      request_id: 'req-9',
      code: 1002,
    });
  });

  it('makes a known MiniMax code both the class and the code', () => {
    const error = errorFromResponse(400, envelope('bad_request_error', 'unsafe input (1026)', 400));
    expect(error).toBeInstanceOf(InputSafetyError);
    expect(error?.code).toBe(1026);
    expect(error?.status).toBe(400);
  });

  it('keeps an unknown MiniMax code as the code, the type choosing the class', () => {
    const error = errorFromResponse(400, envelope('bad_request_error', 'new rule (2999)', 400));
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error?.code).toBe(2999);
  });

  it("reads OpenAI's own form {error: {message, type, param, code}} as the same kind", () => {
    const body = {
      error: { message: 'file is required', type: 'invalid_request_error', param: null, code: '2013' },
    };
    expect(readEnvelopeError(body)?.kind).toBe('openai');
    const error = errorFromResponse(400, body);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error?.code).toBe(2013);
  });

  it("reads a Responses stream's flat error event", () => {
    const event = { type: 'error', code: 'rate_limit_exceeded', message: 'slow down (1002)', param: null };
    const info = readEnvelopeError(event);
    expect(info).toMatchObject({ kind: 'openai', type: 'rate_limit_exceeded', code: 1002 });
    const error = errorFromEnvelope(info!, { trace_id: 'tr-3' });
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.code).toBe(1002);
    expect(error.trace_id).toBe('tr-3');
  });

  it("leaves the Anthropic envelope's code the HTTP status even with a MiniMax code in the message", () => {
    const body = {
      type: 'error',
      error: { type: 'rate_limit_error', message: 'slow (1002)' },
      request_id: 'r',
    };
    expect(readEnvelopeError(body)?.kind).toBe('anthropic');
    const error = errorFromResponse(429, body);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error?.code).toBe(429);
  });

  it('tells the kind by a type only the OpenAI-style envelope uses', () => {
    const body = { type: 'error', error: { type: 'authorized_error', message: 'bad key (1004)' } };
    expect(readEnvelopeError(body)?.kind).toBe('openai');
    expect(errorFromResponse(401, body)?.code).toBe(1004);
  });

  it('never finds Object.prototype members for a type named like one', () => {
    for (const type of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) {
      const error = errorFromResponse(400, envelope(type, 'odd', 400));
      expect(error?.constructor).toBe(MiniMaxError);
    }
  });
});

describe('errorFromResponse: envelopes', () => {
  it('treats a 2xx with base_resp 0 as success', () => {
    expect(errorFromResponse(200, ok({ a: 1 }))).toBeUndefined();
    expect(errorFromResponse(204, '')).toBeUndefined();
    expect(errorFromResponse(200, { anything: true })).toBeUndefined();
  });

  it('reads a string status_code ("1004")', () => {
    const error = errorFromResponse(200, { base_resp: { status_code: '1004', status_msg: 'bad key' } });
    expect(error).toBeInstanceOf(AuthError);
    expect(error?.code).toBe(1004);
  });

  it('reads a flat status_code and status_msg', () => {
    const error = errorFromResponse(200, { status_code: 1008, status_msg: 'no money', trace_id: 'tr-flat' });
    expect(error).toBeInstanceOf(InsufficientBalanceError);
    expect(error?.trace_id).toBe('tr-flat');
    expect(readMiniMaxStatus({ status_code: '2013' })?.code).toBe(2013);
  });

  it('reads the trace id from the body, then from base_resp, then from the context', () => {
    expect(readMiniMaxStatus({ trace_id: 'top', base_resp: { status_code: 1, trace_id: 'inner' } })).toEqual({
      code: 1,
      message: '',
      trace_id: 'top',
    });
    expect(readMiniMaxStatus({ base_resp: { status_code: 1, trace_id: 'inner' } })?.trace_id).toBe('inner');
    expect(errorFromResponse(200, { base_resp: { status_code: 1000 } }, { trace_id: 'hdr' })?.trace_id).toBe(
      'hdr',
    );
  });

  it('does not crash on base_resp: null', () => {
    expect(() => errorFromResponse(200, { base_resp: null, data: 1 })).not.toThrow();
    expect(errorFromResponse(200, { base_resp: null })).toBeUndefined();
    const error = errorFromResponse(500, { base_resp: null });
    expect(error).toBeInstanceOf(ServerError);
    expect(error?.status).toBe(500);
  });

  it('ignores status codes that are not numbers', () => {
    expect(readMiniMaxStatus({ base_resp: { status_code: 'abc' } })).toBeUndefined();
    expect(readMiniMaxStatus({ base_resp: { status_code: true } })).toBeUndefined();
    expect(readMiniMaxStatus([1, 2])).toBeUndefined();
    expect(readMiniMaxStatus('text')).toBeUndefined();
  });

  it.each([
    [401, AuthError],
    [403, AuthError],
    [402, InsufficientBalanceError],
    [408, APITimeoutError],
    [429, RateLimitError],
    [500, ServerError],
    [502, ServerError],
    [503, ServerError],
    [504, ServerError],
    [529, ServerError],
    [404, MiniMaxError],
  ])('a non-2xx %i without an envelope maps by status', (status, Expected) => {
    const error = errorFromResponse(status, { unrelated: true });
    expect(error).toBeInstanceOf(Expected);
    expect(error?.code).toBe(status);
    expect(error?.status).toBe(status);
    expect(error?.body).toEqual({ unrelated: true });
  });

  it('never treats a non-2xx as success, even with base_resp 0', () => {
    const error = errorFromResponse(503, ok({}));
    expect(error).toBeInstanceOf(ServerError);
    expect(error?.status).toBe(503);
  });

  it('prefers a non-zero base_resp over the HTTP status', () => {
    const error = errorFromResponse(500, { base_resp: { status_code: 1026, status_msg: 'unsafe' } });
    expect(error).toBeInstanceOf(InputSafetyError);
    expect(error?.code).toBe(1026);
    expect(error?.status).toBe(500);
  });

  it('keeps a text body (an HTML 502 page)', () => {
    const html = '<html><body><h1>502 Bad Gateway</h1></body></html>';
    const error = errorFromResponse(502, html);
    expect(error).toBeInstanceOf(ServerError);
    expect(error?.body).toBe(html);
    expect(error?.message).toContain('HTTP 502');
    expect(error?.message).toContain('Bad Gateway');
  });
});

describe('retryable sets', () => {
  it('retries the transient codes and the rate-limit codes', () => {
    expect([...RETRYABLE_CODES].sort((a, b) => a - b)).toEqual([
      1000, 1001, 1002, 1024, 1033, 1039, 1041, 2045,
    ]);
  });

  it('retries 408, 409, 429 and 5xx only', () => {
    for (const status of [408, 409, 429, 500, 502, 503, 504, 529, 599]) {
      expect(isRetryableStatus(status)).toBe(true);
    }
    for (const status of [200, 400, 401, 402, 403, 404, 413, 422]) {
      expect(isRetryableStatus(status)).toBe(false);
    }
  });

  it('judges errors by status or code', () => {
    expect(isRetryableError(new ServerError('x', { status: 503, code: 503 }))).toBe(true);
    expect(isRetryableError(new RateLimitError('x', { status: 200, code: 1039 }))).toBe(true);
    expect(isRetryableError(new AuthError('x', { status: 200, code: 1004 }))).toBe(false);
    expect(isRetryableError(new InvalidParameterError('x', { status: 400, code: 400 }))).toBe(false);
  });
});

describe('errors and results through the transport', () => {
  it('puts the body trace id on a result', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(ok({ trace_id: 'body-trace', x: 1 })));
    const client = testClient(fetch);
    const data = await client._transport.request({ method: 'GET', path: '/v1/x' }, {}, readJSON);
    expect(data.trace_id).toBe('body-trace');
  });

  it('puts the Trace-Id header on a result that has none', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(ok({ x: 1 }), { headers: { 'Trace-Id': 'hdr-trace' } }));
    const client = testClient(fetch);
    const data = await client._transport.request({ method: 'GET', path: '/v1/x' }, {}, readJSON);
    expect(data.trace_id).toBe('hdr-trace');
  });

  it('puts the Trace-Id header on an error with status, headers and body', async () => {
    const body = { base_resp: { status_code: 2013, status_msg: 'bad param' } };
    const { fetch } = fakeFetch(() => jsonResponse(body, { headers: { 'Trace-Id': 'hdr-err' } }));
    const client = testClient(fetch);
    const error = await client._transport
      .request({ method: 'POST', path: '/v1/x', body: {} }, {}, readJSON)
      .then(unexpected, (e: unknown) => e as MiniMaxError);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error.trace_id).toBe('hdr-err');
    expect(error.status).toBe(200);
    expect(error.headers?.get('trace-id')).toBe('hdr-err');
    expect(error.body).toEqual(body);
    expect(error.toString()).toBe('[code=2013] bad param (trace_id=hdr-err)');
  });

  it('prefers the body trace id over the header on errors', async () => {
    const body = { trace_id: 'body-err', base_resp: { status_code: 1004, status_msg: 'no' } };
    const { fetch } = fakeFetch(() => jsonResponse(body, { status: 401, headers: { 'Trace-Id': 'hdr' } }));
    const error = await testClient(fetch)
      ._transport.request({ method: 'GET', path: '/v1/x' }, {}, readJSON)
      .then(unexpected, (e: unknown) => e as MiniMaxError);
    expect(error).toBeInstanceOf(AuthError);
    expect(error.trace_id).toBe('body-err');
    expect(error.status).toBe(401);
  });

  it('maps an Anthropic error answer with its HTTP status', async () => {
    const body = { type: 'error', error: { type: 'rate_limit_error', message: 'later' }, request_id: 'rq' };
    const { fetch } = fakeFetch(() => jsonResponse(body, { status: 429 }));
    const error = await testClient(fetch)
      ._transport.request({ method: 'POST', path: '/anthropic/v1/messages', body: {} }, {}, readJSON)
      .then(unexpected, (e: unknown) => e as MiniMaxError);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.code).toBe(429);
    expect(error.status).toBe(429);
    expect(error.trace_id).toBe('rq');
  });

  it('keeps an HTML 502 page as the body of a ServerError', async () => {
    const html = '<html><title>502 Bad Gateway</title></html>';
    const { fetch } = fakeFetch(
      () => new Response(html, { status: 502, headers: { 'content-type': 'text/html' } }),
    );
    const error = await testClient(fetch)
      ._transport.request({ method: 'GET', path: '/v1/x' }, {}, readJSON)
      .then(unexpected, (e: unknown) => e as MiniMaxError);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.body).toBe(html);
    expect(error.status).toBe(502);
  });

  it('fails a 2xx that is not JSON with a MiniMaxError, not a SyntaxError', async () => {
    const { fetch } = fakeFetch(() => new Response('not json', { status: 200 }));
    const error = await testClient(fetch)
      ._transport.request({ method: 'GET', path: '/v1/x' }, {}, readJSON)
      .then(unexpected, (e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect((error as MiniMaxError).body).toBe('not json');
  });

  it('returns a 2xx whose base_resp is null as data', async () => {
    const { fetch } = fakeFetch(() => jsonResponse({ base_resp: null, value: 3 }));
    const data = await testClient(fetch)._transport.request({ method: 'GET', path: '/v1/x' }, {}, readJSON);
    expect(data.value).toBe(3);
  });
});
