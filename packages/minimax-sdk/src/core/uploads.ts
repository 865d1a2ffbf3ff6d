/** `toFile()`: one way to turn anything a user might hold into a `File` for multipart uploads. */
import { InvalidParameterError, ownEntry } from './errors.js';
import { readLocalFile } from './node-fs.js';

/** What an upload accepts. A string is a local path (Node, Bun, Deno). */
export type Uploadable =
  | string
  | Blob
  | File
  | Uint8Array
  | ArrayBuffer
  | ReadableStream<Uint8Array>
  | AsyncIterable<Uint8Array | string>
  | Response;

const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  mp3: 'audio/mpeg',
  m4a: 'audio/mp4',
  wav: 'audio/wav',
  flac: 'audio/flac',
  ogg: 'audio/ogg',
  opus: 'audio/ogg',
  pcm: 'audio/L16',
  ulaw: 'audio/basic',
  txt: 'text/plain',
  zip: 'application/zip',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  mp4: 'video/mp4',
  json: 'application/json',
};

/** A MIME type guessed from a file name's extension. */
export function mimeFromName(name: string): string {
  const dot = name.lastIndexOf('.');
  // A name without a dot ("mp3", "upload") has no extension to go by.
  const extension = dot === -1 ? '' : name.slice(dot + 1).toLowerCase();
  return ownEntry(MIME_BY_EXTENSION, extension) ?? 'application/octet-stream';
}

/** The last path segment; `''` for a path ending in a separator (a URL like `https://host/`). */
function baseName(value: string): string {
  return value.split(/[\\/]/).pop() ?? '';
}

/** Reads a web stream through its reader: Safari and older browsers cannot `for await` one. */
async function collectStream(stream: ReadableStream<Uint8Array>): Promise<Uint8Array[]> {
  const parts: Uint8Array[] = [];
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return parts;
      parts.push(typeof value === 'string' ? new TextEncoder().encode(value) : value);
    }
  } finally {
    reader.releaseLock();
  }
}

function decodedBaseName(path: string): string {
  const name = baseName(path);
  try {
    return decodeURIComponent(name);
  } catch {
    return name;
  }
}

async function collect(source: AsyncIterable<Uint8Array | string>): Promise<Uint8Array[]> {
  const parts: Uint8Array[] = [];
  const encoder = new TextEncoder();
  for await (const part of source) parts.push(typeof part === 'string' ? encoder.encode(part) : part);
  return parts;
}

/**
 * Turns a path, Blob/File, bytes, a web `ReadableStream`, a Node stream (e.g. `fs.createReadStream`)
 * or a `Response` into a `File`. The name comes from `name`, else from the source (path basename,
 * `File.name`, a Node stream's `path`), else `upload`.
 *
 * @example
 * await client.files.upload({ file: await toFile(fs.createReadStream('a.mp3')), purpose: 'voice_clone' });
 * await client.files.upload({ file: 'a.mp3', purpose: 'voice_clone' }); // paths work directly
 */
export async function toFile(
  source: Uploadable,
  name?: string,
  options: { type?: string } = {},
): Promise<File> {
  let parts: BlobPart[];
  let inferred: string | undefined;
  if (typeof source === 'string') {
    const file = await readLocalFile(source);
    // A file-backed Blob stays on disk: the File made from it streams when the form is sent.
    parts = [file.data as Blob | Uint8Array<ArrayBuffer>];
    inferred = file.name;
  } else if (typeof File !== 'undefined' && source instanceof File) {
    if (!name || name === source.name) return source;
    parts = [source];
    inferred = source.name;
  } else if (source instanceof Blob) {
    parts = [source];
  } else if (source instanceof Uint8Array || source instanceof ArrayBuffer) {
    parts = [source as Uint8Array<ArrayBuffer>];
  } else if (typeof Response !== 'undefined' && source instanceof Response) {
    parts = [await source.arrayBuffer()];
    const path = new URL(source.url || 'file:///upload').pathname;
    inferred = decodedBaseName(path) || undefined;
  } else if (source && typeof (source as ReadableStream).getReader === 'function') {
    parts = (await collectStream(source as ReadableStream<Uint8Array>)) as Uint8Array<ArrayBuffer>[];
  } else if (source && typeof (source as AsyncIterable<Uint8Array>)[Symbol.asyncIterator] === 'function') {
    const streamPath = (source as { path?: unknown }).path;
    if (typeof streamPath === 'string') inferred = baseName(streamPath) || undefined;
    parts = (await collect(source as AsyncIterable<Uint8Array>)) as Uint8Array<ArrayBuffer>[];
  } else {
    throw new InvalidParameterError(
      'Unsupported file input: pass a path, Blob, File, Uint8Array, ArrayBuffer, ReadableStream, Node stream or Response.',
    );
  }
  const fileName = name ?? inferred ?? 'upload';
  const type = options.type ?? (source instanceof Blob && source.type ? source.type : mimeFromName(fileName));
  return new File(parts, fileName, { type });
}
