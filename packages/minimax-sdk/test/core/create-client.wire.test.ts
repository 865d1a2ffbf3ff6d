/** A `createClient` client with text and chat over real HTTP against the offline mock server. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuthError, Chat, createClient, type MiniMaxClient, Text } from '../../src/index.js';
import { type MockServer, startMockServer } from '../../src/mock/index.js';

let mock: MockServer;
let client: MiniMaxClient<{ text: typeof Text; chat: typeof Chat }>;
beforeEach(async () => {
  mock = await startMockServer({ apiKey: 'wire-key' });
  client = createClient({
    apiKey: 'wire-key',
    baseURL: mock.url,
    maxRetries: 0,
    logLevel: 'off',
    resources: { text: Text, chat: Chat },
  });
});
afterEach(async () => {
  await mock.close();
});

describe('createClient against the mock server', () => {
  it('text.create, text.createStream and chat.create answer as on MiniMax', async () => {
    const { data, response } = await client.text
      .create({
        model: 'MiniMax-M3',
        max_tokens: 256,
        messages: [{ role: 'user', content: 'What is 6 * 7?' }],
      })
      .withResponse();
    expect(data.type).toBe('message');
    expect(data.content.some((block) => block.type === 'text' && block.text.includes('42'))).toBe(true);
    expect(data.trace_id).toBe(response.headers.get('request-id'));

    const stream = client.text.createStream({
      model: 'MiniMax-M2.7',
      max_tokens: 256,
      messages: [{ role: 'user', content: 'What is 6 * 7?' }],
    });
    let text = '';
    for await (const piece of stream.textStream) text += piece;
    expect(text).toContain('42');
    expect((await stream.finalMessage()).stop_reason).toBe('end_turn');

    const completion = await client.chat.create({
      model: 'MiniMax-M2.7',
      messages: [{ role: 'user', content: 'What is 6 * 7?' }],
    });
    expect(completion.choices[0]?.message.content).toContain('6 * 7 = 42.');
    expect(mock.requests.map((request) => request.path)).toEqual([
      '/anthropic/v1/messages',
      '/anthropic/v1/messages',
      '/v1/chat/completions',
    ]);
    expect(mock.requests.every((request) => request.headers.authorization === 'Bearer ***')).toBe(true);
  });

  it('files work on every client; a wrong key is the mapped error', async () => {
    const listed = await client.files.list({ purpose: 'voice_clone' });
    expect(listed).toHaveLength(0);
    const wrong = client.withOptions({ apiKey: 'not-the-key' });
    await expect(
      wrong.text.create({
        model: 'MiniMax-M2.7',
        max_tokens: 8,
        messages: [{ role: 'user', content: 'hi' }],
      }),
    ).rejects.toBeInstanceOf(AuthError);
  });
});
