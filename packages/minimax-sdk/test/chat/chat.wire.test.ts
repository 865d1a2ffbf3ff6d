/** `client.chat` over real HTTP against the offline mock server (which answers as the platform does). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AuthError,
  type ChatCompletionCreateParams,
  type ChatTool,
  InvalidParameterError,
  MiniMax,
  type MiniMaxError,
  RateLimitError,
  ServerError,
  splitThinking,
} from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';

const WEATHER: ChatTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Current weather for a city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const ADD: ChatCompletionCreateParams = {
  model: 'MiniMax-M2.7',
  messages: [{ role: 'user', content: 'What is 6 * 7?' }],
};

let mock: MockServer;
let client: MiniMax;
beforeEach(async () => {
  mock = await startMockServer({ apiKey: 'wire-key' });
  client = new MiniMax({ apiKey: 'wire-key', baseURL: mock.url, maxRetries: 0, logLevel: 'off' });
});
afterEach(async () => {
  await mock.close();
});

describe('chat against the mock server', () => {
  it('create: M2.x reasons inline as <think>…</think>; splitThinking takes it apart', async () => {
    const { data, response } = await client.chat.create(ADD).withResponse();
    const message = data.choices[0]!.message;
    expect(message.content).toMatch(/^<think>\n[\s\S]+\n<\/think>\n\n6 \* 7 = 42\.$/);
    const { reasoning, content } = splitThinking(message.content);
    expect(content).toBe('6 * 7 = 42.');
    expect(reasoning).toContain('What is 6 * 7?');
    expect(data.choices[0]!.finish_reason).toBe('stop');
    expect(data.usage!.completion_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
    expect(data.trace_id).toBe(response.headers.get('trace-id'));
    expect(mock.requests.at(-1)!.body).toEqual(ADD);
  });

  it('create with reasoning_split: the reasoning comes in reasoning_details', async () => {
    const data = await client.chat.create({ ...ADD, reasoning_split: true });
    const message = data.choices[0]!.message;
    expect(message.content).toBe('6 * 7 = 42.');
    expect(message.reasoning_details).toHaveLength(1);
    expect(message.reasoning_details![0]!.type).toBe('reasoning.text');
    expect(message.reasoning_details![0]!.text).toContain('What is 6 * 7?');
  });

  it('create with tools: a tool call whose arguments fit the schema, then a text answer to its result', async () => {
    const first = await client.chat.create({
      model: 'MiniMax-M2.7',
      reasoning_split: true,
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      tools: [WEATHER],
    });
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    const call = choice.message.tool_calls![0]!;
    expect(call.function.name).toBe('get_weather');
    expect(Object.keys(JSON.parse(call.function.arguments))).toEqual(['city']);
    const second = await client.chat.create({
      model: 'MiniMax-M2.7',
      messages: [
        { role: 'user', content: 'What is the weather in Paris?' },
        {
          role: 'assistant',
          content: choice.message.content,
          tool_calls: choice.message.tool_calls!,
          reasoning_details: choice.message.reasoning_details!,
        },
        { role: 'tool', tool_call_id: call.id, content: '18°C and sunny' },
      ],
      tools: [WEATHER],
    });
    expect(second.choices[0]!.finish_reason).toBe('stop');
    expect(splitThinking(second.choices[0]!.message.content).content).toBe(
      'The tool returned: 18°C and sunny',
    );
  });

  it('createStream: finalCompletion matches create, usage arrives with include_usage', async () => {
    const params = { ...ADD, reasoning_split: true, stream_options: { include_usage: true } };
    const whole = await client.chat.create(params);
    const stream = client.chat.createStream(params);
    const pieces: string[] = [];
    for await (const piece of stream.textStream) pieces.push(piece);
    expect(pieces.join('')).toBe('6 * 7 = 42.');
    const completion = await stream.finalCompletion();
    expect(completion.choices[0]!.message).toEqual(whole.choices[0]!.message);
    expect(completion.usage).toEqual(whole.usage);
    expect(mock.requests.at(-1)!.body).toEqual({ ...params, stream: true });
  });

  it('createStream with every quirk on (x-mock-stream-quirks: all) rebuilds the same completion', async () => {
    const params: ChatCompletionCreateParams = {
      model: 'MiniMax-M2.7',
      reasoning_split: true,
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      tools: [WEATHER],
    };
    const plain = await client.chat.createStream(params).finalCompletion();
    const stream = client.chat.createStream(params, { headers: { 'x-mock-stream-quirks': 'all' } });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    // The cumulative reasoning really is cumulative on the wire, and the last chunk's null delta arrives as {}.
    const reasoning = chunks.flatMap((c) => c.choices[0]?.delta.reasoning_details ?? []).map((d) => d.text);
    expect(reasoning.length).toBeGreaterThan(2);
    expect(reasoning[2]!.startsWith(reasoning[1]!)).toBe(true);
    expect(chunks.every((c) => c.choices.every((ch) => ch.delta.role === undefined))).toBe(true);
    expect(chunks.at(-1)!.choices[0]).toEqual({ index: 0, delta: {}, finish_reason: 'tool_calls' });
    const quirky = await stream.finalCompletion();
    // Call ids are per reply; everything else must match.
    const withoutIds = (m: (typeof plain.choices)[0]['message']) => ({
      ...m,
      tool_calls: m.tool_calls?.map((t) => ({ ...t, id: t.id.startsWith('call_') ? 'call' : t.id })),
    });
    expect(withoutIds(quirky.choices[0]!.message)).toEqual(withoutIds(plain.choices[0]!.message));
    expect(JSON.parse(quirky.choices[0]!.message.tool_calls![0]!.function.arguments)).toHaveProperty('city');
  });

  it('an invalid request is a 400 in the OpenAI-style envelope, mapped to InvalidParameterError', async () => {
    const error = (await client.chat
      .create({ model: 'MiniMax-M2.7', messages: [], temperature: 0 })
      .catch((e: unknown) => e)) as MiniMaxError;
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect(error.status).toBe(400);
    expect(error.message).toContain('messages');
    expect(error.body).toMatchObject({
      type: 'error',
      error: { type: 'bad_request_error', http_code: '400' },
    });
  });

  it('a wrong key is a 401 authorized_error → AuthError (create and stream)', async () => {
    const bad = new MiniMax({ apiKey: 'wrong', baseURL: mock.url, maxRetries: 0, logLevel: 'off' });
    await expect(bad.chat.create(ADD)).rejects.toBeInstanceOf(AuthError);
    await expect(bad.chat.createStream(ADD).finalCompletion()).rejects.toBeInstanceOf(AuthError);
  });

  it('an injected code fault answers in the OpenAI envelope with the code in the message', async () => {
    mock.faults.add({ path: '/v1/chat/completions', code: 1002 });
    const error = (await client.chat.create(ADD).catch((e: unknown) => e)) as MiniMaxError;
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error.status).toBe(429);
    expect(error.message).toMatch(/\(1002\)$/);
  });

  it('a mid-stream fault throws the mapped error from the OpenAI-style error event', async () => {
    mock.faults.add({ path: '/v1/chat/completions', midStreamCode: 1000, afterEvents: 2 });
    const stream = client.chat.createStream(ADD);
    let seen = 0;
    const error = await (async () => {
      for await (const _ of stream) seen++;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(seen).toBe(2);
  });

  it('a truncated stream rejects finalCompletion instead of passing for a whole answer', async () => {
    mock.faults.add({ path: '/v1/chat/completions', truncate: true, afterEvents: 3 });
    await expect(client.chat.createStream(ADD).finalCompletion()).rejects.toThrow(/before the completion/);
  });
});
