/**
 * `client.text.create`: the request on the wire, lenient parsing of the reply, error mapping and
 * retries. Carries over the seed's tests/test_text.py body-builder, parsing and create tests.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  AuthError,
  InsufficientBalanceError,
  InvalidParameterError,
  type Message,
  MiniMaxError,
  RateLimitError,
  ServerError,
} from '../../src/index.js';
import { fakeFetch, jsonResponse, testClient } from '../helpers/fake-fetch.js';
import {
  ALL_KEYS,
  ALL_PARAMS,
  expectMessagesRequest,
  TEXT_MESSAGE,
  TOOL_MESSAGE,
  USER_HELLO,
} from './fixtures.js';

function setup(
  responder: Parameters<typeof fakeFetch>[0] = () => jsonResponse(TEXT_MESSAGE),
  maxRetries = 0,
) {
  const fake = fakeFetch(responder);
  return { client: testClient(fake.fetch, { maxRetries }), calls: fake.calls };
}

afterEach(() => {
  vi.useRealTimers();
});

/** The rejection of `promise`, which must be a `MiniMaxError`. */
async function failure(promise: Promise<unknown>): Promise<MiniMaxError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(MiniMaxError);
    return error as MiniMaxError;
  }
  throw new Error('expected the call to fail');
}

describe('text.create request', () => {
  it('sends exactly {model, messages, max_tokens} for the minimal call', async () => {
    const { client, calls } = setup();
    await client.text.create({ model: 'MiniMax-M2.7', messages: USER_HELLO, max_tokens: 256 });
    expect(calls).toHaveLength(1);
    expectMessagesRequest(calls[0], 'application/json');
    expect(calls[0]!.body).toEqual({ model: 'MiniMax-M2.7', messages: USER_HELLO, max_tokens: 256 });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual(['model', 'messages', 'max_tokens'].sort());
  });

  it('sends every optional key in the seed order, and no stream key', async () => {
    const { client, calls } = setup();
    await client.text.create(ALL_PARAMS);
    const body = calls[0]!.body as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual([...ALL_KEYS].sort());
    expect(body).toEqual(ALL_PARAMS);
    expect(body).not.toHaveProperty('stream');
  });

  it('sends falsy values (temperature 0, empty system) but never unset or null ones', async () => {
    const { client, calls } = setup();
    await client.text.create({
      model: 'MiniMax-M2.5',
      messages: USER_HELLO,
      max_tokens: 1,
      system: '',
      temperature: 0,
      top_p: undefined,
      // A JavaScript caller may pass null: it means "unset", like the seed's None.
      tools: null as unknown as undefined,
    });
    expect(calls[0]!.body).toEqual({
      model: 'MiniMax-M2.5',
      messages: USER_HELLO,
      max_tokens: 1,
      system: '',
      temperature: 0,
    });
  });

  it('passes system as a string or as a list of text blocks', async () => {
    const { client, calls } = setup();
    await client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8, system: 'Be brief.' });
    await client.text.create({
      model: 'm',
      messages: USER_HELLO,
      max_tokens: 8,
      system: [{ type: 'text', text: 'Be brief.' }],
    });
    expect((calls[0]!.body as Record<string, unknown>).system).toBe('Be brief.');
    expect((calls[1]!.body as Record<string, unknown>).system).toEqual([{ type: 'text', text: 'Be brief.' }]);
  });

  it('sends tools with tool_choice, and thinking', async () => {
    const { client, calls } = setup();
    await client.text.create({
      model: 'MiniMax-M2.7',
      messages: USER_HELLO,
      max_tokens: 64,
      tools: ALL_PARAMS.tools,
      tool_choice: { type: 'auto' },
      thinking: { type: 'adaptive' },
    });
    expect(calls[0]!.body).toEqual({
      model: 'MiniMax-M2.7',
      messages: USER_HELLO,
      max_tokens: 64,
      tools: ALL_PARAMS.tools,
      tool_choice: { type: 'auto' },
      thinking: { type: 'adaptive' },
    });
  });

  it('passes a multi-turn tool history through unchanged', async () => {
    const { client, calls } = setup();
    const messages = [
      { role: 'user' as const, content: 'Weather in Paris?' },
      { role: 'assistant' as const, content: (TOOL_MESSAGE as unknown as Message).content },
      {
        role: 'user' as const,
        content: [
          { type: 'tool_result' as const, tool_use_id: 'toolu_1', content: '18°C' },
          { type: 'tool_result' as const, tool_use_id: 'toolu_2', content: 'boom', is_error: true },
          {
            type: 'image' as const,
            source: { type: 'base64' as const, media_type: 'image/png', data: 'iVBORw0KGgo=' },
          },
        ],
      },
    ];
    await client.text.create({ model: 'MiniMax-M2.7', messages, max_tokens: 64 });
    expect((calls[0]!.body as Record<string, unknown>).messages).toEqual(messages);
  });

  it('accepts model names this SDK does not list', async () => {
    const { client, calls } = setup();
    await client.text.create({ model: 'MiniMax-M9-preview', messages: USER_HELLO, max_tokens: 8 });
    expect((calls[0]!.body as Record<string, unknown>).model).toBe('MiniMax-M9-preview');
  });

  it('sends per-call headers and honours a removed default', async () => {
    const { client, calls } = setup();
    await client.text.create(
      { model: 'm', messages: USER_HELLO, max_tokens: 8 },
      { headers: { 'x-extra': '1', 'user-agent': null } },
    );
    expect(calls[0]!.headers['x-extra']).toBe('1');
    expect(calls[0]!.headers).not.toHaveProperty('user-agent');
  });
});

