/** `client.models` and `client.text.countTokens` over HTTP against the offline mock server. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { InvalidParameterError, MiniMax, MiniMaxError } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';

let mock: MockServer;
let client: MiniMax;
beforeEach(async () => {
  mock = await startMockServer({ apiKey: 'wire-key' });
  client = new MiniMax({ apiKey: 'wire-key', baseURL: mock.url, maxRetries: 0, logLevel: 'off' });
});
afterEach(async () => {
  await mock.close();
});

describe('models against the mock', () => {
  it('list names the current text models, each retrievable by id', async () => {
    const list = await client.models.list();
    const ids = list.data.map((m) => m.id);
    expect(ids).toContain('MiniMax-M3');
    expect(ids).toContain('MiniMax-M2.7');
    for (const m of list.data) {
      expect(m.object).toBe('model');
      expect(typeof m.created).toBe('number');
      const { trace_id, ...one } = await client.models.retrieve({ model: m.id });
      expect(one).toEqual(m);
      expect(trace_id).toMatch(/^[0-9a-f]{32}$/);
    }
  });

  it('retrieve: an unknown id is a 404 error naming it', async () => {
    const error = await client.models.retrieve({ model: 'MiniMax-M0' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect((error as MiniMaxError).code).toBe(404);
    expect((error as MiniMaxError).message).toContain('MiniMax-M0');
  });

  it('a wrong key is refused on the models routes too', async () => {
    const other = client.withOptions({ apiKey: 'not-the-key' });
    await expect(other.models.list()).rejects.toBeInstanceOf(MiniMaxError);
  });
});

describe('text.countTokens against the mock', () => {
  it('counts what messages would bill, and grows with the prompt', async () => {
    const messages = [{ role: 'user' as const, content: 'How many tokens is this?' }];
    const short = await client.text.countTokens({ model: 'MiniMax-M2.7', messages });
    const created = await client.text.create({ model: 'MiniMax-M2.7', max_tokens: 64, messages });
    expect(short.input_tokens).toBe(created.usage.input_tokens);
    const long = await client.text.countTokens({
      model: 'MiniMax-M2.7',
      system: 'You are a careful assistant who answers in full sentences.',
      messages,
    });
    expect(long.input_tokens).toBeGreaterThan(short.input_tokens);
    expect(mock.requests.at(0)!.path).toBe('/anthropic/v1/messages/count_tokens');
  });

  it('an empty messages list is a 400 naming the field', async () => {
    const error = await client.text
      .countTokens({ model: 'MiniMax-M2.7', messages: [] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as MiniMaxError).message).toContain('messages');
  });
});
