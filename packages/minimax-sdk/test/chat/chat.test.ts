/**
 * `client.chat` with an injected fetch: the request body, the answer, `splitThinking`, and
 * `ChatCompletionStream` over every stream quirk MiniMax has shown (`"role": ""` deltas, a last
 * chunk with `delta: null`, reasoning sent incrementally or cumulatively, tool-call argument
 * fragments), error events, and the stream's lifecycle.
 */
import { describe, expect, it } from 'vitest';
import {
  APIUserAbortError,
  AuthError,
  type ChatCompletionChunk,
  type ChatCompletionCreateParams,
  ChatCompletionStream,
  InputSafetyError,
  InvalidParameterError,
  MiniMaxError,
  RateLimitError,
  ServerError,
  splitThinking,
} from '../../src/index.js';
import { fakeFetch, jsonResponse, type Responder, sseResponse, testClient } from '../helpers/fake-fetch.js';
import { controlledBody } from '../text/fixtures.js';

const PARAMS: ChatCompletionCreateParams = {
  model: 'MiniMax-M2.7',
  messages: [{ role: 'user', content: 'Hello' }],
};

function setup(responder: Responder, maxRetries = 0) {
  const fake = fakeFetch(responder);
  return { client: testClient(fake.fetch, { maxRetries }), calls: fake.calls };
}

const data = (payload: unknown) =>
  `data: ${typeof payload === 'string' ? payload : JSON.stringify(payload)}\n\n`;

/** A chunk of choice 0 (`delta` as given, `null` included). */
function chunk(delta: unknown, finish: string | null = null, extra: Record<string, unknown> = {}) {
  return {
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    created: 1700000000,
    model: 'MiniMax-M2.7',
    choices: [{ index: 0, delta, finish_reason: finish }],
    ...extra,
  };
}

function streaming(frames: string[]) {
  return setup(() =>
    sseResponse(frames, { headers: { 'content-type': 'text/event-stream', 'trace-id': 't-9' } }),
  );
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

const COMPLETION = {
  id: 'chatcmpl-1',
  object: 'chat.completion',
  created: 1700000000,
  model: 'MiniMax-M2.7',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hi!' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 },
};

describe('chat.create', () => {
  it('posts every field the caller set to /v1/chat/completions, without stream', async () => {
    const { client, calls } = setup(() => jsonResponse(COMPLETION, { headers: { 'trace-id': 't-1' } }));
    const completion = await client.chat.create({
      ...PARAMS,
      reasoning_split: true,
      max_completion_tokens: 64,
      temperature: 0.5,
      stream_options: { include_usage: true },
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      tool_choice: 'auto',
      brand_new_field: { nested: 1 },
    });
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.path).toBe('/v1/chat/completions');
    expect(calls[0]!.body).toEqual({
      model: 'MiniMax-M2.7',
      messages: [{ role: 'user', content: 'Hello' }],
      reasoning_split: true,
      max_completion_tokens: 64,
      temperature: 0.5,
      stream_options: { include_usage: true },
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      tool_choice: 'auto',
      brand_new_field: { nested: 1 },
    });
    expect(completion.choices[0]!.message.content).toBe('Hi!');
    expect(completion.usage?.total_tokens).toBe(5);
    expect(completion.trace_id).toBe('t-1');
  });

  it('never lets a param set stream, and never reads inherited keys', async () => {
    const { client, calls } = setup(() => jsonResponse(COMPLETION));
    const params = Object.assign(Object.create({ temperature: 0.9 }), { ...PARAMS, stream: true });
    await client.chat.create(params);
    expect(calls[0]!.body).toEqual({ model: 'MiniMax-M2.7', messages: [{ role: 'user', content: 'Hello' }] });
  });

  it('rejects (never throws) when params is not an object', async () => {
    const { client, calls } = setup(() => jsonResponse(COMPLETION));
    const promise = client.chat.create(null as unknown as ChatCompletionCreateParams);
    await expect(promise).rejects.toBeInstanceOf(InvalidParameterError);
    expect(calls).toHaveLength(0);
  });

  it.each([
    [401, 'authorized_error', 1004, AuthError],
    [400, 'bad_request_error', 2013, InvalidParameterError],
    [422, 'unprocessable_entity_error', 1026, InputSafetyError],
    [429, 'rate_limit_error', 1002, RateLimitError],
    [500, 'server_error', 1000, ServerError],
  ])('maps the OpenAI-style error envelope: HTTP %i %s (%i)', async (status, type, code, ErrorClass) => {
    const body = {
      type: 'error',
      error: { type, message: `boom (${code})`, http_code: String(status) },
      request_id: 'r-1',
    };
    const { client } = setup(() => jsonResponse(body, { status }));
    const error = await client.chat.create(PARAMS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as MiniMaxError).status).toBe(status);
    expect((error as MiniMaxError).code).toBe(code);
    expect((error as MiniMaxError).message).toBe(`boom (${code})`);
    expect((error as MiniMaxError).trace_id).toBe('r-1');
  });

  it.each([
    [401, 'authorized_error', AuthError],
    [400, 'bad_request_error', InvalidParameterError],
    [422, 'unprocessable_entity_error', InvalidParameterError],
    [529, 'overloaded_error', ServerError],
  ])('maps an envelope without a MiniMax code by its type: HTTP %i %s', async (status, type, ErrorClass) => {
    const body = {
      type: 'error',
      error: { type, message: 'boom', http_code: String(status) },
      request_id: 'r-2',
    };
    const { client } = setup(() => jsonResponse(body, { status }));
    const error = await client.chat.create(PARAMS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ErrorClass);
    expect((error as MiniMaxError).status).toBe(status);
    expect((error as MiniMaxError).code).toBe(status);
  });

  it('retries a 429 and then succeeds', async () => {
    const { client, calls } = setup(
      (_r, i) =>
        i === 0
          ? jsonResponse(
              { error: { type: 'rate_limit_error', message: 'slow' } },
              { status: 429, headers: { 'retry-after-ms': '1' } },
            )
          : jsonResponse(COMPLETION),
      1,
    );
    const completion = await client.chat.create(PARAMS);
    expect(calls).toHaveLength(2);
    expect(completion.id).toBe('chatcmpl-1');
  });

  it('gives an answer without choices an empty list', async () => {
    const { client } = setup(() =>
      jsonResponse({ id: 'x', object: 'chat.completion', created: 1, model: 'm' }),
    );
    expect((await client.chat.create(PARAMS)).choices).toEqual([]);
  });
});

