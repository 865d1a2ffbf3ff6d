import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  AuthError,
  InvalidParameterError,
  MiniMaxError,
  ServerError,
  UPLOAD_PURPOSES,
} from '../../src/index.js';
import { fakeFetch, jsonResponse, ok, TEST_KEY, testClient } from '../helpers/fake-fetch.js';

const FILE = {
  file_id: 205258526306433,
  bytes: 5896337,
  created_at: 1700469398,
  filename: 'sample.mp3',
  purpose: 'voice_clone',
};

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mm-files-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

function formEntries(body: unknown): [string, FormDataEntryValue][] {
  expect(body).toBeInstanceOf(FormData);
  return [...(body as FormData).entries()];
}

describe('files.upload', () => {
  it('sends purpose then file as multipart, the file named after the path', async () => {
    const path = join(dir, 'sample.mp3');
    await writeFile(path, new Uint8Array([1, 2, 3, 4]));
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({ file: FILE, trace_id: 'tr-up' })));
    const info = await testClient(fetch).files.upload({ file: path, purpose: 'voice_clone' });

    expect(calls).toHaveLength(1);
    const [call] = calls;
    expect(call!.method).toBe('POST');
    expect(call!.path).toBe('/v1/files/upload');
    expect(call!.headers.authorization).toBe(`Bearer ${TEST_KEY}`);
    // fetch sets the multipart boundary itself; a JSON content type would break the upload.
    expect(call!.headers['content-type']).toBeUndefined();
    const entries = formEntries(call!.body);
    expect(entries.map(([key]) => key)).toEqual(['purpose', 'file']);
    expect(entries[0]![1]).toBe('voice_clone');
    const file = entries[1]![1] as File;
    expect(file.name).toBe('sample.mp3');
    expect(file.type).toBe('audio/mpeg');
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3, 4]));

    expect(info).toEqual({
      file_id: '205258526306433',
      bytes: 5896337,
      created_at: 1700469398,
      filename: 'sample.mp3',
      purpose: 'voice_clone',
      download_url: null,
      trace_id: 'tr-up',
    });
  });

  it('accepts a File, a Blob, bytes, a web stream and a Node stream', async () => {
    const path = join(dir, 'clip.wav');
    await writeFile(path, 'RIFF');
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({ file: FILE })));
    const client = testClient(fetch);
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([7, 8]));
        controller.close();
      },
    });
    await client.files.upload({
      file: new File(['abc'], 'a.m4a', { type: 'audio/mp4' }),
      purpose: 'prompt_audio',
    });
    await client.files.upload({ file: new Blob(['xyz']), purpose: 't2a_async_input' });
    await client.files.upload({ file: new Uint8Array([9]), purpose: 'voice_clone' });
    await client.files.upload({ file: web, purpose: 'voice_clone' });
    await client.files.upload({ file: createReadStream(path), purpose: 'voice_clone' });

    const files = calls.map((call) => formEntries(call.body)[1]![1] as File);
    expect(files.map((f) => f.name)).toEqual(['a.m4a', 'upload', 'upload', 'upload', 'clip.wav']);
    expect(files[0]!.type).toBe('audio/mp4');
    expect(files[4]!.type).toBe('audio/wav');
    expect(new Uint8Array(await files[3]!.arrayBuffer())).toEqual(new Uint8Array([7, 8]));
    expect(await files[4]!.text()).toBe('RIFF');
    expect(calls.map((call) => formEntries(call.body)[0]![1])).toEqual([
      'prompt_audio',
      't2a_async_input',
      'voice_clone',
      'voice_clone',
      'voice_clone',
    ]);
  });

  it('rebuilds the form for a retry, reading a one-shot stream only once', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const web = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array([1, 2, 3]));
        controller.close();
      },
    });
    const { fetch, calls } = fakeFetch((_req, i) =>
      i === 0 ? new Response('busy', { status: 503 }) : jsonResponse(ok({ file: FILE })),
    );
    const info = await testClient(fetch, { maxRetries: 1 }).files.upload({
      file: web,
      purpose: 'voice_clone',
    });
    expect(info.file_id).toBe('205258526306433');
    expect(calls).toHaveLength(2);
    expect(calls[0]!.body).not.toBe(calls[1]!.body);
    const second = formEntries(calls[1]!.body);
    expect(second.map(([key]) => key)).toEqual(['purpose', 'file']);
    expect(new Uint8Array(await (second[1]![1] as File).arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
  });

  it.each(['voice', '', 'VOICE_CLONE', 'video_generation', undefined])(
    'rejects purpose %j before any request',
    async (purpose) => {
      const { fetch, calls } = fakeFetch(() => jsonResponse(ok({ file: FILE })));
      const error = await testClient(fetch)
        .files.upload({ file: new Uint8Array([1]), purpose: purpose as 'voice_clone' })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(InvalidParameterError);
      expect((error as InvalidParameterError).code).toBe(0);
      expect((error as Error).message).toContain('Invalid upload purpose');
      expect((error as Error).message).toContain(
        'prompt_audio, t2a_async_input, video_generation_input, video_understanding, voice_clone',
      );
      expect(calls).toHaveLength(0);
    },
  );

  it('lists the allowed purposes sorted', () => {
    expect(UPLOAD_PURPOSES).toEqual([...UPLOAD_PURPOSES].sort());
  });

  it('rejects a missing file and an unreadable path without a request', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({ file: FILE })));
    const client = testClient(fetch);
    await expect(
      client.files.upload({ file: undefined as unknown as string, purpose: 'voice_clone' }),
    ).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(
      client.files.upload({ file: join(dir, 'missing.mp3'), purpose: 'voice_clone' }),
    ).rejects.toThrow(/Cannot read file/);
    expect(calls).toHaveLength(0);
  });

  it('maps an API error and explains a missing file object', async () => {
    const { fetch } = fakeFetch((_req, i) =>
      i === 0
        ? jsonResponse({ base_resp: { status_code: 1004, status_msg: 'login fail' } })
        : jsonResponse(ok({ trace_id: 'tr-x' })),
    );
    const client = testClient(fetch);
    await expect(
      client.files.upload({ file: new Uint8Array([1]), purpose: 'voice_clone' }),
    ).rejects.toBeInstanceOf(AuthError);
    const error = await client.files
      .upload({ file: new Uint8Array([1]), purpose: 'voice_clone' })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect((error as MiniMaxError).message).toMatch(/no "file" object/);
    expect((error as MiniMaxError).trace_id).toBe('tr-x');
  });
});

