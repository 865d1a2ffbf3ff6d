import { APICallError, LoadAPIKeyError, NoSuchModelError } from '@ai-sdk/provider';
import {
  generateImage,
  experimental_generateSpeech as generateSpeech,
  generateText,
  experimental_generateVideo as generateVideo,
  jsonSchema,
  stepCountIs,
  streamText,
  tool,
} from 'ai';
import { MiniMax } from 'minimax-sdk';
import { type MockServer, startMockServer } from 'minimax-sdk/mock';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { convertPrompt, createMiniMax, languageBoost, type MiniMaxProvider } from '../src/index.js';

let mock: MockServer;
let minimax: MiniMaxProvider;

beforeAll(async () => {
  mock = await startMockServer({ apiKey: 'test-key' });
  minimax = createMiniMax({ apiKey: 'test-key', baseURL: mock.url, maxRetries: 0 });
});
afterAll(async () => {
  await mock.close();
});
afterEach(() => {
  mock.reset();
});

const bodies = (path: string) =>
  mock.requests.filter((r) => r.path === path).map((r) => r.body as Record<string, unknown>);

const weather = tool({
  description: 'Current weather in a city',
  inputSchema: jsonSchema<{ city: string }>({
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
  }),
  execute: async ({ city }) => `18°C and sunny in ${city}`,
});

