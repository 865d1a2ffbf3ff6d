/** `client.responses` over real HTTP against the offline mock server. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AuthError,
  InvalidParameterError,
  MiniMax,
  type MiniMaxError,
  RateLimitError,
  type ResponseCreateParams,
  type ResponseFunctionTool,
  ServerError,
} from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';

const WEATHER: ResponseFunctionTool = {
  type: 'function',
  name: 'get_weather',
  description: 'Current weather for a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
const ADD: ResponseCreateParams = { model: 'MiniMax-M2.7', input: 'What is 6 * 7?' };

let mock: MockServer;
let client: MiniMax;
beforeEach(async () => {
  mock = await startMockServer({ apiKey: 'wire-key' });
  client = new MiniMax({ apiKey: 'wire-key', baseURL: mock.url, maxRetries: 0, logLevel: 'off' });
});
afterEach(async () => {
  await mock.close();
});

describe('responses against the mock server', () => {
  it('create: a reasoning item and the message; output_text and usage', async () => {
    const response = await client.responses.create({ ...ADD, instructions: 'Answer briefly.' });
    expect(mock.requests.at(-1)!.body).toEqual({ ...ADD, instructions: 'Answer briefly.' });
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(response.output_text).toBe('6 * 7 = 42.');
    expect(response.instructions).toBe('Answer briefly.');
    const usage = response.usage!;
    expect(usage.total_tokens).toBe(usage.input_tokens + usage.output_tokens);
    expect(usage.output_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
    expect(response.trace_id).toMatch(/^[0-9a-f]+$/);
  });

  it('create with tools: a function_call, then a text answer to its output', async () => {
    const first = await client.responses.create({
      model: 'MiniMax-M2.7',
      input: 'What is the weather in Paris?',
      tools: [WEATHER],
    });
    const call = first.output.find((item) => item.type === 'function_call');
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather' });
    if (call?.type !== 'function_call') throw new Error('no function call');
    expect(JSON.parse(call.arguments)).toHaveProperty('city');
    const second = await client.responses.create({
      model: 'MiniMax-M2.7',
      tools: [WEATHER],
      input: [
        { role: 'user', content: 'What is the weather in Paris?' },
        ...first.output,
        { type: 'function_call_output', call_id: call.call_id, output: '{"temp":21}' },
      ],
    });
    expect(second.output.some((item) => item.type === 'function_call')).toBe(false);
    expect(second.output_text).toContain('{"temp":21}');
  });

  it('max_output_tokens reached: status incomplete with its reason', async () => {
    const response = await client.responses.create({
      model: 'MiniMax-M3',
      input: 'Tell me a very long story about the sea and the wind',
      max_output_tokens: 3,
    });
    expect(response.status).toBe('incomplete');
    expect(response.incomplete_details?.reason).toBe('max_output_tokens');
  });

  it('createStream: the events in order; finalResponse matches create', async () => {
    const stream = client.responses.createStream(ADD);
    const types: string[] = [];
    let text = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
    }
    expect(mock.requests.at(-1)!.body).toEqual({ ...ADD, stream: true });
    expect(types[0]).toBe('response.created');
    expect(types.at(-1)).toBe('response.completed');
    expect(types).toContain('response.reasoning_summary_text.delta');
    expect(text).toBe('6 * 7 = 42.');
    const final = await stream.finalResponse();
    const plain = await client.responses.create(ADD);
    expect(final.output_text).toBe(plain.output_text);
    expect(final.output.map((item) => item.type)).toEqual(plain.output.map((item) => item.type));
    expect(final.usage).toEqual(plain.usage);
  });

  it('createStream with tools: the arguments arrive in fragments and join', async () => {
    const stream = client.responses.createStream({
      model: 'MiniMax-M2.7',
      input: 'Weather in Oslo?',
      tools: [WEATHER],
    });
    let fragments = 0;
    for await (const event of stream)
      if (event.type === 'response.function_call_arguments.delta') fragments++;
    const final = await stream.finalResponse();
    const call = final.output.find((item) => item.type === 'function_call');
    expect(fragments).toBeGreaterThan(1);
    expect(call?.type === 'function_call' && JSON.parse(call.arguments)).toHaveProperty('city');
  });

  it('an invalid request is a 400 in the OpenAI-style envelope, mapped to InvalidParameterError', async () => {
    const error = await client.responses
      .create({ model: 'MiniMax-M2.7', input: [] })
      .catch((e: unknown) => e as MiniMaxError);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error.status).toBe(400);
    expect(error.code).toBe(2013);
    const raw = await fetch(`${mock.url}/v1/responses`, {
      method: 'POST',
      headers: { authorization: 'Bearer wire-key', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'MiniMax-M2.7' }),
    });
    const body = (await raw.json()) as {
      type: string;
      error: { type: string; message: string; http_code: string };
    };
    expect(body.type).toBe('error');
    expect(body.error).toMatchObject({ type: 'bad_request_error', http_code: '400' });
    expect(body.error.message).toMatch(/input.*\(2013\)$/);
  });

  it('a wrong key is a 401 authorized_error → AuthError (create and stream)', async () => {
    const bad = new MiniMax({ apiKey: 'wrong', baseURL: mock.url, maxRetries: 0, logLevel: 'off' });
    await expect(bad.responses.create(ADD)).rejects.toBeInstanceOf(AuthError);
    await expect(bad.responses.createStream(ADD).finalResponse()).rejects.toBeInstanceOf(AuthError);
  });

  it('an injected code fault answers in the OpenAI envelope with the code in the message', async () => {
    mock.faults.add({ path: '/v1/responses', code: 1002 });
    const error = await client.responses.create(ADD).catch((e: unknown) => e as MiniMaxError);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.status).toBe(429);
    expect(error.code).toBe(1002);
  });

  it('a mid-stream fault throws the mapped error after the events before it', async () => {
    mock.faults.add({ path: '/v1/responses', midStreamCode: 1000, afterEvents: 3 });
    const stream = client.responses.createStream(ADD);
    let seen = 0;
    const error = await (async () => {
      for await (const _ of stream) seen++;
    })().catch((e: unknown) => e);
    expect(seen).toBe(3);
    expect(error).toBeInstanceOf(ServerError);
    await expect(stream.finalResponse()).rejects.toBe(error);
  });

  it('a truncated stream rejects finalResponse instead of passing for a whole answer', async () => {
    mock.faults.add({ path: '/v1/responses', truncate: true, afterEvents: 5 });
    await expect(client.responses.createStream(ADD).finalResponse()).rejects.toThrow(/no response.completed/);
  });
});
