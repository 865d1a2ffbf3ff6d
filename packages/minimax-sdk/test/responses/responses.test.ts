/**
 * `client.responses` with an injected fetch: request bodies, `output_text`, error mapping, and
 * the stream (typed events, textStream, finalResponse, errors mid-stream, early ends, abort).
 */
import { describe, expect, it } from 'vitest';
import {
  APIUserAbortError,
  AuthError,
  InvalidParameterError,
  MiniMaxError,
  type ModelResponse,
  RateLimitError,
  type ResponseCreateParams,
  ResponseStream,
  type ResponseStreamEvent,
  ServerError,
} from '../../src/index.js';
import { fakeFetch, jsonResponse, type Responder, sseResponse, testClient } from '../helpers/fake-fetch.js';
import { controlledBody } from '../text/fixtures.js';

const PARAMS: ResponseCreateParams = { model: 'MiniMax-M2.7', input: 'Hello' };

function setup(responder: Responder) {
  const fake = fakeFetch(responder);
  return { client: testClient(fake.fetch, { maxRetries: 0 }), calls: fake.calls };
}

const MESSAGE = {
  type: 'message',
  id: 'msg_1',
  role: 'assistant',
  status: 'completed',
  content: [{ type: 'output_text', text: 'Hi', annotations: [] }],
};

const RESPONSE = {
  id: 'resp_1',
  object: 'response',
  created_at: 1700000000,
  status: 'completed',
  model: 'MiniMax-M2.7',
  output: [
    { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Think.' }] },
    MESSAGE,
    { ...MESSAGE, id: 'msg_2', content: [{ type: 'output_text', text: ' there', annotations: [] }] },
  ],
  usage: { input_tokens: 3, output_tokens: 4, total_tokens: 7 },
};

/** One SSE frame as the platform writes it: the `event:` name and the typed data. */
const frame = (type: string, data: Record<string, unknown> = {}) =>
  `event: ${type}\ndata: ${JSON.stringify({ type, ...data })}\n\n`;

const inProgress = { ...RESPONSE, status: 'in_progress', output: [], usage: null };

/** A whole stream of one message saying `Hi there`. */
function messageFrames(final: Record<string, unknown> = RESPONSE): string[] {
  const at = { item_id: 'msg_1', output_index: 0, content_index: 0 };
  return [
    frame('response.created', { response: inProgress }),
    frame('response.output_item.added', { output_index: 0, item: { ...MESSAGE, content: [] } }),
    frame('response.content_part.added', { ...at, part: { type: 'output_text', text: '' } }),
    frame('response.output_text.delta', { ...at, delta: 'Hi' }),
    frame('response.output_text.delta', { ...at, delta: ' there' }),
    frame('response.output_text.done', { ...at, text: 'Hi there' }),
    frame('response.completed', { response: final }),
  ];
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

describe('responses.create', () => {
  it('posts every field the caller set to /v1/responses, without stream', async () => {
    const { client, calls } = setup(() => jsonResponse(RESPONSE, { headers: { 'trace-id': 't-1' } }));
    const params: ResponseCreateParams = {
      model: 'MiniMax-M2.7',
      instructions: 'Be brief.',
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hello' }] }],
      max_output_tokens: 64,
      tools: [{ type: 'function', name: 'f', parameters: { type: 'object' } }],
      tool_choice: { type: 'function', name: 'f' },
      reasoning: { effort: 'high' },
      brand_new_field: { nested: 1 },
    };
    const response = await client.responses.create(params);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.path).toBe('/v1/responses');
    expect(calls[0]!.body).toEqual(params);
    expect(response.output).toHaveLength(3);
    expect(response.usage?.total_tokens).toBe(7);
    expect(response.trace_id).toBe('t-1');
  });

  it('joins the output_text parts of every message into output_text when the API leaves it out', async () => {
    const { client } = setup(() => jsonResponse(RESPONSE));
    expect((await client.responses.create(PARAMS)).output_text).toBe('Hi there');
  });

  it('keeps an output_text the API sent, and gives a body without output an empty list', async () => {
    const { client } = setup(() => jsonResponse({ id: 'r', output_text: 'as sent' }));
    const response = await client.responses.create(PARAMS);
    expect(response.output_text).toBe('as sent');
    expect(response.output).toEqual([]);
  });

  it('never lets a param set stream, and never reads inherited keys', async () => {
    const { client, calls } = setup(() => jsonResponse(RESPONSE));
    const params = Object.assign(Object.create({ temperature: 0.3 }), { ...PARAMS, stream: true });
    await client.responses.create(params);
    expect(calls[0]!.body).toEqual({ model: 'MiniMax-M2.7', input: 'Hello' });
  });

  it('rejects (never throws) when params is not an object', async () => {
    const { client, calls } = setup(() => jsonResponse(RESPONSE));
    const promise = client.responses.create(null as unknown as ResponseCreateParams);
    await expect(promise).rejects.toBeInstanceOf(InvalidParameterError);
    expect(calls).toHaveLength(0);
  });

  it('maps the OpenAI-style error envelope, the MiniMax code as the code', async () => {
    const body = {
      type: 'error',
      error: { type: 'authorized_error', message: 'invalid api key (1004)', http_code: '401' },
      request_id: 'r-1',
    };
    const { client } = setup(() => jsonResponse(body, { status: 401 }));
    const error = await client.responses.create(PARAMS).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as MiniMaxError).code).toBe(1004);
    expect((error as MiniMaxError).status).toBe(401);
    expect((error as MiniMaxError).trace_id).toBe('r-1');
  });
});

