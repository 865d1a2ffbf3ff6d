import { describe, expect, it } from 'vitest';
import { at, runCli, withMockAndDir } from './helpers.js';

const ctx = withMockAndDir();

function chatBodies(): Record<string, unknown>[] {
  return ctx.mock.requests
    .filter((r) => r.path === '/v1/chat/completions')
    .map((r) => r.body as Record<string, unknown>);
}

describe('minimax text --api openai', () => {
  it('streams the answer without the reasoning, through /v1/chat/completions', async () => {
    const result = await runCli(['text', 'What is 6 * 7?', '--api', 'openai', ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('6 * 7 = 42.\n');
    expect(chatBodies()[0]).toEqual({
      model: 'MiniMax-M2.7',
      messages: [{ role: 'user', content: 'What is 6 * 7?' }],
      max_completion_tokens: 2048,
      reasoning_split: true,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('--thinking shows the reasoning on stderr; --system becomes a system message', async () => {
    const result = await runCli([
      'text',
      'Hi',
      '--api',
      'openai',
      '--thinking',
      '--system',
      'Be brief',
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('The user wrote 2 characters');
    expect(chatBodies()[0]?.messages).toEqual([
      { role: 'system', content: 'Be brief' },
      { role: 'user', content: 'Hi' },
    ]);
  });

  it('--json prints the completion with text and thinking', async () => {
    const result = await runCli(['text', 'What is 1 + 1?', '--api', 'openai', '--json', ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.object).toBe('chat.completion');
    expect(json.text).toBe('1 + 1 = 2.');
    expect(json.thinking).toContain('What is 1 + 1?');
    expect(chatBodies()[0]?.stream).toBeUndefined();
  });

  it('refuses an unknown --api', async () => {
    const result = await runCli(['text', 'Hi', '--api', 'grpc', ...at(ctx.mock.url)]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--api must be one of');
    expect(chatBodies()).toHaveLength(0);
  });
});

describe('minimax text --api responses', () => {
  const bodies = () =>
    ctx.mock.requests.filter((r) => r.path === '/v1/responses').map((r) => r.body as Record<string, unknown>);

  it('streams output_text through /v1/responses; --system is the instructions', async () => {
    const result = await runCli([
      'text',
      'What is 6 * 7?',
      '--api',
      'responses',
      '--system',
      'Be brief',
      '--thinking',
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('6 * 7 = 42.\n');
    expect(result.stderr).toContain('The user wrote 14 characters');
    expect(bodies()[0]).toEqual({
      model: 'MiniMax-M2.7',
      input: 'What is 6 * 7?',
      instructions: 'Be brief',
      max_output_tokens: 2048,
      stream: true,
    });
  });

  it('--json prints the response with text and thinking, without streaming', async () => {
    const result = await runCli([
      'text',
      'What is 1 + 1?',
      '--api',
      'responses',
      '--json',
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    const json = JSON.parse(result.stdout);
    expect(json.object).toBe('response');
    expect(json.output_text).toBe('1 + 1 = 2.');
    expect(json.text).toBe('1 + 1 = 2.');
    expect(json.thinking).toContain('What is 1 + 1?');
    expect(bodies()[0]?.stream).toBeUndefined();
  });
});