describe('text.create response parsing', () => {
  it('parses a text reply and adds the trace id from the header', async () => {
    const { client } = setup(() => jsonResponse(TEXT_MESSAGE, { headers: { 'trace-id': 'tr-77' } }));
    const message = await client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 });
    expect(message).toEqual({ ...TEXT_MESSAGE, trace_id: 'tr-77' });
    expect(message.content[0]).toEqual({ type: 'text', text: 'Hi there!' });
  });

  it('parses thinking (with signature) before text, then multiple tool calls, keeping cache usage', async () => {
    const { client } = setup(() => jsonResponse(TOOL_MESSAGE));
    const message = await client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content.map((b) => b.type)).toEqual(['thinking', 'text', 'tool_use', 'tool_use']);
    expect(message.content[0]).toEqual({
      type: 'thinking',
      thinking: 'The user wants weather.',
      signature: 'sig-abc',
    });
    const calls = message.content.filter((b) => b.type === 'tool_use');
    expect(calls.map((c) => [c.id, c.name, c.input])).toEqual([
      ['toolu_1', 'get_weather', { city: 'Paris' }],
      ['toolu_2', 'get_weather', { city: 'Tokyo' }],
    ]);
    expect(message.usage).toEqual({
      input_tokens: 80,
      output_tokens: 40,
      cache_read_input_tokens: 64,
      cache_creation_input_tokens: 0,
    });
  });

  it('parses the max_tokens stop reason', async () => {
    const { client } = setup(() => jsonResponse({ ...TEXT_MESSAGE, stop_reason: 'max_tokens' }));
    const message = await client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 4 });
    expect(message.stop_reason).toBe('max_tokens');
  });

  // Defect 11: the seed failed validation on each of these; the port decodes them.
  it('accepts a thinking block without a signature, and does not invent one', async () => {
    const reply = {
      ...TEXT_MESSAGE,
      content: [
        { type: 'thinking', thinking: 'hmm' },
        { type: 'text', text: 'ok' },
      ],
    };
    const { client } = setup(() => jsonResponse(reply));
    const message = await client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 });
    expect(message.content[0]).toEqual({ type: 'thinking', thinking: 'hmm' });
    expect(message.content[0]).not.toHaveProperty('signature');
  });

  it('keeps redacted_thinking and blocks of unknown types, unchanged and in order', async () => {
    const server = { type: 'server_tool_use', id: 'srv_1', name: 'web_search', input: { q: 'x' } };
    const reply = {
      ...TEXT_MESSAGE,
      content: [{ type: 'redacted_thinking', data: 'ENCRYPTED' }, server, { type: 'text', text: 'done' }],
    };
    const { client } = setup(() => jsonResponse(reply));
    const message = await client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 });
    expect(message.content).toEqual(reply.content);
  });

  it('defaults missing fields (usage, stop_reason, content) and keeps unknown top-level fields', async () => {
    const { client } = setup(() =>
      jsonResponse({ id: 'msg_x', model: 'm', content: [{ type: 'text' }], service_tier: 'standard' }),
    );
    const message = await client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 });
    expect(message).toMatchObject({
      id: 'msg_x',
      type: 'message',
      role: 'assistant',
      content: [{ type: 'text', text: '' }],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 0, output_tokens: 0 },
      service_tier: 'standard',
    });
  });

  it('treats a missing content array as empty', async () => {
    const { client } = setup(() =>
      jsonResponse({ id: 'msg_y', usage: { input_tokens: 1, output_tokens: 0 } }),
    );
    const message = await client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 });
    expect(message.content).toEqual([]);
  });

  it('wraps an undecodable block in MiniMaxError', async () => {
    const { client } = setup(() => jsonResponse({ ...TEXT_MESSAGE, content: ['not a block'] }));
    const error = await failure(client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 }));
    expect(error).toBeInstanceOf(MiniMaxError);
    expect(error.message).toMatch(/content block/);
  });

  // The seed raised a bare JSONDecodeError here.
  it('wraps a 200 body that is not JSON in MiniMaxError', async () => {
    const { client } = setup(() => new Response('<html>oops</html>', { status: 200 }));
    const error = await failure(client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 }));
    expect(error).toBeInstanceOf(MiniMaxError);
    expect(error.status).toBe(200);
    expect(error.message).toContain('<html>oops</html>');
  });

  it('.withResponse() gives the message and the raw Response', async () => {
    const { client } = setup(() => jsonResponse(TEXT_MESSAGE, { headers: { 'x-request-id': 'abc' } }));
    const { data, response } = await client.text
      .create({ model: 'm', messages: USER_HELLO, max_tokens: 8 })
      .withResponse();
    expect(data.id).toBe('msg_01');
    expect(response.status).toBe(200);
    expect(response.headers.get('x-request-id')).toBe('abc');
  });
});

