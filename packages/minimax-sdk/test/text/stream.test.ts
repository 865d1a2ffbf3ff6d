/**
 * `client.text.createStream` and `MessageStream`: the request, SSE decoding, event typing, error
 * events, accumulation, and the stream's lifecycle (abort, break, read once). Carries over the
 * seed's tests/test_text.py SSE-parser and create_stream tests.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  APIUserAbortError,
  AuthError,
  InvalidParameterError,
  type MessageCreateParams,
  MessageStream,
  MiniMaxError,
  RateLimitError,
  ServerError,
  type StreamEvent,
} from '../../src/index.js';
import { fakeFetch, jsonResponse, type Responder, sseResponse, testClient } from '../helpers/fake-fetch.js';
import {
  ALL_KEYS,
  ALL_PARAMS,
  controlledBody,
  eventStreamResponse,
  expectMessagesRequest,
  frame,
  messageStart,
  sseText,
  TEXT_EVENTS,
  TOOL_EVENTS,
  USER_HELLO,
} from './fixtures.js';

const PARAMS: MessageCreateParams = { model: 'MiniMax-M2.7', messages: USER_HELLO, max_tokens: 256 };

function setup(responder: Responder, maxRetries = 0) {
  const fake = fakeFetch(responder);
  return { client: testClient(fake.fetch, { maxRetries }), calls: fake.calls };
}

/** A client whose stream answers with `chunks`, exactly as split. */
function streaming(chunks: string[], headers: Record<string, string> = {}) {
  return setup(() => sseResponse(chunks, { headers: { 'content-type': 'text/event-stream', ...headers } }));
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

function textOf(events: StreamEvent[]): string {
  let text = '';
  for (const event of events) {
    if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
  }
  return text;
}

afterEach(() => {
  vi.useRealTimers();
});

describe('text.createStream request', () => {
  it('posts the minimal body with stream: true last, asking for an event stream', async () => {
    const { client, calls } = streaming([sseText(TEXT_EVENTS)]);
    await collect(client.text.createStream(PARAMS));
    expectMessagesRequest(calls[0], 'text/event-stream');
    expect(calls[0]!.body).toEqual({ ...PARAMS, stream: true });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual(
      ['model', 'messages', 'max_tokens', 'stream'].sort(),
    );
  });

  it('passes every parameter, in the seed order, then stream', async () => {
    const { client, calls } = streaming([sseText(TEXT_EVENTS)]);
    await collect(client.text.createStream(ALL_PARAMS));
    expect(calls[0]!.body).toEqual({ ...ALL_PARAMS, stream: true });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual([...ALL_KEYS, 'stream'].sort());
  });

  it('starts the request at once, before anyone reads', async () => {
    const { client, calls } = streaming([sseText(TEXT_EVENTS)]);
    const stream = client.text.createStream(PARAMS);
    expect(stream).toBeInstanceOf(MessageStream);
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    await collect(stream);
  });

  it('stream.response resolves to the raw Response', async () => {
    const { client } = streaming([sseText(TEXT_EVENTS)], { 'trace-id': 'tr-9' });
    const stream = client.text.createStream(PARAMS);
    const response = await stream.response;
    expect(response.status).toBe(200);
    expect(response.headers.get('trace-id')).toBe('tr-9');
    await collect(stream);
  });
});

describe('text.createStream events', () => {
  it('yields the 7-event text stream, typed, collecting "Hello world!"', async () => {
    const { client } = streaming([sseText(TEXT_EVENTS)]);
    const events = await collect(client.text.createStream(PARAMS));
    expect(events.map((e) => e.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events).toEqual(TEXT_EVENTS);
    expect(textOf(events)).toBe('Hello world!');
  });

  it('decodes the same events however the body is split, even inside UTF-8 and CRLF', async () => {
    const raw = sseText([...TEXT_EVENTS.slice(0, 2), textDelta('héllo 👋'), ...TEXT_EVENTS.slice(4)]).replace(
      /\n/g,
      '\r\n',
    );
    const bytes = new TextEncoder().encode(raw);
    const oneByteChunks = [...bytes].map((b) => new Uint8Array([b]));
    const fake = fakeFetch(
      () =>
        new Response(
          new ReadableStream({
            start(controller) {
              for (const chunk of oneByteChunks) controller.enqueue(chunk);
              controller.close();
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        ),
    );
    const events = await collect(testClient(fake.fetch).text.createStream(PARAMS));
    expect(textOf(events)).toBe('héllo 👋');
    expect(events).toHaveLength(6);
  });

  it('accepts chunks split mid-line and mid-event', async () => {
    const raw = sseText(TEXT_EVENTS);
    const chunks = [
      raw.slice(0, 7),
      raw.slice(7, 100),
      raw.slice(100, 101),
      raw.slice(101, 333),
      raw.slice(333),
    ];
    const { client } = streaming(chunks);
    const events = await collect(client.text.createStream(PARAMS));
    expect(events).toEqual(TEXT_EVENTS);
  });

  // Defect 4: the seed silently lost `data:` lines without the space.
  it('reads `data:` without a space, CRLF line ends, comments and id/retry fields', async () => {
    const raw = TEXT_EVENTS.map(
      (e) =>
        `: keep-alive\r\nid: 1\r\nretry: 10\r\nevent: ${String(e.type)}\r\ndata:${JSON.stringify(e)}\r\n\r\n`,
    ).join('');
    const { client } = streaming([raw]);
    const events = await collect(client.text.createStream(PARAMS));
    expect(events).toEqual(TEXT_EVENTS);
  });

  // Defect 4: the seed overwrote rather than joined multi-line data.
  it('joins multi-line data', async () => {
    const json = JSON.stringify(TEXT_EVENTS[2], null, 2).split('\n');
    const raw = `${frame(TEXT_EVENTS[0]!)}${frame(TEXT_EVENTS[1]!)}event: content_block_delta\n${json.map((l) => `data: ${l}`).join('\n')}\n\n`;
    const { client } = streaming([raw]);
    const events = await collect(client.text.createStream(PARAMS));
    expect(events[2]).toEqual(TEXT_EVENTS[2]);
  });

  it('skips ping events', async () => {
    const withPings = [
      { type: 'ping' },
      ...TEXT_EVENTS.slice(0, 3),
      { type: 'ping' },
      ...TEXT_EVENTS.slice(3),
    ];
    const { client } = streaming([sseText(withPings)]);
    const events = await collect(client.text.createStream(PARAMS));
    expect(events).toEqual(TEXT_EVENTS);
  });

  // The seed dropped unknown events; the port passes them through (ts-api.md section 5).
  it('passes unknown events through, mid-stream and trailing', async () => {
    const mid = { type: 'citations_update', index: 0, citation: { url: 'https://x' } };
    const trailing = { type: 'usage_report', total: 3 };
    const payloads = [...TEXT_EVENTS.slice(0, 3), mid, ...TEXT_EVENTS.slice(3), trailing];
    const { client } = streaming([sseText(payloads)]);
    const stream = client.text.createStream(PARAMS);
    const events = await collect(stream);
    expect(events).toEqual(payloads);
    expect((await stream.finalMessage()).content).toEqual([{ type: 'text', text: 'Hello world!' }]);
  });

  it('passes unknown block and delta types through', async () => {
    const payloads = [
      messageStart(),
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'server_tool_use', id: 's1', name: 'web' },
      },
      { type: 'content_block_delta', index: 0, delta: { type: 'citations_delta', citation: { n: 1 } } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_stop' },
    ];
    const { client } = streaming([sseText(payloads)]);
    const stream = client.text.createStream(PARAMS);
    expect(await collect(stream)).toEqual(payloads);
    expect((await stream.finalMessage()).content).toEqual([
      { type: 'server_tool_use', id: 's1', name: 'web' },
    ]);
  });

  it('parses a trailing event that has no blank line after it', async () => {
    const raw = `${sseText(TEXT_EVENTS.slice(0, 6))}event: message_stop\ndata: {"type":"message_stop"}`;
    const { client } = streaming([raw]);
    const events = await collect(client.text.createStream(PARAMS));
    expect(events.at(-1)).toEqual({ type: 'message_stop' });
  });

  it('takes the type from the SSE event name when the data has none', async () => {
    const raw = `${sseText(TEXT_EVENTS.slice(0, 6))}event: message_stop\ndata: {}\n\n`;
    const { client } = streaming([raw]);
    const events = await collect(client.text.createStream(PARAMS));
    expect(events.at(-1)).toEqual({ type: 'message_stop' });
  });

  it('carries tool-use deltas with partial_json', async () => {
    const { client } = streaming([sseText(TOOL_EVENTS)]);
    const events = await collect(client.text.createStream(PARAMS));
    const fragments = events.flatMap((e) =>
      e.type === 'content_block_delta' && e.delta.type === 'input_json_delta' ? [e.delta.partial_json] : [],
    );
    expect(fragments).toEqual(['', '{"city": "Pa', 'ris", "days": 2}']);
  });

  it('carries thinking and signature deltas', async () => {
    const { client } = streaming([sseText(TOOL_EVENTS)]);
    const events = await collect(client.text.createStream(PARAMS));
    const deltas = events.flatMap((e) =>
      e.type === 'content_block_delta' && e.index === 0 ? [e.delta] : [],
    );
    expect(deltas).toEqual([
      { type: 'thinking_delta', thinking: 'Need the ' },
      { type: 'thinking_delta', thinking: 'weather.' },
      { type: 'signature_delta', signature: 'sig-' },
      { type: 'signature_delta', signature: 'xyz' },
    ]);
  });

  // Defect 4: the seed dropped a message_delta without usage.
  it('keeps a message_delta without usage, defaulting output_tokens', async () => {
    const payloads = [
      ...TEXT_EVENTS.slice(0, 5),
      { type: 'message_delta', delta: { stop_reason: 'end_turn' } },
      { type: 'message_stop' },
    ];
    const { client } = streaming([sseText(payloads)]);
    const stream = client.text.createStream(PARAMS);
    const events = await collect(stream);
    expect(events[5]).toEqual({
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: 0 },
    });
    const message = await stream.finalMessage();
    // The missing usage must not wipe the counts from message_start.
    expect(message.usage).toEqual({ input_tokens: 15, output_tokens: 1 });
    expect(message.stop_reason).toBe('end_turn');
  });

  it('does not change events already yielded while it accumulates', async () => {
    const { client } = streaming([sseText(TEXT_EVENTS)]);
    const stream = client.text.createStream(PARAMS);
    const events = await collect(stream);
    await stream.finalMessage();
    const start = events[0] as Extract<StreamEvent, { type: 'message_start' }>;
    expect(start.message.content).toEqual([]);
    expect((events[1] as Extract<StreamEvent, { type: 'content_block_start' }>).content_block).toEqual({
      type: 'text',
      text: '',
    });
  });
});

function textDelta(text: string) {
  return { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } };
}

describe('text.createStream errors', () => {
  // Defect 4: the seed always raised the base MiniMaxError with code 0 here.
  it.each([
    ['overloaded_error', ServerError],
    ['api_error', ServerError],
    ['rate_limit_error', RateLimitError],
    ['invalid_request_error', InvalidParameterError],
    ['authentication_error', AuthError],
    ['something_new', MiniMaxError],
  ] as const)(
    'an error event %s mid-stream throws %o after the events before it',
    async (type, ErrorClass) => {
      const payloads = [
        ...TEXT_EVENTS.slice(0, 3),
        { type: 'error', error: { type, message: `${type}!` }, request_id: 'req_7' },
        ...TEXT_EVENTS.slice(3),
      ];
      const { client } = streaming([sseText(payloads)]);
      const stream = client.text.createStream(PARAMS);
      const seen: StreamEvent[] = [];
      const error = await (async () => {
        for await (const event of stream) seen.push(event);
      })().catch((e) => e);
      expect(seen).toEqual(TEXT_EVENTS.slice(0, 3));
      expect(error).toBeInstanceOf(ErrorClass);
      if (ErrorClass === MiniMaxError) expect(error.constructor).toBe(MiniMaxError);
      expect(error.message).toBe(`${type}!`);
      expect(error.code).toBe(0);
      expect(error.trace_id).toBe('req_7');
      await expect(stream.finalMessage()).rejects.toBe(error);
    },
  );

  it('a trailing error event (no blank line) throws', async () => {
    const raw = `${sseText(TEXT_EVENTS.slice(0, 3))}event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}`;
    const { client } = streaming([raw]);
    await expect(collect(client.text.createStream(PARAMS))).rejects.toThrow(ServerError);
  });

  it('an error event without details is a ServerError "Unknown error"', async () => {
    const { client } = streaming([sseText([TEXT_EVENTS[0]!, { type: 'error' }])]);
    const error = await collect(client.text.createStream(PARAMS)).catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.message).toBe('Unknown error');
  });

  it('a non-zero base_resp on an event throws the mapped error', async () => {
    const bad = { type: 'message_delta', base_resp: { status_code: 1002, status_msg: 'rate limited' } };
    const { client } = streaming([sseText([TEXT_EVENTS[0]!, bad])], { 'trace-id': 'tr-h' });
    const error = await collect(client.text.createStream(PARAMS)).catch((e) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.code).toBe(1002);
    expect(error.trace_id).toBe('tr-h');
  });

  it('malformed JSON data throws MiniMaxError, not a bare SyntaxError', async () => {
    const { client } = streaming([`${frame(TEXT_EVENTS[0]!)}data: {"type": "content_blo\n\n`]);
    const error = await collect(client.text.createStream(PARAMS)).catch((e) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect(error).not.toBeInstanceOf(SyntaxError);
    expect(error.message).toMatch(/Malformed event/);
  });

  it('HTTP 401 rejects the first iteration step with AuthError', async () => {
    const { client } = setup(() =>
      jsonResponse(
        { type: 'error', error: { type: 'authentication_error', message: 'invalid api key' } },
        { status: 401 },
      ),
    );
    const stream = client.text.createStream(PARAMS);
    const iterator = stream[Symbol.asyncIterator]();
    const error = await iterator.next().catch((e) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect(error.code).toBe(401);
    expect(error.message).toBe('invalid api key');
    await expect(stream.finalMessage()).rejects.toBe(error);
    await expect(stream.response).rejects.toBe(error);
  });

  it('HTTP 401 rejects finalMessage() when nothing iterates', async () => {
    const { client } = setup(() =>
      jsonResponse(
        { type: 'error', error: { type: 'authentication_error', message: 'bad key' } },
        { status: 401 },
      ),
    );
    await expect(client.text.createStream(PARAMS).finalMessage()).rejects.toBeInstanceOf(AuthError);
  });

  it('a non-JSON error body keeps its status and text', async () => {
    const { client } = setup(() => new Response('upstream exploded', { status: 503 }));
    const error = await client.text
      .createStream(PARAMS)
      .finalMessage()
      .catch((e) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(error.code).toBe(503);
    expect(error.message).toBe('HTTP 503: upstream exploded');
  });

  it('an unread failed stream raises no unhandled rejection', async () => {
    const { client } = setup(() => new Response('nope', { status: 500 }));
    client.text.createStream(PARAMS);
    await new Promise((r) => setTimeout(r, 20));
  });

  // The seed never retried streams; ts-api.md section 8 retries 429/5xx before the body starts.
  it.each([429, 529])('retries HTTP %i before the stream starts', async (status) => {
    vi.useFakeTimers();
    const { client, calls } = setup(
      (_, i) =>
        i === 0
          ? jsonResponse({ type: 'error', error: { type: 'overloaded_error', message: 'busy' } }, { status })
          : sseResponse([sseText(TEXT_EVENTS)]),
      2,
    );
    const final = client.text.createStream(PARAMS).finalMessage();
    await vi.runAllTimersAsync();
    expect((await final).content).toEqual([{ type: 'text', text: 'Hello world!' }]);
    expect(calls).toHaveLength(2);
  });

  it('does not retry HTTP 400', async () => {
    const { client, calls } = setup(
      () =>
        jsonResponse(
          { type: 'error', error: { type: 'invalid_request_error', message: 'bad' } },
          { status: 400 },
        ),
      3,
    );
    await expect(client.text.createStream(PARAMS).finalMessage()).rejects.toBeInstanceOf(
      InvalidParameterError,
    );
    expect(calls).toHaveLength(1);
  });
});

describe('MessageStream.finalMessage', () => {
  it('drives the stream itself when nothing iterates', async () => {
    const { client } = streaming([sseText(TEXT_EVENTS)], { 'trace-id': 'tr-fin' });
    const message = await client.text.createStream(PARAMS).finalMessage();
    expect(message).toEqual({
      id: 'msg_s1',
      type: 'message',
      role: 'assistant',
      model: 'MiniMax-M2.7',
      content: [{ type: 'text', text: 'Hello world!' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 15, output_tokens: 7 },
      trace_id: 'tr-fin',
    });
  });

  it('returns the accumulated message after iterating, the same object each time', async () => {
    const { client } = streaming([sseText(TEXT_EVENTS)]);
    const stream = client.text.createStream(PARAMS);
    await collect(stream);
    const first = await stream.finalMessage();
    expect(first.content).toEqual([{ type: 'text', text: 'Hello world!' }]);
    expect(await stream.finalMessage()).toBe(first);
  });

  it('joins thinking, signature, text and tool input JSON (parsed at block stop)', async () => {
    const { client } = streaming([sseText(TOOL_EVENTS)]);
    const message = await client.text.createStream(PARAMS).finalMessage();
    expect(message.content).toEqual([
      { type: 'thinking', thinking: 'Need the weather.', signature: 'sig-xyz' },
      { type: 'text', text: 'Let me check.' },
      { type: 'tool_use', id: 'toolu_9', name: 'get_weather', input: { city: 'Paris', days: 2 } },
    ]);
    expect(message.stop_reason).toBe('tool_use');
    // input_tokens: null in message_delta means "not reported": the start's count stays.
    expect(message.usage).toEqual({ input_tokens: 15, output_tokens: 42 });
  });

  it('adds a signature to a thinking block that started without one', async () => {
    const payloads = [
      messageStart(),
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'hm' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'S1' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_stop' },
    ];
    const { client } = streaming([sseText(payloads)]);
    const message = await client.text.createStream(PARAMS).finalMessage();
    expect(message.content).toEqual([{ type: 'thinking', thinking: 'hm', signature: 'S1' }]);
  });

  it('keeps the raw string when the joined tool input is not valid JSON', async () => {
    const payloads = [
      messageStart(),
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: 't', name: 'f', input: {} },
      },
      { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"a": ' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'message_stop' },
    ];
    const { client } = streaming([sseText(payloads)]);
    const message = await client.text.createStream(PARAMS).finalMessage();
    expect(message.content[0]).toMatchObject({ type: 'tool_use', input: '{"a": ' });
  });

  it('keeps the start input when no JSON fragments arrive, and parses JSON whose stop never came', async () => {
    const payloads = [
      messageStart(),
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: 'a', name: 'f', input: {} },
      },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'content_block_start',
        index: 1,
        content_block: { type: 'tool_use', id: 'b', name: 'g', input: {} },
      },
      { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"x":1}' } },
      // No content_block_stop for block 1, and no message_stop: the stop reason alone completes it.
      { type: 'message_delta', delta: { stop_reason: 'tool_use' }, usage: { output_tokens: 9 } },
    ];
    const { client } = streaming([sseText(payloads)]);
    const message = await client.text.createStream(PARAMS).finalMessage();
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'a', name: 'f', input: {} },
      { type: 'tool_use', id: 'b', name: 'g', input: { x: 1 } },
    ]);
  });

  it('rejects when the body ends cleanly before the message is complete', async () => {
    const { client } = streaming([sseText(TEXT_EVENTS.slice(0, 4))]);
    const stream = client.text.createStream(PARAMS);
    // Iteration itself ends quietly, as in the seed: the events that came are all there is.
    expect(await collect(stream)).toHaveLength(4);
    const error = await stream.finalMessage().catch((e) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect(error.message).toMatch(/before the message was complete/);
  });

  it('builds a message when message_start is missing, and message_delta cannot clobber structure', async () => {
    const payloads = [
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      textDelta('partial start'),
      { type: 'content_block_stop', index: 0 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', content: 'bogus', usage: 'bogus', container: { id: 'c1' } },
        usage: { output_tokens: 3 },
      },
      { type: 'message_stop' },
    ];
    const { client } = streaming([sseText(payloads)], { 'trace-id': 'tr-nostart' });
    const message = await client.text.createStream(PARAMS).finalMessage();
    expect(message).toMatchObject({
      id: '',
      content: [{ type: 'text', text: 'partial start' }],
      stop_reason: 'end_turn',
      usage: { input_tokens: 0, output_tokens: 3 },
      container: { id: 'c1' },
      trace_id: 'tr-nostart',
    });
  });

  it('rejects with MiniMaxError when the stream ends without any message', async () => {
    const { client } = streaming([': nothing here\n\n']);
    const error = await client.text
      .createStream(PARAMS)
      .finalMessage()
      .catch((e) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect(error.message).toMatch(/without a message/);
  });

  it('resolves after a break at message_stop, rejects after a break before it', async () => {
    const { client } = setup(() => sseResponse([sseText(TEXT_EVENTS)]));
    const complete = client.text.createStream(PARAMS);
    for await (const event of complete) if (event.type === 'message_stop') break;
    expect((await complete.finalMessage()).stop_reason).toBe('end_turn');

    const partial = client.text.createStream(PARAMS);
    for await (const event of partial) if (event.type === 'content_block_start') break;
    await expect(partial.finalMessage()).rejects.toBeInstanceOf(APIUserAbortError);
  });
});

