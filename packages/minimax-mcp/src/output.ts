/**
 * Where tool outputs go: files written atomically into the configured folder, or embedded in the
 * result as MCP resources.
 */
import { randomBytes } from 'node:crypto';
import { join, resolve } from 'node:path';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { InvalidParameterError, writeFileAtomic } from 'minimax-sdk';

/** `file`: written under the output folder, returned as a path and a `resource_link`. `resource`: embedded. */
export type OutputMode = 'file' | 'resource';

export type Content = CallToolResult['content'][number];

const MIME: Readonly<Record<string, string>> = {
  mp3: 'audio/mpeg',
  wav: 'audio/wav',
  flac: 'audio/flac',
  pcm: 'audio/pcm',
  opus: 'audio/ogg',
  ogg: 'audio/ogg',
  ulaw: 'audio/basic',
  mp4: 'video/mp4',
  png: 'image/png',
  jpeg: 'image/jpeg',
  jpg: 'image/jpeg',
  webp: 'image/webp',
  zip: 'application/zip',
  tar: 'application/x-tar',
  json: 'application/json',
  txt: 'text/plain',
  bin: 'application/octet-stream',
};

const ascii = (bytes: Uint8Array, start: number, end: number) =>
  String.fromCharCode(...bytes.subarray(start, end));

/** The file type of some bytes, from their magic numbers; `fallback` when none matches. */
export function sniffExtension(bytes: Uint8Array, fallback = 'bin'): string {
  if (ascii(bytes, 1, 4) === 'PNG') return 'png';
  if (bytes[0] === 0xff && bytes[1] === 0xd8) return 'jpg';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WAVE') return 'wav';
  if (ascii(bytes, 0, 4) === 'RIFF' && ascii(bytes, 8, 12) === 'WEBP') return 'webp';
  if (ascii(bytes, 0, 3) === 'ID3' || (bytes[0] === 0xff && ((bytes[1] ?? 0) & 0xe0) === 0xe0)) return 'mp3';
  if (ascii(bytes, 0, 4) === 'fLaC') return 'flac';
  if (ascii(bytes, 0, 4) === 'OggS') return 'ogg';
  if (ascii(bytes, 4, 8) === 'ftyp') return 'mp4';
  if (ascii(bytes, 0, 2) === 'PK') return 'zip';
  if (ascii(bytes, 257, 262) === 'ustar') return 'tar';
  return fallback;
}

export function mimeOf(extension: string): string {
  return Object.hasOwn(MIME, extension) ? MIME[extension]! : 'application/octet-stream';
}

/** A caller-chosen file name must stay inside the output folder: a bare name, no path. */
export function checkFilename(name: string): string {
  if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
    throw new InvalidParameterError(
      `filename must be a bare file name without folders, got ${JSON.stringify(name)}.`,
    );
  }
  return name;
}

export interface OutputSettings {
  mode: OutputMode;
  /** Absolute folder for `file` mode. */
  dir: string;
}

export interface OutputItem {
  bytes: Uint8Array;
  /** Extension without the dot (`mp3`); sniffed from the bytes when not given. */
  extension?: string | undefined;
  /** What the file is, for the default name (`speech`, `image`, …). */
  kind: string;
}

/**
 * Turns produced bytes into tool content: a `resource_link` to the written file (with its path in
 * the text), or an embedded resource (`image` content for images).
 */
export async function emit(
  items: OutputItem[],
  settings: OutputSettings,
  options: { output?: OutputMode | undefined; filename?: string | undefined },
): Promise<{ content: Content[]; files: string[] }> {
  const mode = options.output ?? settings.mode;
  const content: Content[] = [];
  const files: string[] = [];
  const stamp = `${Date.now()}-${randomBytes(3).toString('hex')}`;
  for (const [i, item] of items.entries()) {
    const extension = item.extension ?? sniffExtension(item.bytes);
    const mimeType = mimeOf(extension);
    let name: string;
    if (options.filename !== undefined) {
      const base = checkFilename(options.filename);
      name = items.length === 1 ? base : base.replace(/(\.[^.]*)?$/, (ext) => `-${i + 1}${ext}`);
    } else {
      name = `${item.kind}-${stamp}${items.length > 1 ? `-${i + 1}` : ''}.${extension}`;
    }
    if (mode === 'file') {
      const path = resolve(join(settings.dir, name));
      await writeFileAtomic(path, item.bytes);
      files.push(path);
      content.push({
        type: 'resource_link',
        uri: `file://${path}`,
        name,
        mimeType,
        description: `${item.kind}, ${item.bytes.byteLength} bytes`,
      });
    } else if (mimeType.startsWith('image/')) {
      content.push({ type: 'image', data: Buffer.from(item.bytes).toString('base64'), mimeType });
    } else {
      content.push({
        type: 'resource',
        resource: {
          uri: `minimax://output/${name}`,
          mimeType,
          blob: Buffer.from(item.bytes).toString('base64'),
        },
      });
    }
  }
  return { content, files };
}
