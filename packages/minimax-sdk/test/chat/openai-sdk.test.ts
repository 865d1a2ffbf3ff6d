/**
 * Acceptance: the official `openai` SDK, pointed at the mock's `/v1`, runs Chat Completions
 * (plain, streamed, with tools) and lists models, as it would against MiniMax.
 */
import OpenAI from 'openai';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../../src/mock/index.js';

let mock: MockServer;
let openai: OpenAI;
beforeEach(async () => {
  mock = await startMockServer({ apiKey: 'oa-key' });
  openai = new OpenAI({ apiKey: 'oa-key', baseURL: `${mock.url}/v1`, maxRetries: 0 });
});
afterEach(async () => {
  await mock.close();
});

const WEATHER = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

describe('the openai SDK against the mock', () => {
  it('chat.completions.create: a plain reply', async () => {
    const completion = await openai.chat.completions.create({
      model: 'MiniMax-M2.7',
      messages: [{ role: 'user', content: 'What is 2 + 2?' }],
      // MiniMax's extra body field: the reasoning comes apart from the text.
      ...({ reasoning_split: true } as object),
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]!.message.content).toBe('2 + 2 = 4.');
    expect(completion.choices[0]!.finish_reason).toBe('stop');
    expect(completion.usage!.total_tokens).toBeGreaterThan(0);
  });

  it('chat.completions.create with stream: true, include_usage', async () => {
    const stream = await openai.chat.completions.create({
      model: 'MiniMax-M2.7',
      messages: [{ role: 'user', content: 'What is 2 + 2?' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null = null;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toMatch(/^<think>[\s\S]+<\/think>\n\n2 \+ 2 = 4\.$/);
    expect(finish).toBe('stop');
    expect(usage?.prompt_tokens).toBeGreaterThan(0);
  });

  it('chat.completions.create with tools, plain and through the SDK stream helper (argument fragments joined)', async () => {
    const params = {
      model: 'MiniMax-M2.7',
      messages: [{ role: 'user' as const, content: 'Weather in Paris?' }],
      tools: [WEATHER],
    };
    const plain = await openai.chat.completions.create(params);
    const call = plain.choices[0]!.message.tool_calls![0]!;
    expect(call.type).toBe('function');
    if (call.type !== 'function') throw new Error('not a function call');
    expect(call.function.name).toBe('get_weather');
    expect(JSON.parse(call.function.arguments)).toEqual({ city: 'Weather in Paris?' });

    const streamed = await openai.chat.completions.stream(params).finalChatCompletion();
    const streamedCall = streamed.choices[0]!.message.tool_calls![0]!;
    if (streamedCall.type !== 'function') throw new Error('not a function call');
    expect(streamedCall.function.arguments).toBe(call.function.arguments);
    expect(streamed.choices[0]!.finish_reason).toBe('tool_calls');
  });

  it('an error in the OpenAI envelope becomes the SDK error for its status', async () => {
    const error = await openai.chat.completions
      .create({ model: 'MiniMax-M2.7', messages: [] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect((error as Error).message).toContain('messages');
  });

  it('models.list and models.retrieve', async () => {
    const page = await openai.models.list();
    const ids = page.data.map((m) => m.id);
    expect(ids).toContain('MiniMax-M2.7');
    expect(page.data[0]).toMatchObject({ object: 'model', owned_by: 'minimax' });
    expect((await openai.models.retrieve('MiniMax-M3')).id).toBe('MiniMax-M3');
    await expect(openai.models.retrieve('no-such-model')).rejects.toBeInstanceOf(OpenAI.NotFoundError);
  });
});