describe('MessageStream views', () => {
  it('textStream yields only the text deltas', async () => {
    const { client } = streaming([sseText(TOOL_EVENTS.slice(0, 10)), sseText(TEXT_EVENTS.slice(1))]);
    const stream = client.text.createStream(PARAMS);
    const pieces = await collect(stream.textStream);
    expect(pieces).toEqual(['Let me check.', 'Hello', ' world!']);
  });

  it('textStream consumes the stream; finalMessage() still answers afterwards', async () => {
    const { client } = streaming([sseText(TEXT_EVENTS)]);
    const stream = client.text.createStream(PARAMS);
    expect((await collect(stream.textStream)).join('')).toBe('Hello world!');
    await expect(collect(stream)).rejects.toThrow(/already read/);
    expect((await stream.finalMessage()).content).toEqual([{ type: 'text', text: 'Hello world!' }]);
  });

  it('merely reading the textStream property does not consume the stream', async () => {
    const { client } = streaming([sseText(TEXT_EVENTS)]);
    const stream = client.text.createStream(PARAMS);
    void stream.textStream;
    expect(await collect(stream)).toHaveLength(7);
  });

  it('toReadableStream() gives newline-delimited JSON events', async () => {
    const { client } = streaming([sseText([{ type: 'ping' }, ...TEXT_EVENTS])]);
    const readable = client.text.createStream(PARAMS).toReadableStream();
    const text = await new Response(readable).text();
    const lines = text.split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((line) => JSON.parse(line))).toEqual(TEXT_EVENTS);
  });

  it('a stream can be read only once', async () => {
    const { client } = streaming([sseText(TEXT_EVENTS)]);
    const stream = client.text.createStream(PARAMS);
    await collect(stream);
    await expect(collect(stream)).rejects.toThrow(MiniMaxError);
    expect(() => stream.toReadableStream()).toThrow(/already read/);
  });

  it('finalMessage() before iterating claims the stream', async () => {
    const { client } = streaming([sseText(TEXT_EVENTS)]);
    const stream = client.text.createStream(PARAMS);
    const final = stream.finalMessage();
    await expect(collect(stream)).rejects.toThrow(/already read/);
    expect((await final).stop_reason).toBe('end_turn');
  });
});