function anthropicError(status: number, type: string, message: string, requestId = 'req_1') {
  return jsonResponse({ type: 'error', error: { type, message }, request_id: requestId }, { status });
}

describe('text.create errors', () => {
  const cases: [number, string, typeof MiniMaxError][] = [
    [401, 'authentication_error', AuthError],
    [403, 'permission_error', AuthError],
    [402, 'billing_error', InsufficientBalanceError],
    [429, 'rate_limit_error', RateLimitError],
    [400, 'invalid_request_error', InvalidParameterError],
    [413, 'request_too_large', InvalidParameterError],
    [404, 'not_found_error', MiniMaxError],
    [500, 'api_error', ServerError],
    [529, 'overloaded_error', ServerError],
    [504, 'timeout_error', APITimeoutError],
    [400, 'brand_new_error', MiniMaxError],
  ];

  it.each(cases)('HTTP %i %s → %o with code = HTTP status', async (status, type, ErrorClass) => {
    const { client } = setup(() => anthropicError(status, type, `${type} happened`));
    const error = await failure(client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 }));
    expect(error).toBeInstanceOf(ErrorClass);
    // The base-class rows must not be a more specific subclass.
    if (ErrorClass === MiniMaxError) expect(error.constructor).toBe(MiniMaxError);
    expect(error.code).toBe(status);
    expect(error.status).toBe(status);
    expect(error.message).toBe(`${type} happened`);
    expect(error.trace_id).toBe('req_1');
    expect(error.body).toMatchObject({ error: { type } });
  });

  it('defaults the error type to api_error and the message to "Unknown error"', async () => {
    const { client } = setup(() => jsonResponse({ type: 'error', error: {} }, { status: 500 }));
    const error = await failure(client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 }));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toBe('Unknown error');
    expect(error.code).toBe(500);
  });

  // The seed mapped any JSON 4xx without an error object to ServerError (api_error default);
  // ts-api.md section 8 maps by HTTP status instead.
  it('maps a JSON error body without an error object by HTTP status', async () => {
    const { client } = setup(() => jsonResponse({ detail: 'nope' }, { status: 400 }));
    const error = await failure(client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 }));
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error.code).toBe(400);
    expect(error.body).toEqual({ detail: 'nope' });
  });

  it('keeps the status and the text of a non-JSON error body', async () => {
    const { client } = setup(() => new Response('I am a teapot', { status: 418 }));
    const error = await failure(client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 }));
    expect(error.constructor).toBe(MiniMaxError);
    expect(error.code).toBe(418);
    expect(error.status).toBe(418);
    expect(error.message).toBe('HTTP 418: I am a teapot');
    expect(error.body).toBe('I am a teapot');
  });

  it('maps an HTML proxy page on 502 to ServerError with its text', async () => {
    const { client } = setup(() => new Response('<h1>Bad Gateway</h1>', { status: 502 }));
    const error = await failure(client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 }));
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toBe('HTTP 502: <h1>Bad Gateway</h1>');
  });

  it('maps an error envelope sent with HTTP 200', async () => {
    const { client } = setup(() =>
      jsonResponse({ type: 'error', error: { type: 'overloaded_error', message: 'busy' } }),
    );
    await expect(
      client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 }),
    ).rejects.toBeInstanceOf(ServerError);
  });

  it('maps a non-zero base_resp sent with HTTP 200', async () => {
    const { client } = setup(() =>
      jsonResponse({ base_resp: { status_code: 1008, status_msg: 'insufficient balance' } }),
    );
    const error = await failure(client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 }));
    expect(error).toBeInstanceOf(InsufficientBalanceError);
    expect(error.code).toBe(1008);
  });

  it('turns a network failure into APIConnectionError', async () => {
    const { client } = setup(() => {
      throw new TypeError('fetch failed');
    });
    await expect(
      client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 }),
    ).rejects.toBeInstanceOf(APIConnectionError);
  });

  it('rejects with APIUserAbortError when the caller aborts', async () => {
    const controller = new AbortController();
    controller.abort();
    const { client, calls } = setup();
    await expect(
      client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 }, { signal: controller.signal }),
    ).rejects.toBeInstanceOf(APIUserAbortError);
    expect(calls.length).toBeLessThanOrEqual(1);
  });
});