describe('splitThinking', () => {
  it('separates inline <think> reasoning from the answer', () => {
    expect(splitThinking('<think>\nLet me add.\n</think>\n\n2 + 3 = 5.')).toEqual({
      reasoning: 'Let me add.',
      content: '2 + 3 = 5.',
    });
  });

  it('leaves text without think tags alone', () => {
    expect(splitThinking('Just text.')).toEqual({ reasoning: '', content: 'Just text.' });
    expect(splitThinking(null)).toEqual({ reasoning: '', content: '' });
  });

  it('joins several think blocks and reads an unclosed one (a cut stream) as reasoning', () => {
    expect(splitThinking('<think>a</think>x<think>b</think>y')).toEqual({
      reasoning: 'a\n\nb',
      content: 'xy',
    });
    expect(splitThinking('<think>still thinking')).toEqual({ reasoning: 'still thinking', content: '' });
  });

  it('reads a closing tag without its opening tag as reasoning before it', () => {
    expect(splitThinking('plan first</think>\nAnswer')).toEqual({
      reasoning: 'plan first',
      content: 'Answer',
    });
  });

  it('does not change the completion it reads', async () => {
    const content = '<think>r</think>Hi';
    const { client } = setup(() =>
      jsonResponse({
        ...COMPLETION,
        choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
      }),
    );
    const completion = await client.chat.create(PARAMS);
    expect(splitThinking(completion.choices[0]!.message.content).content).toBe('Hi');
    expect(completion.choices[0]!.message.content).toBe(content);
  });
});