describe('responses.createStream', () => {
  it('sends stream: true and yields the typed events; finalResponse is the completed response', async () => {
    const { client, calls } = streaming(messageFrames());
    const stream = client.responses.createStream(PARAMS);
    expect(stream).toBeInstanceOf(ResponseStream);
    const events = await collect(stream);
    expect(calls[0]!.body).toEqual({ ...PARAMS, stream: true });
    expect(events.map((e) => e.type)).toEqual([
      'response.created',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.completed',
    ]);
    const deltas = events.flatMap((e) => (e.type === 'response.output_text.delta' ? [e.delta] : []));
    expect(deltas).toEqual(['Hi', ' there']);
    const final = await stream.finalResponse();
    expect(final.id).toBe('resp_1');
    expect(final.output_text).toBe('Hi there');
    expect(final.usage?.output_tokens).toBe(4);
    expect(final.trace_id).toBe('t-9');
  });

  it('textStream gives only the answer text', async () => {
    const stream = streaming(messageFrames()).client.responses.createStream(PARAMS);
    expect((await collect(stream.textStream)).join('')).toBe('Hi there');
  });

  it('finalResponse reads the stream itself when nothing else does', async () => {
    const stream = streaming(messageFrames()).client.responses.createStream(PARAMS);
    expect((await stream.finalResponse()).status).toBe('completed');
  });

  it('rebuilds output (text, reasoning summary, function call) when the last event leaves it out', async () => {
    const call = { type: 'function_call', id: 'fc_1', call_id: 'call_1', name: 'f', arguments: '' };
    const frames = [
      ...messageFrames().slice(0, -1),
      frame('response.output_item.added', {
        output_index: 1,
        item: { type: 'reasoning', id: 'rs', summary: [] },
      }),
      frame('response.reasoning_summary_part.added', {
        item_id: 'rs',
        output_index: 1,
        summary_index: 0,
        part: { type: 'summary_text', text: '' },
      }),
      frame('response.reasoning_summary_text.delta', {
        item_id: 'rs',
        output_index: 1,
        summary_index: 0,
        delta: 'Hm',
      }),
      frame('response.reasoning_summary_text.delta', {
        item_id: 'rs',
        output_index: 1,
        summary_index: 0,
        delta: 'm.',
      }),
      frame('response.output_item.added', { output_index: 2, item: call }),
      frame('response.function_call_arguments.delta', { item_id: 'fc_1', output_index: 2, delta: '{"a":' }),
      frame('response.function_call_arguments.delta', { item_id: 'fc_1', output_index: 2, delta: '1}' }),
      frame('response.completed', { response: { ...RESPONSE, output: [] } }),
    ];
    const stream = streaming(frames).client.responses.createStream(PARAMS);
    const events = await collect(stream);
    const final = await stream.finalResponse();
    expect(final.output_text).toBe('Hi there');
    expect(final.output[1]).toMatchObject({
      type: 'reasoning',
      summary: [{ type: 'summary_text', text: 'Hmm.' }],
    });
    expect(final.output[2]).toMatchObject({ type: 'function_call', call_id: 'call_1', arguments: '{"a":1}' });
    // The events handed out are not changed by what came after them.
    const added = events.find((e) => e.type === 'response.output_item.added' && e.output_index === 2);
    expect(added?.type === 'response.output_item.added' && added.item).toMatchObject({ arguments: '' });
  });

  it('takes the event type from the SSE event name when the data leaves it out', async () => {
    const frames = [
      `event: response.output_text.delta\ndata: ${JSON.stringify({ item_id: 'm', output_index: 0, content_index: 0, delta: 'x' })}\n\n`,
      frame('response.completed', { response: RESPONSE }),
    ];
    const events = await collect(streaming(frames).client.responses.createStream(PARAMS));
    expect(events[0]).toMatchObject({ type: 'response.output_text.delta', delta: 'x' });
  });

  it('passes an event of an unknown type through unchanged', async () => {
    const frames = [
      frame('response.brand_new', { x: 1 }),
      frame('response.completed', { response: RESPONSE }),
    ];
    const events: ResponseStreamEvent[] = await collect(
      streaming(frames).client.responses.createStream(PARAMS),
    );
    expect(events[0]).toEqual({ type: 'response.brand_new', x: 1 });
  });

  it('resolves an incomplete response (max_output_tokens reached) rather than failing', async () => {
    const incomplete = {
      ...RESPONSE,
      status: 'incomplete',
      incomplete_details: { reason: 'max_output_tokens' },
    };
    const frames = [...messageFrames().slice(0, -1), frame('response.incomplete', { response: incomplete })];
    const final = await streaming(frames).client.responses.createStream(PARAMS).finalResponse();
    expect(final.status).toBe('incomplete');
    expect(final.incomplete_details?.reason).toBe('max_output_tokens');
  });

  it('throws the mapped error of an error event mid-stream after the events before it', async () => {
    const frames = [
      ...messageFrames().slice(0, 4),
      `data: ${JSON.stringify({ type: 'error', error: { type: 'rate_limit_error', message: 'slow (1002)', http_code: '429' } })}\n\n`,
    ];
    const stream = streaming(frames).client.responses.createStream(PARAMS);
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of stream) seen.push(event.type);
    })().catch((e: unknown) => e);
    expect(seen).toHaveLength(4);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as MiniMaxError).code).toBe(1002);
    expect((error as MiniMaxError).trace_id).toBe('t-9');
    await expect(stream.finalResponse()).rejects.toBe(error);
  });

  it("throws for OpenAI's flat error event too", async () => {
    const frames = [frame('error', { code: 'server_error', message: 'boom (1000)', param: null })];
    const error = await collect(streaming(frames).client.responses.createStream(PARAMS)).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ServerError);
    expect((error as MiniMaxError).code).toBe(1000);
  });

  it('throws the error of response.failed, after yielding that event', async () => {
    const failed = {
      ...inProgress,
      status: 'failed',
      error: { code: 'rate_limit_error', message: 'slow down' },
    };
    const stream = streaming([
      frame('response.created', { response: inProgress }),
      frame('response.failed', { response: failed }),
    ]).client.responses.createStream(PARAMS);
    const seen: string[] = [];
    const error = await (async () => {
      for await (const event of stream) seen.push(event.type);
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['response.created', 'response.failed']);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as MiniMaxError).message).toBe('slow down');
  });

  it('throws the mapped error of a non-zero base_resp mid-stream', async () => {
    const frames = [
      `data: ${JSON.stringify({ base_resp: { status_code: 1008, status_msg: 'no balance' } })}\n\n`,
    ];
    const error = await collect(streaming(frames).client.responses.createStream(PARAMS)).catch(
      (e: unknown) => e,
    );
    expect((error as MiniMaxError).code).toBe(1008);
  });

  it('rejects the first step with the mapped HTTP error', async () => {
    const { client } = setup(() =>
      jsonResponse(
        { type: 'error', error: { type: 'bad_request_error', message: 'bad (2013)', http_code: '400' } },
        { status: 400 },
      ),
    );
    const stream = client.responses.createStream(PARAMS);
    await expect(collect(stream)).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(stream.finalResponse()).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it('a body that ends before response.completed fails finalResponse', async () => {
    const stream = streaming(messageFrames().slice(0, 4)).client.responses.createStream(PARAMS);
    await expect(stream.finalResponse()).rejects.toThrow(/no response.completed/);
  });

  it('an empty body fails finalResponse', async () => {
    const stream = streaming([]).client.responses.createStream(PARAMS);
    await expect(stream.finalResponse()).rejects.toThrow(/without a response/);
  });

  it('garbage in an event is a MiniMaxError, not a SyntaxError', async () => {
    const error = await collect(
      streaming(['data: {not json\n\n']).client.responses.createStream(PARAMS),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
  });

  it('breaking out early leaves finalResponse rejected as closed', async () => {
    const stream = streaming(messageFrames()).client.responses.createStream(PARAMS);
    for await (const _ of stream) break;
    await expect(stream.finalResponse()).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it('is read once', async () => {
    const stream = streaming(messageFrames()).client.responses.createStream(PARAMS);
    await collect(stream);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/already read/);
  });

  it('toReadableStream gives one JSON line per event', async () => {
    const stream = streaming(messageFrames()).client.responses.createStream(PARAMS);
    const lines = (await new Response(stream.toReadableStream()).text())
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { type: string });
    expect(lines).toHaveLength(7);
    expect(lines[6]!.type).toBe('response.completed');
  });

  it('abort() rejects a pending read with APIUserAbortError and aborts the request', async () => {
    const { client, calls } = setup((request) => {
      const live = controlledBody(request.signal);
      live.push(messageFrames()[0]!);
      return new Response(live.body, { headers: { 'content-type': 'text/event-stream' } });
    });
    const stream = client.responses.createStream(PARAMS);
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.type).toBe('response.created');
    const pending = iterator.next();
    stream.abort();
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    expect(calls[0]!.signal?.aborted).toBe(true);
    await expect(stream.finalResponse()).rejects.toBeInstanceOf(APIUserAbortError);
  });

  it('types: switch (event.type) narrows each known event', () => {
    const describe = (event: ResponseStreamEvent): string => {
      switch (event.type) {
        case 'response.output_text.delta':
          return event.delta;
        case 'response.completed':
          return (event.response satisfies ModelResponse).id;
        default:
          return '';
      }
    };
    expect(
      describe({
        type: 'response.output_text.delta',
        item_id: 'm',
        output_index: 0,
        content_index: 0,
        delta: 'd',
      }),
    ).toBe('d');
  });
});
