/** The mock's `tool_choice` checks on the OpenAI-compatible endpoints: one reader, two shapes. */
import { describe, expect, it } from 'vitest';
import { post, startMock } from './helpers.js';

const tool = { type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } };
const flatTool = { type: 'function', name: 'get_weather', parameters: { type: 'object' } };

async function answer(
  path: string,
  body: object,
): Promise<{ status: number; message: string; text: string }> {
  const mock = await startMock();
  const response = await post(mock, path, body);
  const json = (await response.json()) as {
    error?: { message?: string };
    choices?: { message: { tool_calls?: unknown[] } }[];
    output?: { type: string }[];
  };
  return { status: response.status, message: json.error?.message ?? '', text: JSON.stringify(json) };
}

describe('tool_choice on the OpenAI-compatible endpoints', () => {
  it('Chat Completions: the function name is nested, and must name a tool', async () => {
    const base = { model: 'MiniMax-M2.7', messages: [{ role: 'user', content: 'Weather?' }], tools: [tool] };
    const forced = await answer('/v1/chat/completions', {
      ...base,
      tool_choice: { type: 'function', function: { name: 'get_weather' } },
    });
    expect(forced.status).toBe(200);
    expect(forced.text).toContain('tool_calls');
    const unknown = await answer('/v1/chat/completions', {
      ...base,
      tool_choice: { type: 'function', function: { name: 'nope' } },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.message).toContain('tool_choice.function.name');
    const flat = await answer('/v1/chat/completions', {
      ...base,
      tool_choice: { type: 'function', name: 'get_weather' },
    });
    expect(flat.status).toBe(400);
    expect(flat.message).toContain('tool_choice.function.name');
    const word = await answer('/v1/chat/completions', { ...base, tool_choice: 'always' });
    expect(word.status).toBe(400);
    expect(word.message).toContain('none, auto, required');
  });

  it('Responses: the name is flat, and must name a tool', async () => {
    const base = { model: 'MiniMax-M2.7', input: 'Weather?', tools: [flatTool] };
    const forced = await answer('/v1/responses', {
      ...base,
      tool_choice: { type: 'function', name: 'get_weather' },
    });
    expect(forced.status).toBe(200);
    expect(forced.text).toContain('function_call');
    const unknown = await answer('/v1/responses', {
      ...base,
      tool_choice: { type: 'function', name: 'nope' },
    });
    expect(unknown.status).toBe(400);
    expect(unknown.message).toContain('tool_choice.name');
    const bad = await answer('/v1/responses', { ...base, tool_choice: 7 });
    expect(bad.status).toBe(400);
    expect(bad.message).toContain('must be a string or an object');
  });
});