describe('languageModel through the ai package', () => {
  it('generateText: text, usage, stop reason and the request body', async () => {
    const result = await generateText({
      model: minimax('MiniMax-M2.7'),
      system: 'Be terse.',
      prompt: 'What is 6 * 7?',
      temperature: 0.5,
      maxOutputTokens: 200,
    });
    expect(result.text).toBe('6 * 7 = 42.');
    expect(result.finishReason).toBe('stop');
    expect(result.rawFinishReason).toBe('end_turn');
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    const [body] = bodies('/anthropic/v1/messages');
    expect(body).toMatchObject({
      model: 'MiniMax-M2.7',
      max_tokens: 200,
      temperature: 0.5,
      system: [{ type: 'text', text: 'Be terse.' }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'What is 6 * 7?' }] }],
    });
  });

  it('generateText: thinking comes back as reasoning with its signature, and is replayed verbatim', async () => {
    const result = await generateText({
      model: minimax('MiniMax-M3'),
      prompt: 'Weather in Paris?',
      tools: { weather },
      stopWhen: stepCountIs(2),
      providerOptions: { minimax: { thinking: { type: 'adaptive' }, service_tier: 'priority' } },
    });
    expect(result.steps).toHaveLength(2);
    const first = result.steps[0]!;
    expect(first.finishReason).toBe('tool-calls');
    expect(first.reasoningText).toContain('The user wrote');
    // The step's reasoning part carries the provider's metadata at run time; its declared type omits it.
    const reasoning = first.reasoning[0] as { providerMetadata?: Record<string, Record<string, unknown>> };
    const signature = reasoning.providerMetadata?.minimax?.signature;
    expect(typeof signature).toBe('string');
    expect(first.toolCalls[0]).toMatchObject({ toolName: 'weather', input: { city: expect.any(String) } });
    expect(result.text).toContain('The tool returned: 18°C and sunny');
    const [request1, request2] = bodies('/anthropic/v1/messages');
    expect(request1).toMatchObject({ thinking: { type: 'adaptive' }, service_tier: 'priority' });
    expect(request1?.tools).toEqual([
      {
        name: 'weather',
        description: 'Current weather in a city',
        input_schema: expect.objectContaining({ type: 'object', required: ['city'] }),
      },
    ]);
    const messages = request2?.messages as Array<{ role: string; content: Array<Record<string, unknown>> }>;
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(messages[1]?.content[0]).toEqual({ type: 'thinking', thinking: first.reasoningText, signature });
    expect(messages[1]?.content.find((b) => b.type === 'tool_use')).toMatchObject({
      id: first.toolCalls[0]?.toolCallId,
      name: 'weather',
    });
    expect(messages[2]?.content[0]).toMatchObject({
      type: 'tool_result',
      tool_use_id: first.toolCalls[0]?.toolCallId,
    });
  });

  it('streamText with a tool call: deltas, the call, its result, and the final answer', async () => {
    const result = streamText({
      model: minimax('MiniMax-M2.7'),
      prompt: 'Use weather for Paris',
      tools: { weather },
      stopWhen: stepCountIs(2),
    });
    const types = new Set<string>();
    for await (const part of result.fullStream) types.add(part.type);
    for (const t of [
      'tool-input-start',
      'tool-input-delta',
      'tool-call',
      'tool-result',
      'text-delta',
      'finish',
    ]) {
      expect(types).toContain(t);
    }
    const steps = await result.steps;
    expect(steps[0]?.finishReason).toBe('tool-calls');
    expect(steps[0]?.toolCalls[0]?.input).toEqual({ city: expect.any(String) });
    expect(await result.text).toContain('The tool returned: 18°C');
    expect(await result.finishReason).toBe('stop');
    expect((await result.totalUsage).outputTokens).toBeGreaterThan(0);
    expect(bodies('/anthropic/v1/messages').every((b) => b.stream === true)).toBe(true);
  });

  it('streamText: reasoning parts stream with the signature on reasoning-end', async () => {
    const result = streamText({
      model: minimax('MiniMax-M2.7'),
      prompt: 'Hi',
      providerOptions: { minimax: { thinking: { type: 'enabled', budget_tokens: 100 } } },
    });
    const parts = [];
    for await (const part of result.fullStream) parts.push(part);
    expect(parts.some((p) => p.type === 'reasoning-delta')).toBe(true);
    const end = parts.find((p) => p.type === 'reasoning-end');
    expect(end?.providerMetadata?.minimax?.signature).toEqual(expect.any(String));
    expect(await result.reasoningText).toContain('The user wrote');
  });

  it('maps max_tokens to length', async () => {
    const result = await generateText({
      model: minimax('MiniMax-M2.7'),
      prompt: 'Hello there',
      maxOutputTokens: 2,
    });
    expect(result.finishReason).toBe('length');
    expect(result.rawFinishReason).toBe('max_tokens');
  });

  it('an Anthropic-style error becomes an APICallError with the status and the MiniMax class', async () => {
    mock.faults.add({ path: '/anthropic/v1/messages', code: 1008 });
    const error = await generateText({ model: minimax('MiniMax-M2.7'), prompt: 'Hi', maxRetries: 0 }).catch(
      (e: unknown) => e,
    );
    expect(APICallError.isInstance(error)).toBe(true);
    const call = error as APICallError;
    expect(call.isRetryable).toBe(false);
    expect(call.statusCode).toBe(402);
    expect(call.url).toBe(`${mock.url}/anthropic/v1/messages`);
    expect(call.data).toMatchObject({ minimax: { code: 402, type: 'InsufficientBalanceError' } });
    expect(call.requestBodyValues).toMatchObject({ model: 'MiniMax-M2.7' });
    expect(String(call.responseBody)).not.toContain('test-key');
  });

  it('a base_resp error keeps the MiniMax code and trace id', async () => {
    mock.faults.add({ path: '/v1/image_generation', code: 1026 });
    const error = await generateImage({ model: minimax.image('image-01'), prompt: 'x', maxRetries: 0 }).catch(
      (e: unknown) => e,
    );
    expect(APICallError.isInstance(error)).toBe(true);
    const data = (error as APICallError).data as {
      minimax: { code: number; type: string; trace_id: string };
    };
    expect(data.minimax.code).toBe(1026);
    expect(data.minimax.type).toBe('InputSafetyError');
    expect(data.minimax.trace_id).not.toBe('');
    expect((error as APICallError).message).toContain('[code=1026]');
  });

  it('a streamed HTTP error reaches onError as an APICallError', async () => {
    mock.faults.add({ path: '/anthropic/v1/messages', status: 429 });
    const errors: unknown[] = [];
    const result = streamText({
      model: minimax('MiniMax-M2.7'),
      prompt: 'Hi',
      maxRetries: 0,
      onError: ({ error }) => {
        errors.push(error);
      },
    });
    await result.consumeStream();
    expect(errors).toHaveLength(1);
    expect((errors[0] as APICallError).statusCode).toBe(429);
    expect((errors[0] as APICallError).data).toMatchObject({ minimax: { type: 'RateLimitError' } });
  });

  it('an aborted call rejects as an abort, not as an API error', async () => {
    mock.faults.add({ path: '/anthropic/v1/messages', delayMs: 5_000 });
    const controller = new AbortController();
    const pending = generateText({
      model: minimax('MiniMax-M2.7'),
      prompt: 'Hi',
      abortSignal: controller.signal,
    }).catch((e: unknown) => e);
    setTimeout(() => controller.abort(), 50);
    const error = (await pending) as Error;
    expect(error.name).toBe('AbortError');
  });

  it('a missing key is LoadAPIKeyError on first use; no embeddings', async () => {
    const saved = process.env.MINIMAX_API_KEY;
    delete process.env.MINIMAX_API_KEY;
    try {
      const keyless = createMiniMax({ baseURL: mock.url });
      const error = await generateText({ model: keyless('MiniMax-M2.7'), prompt: 'Hi' }).catch(
        (e: unknown) => e,
      );
      expect(LoadAPIKeyError.isInstance(error)).toBe(true);
    } finally {
      if (saved !== undefined) process.env.MINIMAX_API_KEY = saved;
    }
    expect(() => minimax.embeddingModel('x')).toThrow(NoSuchModelError);
  });

  it('a shared client is used as is', async () => {
    const client = new MiniMax({ apiKey: 'test-key', baseURL: mock.url });
    const shared = createMiniMax({ client });
    expect(shared.client).toBe(client);
    const { text } = await generateText({ model: shared.languageModel('MiniMax-M2'), prompt: '1 + 1' });
    expect(text).toBe('1 + 1 = 2.');
  });
});

