/**
 * The official `openai` SDK, pointed at the mock's `/v1`, runs the Responses API (plain and
 * streamed, its own `stream()` helper included) as it would against MiniMax.
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

describe('the openai SDK against the mock: responses', () => {
  it('responses.create: output items, output_text, usage', async () => {
    const response = await openai.responses.create({ model: 'MiniMax-M2.7', input: 'What is 2 + 2?' });
    expect(response.object).toBe('response');
    expect(response.status).toBe('completed');
    expect(response.output_text).toBe('2 + 2 = 4.');
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(response.usage!.total_tokens).toBeGreaterThan(0);
  });

  it('responses.create with stream: true: typed events ending in response.completed', async () => {
    const stream = await openai.responses.create({
      model: 'MiniMax-M2.7',
      input: 'What is 2 + 2?',
      stream: true,
    });
    let text = '';
    const types: string[] = [];
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    expect(text).toBe('2 + 2 = 4.');
    expect(types[0]).toBe('response.created');
    expect(completed?.status).toBe('completed');
    // Every event carries its place in the stream.
    expect(types.length).toBeGreaterThan(5);
  });

  it("responses.stream (openai's own accumulating helper) with a function tool", async () => {
    const stream = openai.responses.stream({
      model: 'MiniMax-M2.7',
      input: 'What is the weather in Paris?',
      tools: [
        {
          type: 'function',
          name: 'get_weather',
          strict: false,
          parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
        },
      ],
    });
    const final = await stream.finalResponse();
    const call = final.output.find((item) => item.type === 'function_call');
    expect(call?.type === 'function_call' && call.name).toBe('get_weather');
    expect(call?.type === 'function_call' && JSON.parse(call.arguments)).toHaveProperty('city');
  });

  it('errors arrive as openai APIError subclasses with the status', async () => {
    const bad = new OpenAI({ apiKey: 'wrong', baseURL: `${mock.url}/v1`, maxRetries: 0 });
    const error = await bad.responses.create({ model: 'MiniMax-M2.7', input: 'hi' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(401);
  });
});