describe('files.list', () => {
  it('GETs by purpose and parses every file', async () => {
    const { fetch, calls } = fakeFetch(() =>
      jsonResponse(
        ok({
          files: [FILE, { ...FILE, file_id: '42', filename: 'b.wav', bytes: '10' }],
          trace_id: 'tr-list',
        }),
      ),
    );
    const files = await testClient(fetch).files.list({ purpose: 'voice_clone' });
    expect(calls[0]!.method).toBe('GET');
    expect(calls[0]!.path).toBe('/v1/files/list');
    expect(calls[0]!.query).toEqual({ purpose: 'voice_clone' });
    expect(calls[0]!.body).toBeUndefined();
    expect(files).toHaveLength(2);
    expect(files[0]!.file_id).toBe('205258526306433');
    expect(files[1]).toMatchObject({ file_id: '42', filename: 'b.wav', bytes: 10 });
    expect(files.trace_id).toBe('tr-list');
  });

  it('treats a missing or null files key as no files', async () => {
    const { fetch } = fakeFetch((_req, i) => jsonResponse(ok(i === 0 ? {} : { files: null })));
    const client = testClient(fetch);
    expect([...(await client.files.list({ purpose: 't2a_async' }))]).toEqual([]);
    expect([...(await client.files.list({ purpose: 't2a_async' }))]).toEqual([]);
  });
});