describe('speechModel through the ai package', () => {
  it('generateSpeech: voice, speed, format and language reach the API; audio comes back', async () => {
    const result = await generateSpeech({
      model: minimax.speech('speech-2.8-hd'),
      text: 'Hello from the provider',
      voice: 'English_expressive_narrator',
      speed: 1.25,
      outputFormat: 'wav',
      language: 'en-US',
      providerOptions: { minimax: { voice_setting: { pitch: 2 }, audio_setting: { sample_rate: 24000 } } },
    });
    expect(result.audio.uint8Array.byteLength).toBeGreaterThan(44);
    expect(new TextDecoder().decode(result.audio.uint8Array.subarray(0, 4))).toBe('RIFF');
    expect(result.audio.mediaType).toBe('audio/wav');
    const [body] = bodies('/v1/t2a_v2');
    expect(body).toMatchObject({
      model: 'speech-2.8-hd',
      text: 'Hello from the provider',
      voice_setting: { voice_id: 'English_expressive_narrator', speed: 1.25, pitch: 2 },
      audio_setting: { format: 'wav', sample_rate: 24000 },
      language_boost: 'English',
    });
    expect(result.providerMetadata.minimax).toMatchObject({ format: 'wav', sampleRate: 24000 });
  });

  it('an unknown speech model is sent unchanged; instructions give a warning', async () => {
    const result = await generateSpeech({
      model: minimax.speechModel('speech-9.9-future'),
      text: 'Hi',
      voice: 'male-qn-qingse',
      instructions: 'whisper',
    });
    expect(bodies('/v1/t2a_v2')[0]?.model).toBe('speech-9.9-future');
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: 'unsupported', feature: 'instructions' }),
    ]);
  });

  it('maps ISO codes to MiniMax language names and passes other values through', () => {
    expect(languageBoost('zh')).toBe('Chinese');
    expect(languageBoost('yue')).toBe('Chinese,Yue');
    expect(languageBoost('pt-BR')).toBe('Portuguese');
    expect(languageBoost('Klingon')).toBe('Klingon');
  });
});

describe('imageModel through the ai package', () => {
  it('generateImage: n, aspect ratio and seed reach the API; PNG bytes come back', async () => {
    const result = await generateImage({
      model: minimax.image('image-01'),
      prompt: 'A lighthouse at dusk',
      n: 2,
      aspectRatio: '16:9',
      seed: 42,
    });
    expect(result.images).toHaveLength(2);
    for (const image of result.images) {
      expect(image.mediaType).toBe('image/png');
      expect([...image.uint8Array.subarray(1, 4)]).toEqual([0x50, 0x4e, 0x47]);
    }
    const [body] = bodies('/v1/image_generation');
    expect(body).toMatchObject({
      model: 'image-01',
      prompt: 'A lighthouse at dusk',
      n: 2,
      aspect_ratio: '16:9',
      seed: 42,
      response_format: 'base64',
    });
  });

  it('size becomes width and height; more than nine images are split into calls', async () => {
    const result = await generateImage({
      model: minimax.image('image-01'),
      prompt: 'Tiles',
      n: 10,
      size: '512x768',
      providerOptions: { minimax: { prompt_optimizer: true } },
    });
    expect(result.images).toHaveLength(10);
    const sent = bodies('/v1/image_generation');
    expect(sent.map((b) => b.n).sort()).toEqual([1, 9]);
    expect(sent[0]).toMatchObject({ width: 512, height: 768, prompt_optimizer: true });
  });
});

