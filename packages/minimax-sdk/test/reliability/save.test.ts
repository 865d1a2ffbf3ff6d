/**
 * save() semantics. A regular file or a new path is replaced atomically (temp file, rename); any
 * other target is written through, since renaming over a FIFO or a device node turns it into a
 * regular file (as root, saving to /dev/null replaced the system's /dev/null). A symlink is
 * followed and stays a link. A failed save is a `FileWriteError` naming the path, not a raw
 * `ENOSPC`; `ImageResult.save()` of several images is all or nothing.
 *
 * Device nodes are made with mknod inside a temp folder (never the system's /dev), and only when
 * this process may (root); the FIFO and symlink cases run everywhere but Windows.
 */
import { execFileSync } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { chmod, lstat, mkdir, readFile, readlink, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  AudioResponse,
  FileWriteError,
  ImageResult,
  MiniMaxError,
  toBase64,
  writeFileAtomic,
} from '../../src/index.js';
import { listFiles, tempDir } from './helpers.js';
import { bundleScript, permissionMode, runNode } from './unprivileged.js';

const posix = process.platform !== 'win32';
const PNG = Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3, 4]);
const BYTES = new TextEncoder().encode('fresh audio bytes');

/** The save of the EACCES test, for a child started as `nobody`: prints what the error was. */
const SAVE_AS_CHILD = `
import { FileWriteError, writeFileAtomic } from 'minimax-sdk';
const error = await writeFileAtomic(process.argv[2], new TextEncoder().encode('fresh audio bytes')).then(
  () => new Error('the write succeeded'),
  (e) => e,
);
console.log(JSON.stringify({
  name: error.constructor.name,
  fileWriteError: error instanceof FileWriteError,
  system_code: error.system_code,
  path: error.path,
  message: error.message,
}));
`;