describe('MessageStream lifecycle', () => {
  function openStream() {
    let body: ReturnType<typeof controlledBody> | undefined;
    const { client, calls } = setup((request) => {
      body = controlledBody(request.signal);
      return eventStreamResponse(body.body);
    });
    const stream = client.text.createStream(PARAMS);
    return { stream, calls, body: () => body! };
  }

  it('abort() mid-stream rejects the pending read with APIUserAbortError and aborts the request', async () => {
    const { stream, calls, body } = openStream();
    const iterator = stream[Symbol.asyncIterator]();
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    body().push(frame(TEXT_EVENTS[0]!));
    expect((await iterator.next()).value).toEqual(TEXT_EVENTS[0]);
    const pending = iterator.next();
    stream.abort();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    expect(calls[0]!.signal?.aborted).toBe(true);
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it('abort() before anything is read rejects finalMessage() and the first step', async () => {
    const { stream } = openStream();
    stream.abort();
    await expect(stream.finalMessage()).rejects.toBeInstanceOf(APIUserAbortError);
    await expect(stream.response).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it('abort() through the caller signal rejects the same way', async () => {
    const controller = new AbortController();
    let body: ReturnType<typeof controlledBody> | undefined;
    const { client } = setup((request) => {
      body = controlledBody(request.signal);
      return eventStreamResponse(body.body);
    });
    const stream = client.text.createStream(PARAMS, { signal: controller.signal });
    const final = stream.finalMessage();
    await vi.waitFor(() => expect(body).toBeDefined());
    body!.push(frame(TEXT_EVENTS[0]!));
    controller.abort();
    await expect(final).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it('breaking out of for-await closes the connection', async () => {
    const { stream, calls, body } = openStream();
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    body().push(sseText(TEXT_EVENTS.slice(0, 3)));
    for await (const event of stream) if (event.type === 'content_block_delta') break;
    expect(body().state.closed).toBe(true);
    expect(calls[0]!.signal?.aborted).toBe(true);
  });

  it('breaking out cancels the body even when the fetch ignores the abort signal', async () => {
    const body = controlledBody();
    const { client } = setup(() => eventStreamResponse(body.body));
    body.push(sseText(TEXT_EVENTS.slice(0, 3)));
    for await (const event of client.text.createStream(PARAMS))
      if (event.type === 'content_block_start') break;
    expect(body.state.closed).toBe(true);
  });

  it('breaking out of textStream closes the connection', async () => {
    const { stream, calls, body } = openStream();
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    body().push(sseText(TEXT_EVENTS.slice(0, 4)));
    for await (const piece of stream.textStream) if (piece === 'Hello') break;
    expect(body().state.closed).toBe(true);
  });

  it('cancelling toReadableStream() aborts the request', async () => {
    const { stream, calls, body } = openStream();
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    body().push(sseText(TEXT_EVENTS.slice(0, 2)));
    const reader = stream.toReadableStream().getReader();
    await reader.read();
    await reader.cancel();
    expect(calls[0]!.signal?.aborted).toBe(true);
  });

  it('an error event closes the connection', async () => {
    const { stream, calls, body } = openStream();
    await vi.waitFor(() => expect(calls).toHaveLength(1));
    body().push(
      sseText([TEXT_EVENTS[0]!, { type: 'error', error: { type: 'overloaded_error', message: 'x' } }]),
    );
    await expect(collect(stream)).rejects.toBeInstanceOf(ServerError);
    expect(body().state.closed).toBe(true);
  });

  it('an idle gap longer than timeout fails the stream', async () => {
    let body: ReturnType<typeof controlledBody> | undefined;
    const { client } = setup((request) => {
      body = controlledBody(request.signal);
      return eventStreamResponse(body.body);
    });
    const stream = client.text.createStream(PARAMS, { timeout: 50 });
    const final = stream.finalMessage();
    await vi.waitFor(() => expect(body).toBeDefined());
    body!.push(frame(TEXT_EVENTS[0]!));
    const error = await final.catch((e) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect(error.name).toBe('APITimeoutError');
  });
});
