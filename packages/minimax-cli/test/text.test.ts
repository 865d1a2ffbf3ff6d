import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { at, runCli, withMockAndDir } from './helpers.js';

const ctx = withMockAndDir();

function messageBodies(): Record<string, unknown>[] {
  return ctx.mock.requests
    .filter((r) => r.path === '/anthropic/v1/messages')
    .map((r) => r.body as Record<string, unknown>);
}

describe('minimax text', () => {
  it('streams the reply to stdout and ends it with a newline', async () => {
    const result = await runCli(['text', 'Hello there', ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Hello there');
    expect(result.stdout.endsWith('\n')).toBe(true);
    expect(result.stderr).toBe('');
    const [body] = messageBodies();
    expect(body).toMatchObject({
      model: 'MiniMax-M2.7',
      stream: true,
      messages: [{ role: 'user', content: 'Hello there' }],
    });
  });

  it('sends --model, --system, --max-tokens and --thinking', async () => {
    const result = await runCli([
      'text',
      'Why?',
      '--model',
      'MiniMax-M2.5',
      '--system',
      'Be brief',
      '--max-tokens',
      '3000',
      '--thinking',
      '1500',
      ...at(ctx.mock.url),
    ]);
    expect(result.code).toBe(0);
    expect(messageBodies()[0]).toMatchObject({
      model: 'MiniMax-M2.5',
      system: 'Be brief',
      max_tokens: 3000,
      thinking: { type: 'enabled', budget_tokens: 1500 },
    });
  });

  it('--no-stream asks for the whole message at once', async () => {
    const result = await runCli(['text', 'Hi', '--no-stream', ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Hi');
    expect(messageBodies()[0]?.stream).toBeUndefined();
  });

  it('reads the prompt from stdin when it is "-"', async () => {
    const result = await runCli(['text', '-', ...at(ctx.mock.url)], { stdin: 'piped question' });
    expect(result.code).toBe(0);
    expect(messageBodies()[0]).toMatchObject({ messages: [{ role: 'user', content: 'piped question' }] });
  });

  it('--json prints exactly one JSON document with the text', async () => {
    const result = await runCli(['text', 'Hi', '--json', ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    const doc = JSON.parse(result.stdout);
    expect(doc.type).toBe('message');
    expect(typeof doc.text).toBe('string');
    expect(doc.text.length).toBeGreaterThan(0);
    expect(result.stderr).toBe('');
  });

  it('-o also saves the reply', async () => {
    const file = join(ctx.dir.path, 'reply.txt');
    const result = await runCli(['text', 'Save me', '-o', file, ...at(ctx.mock.url)]);
    expect(result.code).toBe(0);
    expect(await readFile(file, 'utf8')).toContain('Save me');
  });

  it('an empty prompt is refused before any request', async () => {
    const result = await runCli(['text', '-', ...at(ctx.mock.url)], { stdin: '   ' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/prompt is empty/);
    expect(ctx.mock.requests).toHaveLength(0);
  });
});
