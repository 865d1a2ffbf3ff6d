/**
 * The file seam for browsers and edge runtimes: the same functions as `node-fs.ts`, without any
 * `node:` import, so a bundler for the web never meets one. Each call rejects with a clear error;
 * callers there hand bytes, a `Blob` or a stream instead of a path.
 */
import { InvalidParameterError, MiniMaxError } from './errors.js';

function noFiles(what: string): MiniMaxError {
  return new MiniMaxError(
    `${what} needs a file system, which this runtime does not have; pass bytes, a Blob or a stream instead.`,
  );
}

/**
 * Writes `data` to `target` atomically (Node, Bun and Deno; elsewhere it rejects).
 *
 * @example
 * import { writeFileAtomic } from 'minimax-sdk';
 * await writeFileAtomic('out/report.json', JSON.stringify(report));
 */
export async function writeFileAtomic(
  target: string,
  _data: string | Uint8Array | AsyncIterable<Uint8Array>,
  _signal?: AbortSignal,
): Promise<{ path: string; bytes: number }> {
  if (typeof target !== 'string' || target === '')
    throw new InvalidParameterError('save() needs a file path.');
  throw noFiles('Saving to a file');
}

/** A write prepared for saving several files all or nothing (rejects outside Node, Bun and Deno). */
export interface StagedFile {
  path: string;
  bytes: number;
  commit(): Promise<void>;
  discard(): Promise<void>;
}

/** Prepares a file write (rejects outside Node, Bun and Deno). */
export async function stageFile(
  target: string,
  _data: string | Uint8Array | AsyncIterable<Uint8Array>,
  _signal?: AbortSignal,
): Promise<StagedFile> {
  if (typeof target !== 'string' || target === '')
    throw new InvalidParameterError('save() needs a file path.');
  throw noFiles('Saving to a file');
}

/** Reads a local file for upload (rejects outside Node, Bun and Deno). */
export async function readLocalFile(file: string): Promise<{ data: Blob | Uint8Array; name: string }> {
  throw noFiles(`Reading the file ${JSON.stringify(file)}`);
}
