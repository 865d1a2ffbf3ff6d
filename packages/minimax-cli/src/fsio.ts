/**
 * Local input and output: atomic file writes (a Ctrl-C never leaves half a file), downloads of the
 * URLs the API hands out, and reading `-` / `@file` arguments.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { access, open, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { writeFileAtomic } from 'minimax-sdk';
import { CliError, UsageError } from './config.js';
import { mediaDurationMs } from './media.js';
import type { CliIO, Output } from './output.js';

/** The SDK's atomic write: a Ctrl-C or a failed download never leaves half a file. */
export { writeFileAtomic };

export interface DownloadOptions {
  signal?: AbortSignal | undefined;
  /** Milliseconds to wait for the response, then for each chunk (default 600 000, as the SDK). */
  timeout?: number | undefined;
}

const DEFAULT_DOWNLOAD_TIMEOUT_MS = 600_000;

/**
 * Fetches a URL the API returned (a video, a long-text audio file) and yields its body. These are
 * presigned links on another host, so the API key is deliberately not sent. Like the SDK's
 * streams, the timeout bounds each wait (headers, then every gap between chunks), so a big file on
 * a slow link is fine but a stalled one is not. The request is made before this resolves.
 */
export async function openDownload(
  url: string,
  options: DownloadOptions = {},
): Promise<AsyncGenerator<Uint8Array>> {
  const idleMs = options.timeout ?? DEFAULT_DOWNLOAD_TIMEOUT_MS;
  const idle = new AbortController();
  const host = new URL(url).host;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = () => {
    clearTimeout(timer);
    timer = setTimeout(
      () => idle.abort(new CliError(`Download from ${host} stalled for ${idleMs} ms.`)),
      idleMs,
    );
    // The socket keeps the process alive while a download runs; the timer alone must not.
    timer.unref?.();
  };
  const signal = options.signal ? AbortSignal.any([options.signal, idle.signal]) : idle.signal;
  // The idle abort's reason is the CliError; surface it rather than fetch's generic AbortError.
  const rethrow = (error: unknown): never => {
    throw idle.signal.aborted && !options.signal?.aborted ? idle.signal.reason : error;
  };
  arm();
  let response: Response;
  try {
    response = await fetch(url, { signal });
  } catch (error) {
    clearTimeout(timer);
    return rethrow(error);
  }
  if (!response.ok || !response.body) {
    clearTimeout(timer);
    await response.body?.cancel().catch(() => {});
    throw new CliError(`Download failed: HTTP ${response.status} from ${host}.`);
  }
  const reader = response.body.getReader();
  return (async function* chunks() {
    try {
      for (;;) {
        arm();
        const { done, value } = await reader.read().catch(rethrow);
        if (done) return;
        yield value;
      }
    } finally {
      clearTimeout(timer);
      await reader.cancel().catch(() => {});
    }
  })();
}

/** Downloads `url` into memory. */
export async function downloadBytes(url: string, options: DownloadOptions = {}): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of await openDownload(url, options)) parts.push(chunk);
  return Buffer.concat(parts);
}

/** Downloads `url` to `target` (`-` for stdout). Returns the bytes written. */
export async function downloadTo(
  url: string,
  target: string,
  out: Output,
  options: DownloadOptions = {},
): Promise<{ path: string; bytes: number }> {
  return writeOutput(target, await openDownload(url, options), out, options.signal);
}

/** Writes bytes to `target`, or to stdout when it is `-`. */
export async function writeOutput(
  target: string,
  data: Uint8Array | AsyncIterable<Uint8Array>,
  out: Output,
  signal?: AbortSignal,
): Promise<{ path: string; bytes: number }> {
  if (target !== '-') return writeFileAtomic(target, data, signal);
  if (data instanceof Uint8Array) {
    await out.writeStdout(data);
    return { path: '-', bytes: data.byteLength };
  }
  let bytes = 0;
  for await (const chunk of data) {
    await out.writeStdout(chunk);
    bytes += chunk.byteLength;
  }
  return { path: '-', bytes };
}

export async function readStdin(io: CliIO): Promise<string> {
  if (!io.stdin) throw new CliError('Cannot read standard input here.');
  const chunks: Buffer[] = [];
  for await (const chunk of io.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

async function readTextFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CliError(`Cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}.`);
  }
}

/** The inputs whose stdin one argument has read already: a second `-` would read nothing. */
const stdinTaken = new WeakSet<object>();

/**
 * The one rule for every text argument (a prompt, the text to speak, lyrics, a preview, a system
 * prompt): `-` reads stdin, `@path` reads a file, `@@…` is text that itself starts with `@`
 * (`@@team` sends `@team`), anything else is the text. Every command follows it, so no `@notes.txt`
 * is sent (and billed) as the literal words.
 */
export async function readTextArg(value: string, io: CliIO, name = 'the text'): Promise<string> {
  if (value === '-') {
    if (io.stdin && stdinTaken.has(io.stdin))
      throw new UsageError(`Only one argument can read stdin: ${name} cannot be "-" too.`);
    if (io.stdin) stdinTaken.add(io.stdin);
    return readStdin(io);
  }
  if (value.startsWith('@@')) return value.slice(1);
  if (value.startsWith('@') && value.length > 1) return readTextFile(value.slice(1));
  return value;
}

/** `readTextArg`, refusing text that is empty or only blanks (it would be sent, and maybe billed). */
export async function requireTextArg(value: string, io: CliIO, name: string): Promise<string> {
  const text = await readTextArg(value, io, name);
  if (!text.trim()) throw new UsageError(`${name.charAt(0).toUpperCase()}${name.slice(1)} is empty.`);
  return text;
}

