/** speech.transcribe / transcribeStream against an injected fetch: the form sent, answers read, errors mapped. */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, expectTypeOf, it } from 'vitest';
import {
  AuthError,
  InvalidParameterError,
  MiniMaxError,
  RateLimitError,
  type Transcription,
  type TranscriptionFormat,
} from '../../src/index.js';
import { fakeFetch, jsonResponse, sseResponse, testClient } from '../helpers/fake-fetch.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stt-unit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function fields(body: unknown): Record<string, FormDataEntryValue> {
  expect(body).toBeInstanceOf(FormData);
  return Object.fromEntries((body as FormData).entries());
}

describe('speech.transcribe', () => {
  it('sends the file and every field as multipart, with model and format defaults', async () => {
    const path = join(dir, 'talk.mp3');
    await writeFile(path, new Uint8Array([9, 8, 7]));
    const { fetch, calls } = fakeFetch(() =>
      jsonResponse(
        { text: 'Hello there.', language: 'en', duration: 1.2 },
        { headers: { 'trace-id': 'tr-1' } },
      ),
    );
    const result = await testClient(fetch).speech.transcribe({
      file: path,
      language: 'en',
      timestamp_level: 'word',
    });

    expect(calls).toHaveLength(1);
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.path).toBe('/v1/speech_to_text');
    const sent = fields(calls[0]!.body);
    expect(Object.keys(sent).sort()).toEqual(['file', 'model', 'response_format', 'timestamp_level']);
    expect(sent.model).toBe('asr-1.0');
    expect(sent.response_format).toBe('json');
    // The API reads the language hint from a header, not from the form.
    expect(calls[0]!.headers.language).toBe('en');
    expect(sent.timestamp_level).toBe('word');
    const file = sent.file as File;
    expect(file.name).toBe('talk.mp3');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(new Uint8Array([9, 8, 7]));
    expect(result).toMatchObject({ text: 'Hello there.', language: 'en', duration: 1.2 });
  });

  it('sends language as a header on the stream too, an empty one as given, and a per-call header wins', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse({ text: '' }));
    const speech = testClient(fetch).speech;
    await speech
      .transcribeStream({ file: new Uint8Array([1]), language: 'yue' })
      .finalText()
      .catch(() => {});
    await speech.transcribe({ file: new Uint8Array([1]), language: '' });
    await speech.transcribe({ file: new Uint8Array([1]), language: 'en' }, { headers: { language: 'ja' } });
    await speech.transcribe({ file: new Uint8Array([1]) });
    expect(calls.map((c) => c.headers.language)).toEqual(['yue', '', 'ja', undefined]);
    expect(calls.every((c) => !(c.body as FormData).has('language'))).toBe(true);
    // A language tag that cannot be a header value is refused before anything is sent.
    await expect(
      speech.transcribe({ file: new Uint8Array([1]), language: 'en\r\nx: y' }),
    ).rejects.toBeInstanceOf(InvalidParameterError);
    expect(calls).toHaveLength(4);
  });

  it('sends a path as a disk-backed file, read only as the request body goes out', async () => {
    const path = join(dir, 'long-talk.mp3');
    await writeFile(path, new Uint8Array(64 * 1024).fill(7));
    let readError: unknown;
    const { fetch } = fakeFetch(async (request) => {
      // A disk-backed part notices the file changed under it; bytes read into memory would not.
      await writeFile(path, new Uint8Array(10));
      const part = fields(request.body).file as File;
      expect(part.size).toBe(64 * 1024);
      readError = await part.arrayBuffer().then(
        () => undefined,
        (error: unknown) => error,
      );
      return jsonResponse({ text: 'ok' });
    });
    await testClient(fetch).speech.transcribe({ file: path });
    expect(readError).toMatchObject({ name: 'NotReadableError' });
  });

  it('takes bytes, a Blob and a web stream', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse({ text: 'ok' }));
    const speech = testClient(fetch).speech;
    await speech.transcribe({ file: new Uint8Array([1]) });
    await speech.transcribe({ file: new Blob([new Uint8Array([2, 2])], { type: 'audio/wav' }) });
    await speech.transcribe({
      file: new ReadableStream<Uint8Array>({
        start(c) {
          c.enqueue(new Uint8Array([3]));
          c.enqueue(new Uint8Array([3, 3]));
          c.close();
        },
      }),
    });
    const sizes = await Promise.all(calls.map((c) => (fields(c.body).file as File).arrayBuffer()));
    expect(sizes.map((b) => b.byteLength)).toEqual([1, 2, 3]);
  });

  it('resolves srt and vtt to the subtitle text', async () => {
    const srt = '1\n00:00:00,000 --> 00:00:01,000\nHi.\n';
    const { fetch, calls } = fakeFetch(
      () => new Response(srt, { headers: { 'content-type': 'application/x-subrip' } }),
    );
    const text: string = await testClient(fetch).speech.transcribe({
      file: new Uint8Array([1]),
      response_format: 'srt',
    });
    expect(text).toBe(srt);
    expect(fields(calls[0]!.body).response_format).toBe('srt');
  });

  it('sends a format it does not know as given, and reads the answer by its content type', async () => {
    const { fetch, calls } = fakeFetch((_request, index) =>
      index === 0
        ? new Response('Hi.', { headers: { 'content-type': 'text/plain' } })
        : jsonResponse({ text: 'Hi.', confidence: 0.9 }),
    );
    const speech = testClient(fetch).speech;
    // Formats are an open union: a value MiniMax adds later needs no new release.
    const format: TranscriptionFormat = 'text';
    const plain = await speech.transcribe({ file: new Uint8Array([1]), response_format: format });
    expectTypeOf(plain).toEqualTypeOf<Transcription | string>();
    expect(plain).toBe('Hi.');
    const json = await speech.transcribe({
      file: new Uint8Array([1]),
      response_format: 'json_with_confidence',
    });
    expect(json).toMatchObject({ text: 'Hi.', confidence: 0.9 });
    expect(calls.map((call) => fields(call.body).response_format)).toEqual(['text', 'json_with_confidence']);
    expectTypeOf<'json' | 'verbose_json' | 'srt' | 'vtt'>().toMatchTypeOf<TranscriptionFormat>();
  });

  it('keeps verbose_json segments and speakers', async () => {
    const segment = { id: 0, start: 0, end: 1.5, text: 'Hi.', speaker: 'speaker_0' };
    const { fetch } = fakeFetch(() =>
      jsonResponse({ text: 'Hi.', segments: [segment], n_speakers: 1, trace_id: 'tr-v' }),
    );
    const result = await testClient(fetch).speech.transcribe({
      file: new Uint8Array([1]),
      response_format: 'verbose_json',
    });
    expect(result.segments).toEqual([segment]);
    expect(result.n_speakers).toBe(1);
    expect(result.trace_id).toBe('tr-v');
  });

  it('maps OpenAI-style error envelopes and MiniMax base_resp errors', async () => {
    const answers = [
      jsonResponse(
        { error: { message: 'bad key', type: 'authentication_error', code: '1004' } },
        { status: 401 },
      ),
      jsonResponse(
        { error: { message: 'file exceeds 50 MB', type: 'invalid_request_error' } },
        { status: 400 },
      ),
      jsonResponse({ base_resp: { status_code: 1002, status_msg: 'rate limit' } }),
    ];
    const { fetch } = fakeFetch((_r, i) => answers[i]!);
    const speech = testClient(fetch, { maxRetries: 0 }).speech;
    await expect(speech.transcribe({ file: new Uint8Array([1]) })).rejects.toBeInstanceOf(AuthError);
    const tooBig = speech.transcribe({ file: new Uint8Array([1]) });
    await expect(tooBig).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(tooBig).rejects.toThrow('file exceeds 50 MB');
    await expect(speech.transcribe({ file: new Uint8Array([1]) })).rejects.toBeInstanceOf(RateLimitError);
  });

  it('rejects bad input before sending anything', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse({ text: '' }));
    const speech = testClient(fetch).speech;
    // @ts-expect-error file is required
    await expect(speech.transcribe({})).rejects.toThrow('file is required');
    await expect(
      // @ts-expect-error a format is a string
      speech.transcribe({ file: new Uint8Array([1]), response_format: 7 }),
    ).rejects.toThrow('response_format must be a string');
    await expect(
      // @ts-expect-error language is a string
      speech.transcribe({ file: new Uint8Array([1]), language: { code: 'en' } }),
    ).rejects.toThrow('language must be a string');
    expect(() => speech.transcribeStream({ file: new Uint8Array([1]), response_format: 'srt' })).toThrow(
      InvalidParameterError,
    );
    expect(calls).toHaveLength(0);
  });
});

