/** `client.models` and `client.text.countTokens` with an injected fetch: the request and the parsing. */
import { describe, expect, it } from 'vitest';
import { InvalidParameterError, MiniMaxError } from '../../src/index.js';
import { fakeFetch, jsonResponse, testClient } from '../helpers/fake-fetch.js';

const LIST = {
  object: 'list',
  data: [{ id: 'MiniMax-M3', object: 'model', created: 1793577600, owned_by: 'minimax' }],
};

describe('models', () => {
  it('list: GET /v1/models with no body, the list as sent', async () => {
    const fake = fakeFetch(() => jsonResponse(LIST));
    const list = await testClient(fake.fetch).models.list();
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]!.method).toBe('GET');
    expect(fake.calls[0]!.path).toBe('/v1/models');
    expect(fake.calls[0]!.body).toBeUndefined();
    expect(list.data).toEqual(LIST.data);
  });

  it('list: an answer without a data list rejects with a MiniMaxError', async () => {
    const fake = fakeFetch(() => jsonResponse({ object: 'list' }));
    await expect(testClient(fake.fetch).models.list()).rejects.toThrow(/no data list/);
  });

  it('list: a listed model without an id rejects', async () => {
    const fake = fakeFetch(() => jsonResponse({ data: [{ object: 'model' }] }));
    await expect(testClient(fake.fetch).models.list()).rejects.toBeInstanceOf(MiniMaxError);
  });

  it('retrieve: GET /v1/models/{id}, the id escaped', async () => {
    const fake = fakeFetch(() => jsonResponse(LIST.data[0]));
    const model = await testClient(fake.fetch).models.retrieve({ model: 'MiniMax-M3' });
    expect(model.id).toBe('MiniMax-M3');
    await testClient(fake.fetch).models.retrieve({ model: 'a/b c' });
    expect(fake.calls.map((c) => c.url.replace(/^https?:\/\/[^/]+/, ''))).toEqual([
      '/v1/models/MiniMax-M3',
      '/v1/models/a%2Fb%20c',
    ]);
  });

  it('retrieve: a missing or inherited model id rejects without a request', async () => {
    const fake = fakeFetch(() => jsonResponse(LIST.data[0]));
    const client = testClient(fake.fetch);
    const inherited = Object.create({ model: 'MiniMax-M3' }) as { model: string };
    for (const params of [{ model: '' }, inherited, {} as { model: string }]) {
      const promise = client.models.retrieve(params);
      await expect(promise).rejects.toBeInstanceOf(InvalidParameterError);
    }
    expect(fake.calls).toHaveLength(0);
  });
});

describe('text.countTokens', () => {
  it('POSTs every field set to /anthropic/v1/messages/count_tokens and returns input_tokens', async () => {
    const fake = fakeFetch(() => jsonResponse({ input_tokens: 17 }));
    const params = {
      model: 'MiniMax-M3',
      system: 'Be brief.',
      messages: [{ role: 'user' as const, content: 'Hello' }],
      thinking: { type: 'adaptive' as const },
      future_field: { kept: true },
    };
    const count = await testClient(fake.fetch).text.countTokens(params);
    expect(count.input_tokens).toBe(17);
    expect(fake.calls[0]!.method).toBe('POST');
    expect(fake.calls[0]!.path).toBe('/anthropic/v1/messages/count_tokens');
    expect(fake.calls[0]!.body).toEqual(params);
  });

  it('an answer without input_tokens rejects', async () => {
    const fake = fakeFetch(() => jsonResponse({ tokens: 3 }));
    const promise = testClient(fake.fetch).text.countTokens({
      model: 'MiniMax-M2.7',
      messages: [{ role: 'user', content: 'x' }],
    });
    await expect(promise).rejects.toThrow(/input_tokens/);
  });
});