describe('files.retrieve', () => {
  it('sends file_id as an integer and returns the download URL', async () => {
    const { fetch, calls } = fakeFetch(() =>
      jsonResponse(ok({ file: { ...FILE, file_id: 999, download_url: 'https://cdn.test/v.mp4' } })),
    );
    const client = testClient(fetch);
    const info = await client.files.retrieve({ file_id: '999' });
    await client.files.retrieve({ file_id: 999 });
    await client.files.retrieve({ file_id: 999n });
    await client.files.retrieve({ file_id: ' 000999 ' });
    expect(calls.map((c) => c.url)).toEqual(Array(4).fill('https://api.test/v1/files/retrieve?file_id=999'));
    expect(calls[0]!.method).toBe('GET');
    expect(info.file_id).toBe('999');
    expect(info.download_url).toBe('https://cdn.test/v.mp4');
  });

  it('keeps a 64-bit id exact in the query', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({ file: { file_id: '9007199254740993' } })));
    const info = await testClient(fetch).files.retrieve({ file_id: '9007199254740993' });
    expect(calls[0]!.query.file_id).toBe('9007199254740993');
    expect(info.file_id).toBe('9007199254740993');
  });

  it('reads a file object with only a download_url, keeping unknown fields', async () => {
    const { fetch } = fakeFetch(() =>
      jsonResponse(ok({ file: { download_url: 'https://cdn.test/x', region: 'sg' } })),
    );
    const info = await testClient(fetch).files.retrieve({ file_id: 1 });
    expect(info).toMatchObject({
      file_id: '',
      bytes: 0,
      created_at: 0,
      filename: '',
      purpose: '',
      download_url: 'https://cdn.test/x',
      region: 'sg',
    });
  });

  it.each(['', 'abc', '12a', '0', '-5', 0, -1, 1.5, Number.NaN, 2 ** 60, null, undefined])(
    'rejects file_id %j before any request',
    async (file_id) => {
      const { fetch, calls } = fakeFetch(() => jsonResponse(ok({ file: FILE })));
      const client = testClient(fetch);
      for (const call of [
        () => client.files.retrieve({ file_id: file_id as string }),
        () => client.files.retrieveContent({ file_id: file_id as string }),
        () => client.files.delete({ file_id: file_id as string, purpose: 'voice_clone' }),
      ]) {
        const error = await call().catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidParameterError);
        expect((error as InvalidParameterError).code).toBe(0);
        expect((error as Error).message).toContain('file_id');
      }
      expect(calls).toHaveLength(0);
    },
  );

  it('raises a clear error when the file object is missing', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(ok({ trace_id: 'tr-r' })));
    const error = await testClient(fetch)
      .files.retrieve({ file_id: 1 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect((error as MiniMaxError).trace_id).toBe('tr-r');
  });
});

describe('files.retrieveContent', () => {
  it('GETs the bytes with an integer file_id', async () => {
    const { fetch, calls } = fakeFetch(
      () => new Response(new Uint8Array([0, 1, 254, 255]), { headers: { 'content-type': 'audio/mpeg' } }),
    );
    const bytes = await testClient(fetch).files.retrieveContent({ file_id: '999' });
    expect(calls[0]!.method).toBe('GET');
    expect(calls[0]!.path).toBe('/v1/files/retrieve_content');
    expect(calls[0]!.query).toEqual({ file_id: '999' });
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...bytes]).toEqual([0, 1, 254, 255]);
  });

  it('maps a JSON error answered with 200, and an HTTP error', async () => {
    const { fetch } = fakeFetch((_req, i) =>
      i === 0
        ? jsonResponse({ base_resp: { status_code: 1004, status_msg: 'login fail' } })
        : new Response('oops', { status: 500 }),
    );
    const client = testClient(fetch);
    await expect(client.files.retrieveContent({ file_id: 1 })).rejects.toBeInstanceOf(AuthError);
    const error = await client.files.retrieveContent({ file_id: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerError);
    expect((error as ServerError).status).toBe(500);
  });
});

describe('files.delete', () => {
  it('POSTs {file_id: <int>, purpose} and returns nothing', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({ file_id: 999 })));
    const client = testClient(fetch);
    const result = await client.files.delete({ file_id: '999', purpose: 'voice_clone' });
    expect(result).toBeUndefined();
    expect(calls[0]!.method).toBe('POST');
    expect(calls[0]!.path).toBe('/v1/files/delete');
    expect(calls[0]!.headers['content-type']).toBe('application/json');
    expect(calls[0]!.body).toEqual({ file_id: 999, purpose: 'voice_clone' });
    expect(Object.keys(calls[0]!.body as object).sort()).toEqual(['file_id', 'purpose'].sort());
  });

  it('writes a 64-bit id without rounding it', async () => {
    let sent = '';
    const fetchImpl = (async (_url: RequestInfo | URL, init?: RequestInit) => {
      sent = String(init?.body);
      return jsonResponse(ok({}));
    }) as typeof fetch;
    await testClient(fetchImpl).files.delete({ file_id: '9007199254740993', purpose: 't2a_async' });
    const hasRawJSON = typeof (JSON as { rawJSON?: unknown }).rawJSON === 'function';
    expect(sent).toBe(
      hasRawJSON
        ? '{"file_id":9007199254740993,"purpose":"t2a_async"}'
        : '{"file_id":"9007199254740993","purpose":"t2a_async"}',
    );
  });

  it('offers the raw response through withResponse()', async () => {
    const { fetch } = fakeFetch(() => jsonResponse(ok({}), { headers: { 'trace-id': 'tr-del' } }));
    const { data, response } = await testClient(fetch)
      .files.delete({ file_id: 5, purpose: 'voice_clone' })
      .withResponse();
    expect(data).toBeUndefined();
    expect(response.headers.get('trace-id')).toBe('tr-del');
  });
});
