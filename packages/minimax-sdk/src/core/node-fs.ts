/**
 * File output through `node:fs` (Node, Bun, Deno), loaded lazily so the core stays portable. A
 * write to a regular file or a new path goes to a temp file beside the target and is renamed into
 * place, so a reader never sees half a file; a FIFO or a device is written through.
 */
import { fileWriteError, InvalidParameterError, MiniMaxError } from './errors.js';

type FsPromises = typeof import('node:fs/promises');
type PathModule = typeof import('node:path');

let modules: Promise<{ fs: FsPromises; path: PathModule }> | undefined;

function nodeModules(): Promise<{ fs: FsPromises; path: PathModule }> {
  if (typeof process === 'undefined' || !process.versions?.node) {
    return Promise.reject(new MiniMaxError('Saving to a file needs Node.js (or a runtime with node:fs).'));
  }
  modules ??= Promise.all([import('node:fs/promises'), import('node:path')]).then(([fs, path]) => ({
    fs,
    path,
  }));
  return modules;
}

function tempName(path: PathModule, target: string): string {
  const suffix = `${process.pid}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  return path.join(path.dirname(target), `.${path.basename(target)}.${suffix}.tmp`);
}

/** A write prepared by `stageFile`: `commit()` puts it in place, `discard()` drops it. */
export interface StagedFile {
  /** The absolute path written. */
  path: string;
  bytes: number;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/**
 * How a target is written. A regular file or a new path is replaced atomically (temp file, then
 * rename). Anything else is written through: renaming over a FIFO, a device or a socket would
 * replace it with a regular file (as root, saving to `/dev/null` would replace the system's).
 * A symlink is followed: its target is replaced (the link stays a link) or written through by
 * the same rule; a dangling one is written through, creating what it points to.
 */
async function placeOf(
  fs: FsPromises,
  resolved: string,
): Promise<{ mode: 'atomic' | 'through'; path: string }> {
  let stat: Awaited<ReturnType<FsPromises['lstat']>>;
  try {
    stat = await fs.lstat(resolved);
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return { mode: 'atomic', path: resolved };
    throw error;
  }
  if (stat.isSymbolicLink()) {
    let real: string;
    try {
      real = await fs.realpath(resolved);
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ENOENT') return { mode: 'through', path: resolved };
      throw error;
    }
    stat = await fs.stat(real);
    resolved = real;
  }
  if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  return { mode: stat.isFile() ? 'atomic' : 'through', path: resolved };
}

async function writeAll(
  handle: Awaited<ReturnType<FsPromises['open']>>,
  data: string | Uint8Array | AsyncIterable<Uint8Array>,
  signal: AbortSignal | undefined,
  fail: (error: unknown) => MiniMaxError,
): Promise<number> {
  if (typeof data === 'string' || data instanceof Uint8Array) {
    const buffer = typeof data === 'string' ? new TextEncoder().encode(data) : data;
    await handle.writeFile(buffer).catch((error: unknown) => Promise.reject(fail(error)));
    return buffer.byteLength;
  }
  let bytes = 0;
  // Errors of the source (a failed stream) pass through as they are; only disk errors are wrapped.
  for await (const chunk of data) {
    signal?.throwIfAborted();
    await handle.write(chunk).catch((error: unknown) => Promise.reject(fail(error)));
    bytes += chunk.byteLength;
  }
  return bytes;
}

/**
 * Writes `data` for `target` without putting it in place yet (a temp file beside it), so several
 * files can be saved all or nothing; a target that is written through (a FIFO, a device) is
 * written now, and its `commit()` does nothing. Parent folders are created. On failure nothing is
 * left behind and the error is `FileWriteError` (or the data source's own error).
 *
 * @example
 * const staged = await stageFile('out/a.png', bytes);
 * await staged.commit();
 */
export async function stageFile(
  target: string,
  data: string | Uint8Array | AsyncIterable<Uint8Array>,
  signal?: AbortSignal,
): Promise<StagedFile> {
  if (typeof target !== 'string' || target === '')
    throw new InvalidParameterError('save() needs a file path.');
  const { fs, path } = await nodeModules();
  const resolved = path.resolve(target);
  const fail = (error: unknown) => fileWriteError(resolved, error);
  const place = await (async () => {
    await fs.mkdir(path.dirname(resolved), { recursive: true });
    return placeOf(fs, resolved);
  })().catch((error: unknown) => Promise.reject(fail(error)));
  if (place.mode === 'through') {
    // Opening a FIFO waits for its reader; a partial write cannot be taken back here.
    const handle = await fs.open(place.path, 'w').catch((error: unknown) => Promise.reject(fail(error)));
    let bytes: number;
    try {
      bytes = await writeAll(handle, data, signal, fail);
    } finally {
      await handle.close().catch(() => {});
    }
    return { path: resolved, bytes, commit: async () => {}, discard: async () => {} };
  }
  const temp = tempName(path, place.path);
  const handle = await fs.open(temp, 'wx').catch((error: unknown) => Promise.reject(fail(error)));
  let bytes: number;
  try {
    try {
      bytes = await writeAll(handle, data, signal, fail);
    } finally {
      await handle.close().catch((error: unknown) => Promise.reject(fail(error)));
    }
    signal?.throwIfAborted();
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => {});
    throw error;
  }
  let settled = false;
  return {
    path: resolved,
    bytes,
    commit: async () => {
      if (settled) return;
      settled = true;
      try {
        await fs.rename(temp, place.path);
      } catch (error) {
        await fs.rm(temp, { force: true }).catch(() => {});
        throw fail(error);
      }
    },
    discard: async () => {
      if (settled) return;
      settled = true;
      await fs.rm(temp, { force: true }).catch(() => {});
    },
  };
}

/**
 * Writes `data` to `target` atomically: into a temp file beside it, then renamed into place, so a
 * reader never sees half a file; parent folders are created. Whatever goes wrong (a failed chunk
 * source, an abort through `signal`, a full disk), the temp file is removed and `target` is left
 * untouched; a disk failure is a `FileWriteError` naming the path. A target that is not a regular
 * file (a FIFO, a device such as `/dev/null`) is written through instead of replaced, and a
 * symlink is followed (the link stays). Needs `node:fs` (Node, Bun, Deno).
 *
 * @example
 * import { writeFileAtomic } from 'minimax-sdk';
 * await writeFileAtomic('out/report.json', JSON.stringify(report));
 */
export async function writeFileAtomic(
  target: string,
  data: string | Uint8Array | AsyncIterable<Uint8Array>,
  signal?: AbortSignal,
): Promise<{ path: string; bytes: number }> {
  const staged = await stageFile(target, data, signal);
  await staged.commit();
  return { path: staged.path, bytes: staged.bytes };
}

/**
 * Opens a local file for upload (a runtime with `node:fs`) as a file-backed `Blob`: its bytes are read from disk in
 * chunks while the request body is sent, never held in memory whole, so the size limit is the API's
 * and not this process's memory. The Blob knows its size, so the multipart body gets a
 * `Content-Length`. A runtime without `fs.openAsBlob` gets the bytes read into memory instead.
 */
export async function readLocalFile(file: string): Promise<{ data: Blob | Uint8Array; name: string }> {
  const { fs, path } = await nodeModules();
  try {
    const { openAsBlob } = await import('node:fs');
    if (typeof openAsBlob === 'function') {
      // openAsBlob does not fail on a folder; stat first so a folder is refused like a missing file.
      const stat = await fs.stat(file);
      if (stat.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
      return { data: await openAsBlob(file), name: path.basename(file) };
    }
    return { data: await fs.readFile(file), name: path.basename(file) };
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new InvalidParameterError(`Cannot read file ${JSON.stringify(file)}${code ? ` (${code})` : ''}.`, {
      cause: error,
    });
  }
}
