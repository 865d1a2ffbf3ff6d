/**
 * The base of every resource. A resource method states its path, method, body and how to build
 * the result; these helpers do the rest through the one transport.
 */
import type { MiniMax } from '../client.js';
import type { APIPromise } from './api-promise.js';
import { AudioStream } from './audio-stream.js';
import { isFailedTask, pollTask } from './poll.js';
import { openSSE, type SSEConnection } from './streaming.js';
import {
  type HttpMethod,
  type QueryValue,
  type RequestOptions,
  type RequestSpec,
  readBytes,
  readJSON,
  readJSONKeeping,
} from './transport.js';

export type JSONBody = Record<string, unknown>;

/** Copies the entries that are set: `undefined` and `null` are left out, falsy values are kept. */
export function compact<T extends Record<string, unknown>>(entries: T): Partial<T> {
  const out: Partial<T> = {};
  for (const key of Object.keys(entries) as (keyof T)[]) {
    const value = entries[key];
    if (value !== undefined && value !== null) out[key] = value;
  }
  return out;
}

export abstract class APIResource {
  protected readonly _client: MiniMax;

  constructor(client: MiniMax) {
    this._client = client;
  }

  /** A JSON call; `build` turns the checked body into the result. */
  protected _json<T = JSONBody>(
    method: HttpMethod,
    path: string,
    request: { body?: unknown; query?: Record<string, QueryValue>; form?: RequestSpec['form'] },
    options: RequestOptions | undefined,
    build: (body: JSONBody, response: Response) => T = (body) => body as T,
  ): APIPromise<T> {
    return this._client._transport.request({ method, path, ...request }, options ?? {}, async (response) =>
      build(await readJSON(response), response),
    );
  }

  /** A byte download from an API path. */
  protected _bytes(
    path: string,
    query: Record<string, QueryValue>,
    options?: RequestOptions,
  ): APIPromise<Uint8Array> {
    return this._client._transport.request({ method: 'GET', path, query }, options ?? {}, readBytes);
  }

  /** A download from a URL the API handed out (another host: the key is never sent there). */
  protected _download(url: string, options?: RequestOptions): APIPromise<Uint8Array> {
    return this._client._download(url, options);
  }

  /** An SSE request, started at once. */
  protected _sse(path: string, body: unknown, options?: RequestOptions): SSEConnection {
    return openSSE(this._client._transport, { method: 'POST', path, body }, options);
  }

  /** An SSE audio stream (speech and music). */
  protected _audioStream(path: string, body: unknown, options?: RequestOptions): AudioStream {
    return new AudioStream(this._sse(path, body, options));
  }

  /** Waits for a task by polling `GET path?task_id=`, with the client's poll defaults. */
  protected _wait(path: string, taskId: string, options: RequestOptions = {}): Promise<JSONBody> {
    const { pollInterval, pollTimeout, onProgress, ...requestOptions } = options;
    return pollTask({
      task_id: taskId,
      interval: pollInterval ?? this._client.pollInterval,
      timeout: pollTimeout ?? this._client.pollTimeout,
      signal: options.signal,
      onProgress,
      // A failed task's final answer carries its error code in base_resp; the poller turns it into
      // TaskFailedError (with the task id and that code) instead of the plain mapped error.
      query: () =>
        this._client._transport.request(
          { method: 'GET', path, query: { task_id: taskId } },
          requestOptions,
          readJSONKeeping(isFailedTask),
        ),
    });
  }
}
