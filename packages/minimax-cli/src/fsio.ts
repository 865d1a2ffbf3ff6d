/**
 * Local input and output: atomic file writes (a Ctrl-C never leaves half a file), downloads of the
 * URLs the API hands out, and reading `-` / `@file` arguments.
 */
import { readFile } from 'node:fs/promises';
import { writeFileAtomic } from 'minimax-sdk';
import { CliError } from './config.js';
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

/** A text argument that may be given inline, as `@file`, or as `-` (stdin). */
export async function readTextArg(value: string, io: CliIO): Promise<string> {
  if (value === '-') return readStdin(io);
  if (value.startsWith('@') && value.length > 1) return readTextFile(value.slice(1));
  return value;
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
