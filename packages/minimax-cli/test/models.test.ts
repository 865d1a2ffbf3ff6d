import { describe, expect, it } from 'vitest';
import { at, runCli, withMockAndDir } from './helpers.js';

const ctx = withMockAndDir();

describe('minimax models', () => {
  it('lists the models in a table, and --json gives the list', async () => {
    const table = await runCli(['models', ...at(ctx.mock.url)]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/MODEL\s+CREATED\s+OWNER/);
    expect(table.stdout).toContain('MiniMax-M3');
    const json = await runCli(['models', '--json', ...at(ctx.mock.url)]);
    expect(json.code).toBe(0);
    const ids = (JSON.parse(json.stdout) as { data: { id: string }[] }).data.map((m) => m.id);
    expect(ids).toContain('MiniMax-M2.7');
  });

  it('shows one model, and an unknown one fails naming it', async () => {
    const one = await runCli(['models', 'MiniMax-M3', '--json', ...at(ctx.mock.url)]);
    expect(one.code).toBe(0);
    expect(JSON.parse(one.stdout)).toMatchObject({ id: 'MiniMax-M3', object: 'model' });
    const missing = await runCli(['models', 'MiniMax-M0', ...at(ctx.mock.url)]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('MiniMax-M0');
  });
});

describe('minimax tokens', () => {
  it('counts the prompt (with the system prompt) as the API does; --quiet prints the number', async () => {
    const plain = await runCli(['tokens', 'How long is this?', '--json', ...at(ctx.mock.url)]);
    expect(plain.code).toBe(0);
    const counted = JSON.parse(plain.stdout) as { model: string; input_tokens: number };
    expect(counted.model).toBe('MiniMax-M2.7');
    const withSystem = await runCli([
      'tokens',
      'How long is this?',
      '-s',
      'Answer in one careful sentence.',
      '--quiet',
      ...at(ctx.mock.url),
    ]);
    expect(withSystem.code).toBe(0);
    expect(Number(withSystem.stdout.trim())).toBeGreaterThan(counted.input_tokens);
    const body = ctx.mock.requests
      .filter((r) => r.path === '/anthropic/v1/messages/count_tokens')
      .at(-1)!.body;
    expect(body).toEqual({
      model: 'MiniMax-M2.7',
      system: 'Answer in one careful sentence.',
      messages: [{ role: 'user', content: 'How long is this?' }],
    });
  });

  it('an empty prompt is a clear error without a request', async () => {
    const result = await runCli(['tokens', '   ', ...at(ctx.mock.url)]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('empty');
  });
});