describe('speech.transcribeStream', () => {
  it('sends stream=true and yields the deltas; finalText is the done event text', async () => {
    const { fetch, calls } = fakeFetch(() =>
      sseResponse([
        'data: {"type":"transcript.text.delta","delta":"Hello"}\n\n',
        'data: {"type":"transcript.text.delta","delta":" world"}\n\ndata: {"type":"transcript.text.done","text":"Hello world."}\n\n',
        'data: [DONE]\n\n',
      ]),
    );
    const stream = testClient(fetch).speech.transcribeStream({ file: new Uint8Array([1]) });
    const deltas: string[] = [];
    for await (const delta of stream) deltas.push(delta);
    expect(deltas).toEqual(['Hello', ' world']);
    expect(await stream.finalText()).toBe('Hello world.');
    expect(fields(calls[0]!.body).stream).toBe('true');
  });

  it('finalText reads an unread stream', async () => {
    const { fetch } = fakeFetch(() =>
      sseResponse([
        'data: {"type":"transcript.text.delta","delta":"A"}\n\n',
        'data: {"type":"transcript.text.done","text":"A."}\n\n',
      ]),
    );
    expect(
      await testClient(fetch)
        .speech.transcribeStream({ file: new Uint8Array([1]) })
        .finalText(),
    ).toBe('A.');
  });

  it('throws when the stream ends before its done event, and on an error event', async () => {
    const answers = [
      sseResponse(['data: {"type":"transcript.text.delta","delta":"A"}\n\n']),
      sseResponse([
        'data: {"type":"transcript.text.delta","delta":"A"}\n\n',
        'data: {"type":"error","base_resp":{"status_code":1002,"status_msg":"rate limit"}}\n\n',
      ]),
    ];
    const { fetch } = fakeFetch((_r, i) => answers[i]!);
    const speech = testClient(fetch, { maxRetries: 0 }).speech;
    await expect(speech.transcribeStream({ file: new Uint8Array([1]) }).finalText()).rejects.toThrow(
      'ended before its final event',
    );
    const failed = speech.transcribeStream({ file: new Uint8Array([1]) }).finalText();
    await expect(failed).rejects.toBeInstanceOf(RateLimitError);
    await expect(failed).rejects.toBeInstanceOf(MiniMaxError);
  });
});