describe('chat.createStream', () => {
  it('sends stream: true and yields the chunks; textStream gives the content', async () => {
    const frames = [
      data(chunk({ role: 'assistant', content: '' })),
      data(chunk({ content: 'Hel' })),
      data(chunk({ content: 'lo' })),
      data(chunk({}, 'stop')),
      data('[DONE]'),
    ];
    const { client, calls } = streaming(frames);
    const stream = client.chat.createStream(PARAMS);
    expect(stream).toBeInstanceOf(ChatCompletionStream);
    expect(await collect(stream.textStream)).toEqual(['Hel', 'lo']);
    expect(calls[0]!.body).toEqual({ ...PARAMS, stream: true });
    const completion = await stream.finalCompletion();
    expect(completion.choices[0]).toEqual({
      index: 0,
      message: { role: 'assistant', content: 'Hello' },
      finish_reason: 'stop',
    });
    expect(completion.trace_id).toBe('t-9');
    expect(completion.object).toBe('chat.completion');
  });

  it('smooths the quirks: "role": "" is dropped, delta: null arrives as {}', async () => {
    const frames = [
      data(chunk({ role: '', content: 'A' })),
      data(chunk({ role: '', content: 'B' })),
      data(chunk(null, 'stop')),
      data('[DONE]'),
    ];
    const { client } = streaming(frames);
    const stream = client.chat.createStream(PARAMS);
    const chunks = await collect(stream);
    expect(chunks.map((c) => c.choices[0]!.delta)).toEqual([{ content: 'A' }, { content: 'B' }, {}]);
    expect(chunks[2]!.choices[0]!.finish_reason).toBe('stop');
    expect((await stream.finalCompletion()).choices[0]!.message).toEqual({
      role: 'assistant',
      content: 'AB',
    });
  });

  const detail = (text: string) => ({ type: 'reasoning.text', id: 'reasoning-text-1', index: 0, text });

  it('joins reasoning sent incrementally', async () => {
    const frames = [
      data(chunk({ role: 'assistant', reasoning_details: [detail('Let ')] })),
      data(chunk({ reasoning_details: [detail('me ')] })),
      data(chunk({ reasoning_details: [detail('think.')] })),
      data(chunk({ content: 'Done.' }, 'stop')),
      data('[DONE]'),
    ];
    const completion = await streaming(frames).client.chat.createStream(PARAMS).finalCompletion();
    expect(completion.choices[0]!.message.reasoning_details).toEqual([detail('Let me think.')]);
    expect(completion.choices[0]!.message.content).toBe('Done.');
  });

  it('joins reasoning sent cumulatively (each chunk repeats everything so far)', async () => {
    const frames = [
      data(chunk({ role: 'assistant', reasoning_details: [detail('Let ')] })),
      data(chunk({ reasoning_details: [detail('Let me ')] })),
      data(chunk({ reasoning_details: [detail('Let me think.')] })),
      data(chunk({ content: 'Done.' }, 'stop')),
      data('[DONE]'),
    ];
    const completion = await streaming(frames).client.chat.createStream(PARAMS).finalCompletion();
    expect(completion.choices[0]!.message.reasoning_details).toEqual([detail('Let me think.')]);
  });

  it('joins reasoning_content the same way', async () => {
    const frames = [
      data(chunk({ reasoning_content: 'ab' })),
      data(chunk({ reasoning_content: 'abcd' })),
      data(chunk({ reasoning_content: 'ef' })),
      data(chunk({}, 'stop')),
    ];
    const completion = await streaming(frames).client.chat.createStream(PARAMS).finalCompletion();
    expect(completion.choices[0]!.message.reasoning_content).toBe('abcdef');
  });

  it('joins streamed tool-call argument fragments per call; content is null when only tools came', async () => {
    const frames = [
      data(
        chunk({
          role: 'assistant',
          tool_calls: [
            { index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } },
          ],
        }),
      ),
      data(chunk({ tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] })),
      data(
        chunk({
          tool_calls: [
            { index: 1, id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
          ],
        }),
      ),
      data(chunk({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Paris"}' } }] })),
      data(chunk(null, 'tool_calls')),
      data('[DONE]'),
    ];
    const completion = await streaming(frames).client.chat.createStream(PARAMS).finalCompletion();
    const message = completion.choices[0]!.message;
    expect(message.content).toBeNull();
    expect(message.tool_calls).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
    ]);
    expect(JSON.parse(message.tool_calls![0]!.function.arguments)).toEqual({ city: 'Paris' });
    expect(completion.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('takes whole tool calls sent without an index', async () => {
    const call = { id: 'call_9', type: 'function', function: { name: 'f', arguments: '{"a":1}' } };
    const frames = [data(chunk({ content: 'x', tool_calls: [call] })), data(chunk({}, 'tool_calls'))];
    const completion = await streaming(frames).client.chat.createStream(PARAMS).finalCompletion();
    expect(completion.choices[0]!.message.tool_calls).toEqual([call]);
  });

  it('keeps the include_usage chunk (no choices) and puts its usage on the completion', async () => {
    const usage = { prompt_tokens: 3, completion_tokens: 1, total_tokens: 4 };
    const frames = [
      data(chunk({ content: 'Hi' })),
      data(chunk({}, 'stop')),
      data({ ...chunk({}), choices: [], usage }),
      data('[DONE]'),
    ];
    const stream = streaming(frames).client.chat.createStream({
      ...PARAMS,
      stream_options: { include_usage: true },
    });
    const chunks = await collect(stream);
    expect(chunks).toHaveLength(3);
    expect(chunks[2]!.choices).toEqual([]);
    expect((await stream.finalCompletion()).usage).toEqual(usage);
  });

  it('throws the mapped error of an error event mid-stream, and rejects finalCompletion', async () => {
    const frames = [
      data(chunk({ content: 'Hi' })),
      data({
        type: 'error',
        error: { type: 'rate_limit_error', message: 'slow down (1002)', http_code: '429' },
      }),
    ];
    const stream = streaming(frames).client.chat.createStream(PARAMS);
    const seen: ChatCompletionChunk[] = [];
    const error = await (async () => {
      for await (const c of stream) seen.push(c);
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(seen).toHaveLength(1);
    await expect(stream.finalCompletion()).rejects.toBeInstanceOf(RateLimitError);
  });

  it('throws the mapped error of a non-zero base_resp mid-stream', async () => {
    const frames = [
      data(chunk({ content: 'Hi' })),
      data({ base_resp: { status_code: 1027, status_msg: 'output flagged' } }),
    ];
    const error = await collect(streaming(frames).client.chat.createStream(PARAMS)).catch((e: unknown) => e);
    expect((error as MiniMaxError).code).toBe(1027);
  });

  it('rejects the first step with the mapped HTTP error', async () => {
    const { client } = setup(() =>
      jsonResponse(
        { type: 'error', error: { type: 'authorized_error', message: 'bad key' } },
        { status: 401 },
      ),
    );
    await expect(collect(client.chat.createStream(PARAMS))).rejects.toBeInstanceOf(AuthError);
  });

  it('a body that ends before any finish_reason or [DONE] fails finalCompletion', async () => {
    const stream = streaming([data(chunk({ content: 'Hi' }))]).client.chat.createStream(PARAMS);
    await expect(stream.finalCompletion()).rejects.toThrow(/before the completion was complete/);
  });

  it('an empty body fails finalCompletion', async () => {
    const stream = streaming([]).client.chat.createStream(PARAMS);
    await expect(stream.finalCompletion()).rejects.toThrow(/without a completion/);
  });

  it('garbage in an event is a MiniMaxError, not a SyntaxError', async () => {
    const error = await collect(streaming([data('{not json')]).client.chat.createStream(PARAMS)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MiniMaxError);
  });

  it('breaking out early leaves finalCompletion rejected as closed', async () => {
    const frames = [data(chunk({ content: 'a' })), data(chunk({ content: 'b' })), data(chunk({}, 'stop'))];
    const stream = streaming(frames).client.chat.createStream(PARAMS);
    for await (const _ of stream) break;
    await expect(stream.finalCompletion()).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it('is read once', async () => {
    const stream = streaming([data(chunk({}, 'stop'))]).client.chat.createStream(PARAMS);
    await collect(stream);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/already read/);
  });

  it('toReadableStream gives one JSON line per chunk', async () => {
    const frames = [data(chunk({ content: 'a' })), data(chunk(null, 'stop')), data('[DONE]')];
    const stream = streaming(frames).client.chat.createStream(PARAMS);
    const text = await new Response(stream.toReadableStream()).text();
    const lines = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(2);
    expect(lines[1].choices[0]).toEqual({ index: 0, delta: {}, finish_reason: 'stop' });
  });

  it('abort() rejects a pending read with APIUserAbortError and aborts the request', async () => {
    const { client, calls } = setup((request) => {
      const live = controlledBody(request.signal);
      live.push(data(chunk({ content: 'a' })));
      return new Response(live.body, { headers: { 'content-type': 'text/event-stream' } });
    });
    const stream = client.chat.createStream(PARAMS);
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.choices[0]?.delta.content).toBe('a');
    const pending = iterator.next();
    stream.abort();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    expect(calls[0]!.signal?.aborted).toBe(true);
    await expect(stream.finalCompletion()).rejects.toBeInstanceOf(APIUserAbortError);
  });
});