function tryMknod(path: string, major: number, minor: number): boolean {
  try {
    execFileSync('mknod', [path, 'c', String(major), String(minor)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Everything a reader of the FIFO receives until the writer closes it. */
function drain(fifo: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    createReadStream(fifo)
      .on('data', (chunk) => chunks.push(chunk as Buffer))
      .on('end', () => resolve(Buffer.concat(chunks)))
      .on('error', reject);
  });
}

let dir: { path: string; remove(): Promise<void> };
beforeEach(async () => {
  dir = await tempDir('minimax-save-');
});
afterEach(async () => {
  await dir.remove();
});

describe.runIf(posix)('save() writes through what is not a regular file', () => {
  it('a FIFO stays a FIFO and its reader gets the bytes', async () => {
    const fifo = join(dir.path, 'out.mp3');
    execFileSync('mkfifo', [fifo]);
    const received = drain(fifo);
    await new AudioResponse({ data: BYTES }).save(fifo);
    expect(Buffer.from(await received).equals(Buffer.from(BYTES))).toBe(true);
    expect((await lstat(fifo)).isFIFO()).toBe(true);
    // No regular file appeared: neither a replacement nor a temp file.
    expect(await listFiles(dir.path)).toEqual([]);
  });

  it('a symlink to a regular file stays a link; the file it points to is replaced', async () => {
    const real = join(dir.path, 'real.mp3');
    const link = join(dir.path, 'link.mp3');
    await writeFile(real, 'old');
    await symlink(real, link);
    const { path } = await writeFileAtomic(link, BYTES);
    expect(path).toBe(link);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe(real);
    expect(Buffer.from(await readFile(real)).equals(Buffer.from(BYTES))).toBe(true);
    expect((await listFiles(dir.path)).map((f) => f.name)).toEqual(['real.mp3']);
  });

  it('a symlink to a FIFO is written through to the FIFO', async () => {
    const fifo = join(dir.path, 'pipe');
    const link = join(dir.path, 'link.mp3');
    execFileSync('mkfifo', [fifo]);
    await symlink(fifo, link);
    const received = drain(fifo);
    await writeFileAtomic(link, BYTES);
    expect(Buffer.from(await received).equals(Buffer.from(BYTES))).toBe(true);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect((await lstat(fifo)).isFIFO()).toBe(true);
  });

  it('a dangling symlink creates the file it points to and stays a link', async () => {
    const link = join(dir.path, 'link.mp3');
    const target = join(dir.path, 'made.mp3');
    await symlink(target, link);
    await writeFileAtomic(link, BYTES);
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(Buffer.from(await readFile(target)).equals(Buffer.from(BYTES))).toBe(true);
  });

  it('a device node (a private /dev/null) stays a device', async (context) => {
    const node = join(dir.path, 'null');
    if (!tryMknod(node, 1, 3))
      return context.skip('mknod refused: making a device node needs root (CAP_MKNOD)');
    await writeFileAtomic(node, BYTES);
    expect((await lstat(node)).isCharacterDevice()).toBe(true);
  });
});

describe('a failed save is a FileWriteError naming the path', () => {
  it('a folder at the target: EISDIR, nothing left behind', async () => {
    const target = join(dir.path, 'taken');
    await mkdir(target);
    const error = await writeFileAtomic(target, BYTES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileWriteError);
    expect(error).toBeInstanceOf(MiniMaxError);
    expect((error as FileWriteError).system_code).toBe('EISDIR');
    expect((error as FileWriteError).path).toBe(target);
    expect((error as Error).message).toContain(JSON.stringify(target));
    expect(await listFiles(dir.path)).toEqual([]);
  });

  it('a parent that is a file: the path is named', async () => {
    await writeFile(join(dir.path, 'file'), 'x');
    const target = join(dir.path, 'file', 'out.mp3');
    const error = await new AudioResponse({ data: BYTES }).save(target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileWriteError);
    expect((error as Error).message).toContain(JSON.stringify(target));
    expect(['ENOTDIR', 'EEXIST']).toContain((error as FileWriteError).system_code);
  });

  it.runIf(posix)('a full disk (a private /dev/full): ENOSPC', async (context) => {
    const node = join(dir.path, 'full');
    if (!tryMknod(node, 1, 7))
      return context.skip('mknod refused: making a device node needs root (CAP_MKNOD)');
    const error = await writeFileAtomic(node, BYTES).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileWriteError);
    expect((error as FileWriteError).system_code).toBe('ENOSPC');
    expect((error as Error).message).toMatch(/disk is full/);
    expect((await lstat(node)).isCharacterDevice()).toBe(true);
  });

  // As root a 0555 folder is writable, so the write runs as `nobody` in a child process (see
  // unprivileged.ts); it runs here directly when this process is not root.
  it('a read-only folder: EACCES, the path named, nothing left behind', async (context) => {
    const mode = await permissionMode();
    if (mode.kind === 'skip') return context.skip(mode.reason);
    await chmod(dir.path, 0o755);
    const locked = join(dir.path, 'locked');
    await mkdir(locked);
    await chmod(locked, 0o555);
    const target = join(locked, 'out.mp3');
    let seen: { name: string; fileWriteError: boolean; system_code?: string; path?: string; message: string };
    if (mode.kind === 'direct') {
      const error = (await writeFileAtomic(target, BYTES).then(
        () => new Error('the write succeeded'),
        (e: unknown) => e,
      )) as FileWriteError;
      seen = {
        name: error.constructor.name,
        fileWriteError: error instanceof FileWriteError,
        system_code: error.system_code,
        path: error.path,
        message: error.message,
      };
    } else {
      const script = await bundleScript(SAVE_AS_CHILD);
      try {
        const result = await runNode([script.path, target], mode);
        expect(result.stderr).toBe('');
        seen = JSON.parse(result.stdout);
      } finally {
        await script.remove();
      }
    }
    await chmod(locked, 0o755);
    expect(seen.name).toBe('FileWriteError');
    expect(seen.fileWriteError).toBe(true);
    expect(seen.system_code).toBe('EACCES');
    expect(seen.path).toBe(target);
    expect(seen.message).toContain(JSON.stringify(target));
    expect(await listFiles(dir.path)).toEqual([]);
  });
});

describe('ImageResult.save() of several images is all or nothing', () => {
  const images = () =>
    new ImageResult({
      id: 'img-1',
      image_urls: null,
      image_base64: [toBase64(PNG), toBase64(PNG), toBase64(PNG)],
      success_count: 3,
      failed_count: 0,
    });

  it('one blocked target leaves none of the images and no temp file', async () => {
    const out = join(dir.path, 'out');
    await mkdir(join(out, 'image_1.png'), { recursive: true });
    const error = await images()
      .save(out)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileWriteError);
    expect((error as FileWriteError).path).toBe(join(out, 'image_1.png'));
    expect((error as FileWriteError).written).toEqual([]);
    // image_0 was staged before image_1 failed: it must not be in place, nor its temp file.
    expect(await listFiles(out)).toEqual([]);
  });

  it('all three are written when nothing is in the way', async () => {
    const paths = await images().save(join(dir.path, 'out'));
    expect(paths.map((p) => p.slice(dir.path.length))).toEqual(
      ['image_0.png', 'image_1.png', 'image_2.png'].map((n) => join('/out', n)),
    );
    for (const path of paths) expect(Buffer.from(await readFile(path)).equals(Buffer.from(PNG))).toBe(true);
  });
});