describe('text.create retries', () => {
  // The seed retried only 429/500/529; ts-api.md section 8 retries 408/409/429/5xx.
  it.each([429, 529, 500, 503])('retries HTTP %i, then succeeds', async (status) => {
    vi.useFakeTimers();
    const { client, calls } = setup(
      (_, i) => (i === 0 ? anthropicError(status, 'api_error', 'try again') : jsonResponse(TEXT_MESSAGE)),
      2,
    );
    const promise = client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 });
    await vi.runAllTimersAsync();
    await expect(promise).resolves.toMatchObject({ id: 'msg_01' });
    expect(calls).toHaveLength(2);
    expect(calls[1]!.body).toEqual(calls[0]!.body);
  });

  it('gives up after maxRetries and throws the last mapped error', async () => {
    vi.useFakeTimers();
    const { client, calls } = setup(() => anthropicError(529, 'overloaded_error', 'Overloaded'), 2);
    const promise = failure(client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 }));
    await vi.runAllTimersAsync();
    const error = await promise;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.code).toBe(529);
    expect(calls).toHaveLength(3);
  });

  it('honours Retry-After on 429', async () => {
    vi.useFakeTimers();
    const { client, calls } = setup(
      (_, i) =>
        i === 0
          ? jsonResponse(
              { type: 'error', error: { type: 'rate_limit_error', message: 'slow' } },
              { status: 429, headers: { 'retry-after': '3' } },
            )
          : jsonResponse(TEXT_MESSAGE),
      1,
    );
    const promise = client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 });
    await vi.advanceTimersByTimeAsync(2_900);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(200);
    await expect(promise).resolves.toMatchObject({ id: 'msg_01' });
    expect(calls).toHaveLength(2);
  });

  it('the per-call maxRetries overrides the client', async () => {
    vi.useFakeTimers();
    const { client, calls } = setup(() => anthropicError(500, 'api_error', 'x'), 5);
    const promise = failure(
      client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 }, { maxRetries: 1 }),
    );
    await vi.runAllTimersAsync();
    expect(await promise).toBeInstanceOf(ServerError);
    expect(calls).toHaveLength(2);
  });

  it.each([
    [400, 'invalid_request_error'],
    [401, 'authentication_error'],
  ])('does not retry HTTP %i', async (status, type) => {
    const { client, calls } = setup(() => anthropicError(status, type, 'no'), 3);
    await expect(
      client.text.create({ model: 'm', messages: USER_HELLO, max_tokens: 8 }),
    ).rejects.toBeInstanceOf(MiniMaxError);
    expect(calls).toHaveLength(1);
  });
});
