/**
 * Node-only file output, loaded lazily so the core stays portable. Every write goes to a temp file
 * beside the target and is renamed into place, so a reader never sees half a file.
 */
import { InvalidParameterError, MiniMaxError } from './errors.js';

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

/**
 * Writes `data` to `target` atomically: into a temp file beside it, then renamed into place, so a
 * reader never sees half a file; parent folders are created. Whatever goes wrong (a failed chunk
 * source, an abort through `signal`, a full disk), the temp file is removed and `target` is left
 * untouched. Node only.
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
  if (typeof target !== 'string' || target === '')
    throw new InvalidParameterError('save() needs a file path.');
  const { fs, path } = await nodeModules();
  const resolved = path.resolve(target);
  await fs.mkdir(path.dirname(resolved), { recursive: true });
  const temp = tempName(path, resolved);
  const handle = await fs.open(temp, 'wx');
  let bytes = 0;
  try {
    try {
      if (typeof data === 'string' || data instanceof Uint8Array) {
        const buffer = typeof data === 'string' ? new TextEncoder().encode(data) : data;
        await handle.writeFile(buffer);
        bytes = buffer.byteLength;
      } else {
        for await (const chunk of data) {
          signal?.throwIfAborted();
          await handle.write(chunk);
          bytes += chunk.byteLength;
        }
      }
    } finally {
      await handle.close();
    }
    signal?.throwIfAborted();
    await fs.rename(temp, resolved);
  } catch (error) {
    await fs.rm(temp, { force: true }).catch(() => {});
    throw error;
  }
  return { path: resolved, bytes };
}

/**
 * Opens a local file for upload (Node only) as a file-backed `Blob`: its bytes are read from disk in
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