describe('videoModel through the ai package', () => {
  it('experimental_generateVideo: prompt, duration and resolution reach the API; MP4 bytes come back', async () => {
    const polling = createMiniMax({ apiKey: 'test-key', baseURL: mock.url, maxRetries: 0, pollInterval: 10 });
    const result = await generateVideo({
      model: polling.video('MiniMax-Hailuo-2.3'),
      prompt: 'Waves at dusk',
      duration: 6,
      resolution: '1366x768',
      providerOptions: { minimax: { prompt_optimizer: false } },
    });
    expect(new TextDecoder().decode(result.video.uint8Array.subarray(4, 8))).toBe('ftyp');
    expect(result.video.mediaType).toBe('video/mp4');
    expect(bodies('/v1/video_generation')[0]).toMatchObject({
      model: 'MiniMax-Hailuo-2.3',
      prompt: 'Waves at dusk',
      duration: 6,
      resolution: '768P',
      prompt_optimizer: false,
    });
    expect(result.providerMetadata.minimax).toMatchObject({
      taskId: expect.any(String),
      width: expect.any(Number),
    });
  });
});

describe('prompt conversion', () => {
  it('tool errors, denials and images reach the Messages API in its own shapes', () => {
    const { system, messages } = convertPrompt([
      { role: 'system', content: 'Be terse.' },
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look' },
          { type: 'file', mediaType: 'image/png', data: new URL('https://example.com/a.png') },
          { type: 'file', mediaType: 'image/jpeg', data: new Uint8Array([0xff, 0xd8, 0xff]) },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'hmm', providerOptions: { minimax: { signature: 'sig' } } },
          { type: 'tool-call', toolCallId: 't1', toolName: 'a', input: { x: 1 } },
          { type: 'tool-call', toolCallId: 't2', toolName: 'b', input: '{"y":2}' },
        ],
      },
      {
        role: 'tool',
        content: [
          {
            type: 'tool-result',
            toolCallId: 't1',
            toolName: 'a',
            output: { type: 'error-text', value: 'boom' },
          },
          { type: 'tool-result', toolCallId: 't2', toolName: 'b', output: { type: 'execution-denied' } },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'And now?' }] },
    ]);
    expect(system).toEqual([{ type: 'text', text: 'Be terse.' }]);
    expect(messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(messages[0]?.content).toEqual([
      { type: 'text', text: 'Look' },
      { type: 'image', source: { type: 'url', url: 'https://example.com/a.png' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/' } },
    ]);
    expect(messages[1]?.content).toEqual([
      { type: 'thinking', thinking: 'hmm', signature: 'sig' },
      { type: 'tool_use', id: 't1', name: 'a', input: { x: 1 } },
      { type: 'tool_use', id: 't2', name: 'b', input: { y: 2 } },
    ]);
    // The tool results and the next user text are one user turn.
    expect(messages[2]?.content).toEqual([
      { type: 'tool_result', tool_use_id: 't1', content: 'boom', is_error: true },
      { type: 'tool_result', tool_use_id: 't2', content: 'The tool call was denied.', is_error: true },
      { type: 'text', text: 'And now?' },
    ]);
  });

  it('audio input is refused as unsupported, not dropped', () => {
    expect(() =>
      convertPrompt([{ role: 'user', content: [{ type: 'file', mediaType: 'audio/mpeg', data: 'AAAA' }] }]),
    ).toThrow(/audio\/mpeg/);
  });

  it('settings the endpoint lacks come back as warnings', async () => {
    const result = await generateText({
      model: minimax('MiniMax-M2.7'),
      prompt: 'Give me JSON',
      seed: 1,
      stopSequences: ['END'],
      presencePenalty: 0.5,
    });
    const features = (result.warnings ?? []).map((w) => ('feature' in w ? w.feature : w.message));
    expect(features).toEqual(expect.arrayContaining(['seed', 'presencePenalty']));
    expect(features.some((f) => f.includes('stop_sequences'))).toBe(true);
    // Sent anyway: every field the caller set reaches the API.
    expect(bodies('/anthropic/v1/messages')[0]?.stop_sequences).toEqual(['END']);
    expect(bodies('/anthropic/v1/messages')[0]).not.toHaveProperty('seed');
  });

  it('JSON output is asked for in the system prompt, with a compatibility warning', async () => {
    const result = await minimax('MiniMax-M2.7').doGenerate({
      prompt: [{ role: 'user', content: [{ type: 'text', text: 'A city' }] }],
      responseFormat: { type: 'json', schema: { type: 'object', properties: { name: { type: 'string' } } } },
    });
    expect(result.warnings).toEqual([
      expect.objectContaining({ type: 'compatibility', feature: 'responseFormat' }),
    ]);
    const system = bodies('/anthropic/v1/messages')[0]?.system as Array<{ text: string }>;
    expect(system.at(-1)?.text).toContain('"properties":{"name":{"type":"string"}}');
  });
});