/** An optional text argument under the same rule: undefined stays undefined. */
export async function optionalTextArg(
  value: string | undefined,
  io: CliIO,
  name: string,
): Promise<string | undefined> {
  return value === undefined ? undefined : requireTextArg(value, io, name);
}

/** Refuses text longer than the API takes, before any request (and before any upload). */
export function checkLength(text: string, max: number, name: string): void {
  const length = [...text].length;
  if (length > max)
    throw new UsageError(
      `${name.charAt(0).toUpperCase()}${name.slice(1)} is ${length} characters; the API takes up to ${max}.`,
    );
}

/** A text file path, or `-` for stdin. */
export async function readTextPath(path: string, io: CliIO): Promise<string> {
  return path === '-' ? readStdin(io) : readTextFile(path);
}

/** The media duration of a written file, read back from its header (undefined when unknown). */
export async function fileDurationMs(path: string): Promise<number | undefined> {
  if (path === '-') return undefined;
  try {
    return mediaDurationMs(await readFile(path));
  } catch {
    return undefined;
  }
}

/** Error codes of the file system (as opposed to the network's, which a download also throws). */
const FS_CODES = new Set([
  'EACCES',
  'EPERM',
  'EROFS',
  'ENOSPC',
  'EDQUOT',
  'EFBIG',
  'EISDIR',
  'ENOTDIR',
  'ENOENT',
  'EEXIST',
  'ENAMETOOLONG',
  'ELOOP',
  'EBUSY',
  'ETXTBSY',
  'EMFILE',
  'ENFILE',
  'EIO',
  'EXDEV',
]);

const FS_WORDS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EISDIR: 'it is a folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a file is in the way of a folder on the path',
  ENAMETOOLONG: 'the name is too long',
};

/** The file-system error code of `error` (or of its cause, when the SDK wrapped it), if it is one. */
export function fsErrorCode(error: unknown): string | undefined {
  for (let e = error, depth = 0; e && depth < 3; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && FS_CODES.has(code)) return code;
  }
  return undefined;
}

function fsWords(code: string): string {
  return `${FS_WORDS[code] ?? 'cannot write'} (${code})`;
}

/**
 * Why `target` cannot be written, or undefined when it can: checked before any paid request, so
 * a read-only folder costs nothing. It creates (and removes) a file in the folder that will hold
 * the output, or in its nearest existing parent when that folder is still to be made: `access()`
 * would say yes to root on a read-only mount and no to a folder that ACLs open. `kind: 'folder'`
 * is for outputs that are folders (images).
 */
export async function unwritableReason(
  target: string,
  kind: 'file' | 'folder' = 'file',
): Promise<string | undefined> {
  const resolved = resolve(target);
  const existing = await stat(resolved).catch(() => undefined);
  if (kind === 'file' && existing?.isDirectory()) return 'it is a folder';
  if (kind === 'folder' && existing && !existing.isDirectory()) return 'it is a file, not a folder';
  if (existing && kind === 'file' && !existing.isFile()) {
    // A FIFO or a device is written into, not replaced: only its own permission matters.
    return access(resolved, constants.W_OK).then(
      () => undefined,
      (error) => fsWords((error as NodeJS.ErrnoException).code ?? 'EACCES'),
    );
  }
  let folder = kind === 'folder' ? resolved : dirname(resolved);
  let folderStat = await stat(folder).catch(() => undefined);
  while (!folderStat && dirname(folder) !== folder) {
    folder = dirname(folder);
    folderStat = await stat(folder).catch(() => undefined);
  }
  if (!folderStat?.isDirectory()) return `${folder} is not a folder`;
  const probe = join(folder, `.minimax-write-check-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await (await open(probe, 'wx')).close();
    await rm(probe, { force: true });
    return undefined;
  } catch (error) {
    return fsWords(fsErrorCode(error) ?? String((error as NodeJS.ErrnoException).code ?? 'EIO'));
  }
}

/**
 * Writes a paid result to `target`. When the write fails after all (the disk filled, the folder
 * went away), the error names the path as given, and how to get the result again: bytes in
 * memory are first kept in a file under the system's temp folder, and `again` says how to fetch
 * the result anew (`minimax video wait ID`, a file id). Errors that are not the file system's (a
 * download cut off) pass unchanged.
 */
export async function saveResult(
  target: string,
  data: Uint8Array | AsyncIterable<Uint8Array>,
  out: Output,
  options: { signal?: AbortSignal | undefined; again?: string | undefined } = {},
): Promise<{ path: string; bytes: number }> {
  try {
    return await writeOutput(target, data, out, options.signal);
  } catch (error) {
    const code = fsErrorCode(error);
    if (code === undefined || target === '-' || options.signal?.aborted) throw error;
    let kept: string | undefined;
    if (data instanceof Uint8Array) {
      const spare = join(tmpdir(), `minimax-${Date.now().toString(36)}-${basename(target) || 'output'}`);
      kept = await writeFileAtomic(spare, data).then(
        (file) => file.path,
        () => undefined,
      );
    }
    const hints = [kept ? `the result is kept in ${kept}` : undefined, options.again].filter(Boolean);
    throw new CliError(`Could not save ${target}: ${fsWords(code)}.`, {
      hint: hints.length ? hints.join('; ') : undefined,
    });
  }
}
