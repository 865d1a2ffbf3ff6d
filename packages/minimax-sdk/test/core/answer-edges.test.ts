/**
 * Answers that look harmless but would mislead: an empty 200, a stray line in an audio stream,
 * and a finished stream nobody reads.
 */
import { describe, expect, it } from 'vitest';
import { MiniMaxError } from '../../src/index.js';
import { fakeFetch, jsonResponse, ok, sseResponse, testClient } from '../helpers/fake-fetch.js';

const audioEvent = (hex: string, status = 1) =>
  `data: ${JSON.stringify(ok({ data: { audio: hex, status } }))}\n\n`;

function capture() {
  const lines: { level: string; message: string }[] = [];
  const at = (level: string) => (message: string) => lines.push({ level, message });
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

describe('an empty 200 where JSON was expected', () => {
  it('rejects with a MiniMaxError instead of resolving to empty lists', async () => {
    const { fetch } = fakeFetch(
      () => new Response('', { status: 200, headers: { 'content-type': 'application/json' } }),
    );
    const error = await testClient(fetch)
      .voice.list()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect((error as MiniMaxError).message).toMatch(/Empty response body \(HTTP 200\)/);
    expect((error as MiniMaxError).status).toBe(200);
  });

  it('a 204 is still an empty success', async () => {
    const { fetch } = fakeFetch(() => new Response(null, { status: 204 }));
    await expect(
      testClient(fetch).files.delete({ file_id: 1, purpose: 'voice_clone' }),
    ).resolves.toBeUndefined();
  });

  it('a real empty list still reads as one', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(ok({ system_voice: [] })));
    await expect(testClient(fetch).voice.list()).resolves.toMatchObject({ system_voice: [] });
  });
});

describe('audio streams', () => {
  it('skip a data line that is not JSON with a warn-level line, and keep the audio', async () => {
    const { lines, logger } = capture();
    const { fetch } = fakeFetch(() =>
      sseResponse([
        audioEvent('0102'),
        'data: this is not json\n\n',
        'data: 42\n\n',
        audioEvent('03'),
        audioEvent('010203', 2),
      ]),
    );
    const client = testClient(fetch, { logger, logLevel: 'warn' });
    const chunks: number[][] = [];
    for await (const chunk of client.speech.ttsStream({ text: 'hi', model: 'speech-2.8-hd' }))
      chunks.push([...chunk]);
    expect(chunks).toEqual([[1, 2], [3]]);
    const warnings = lines.filter((l) => l.level === 'warn');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]?.message).toContain('this is not json');
  });

  it('end at data: [DONE]', async () => {
    const { fetch } = fakeFetch(() => sseResponse([audioEvent('0a'), 'data: [DONE]\n\n', audioEvent('0b')]));
    const chunks: number[][] = [];
    for await (const chunk of testClient(fetch).music.generateStream({ prompt: 'p' }))
      chunks.push([...chunk]);
    expect(chunks).toEqual([[10]]);
  });
});

describe('a finished stream that is never read', () => {
  const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

  it.each([
    [
      'speech.ttsStream',
      (c: ReturnType<typeof testClient>) => c.speech.ttsStream({ text: 'hi', model: 'm' }),
    ],
    [
      'text.createStream',
      (c: ReturnType<typeof testClient>) =>
        c.text.createStream({
          model: 'MiniMax-M2.7',
          max_tokens: 8,
          messages: [{ role: 'user', content: 'hi' }],
        }),
    ],
  ])(
    '%s holds no timer once its headers are in (so it cannot keep the process alive)',
    async (_name, open) => {
      const before = timers();
      const { fetch } = fakeFetch(() => sseResponse([audioEvent('01', 2)]));
      const stream = open(testClient(fetch, { timeout: 600_000 }));
      await stream.response;
      await new Promise((resolve) => setImmediate(resolve));
      // Timers of earlier tests in this worker may end meanwhile; the stream must add none.
      expect(timers()).toBeLessThanOrEqual(before);
      stream.abort();
    },
  );

  it('the idle deadline still runs while the body is being read', async () => {
    const { fetch } = fakeFetch((request) => {
      // Like a real fetch: aborting the request errors its body.
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode(audioEvent('01')));
          request.signal?.addEventListener('abort', () => controller.error(request.signal?.reason));
        },
      });
      return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
    });
    const stream = testClient(fetch, { timeout: 50 }).speech.ttsStream({ text: 'hi', model: 'm' });
    await stream.response;
    // Longer than the deadline before the first read: the clock was waiting for the consumer.
    await new Promise((resolve) => setTimeout(resolve, 120));
    const chunks: number[][] = [];
    const error = await (async () => {
      for await (const chunk of stream) chunks.push([...chunk]);
    })().catch((e: unknown) => e);
    expect(chunks).toEqual([[1]]);
    expect((error as Error).name).toBe('APITimeoutError');
  });
});
