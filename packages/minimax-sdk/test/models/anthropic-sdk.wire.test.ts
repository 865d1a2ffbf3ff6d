/** The official `@anthropic-ai/sdk` pointed at the mock's `/anthropic`: count_tokens and the model list. */
import Anthropic from '@anthropic-ai/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type MockServer, startMockServer } from '../../src/mock/index.js';

let mock: MockServer;
let anthropic: Anthropic;
beforeEach(async () => {
  mock = await startMockServer({ apiKey: 'wire-key' });
  anthropic = new Anthropic({ apiKey: 'wire-key', baseURL: `${mock.url}/anthropic`, maxRetries: 0 });
});
afterEach(async () => {
  await mock.close();
});

describe('@anthropic-ai/sdk against the mock', () => {
  it('messages.countTokens counts what messages.create bills', async () => {
    const messages = [{ role: 'user' as const, content: 'Count me, please.' }];
    const count = await anthropic.messages.countTokens({ model: 'MiniMax-M2.7', messages });
    const created = await anthropic.messages.create({ model: 'MiniMax-M2.7', max_tokens: 32, messages });
    expect(count.input_tokens).toBe(created.usage.input_tokens);
    expect(mock.requests.at(0)!.path).toBe('/anthropic/v1/messages/count_tokens');
  });

  it('models.list pages through the list; models.retrieve finds each', async () => {
    const ids: string[] = [];
    for await (const model of anthropic.models.list()) ids.push(model.id);
    expect(ids).toContain('MiniMax-M3');
    expect(mock.requests.at(0)!.path).toBe('/anthropic/v1/models');
    const one = await anthropic.models.retrieve('MiniMax-M2.7');
    expect(one).toMatchObject({ type: 'model', id: 'MiniMax-M2.7' });
    expect(Number.isNaN(Date.parse(one.created_at))).toBe(false);
  });

  it('an unknown model is a NotFoundError', async () => {
    await expect(anthropic.models.retrieve('MiniMax-M0')).rejects.toBeInstanceOf(Anthropic.NotFoundError);
  });
});
