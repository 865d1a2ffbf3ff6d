import { describe, expect, it } from 'vitest';
import { parseSse, post, startMock } from './helpers.js';

const PATH = '/anthropic/v1/messages';
// M3 thinks only when asked, so the plain replies below are text alone.
const BASE = {
  model: 'MiniMax-M3',
  max_tokens: 1024,
  messages: [{ role: 'user', content: 'Tell me about otters.' }],
};

type Block =
  | { type: 'text'; text: string }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'tool_use'; id: string; name: string; input: Record<string, unknown> };

interface Message {
  id: string;
  type: string;
  role: string;
  model: string;
  content: Block[];
  stop_reason: string;
  stop_sequence: null;
  usage: { input_tokens: number; output_tokens: number };
}

interface AnthropicError {
  type: string;
  error: { type: string; message: string };
  request_id: string;
}

async function create(body: unknown): Promise<Message> {
  const mock = await startMock();
  const res = await post(mock, PATH, body);
  expect(res.status).toBe(200);
  return (await res.json()) as Message;
}

const WEATHER_TOOL = {
  name: 'get_weather',
  description: 'Weather for a city',
  input_schema: {
    type: 'object',
    properties: { city: { type: 'string' }, unit: { type: 'string', enum: ['celsius', 'fahrenheit'] } },
    required: ['city', 'unit'],
  },
};

describe('POST /anthropic/v1/messages', () => {
  it('replies with a message derived from the prompt', async () => {
    const message = await create(BASE);
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: 'MiniMax-M3',
      stop_reason: 'end_turn',
    });
    expect(message.id).toMatch(/^msg_/);
    expect(message.content).toHaveLength(1);
    expect(message.content[0]).toEqual({
      type: 'text',
      text: expect.stringContaining('Tell me about otters.'),
    });
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(message.usage.output_tokens).toBeGreaterThan(0);
    const again = await create(BASE);
    expect(again.content).toEqual(message.content);
  });

  it('answers simple arithmetic', async () => {
    const message = await create({ ...BASE, messages: [{ role: 'user', content: 'What is 2+2?' }] });
    expect(message.content[0]).toEqual({ type: 'text', text: '2 + 2 = 4.' });
  });

  it('uses the last user turn and accepts content blocks and a system prompt', async () => {
    const message = await create({
      ...BASE,
      system: [{ type: 'text', text: 'Be brief.' }],
      messages: [
        { role: 'user', content: 'first question' },
        { role: 'assistant', content: 'first answer' },
        { role: 'user', content: [{ type: 'text', text: 'second question' }] },
      ],
    });
    const text = message.content[0]?.type === 'text' ? message.content[0].text : '';
    expect(text).toContain('second question');
  });

  it('stops at max_tokens with the max_tokens stop reason', async () => {
    const message = await create({ ...BASE, max_tokens: 3 });
    expect(message.stop_reason).toBe('max_tokens');
    const text = message.content[0]?.type === 'text' ? message.content[0].text : '';
    expect(text.length).toBeLessThanOrEqual(12);
    expect(message.usage.output_tokens).toBeLessThanOrEqual(3);
  });

  it('calls a tool with input fitting its schema when tools are given', async () => {
    const message = await create({
      ...BASE,
      messages: [{ role: 'user', content: 'What is the weather in Paris?' }],
      tools: [WEATHER_TOOL],
    });
    expect(message.stop_reason).toBe('tool_use');
    const tool = message.content.find((b) => b.type === 'tool_use');
    expect(tool).toMatchObject({ type: 'tool_use', name: 'get_weather', input: { unit: 'celsius' } });
    expect(tool?.type === 'tool_use' && typeof tool.input.city).toBe('string');
    expect(tool?.type === 'tool_use' && tool.id).toMatch(/^toolu_/);
  });

  it('picks the tool the prompt names, or the one tool_choice forces, and none with type none', async () => {
    const tools = [WEATHER_TOOL, { name: 'search_web', input_schema: { type: 'object', properties: {} } }];
    const named = await create({
      ...BASE,
      messages: [{ role: 'user', content: 'please search web' }],
      tools,
    });
    expect(named.content.find((b) => b.type === 'tool_use')).toMatchObject({ name: 'search_web' });
    const forced = await create({ ...BASE, tools, tool_choice: { type: 'tool', name: 'search_web' } });
    expect(forced.content.find((b) => b.type === 'tool_use')).toMatchObject({ name: 'search_web' });
    const none = await create({ ...BASE, tools, tool_choice: { type: 'none' } });
    expect(none.stop_reason).toBe('end_turn');
  });

  it('answers a tool result with text, ending the loop', async () => {
    const message = await create({
      ...BASE,
      tools: [WEATHER_TOOL],
      messages: [
        { role: 'user', content: 'Weather in Paris?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: 'Sunny, 21C' }] },
      ],
    });
    expect(message.stop_reason).toBe('end_turn');
    expect(message.content[0]).toEqual({ type: 'text', text: expect.stringContaining('Sunny, 21C') });
  });

  it('puts a signed thinking block first when thinking is enabled', async () => {
    const message = await create({ ...BASE, thinking: { type: 'enabled', budget_tokens: 1024 } });
    expect(message.content.map((b) => b.type)).toEqual(['thinking', 'text']);
    const thinking = message.content[0];
    expect(thinking?.type === 'thinking' && thinking.signature.length).toBeGreaterThan(10);
    const off = await create({ ...BASE, thinking: { type: 'disabled' } });
    expect(off.content.map((b) => b.type)).toEqual(['text']);
    const adaptive = await create({ ...BASE, thinking: { type: 'adaptive' } });
    expect(adaptive.content.map((b) => b.type)).toEqual(['thinking', 'text']);
  });

  it('M2.x models always think, even when the request turns thinking off', async () => {
    for (const model of ['MiniMax-M2.7', 'MiniMax-M2.5-highspeed', 'MiniMax-M2']) {
      for (const thinking of [undefined, { type: 'disabled' }]) {
        const message = await create({ ...BASE, model, ...(thinking ? { thinking } : {}) });
        expect(message.content.map((b) => b.type)).toEqual(['thinking', 'text']);
      }
    }
  });

  it.each([
    [{ model: undefined }, 'model'],
    [{ max_tokens: undefined }, 'max_tokens'],
    [{ max_tokens: 0 }, 'max_tokens'],
    [{ messages: [] }, 'messages'],
    [{ messages: [{ role: 'robot', content: 'x' }] }, 'messages[0].role'],
    [{ messages: [{ role: 'user', content: 5 }] }, 'messages[0].content'],
    [{ temperature: 0 }, 'temperature'],
    [{ top_p: 2 }, 'top_p'],
    [{ tools: [{ name: 'bad name', input_schema: {} }] }, 'tools[0].name'],
    [{ tools: [{ name: 'ok' }] }, 'tools[0].input_schema'],
    [{ tools: [WEATHER_TOOL], tool_choice: { type: 'tool', name: 'other' } }, 'tool_choice.name'],
    [{ thinking: { type: 'sometimes' } }, 'thinking.type'],
  ])('refuses %j with HTTP 400 invalid_request_error naming %s', async (patch, field) => {
    const mock = await startMock();
    const res = await post(mock, PATH, { ...BASE, ...patch });
    expect(res.status).toBe(400);
    const err = (await res.json()) as AnthropicError;
    expect(err.type).toBe('error');
    expect(err.error.type).toBe('invalid_request_error');
    expect(err.error.message).toContain(field);
    expect(res.headers.get('request-id')).toBe(err.request_id);
  });
});

