import { createReadStream } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readJSON } from '../../src/core/transport.js';
import { mimeFromName } from '../../src/core/uploads.js';
import { InvalidParameterError, toFile } from '../../src/index.js';
import { fakeFetch, jsonResponse, ok, testClient } from '../helpers/fake-fetch.js';

const BYTES = new Uint8Array([0x49, 0x44, 0x33, 1, 2, 3, 250, 251]);

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'minimax-upload-'));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

async function contents(file: File): Promise<Uint8Array> {
  return new Uint8Array(await file.arrayBuffer());
}

function webStream(parts: Uint8Array[]): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(part);
      controller.close();
    },
  });
}

describe('toFile', () => {
  it('reads a local path, naming the file after it', async () => {
    const path = join(dir, 'voice sample.mp3');
    await writeFile(path, BYTES);
    const file = await toFile(path);
    expect(file).toBeInstanceOf(File);
    expect(file.name).toBe('voice sample.mp3');
    expect(file.type).toBe('audio/mpeg');
    expect(await contents(file)).toEqual(BYTES);
  });

  it('lets an explicit name and type win', async () => {
    const path = join(dir, 'a.mp3');
    await writeFile(path, BYTES);
    const file = await toFile(path, 'renamed.wav', { type: 'audio/x-custom' });
    expect(file.name).toBe('renamed.wav');
    expect(file.type).toBe('audio/x-custom');
  });

  it('throws InvalidParameterError for a missing path or a folder', async () => {
    await expect(toFile(join(dir, 'missing.mp3'))).rejects.toBeInstanceOf(InvalidParameterError);
    await expect(toFile(join(dir, 'missing.mp3'))).rejects.toThrow(/missing\.mp3.*ENOENT/);
    await mkdir(join(dir, 'folder'));
    await expect(toFile(join(dir, 'folder'))).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it('returns a File as is, or renames it keeping its type', async () => {
    const original = new File([BYTES], 'clip.wav', { type: 'audio/wav' });
    expect(await toFile(original)).toBe(original);
    expect(await toFile(original, 'clip.wav')).toBe(original);
    const renamed = await toFile(original, 'other.mp3');
    expect(renamed.name).toBe('other.mp3');
    expect(renamed.type).toBe('audio/wav');
    expect(await contents(renamed)).toEqual(BYTES);
  });

  it('wraps a Blob, keeping its type, defaulting the name to "upload"', async () => {
    const typed = await toFile(new Blob([BYTES], { type: 'audio/flac' }));
    expect(typed.name).toBe('upload');
    expect(typed.type).toBe('audio/flac');
    expect(await contents(typed)).toEqual(BYTES);
    const untyped = await toFile(new Blob([BYTES]), 'x.m4a');
    expect(untyped.type).toBe('audio/mp4');
  });

  it('takes a Buffer, a Uint8Array view and an ArrayBuffer', async () => {
    const buffer = await toFile(Buffer.from(BYTES), 'b.mp3');
    expect(await contents(buffer)).toEqual(BYTES);
    expect(buffer.type).toBe('audio/mpeg');

    const backing = new Uint8Array([9, 9, ...BYTES, 9]);
    const view = await toFile(backing.subarray(2, 2 + BYTES.length), 'v.bin');
    expect(await contents(view)).toEqual(BYTES);
    expect(view.type).toBe('application/octet-stream');

    const arrayBuffer = await toFile(BYTES.slice().buffer, 'a.wav');
    expect(await contents(arrayBuffer)).toEqual(BYTES);
    expect(arrayBuffer.type).toBe('audio/wav');
  });

  it('reads a web ReadableStream', async () => {
    const file = await toFile(webStream([BYTES.subarray(0, 3), BYTES.subarray(3)]), 's.flac');
    expect(await contents(file)).toEqual(BYTES);
    expect(file.name).toBe('s.flac');
    expect(file.type).toBe('audio/flac');
  });

  it('reads a web ReadableStream that cannot be iterated with for await (Safari)', async () => {
    const stream = webStream([BYTES]);
    Object.defineProperty(stream, Symbol.asyncIterator, { value: undefined });
    const file = await toFile(stream, 'safari.mp3');
    expect(await contents(file)).toEqual(BYTES);
  });

  it('reads fs.createReadStream, naming the file after its path', async () => {
    const path = join(dir, 'song.wav');
    await writeFile(path, BYTES);
    const file = await toFile(createReadStream(path));
    expect(file.name).toBe('song.wav');
    expect(file.type).toBe('audio/wav');
    expect(await contents(file)).toEqual(BYTES);
  });

  it('reads a Node stream and an async iterable of strings', async () => {
    const fromNode = await toFile(Readable.from([Buffer.from([1, 2]), Buffer.from([3])]), 'n.bin');
    expect(await contents(fromNode)).toEqual(new Uint8Array([1, 2, 3]));
    async function* text() {
      yield 'hé';
      yield 'llo';
    }
    const fromText = await toFile(text(), 'notes.txt');
    expect(new TextDecoder().decode(await contents(fromText))).toBe('héllo');
    expect(fromText.type).toBe('text/plain');
  });

  it('reads a Response, naming the file after its URL', async () => {
    const response = new Response(BYTES);
    Object.defineProperty(response, 'url', { value: 'https://cdn.example/path/my%20clip.mp3?sig=1' });
    const file = await toFile(response);
    expect(file.name).toBe('my clip.mp3');
    expect(file.type).toBe('audio/mpeg');
    expect(await contents(file)).toEqual(BYTES);
    const anonymous = await toFile(new Response(BYTES));
    expect(anonymous.name).toBe('upload');
    const folder = new Response(BYTES);
    Object.defineProperty(folder, 'url', { value: 'https://cdn.example/dir/' });
    expect((await toFile(folder)).name).toBe('upload');
  });

  it.each([
    ['a number', 42],
    ['a plain object', { name: 'x.mp3' }],
    ['null', null],
    ['undefined', undefined],
    ['a boolean', true],
  ])('rejects %s with InvalidParameterError', async (_label, value) => {
    await expect(toFile(value as never)).rejects.toBeInstanceOf(InvalidParameterError);
  });
});

describe('mimeFromName', () => {
  it.each([
    ['a.mp3', 'audio/mpeg'],
    ['A.MP3', 'audio/mpeg'],
    ['x.m4a', 'audio/mp4'],
    ['x.wav', 'audio/wav'],
    ['x.flac', 'audio/flac'],
    ['x.ogg', 'audio/ogg'],
    ['x.pcm', 'audio/L16'],
    ['x.txt', 'text/plain'],
    ['x.zip', 'application/zip'],
    ['x.png', 'image/png'],
    ['x.jpg', 'image/jpeg'],
    ['x.jpeg', 'image/jpeg'],
    ['x.webp', 'image/webp'],
    ['x.mp4', 'video/mp4'],
    ['x.json', 'application/json'],
    ['archive.tar.gz', 'application/octet-stream'],
    ['upload', 'application/octet-stream'],
    ['mp3', 'application/octet-stream'],
    ['', 'application/octet-stream'],
    ['trailing.', 'application/octet-stream'],
  ])('%j -> %s', (name, type) => {
    expect(mimeFromName(name)).toBe(type);
  });
});

describe('multipart through the transport', () => {
  it('sends purpose then file, rebuilding the form for a retry', async () => {
    // Real timers: the form reads a real file, and fake timers would fire the deadline during that I/O.
    vi.spyOn(Math, 'random').mockReturnValue(0);
    const path = join(dir, 'clone.mp3');
    await writeFile(path, BYTES);
    const forms: FormData[] = [];
    const { fetch, calls } = fakeFetch((request, i) => {
      forms.push(request.body as FormData);
      return i === 0 ? new Response('busy', { status: 503 }) : jsonResponse(ok({ file: { file_id: 1 } }));
    });
    const client = testClient(fetch, { maxRetries: 1 });
    const pending = client._transport.request(
      {
        method: 'POST',
        path: '/v1/files/upload',
        form: async () => {
          const form = new FormData();
          form.append('purpose', 'voice_clone');
          form.append('file', await toFile(path));
          return form;
        },
      },
      {},
      readJSON,
    );
    await expect(pending).resolves.toMatchObject({ file: { file_id: 1 } });
    expect(calls).toHaveLength(2);
    expect(forms[0]).not.toBe(forms[1]);
    for (const form of forms) {
      expect([...form.keys()]).toEqual(['purpose', 'file']);
      expect(form.get('purpose')).toBe('voice_clone');
      const file = form.get('file') as File;
      expect(file.name).toBe('clone.mp3');
      expect(file.type).toBe('audio/mpeg');
      expect(await contents(file)).toEqual(BYTES);
    }
    expect(calls[0]?.headers['content-type']).toBeUndefined();
  });

  it('fails before sending when the form cannot be built', async () => {
    const { fetch, calls } = fakeFetch(() => jsonResponse(ok({})));
    const client = testClient(fetch);
    const pending = client._transport.request(
      {
        method: 'POST',
        path: '/v1/files/upload',
        form: async () => {
          const form = new FormData();
          form.append('file', await toFile(join(dir, 'nope.mp3')));
          return form;
        },
      },
      {},
      readJSON,
    );
    await expect(pending).rejects.toBeInstanceOf(InvalidParameterError);
    expect(calls).toHaveLength(0);
  });
});
