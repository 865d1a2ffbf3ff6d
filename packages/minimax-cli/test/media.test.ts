import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { type MockServer, startMockServer } from 'minimax-sdk/mock';
import { parseBuffer } from 'music-metadata';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { audioFromArchive, isArchive, mediaDurationMs, tarEntries, zipEntries } from '../src/media.js';
import { at, runCli, tempDir } from './helpers.js';

function tar(files: Record<string, Uint8Array>): Uint8Array {
  const blocks: Buffer[] = [];
  for (const [name, data] of Object.entries(files)) {
    const header = Buffer.alloc(512);
    header.write(name, 0, 'utf8');
    header.write('0000644\0', 100);
    header.write(`${data.byteLength.toString(8).padStart(11, '0')}\0`, 124);
    header.write('0', 156);
    header.write('ustar\u000000', 257, 'binary');
    blocks.push(header, Buffer.from(data), Buffer.alloc((512 - (data.byteLength % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

function zip(files: Record<string, Uint8Array>): Uint8Array {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of Object.entries(files)) {
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.byteLength, 18);
    local.writeUInt32LE(data.byteLength, 22);
    local.writeUInt16LE(nameBytes.byteLength, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(packed.byteLength, 20);
    central.writeUInt32LE(data.byteLength, 24);
    central.writeUInt16LE(nameBytes.byteLength, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.byteLength + packed.byteLength;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(directory.byteLength, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

let mock: MockServer;
let dir: Awaited<ReturnType<typeof tempDir>>;
const clips: Record<string, Buffer> = {};

beforeAll(async () => {
  mock = await startMockServer();
  dir = await tempDir();
  for (const format of ['mp3', 'wav', 'flac']) {
    const file = join(dir.path, `clip.${format}`);
    const result = await runCli([
      'speech',
      'Measure me, please, from the header.',
      '-o',
      file,
      ...at(mock.url),
    ]);
    expect(result.code).toBe(0);
    clips[format] = await readFile(file);
  }
});

afterAll(async () => {
  await mock.close();
  await dir.cleanup();
});

describe('media durations', () => {
  it.each(['mp3', 'wav', 'flac'])('reads the %s duration that music-metadata reads', async (format) => {
    const bytes = clips[format]!;
    const expected = (await parseBuffer(bytes)).format.duration! * 1000;
    expect(mediaDurationMs(bytes)).toBeGreaterThan(0);
    expect(Math.abs(mediaDurationMs(bytes)! - expected)).toBeLessThan(60);
  });
});

describe('long-text result archives', () => {
  const subtitles = new TextEncoder().encode('[{"text":"hi"}]');

  it('finds the audio in a tar archive, preferring the requested format', () => {
    const archive = tar({
      'out/subtitles.json': subtitles,
      'out/audio.mp3': clips.mp3!,
      'out/audio.wav': clips.wav!,
    });
    expect(isArchive(archive)).toBe(true);
    expect(tarEntries(archive)?.map((e) => e.name)).toEqual([
      'out/subtitles.json',
      'out/audio.mp3',
      'out/audio.wav',
    ]);
    const entry = audioFromArchive(archive, 'wav');
    expect(entry?.name).toBe('out/audio.wav');
    expect(Buffer.from(entry!.data).equals(clips.wav!)).toBe(true);
  });

  it('finds the audio in a deflated zip archive', () => {
    const archive = zip({ 'extra.json': subtitles, 'speech.mp3': clips.mp3! });
    expect(zipEntries(archive)?.map((e) => e.name)).toEqual(['extra.json', 'speech.mp3']);
    const entry = audioFromArchive(archive, 'mp3');
    expect(Buffer.from(entry!.data).equals(clips.mp3!)).toBe(true);
  });

  it('leaves plain audio alone', () => {
    expect(isArchive(clips.mp3!)).toBe(false);
    expect(audioFromArchive(clips.mp3!, 'mp3')).toBeUndefined();
  });
});