describe('POST /anthropic/v1/messages with stream: true', () => {
  interface Event {
    type: string;
    index?: number;
    message?: Message;
    content_block?: Record<string, unknown>;
    delta?: Record<string, string>;
    usage?: { output_tokens: number };
  }

  async function stream(body: unknown): Promise<Array<{ event: string | undefined; data: Event }>> {
    const mock = await startMock();
    const res = await post(mock, PATH, { ...(body as object), stream: true });
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    return parseSse<Event>(await res.text());
  }

  /** Rebuilds the message from the events, as a client would. */
  function accumulate(events: Array<{ data: Event }>): { start: Message; blocks: Block[]; stop: string } {
    const start = events[0]?.data.message as Message;
    const blocks: Array<Record<string, unknown>> = [];
    const json: string[] = [];
    let stop = '';
    for (const { data } of events) {
      if (data.type === 'content_block_start') {
        blocks[data.index ?? 0] = { ...data.content_block };
        json[data.index ?? 0] = '';
      }
      if (data.type === 'content_block_delta') {
        const block = blocks[data.index ?? 0] as Record<string, string>;
        const d = data.delta ?? {};
        if (d.type === 'text_delta') block.text += d.text ?? '';
        if (d.type === 'thinking_delta') block.thinking += d.thinking ?? '';
        if (d.type === 'signature_delta') block.signature = d.signature ?? '';
        if (d.type === 'input_json_delta') json[data.index ?? 0] += d.partial_json ?? '';
      }
      if (data.type === 'content_block_stop' && blocks[data.index ?? 0]?.type === 'tool_use') {
        (blocks[data.index ?? 0] as Record<string, unknown>).input = JSON.parse(
          json[data.index ?? 0] ?? '{}',
        );
      }
      if (data.type === 'message_delta') stop = data.delta?.stop_reason ?? '';
    }
    return { start, blocks: blocks as Block[], stop };
  }

  it('sends the full event sequence with a ping, and the deltas rebuild the message', async () => {
    const events = await stream(BASE);
    const types = events.map((e) => e.data.type);
    expect(types[0]).toBe('message_start');
    expect(types).toContain('ping');
    expect(types.slice(-2)).toEqual(['message_delta', 'message_stop']);
    expect(events.every((e) => e.event === e.data.type)).toBe(true);
    expect(types.filter((t) => t === 'content_block_delta').length).toBeGreaterThan(1);
    const { start, blocks, stop } = accumulate(events);
    expect(start.content).toEqual([]);
    expect(start.stop_reason).toBeNull();
    expect(stop).toBe('end_turn');
    expect(blocks).toEqual((await create(BASE)).content);
    expect(events.at(-2)?.data.usage?.output_tokens).toBeGreaterThan(0);
  });

  it('streams thinking (with signature_delta) and tool_use (with input_json_delta)', async () => {
    const body = {
      ...BASE,
      messages: [{ role: 'user', content: 'Weather in Oslo?' }],
      tools: [WEATHER_TOOL],
      thinking: { type: 'enabled', budget_tokens: 2048 },
    };
    const events = await stream(body);
    const deltas = events.filter((e) => e.data.type === 'content_block_delta').map((e) => e.data.delta?.type);
    expect(deltas).toContain('thinking_delta');
    expect(deltas).toContain('signature_delta');
    expect(deltas).toContain('text_delta');
    expect(deltas).toContain('input_json_delta');
    const { blocks, stop } = accumulate(events);
    expect(stop).toBe('tool_use');
    expect(blocks).toEqual((await create(body)).content);
  });

  it('reports validation errors with the Anthropic envelope, not SSE', async () => {
    const mock = await startMock();
    const res = await post(mock, PATH, { ...BASE, messages: [], stream: true });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toBe('application/json');
  });
});
