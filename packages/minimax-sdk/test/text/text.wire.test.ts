/** `client.text` over real HTTP against the offline mock server. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AuthError,
  InvalidParameterError,
  type MessageParam,
  MiniMax,
  type MiniMaxError,
  RateLimitError,
  ServerError,
  type Tool,
} from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';

const WEATHER: Tool = {
  name: 'get_weather',
  description: 'Current weather for a city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
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

describe('text against the mock server', () => {
  it('create: a plain reply, with the trace id from the response', async () => {
    const { data, response } = await client.text
      .create({
        model: 'MiniMax-M3',
        max_tokens: 256,
        messages: [{ role: 'user', content: 'What is 6 * 7?' }],
      })
      .withResponse();
    expect(data.type).toBe('message');
    expect(data.stop_reason).toBe('end_turn');
    expect(data.content).toEqual([{ type: 'text', text: '6 * 7 = 42.' }]);
    expect(data.usage.input_tokens).toBeGreaterThan(0);
    expect(data.trace_id).toBe(response.headers.get('request-id'));
    const logged = mock.requests.at(-1)!;
    expect(logged.path).toBe('/anthropic/v1/messages');
    expect(logged.body).toEqual({
      model: 'MiniMax-M3',
      messages: [{ role: 'user', content: 'What is 6 * 7?' }],
      max_tokens: 256,
    });
  });

  it('create: thinking and a tool call, then the tool loop back to text', async () => {
    const messages: MessageParam[] = [{ role: 'user', content: 'What is the weather in Paris?' }];
    const first = await client.text.create({
      model: 'MiniMax-M2.7',
      max_tokens: 512,
      messages,
      tools: [WEATHER],
      tool_choice: { type: 'auto' },
      thinking: { type: 'enabled', budget_tokens: 256 },
      temperature: 0.5,
      metadata: { user_id: 'wire' },
    });
    expect(first.stop_reason).toBe('tool_use');
    expect(first.content.map((b) => b.type)).toEqual(['thinking', 'text', 'tool_use']);
    const thinking = first.content[0]!;
    expect(thinking.type === 'thinking' && thinking.signature).toBeTruthy();
    const call = first.content.find((b) => b.type === 'tool_use');
    expect(call).toMatchObject({ name: 'get_weather', input: { city: expect.any(String) } });

    messages.push(
      { role: 'assistant', content: first.content },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: call!.id, content: 'Sunny, 21°C' }] },
    );
    const second = await client.text.create({
      model: 'MiniMax-M2.7',
      max_tokens: 512,
      messages,
      tools: [WEATHER],
    });
    expect(second.stop_reason).toBe('end_turn');
    // M2.x thinks on every turn, asked or not.
    expect(second.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    expect(second.content[1]).toEqual({ type: 'text', text: 'The tool returned: Sunny, 21°C' });
  });

  it('createStream: events, textStream-equivalent text, and a final message equal to create()', async () => {
    const params = {
      model: 'MiniMax-M2.7',
      max_tokens: 512,
      messages: [{ role: 'user' as const, content: 'Please check the weather in Tokyo' }],
      tools: [WEATHER],
      tool_choice: { type: 'tool' as const, name: 'get_weather' },
      thinking: { type: 'enabled' as const, budget_tokens: 256 },
    };
    const expected = await client.text.create(params);
    const stream = client.text.createStream(params);
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    expect(types).not.toContain('ping');
    const final = await stream.finalMessage();
    // Ids are per message; everything else must match the non-streamed reply.
    const withoutIds = (blocks: typeof final.content) =>
      blocks.map((b) => (b.type === 'tool_use' ? { ...b, id: expect.stringMatching(/^toolu_/) } : b));
    expect(final.content).toEqual(withoutIds(expected.content));
    expect(final.stop_reason).toBe('tool_use');
    expect(final.usage).toEqual(expected.usage);
    expect(final.trace_id).toBeTruthy();
    expect(mock.requests.at(-1)!.body).toMatchObject({ stream: true });
  });

  it('createStream: textStream gives the reply text', async () => {
    const stream = client.text.createStream({
      model: 'MiniMax-M2.5',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'Say something nice about otters' }],
    });
    let text = '';
    for await (const piece of stream.textStream) text += piece;
    expect(text).toBe('This is a mock reply to: "Say something nice about otters"');
  });

  it('a wrong key is AuthError (HTTP 401) for create and createStream', async () => {
    const bad = client.withOptions({ apiKey: 'nope' });
    const params = {
      model: 'MiniMax-M2.7',
      max_tokens: 8,
      messages: [{ role: 'user' as const, content: 'hi' }],
    };
    const error = await bad.text.create(params).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AuthError);
    expect((error as AuthError).code).toBe(401);
    await expect(bad.text.createStream(params).finalMessage()).rejects.toBeInstanceOf(AuthError);
  });

  it('an invalid request is InvalidParameterError (HTTP 400)', async () => {
    const error = await client.text
      .create({ model: 'MiniMax-M2.7', max_tokens: 8, messages: [] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as MiniMaxError).status).toBe(400);
  });

  it('retries a 529 and a 429 with Retry-After, then succeeds', async () => {
    mock.faults.add(
      { path: '/anthropic/v1/messages', status: 529 },
      { path: '/anthropic/v1/messages', status: 429, retryAfterMs: 1 },
    );
    const patient = client.withOptions({ maxRetries: 2 });
    const message = await patient.text.create({
      model: 'MiniMax-M3',
      max_tokens: 64,
      messages: [{ role: 'user', content: '1 + 1' }],
    });
    expect(message.content).toEqual([{ type: 'text', text: '1 + 1 = 2.' }]);
    expect(mock.requests.filter((r) => r.path === '/anthropic/v1/messages')).toHaveLength(3);
  });

  it('an HTTP 429 without retries left is RateLimitError', async () => {
    mock.faults.add({ path: '/anthropic/v1/messages', status: 429 });
    await expect(
      client.text
        .createStream({ model: 'm', max_tokens: 8, messages: [{ role: 'user', content: 'x' }] })
        .finalMessage(),
    ).rejects.toBeInstanceOf(RateLimitError);
  });

  it('an error event mid-stream throws the mapped error', async () => {
    mock.faults.add({ path: '/anthropic/v1/messages', midStreamCode: 1000, afterEvents: 3 });
    const stream = client.text.createStream({
      model: 'MiniMax-M2.7',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hello there' }],
    });
    let seen = 0;
    const error = await (async () => {
      for await (const _ of stream) seen++;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect(seen).toBeGreaterThan(0);
  });

  it('a stream cut short cleanly does not pass for a whole message', async () => {
    mock.faults.add({ path: '/anthropic/v1/messages', truncate: true, afterEvents: 4 });
    const stream = client.text.createStream({
      model: 'MiniMax-M2.7',
      max_tokens: 64,
      messages: [{ role: 'user', content: 'hello there' }],
    });
    await expect(stream.finalMessage()).rejects.toThrow(/before the message was complete/);
  });
});
