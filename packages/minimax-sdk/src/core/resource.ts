/**
 * The base of every resource. A resource method states its path, method, body and how to build
 * the result; these helpers do the rest through the one transport.
 */
import type { MiniMaxBase } from '../client-base.js';
import { APIPromise } from './api-promise.js';
import { AudioStream } from './audio-stream.js';
import { type JSONBody, ownValue } from './body.js';
import { InvalidParameterError, MiniMaxError } from './errors.js';
import { isFailedTask, type PollOptions, pollTask } from './poll.js';
import { openSSE, type SSEConnection } from './streaming.js';
import {
  type HttpMethod,
  type QueryValue,
  type RequestOptions,
  type RequestSpec,
  readBytes,
  readJSON,
  readJSONKeeping,
  traceIdOf,
} from './transport.js';

export type { JSONBody } from './body.js';

/**
 * Runs a method body so that a validation error rejects the returned promise (as every other
 * failure does) instead of throwing synchronously; nothing has been sent at that point.
 */
export function guarded<T>(run: () => APIPromise<T>): APIPromise<T> {
  try {
    return run();
  } catch (error) {
    return new APIPromise<T>(Promise.reject(error));
  }
}

/** An id the API sent as a number or a string, as text (`""` when missing). */
export function idText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'number' && Number.isFinite(value)) {
    return Number.isInteger(value) ? BigInt(value).toString() : String(value);
  }
  return '';
}

/** The `task_id` of a `{ task_id }` params object (a string or a number), checked and trimmed. */
export function taskIdParam(params: unknown): string {
  // Own keys only: a task id inherited through a prototype (parsed JSON's `__proto__`) is not the caller's.
  const taskId = idText(ownValue(params, 'task_id')).trim();
  if (taskId === '') throw new InvalidParameterError('task_id is required (a non-empty string or a number).');
  return taskId;
}

/** The `task_id` of a create answer; an answer without one is the API's fault, not the caller's. */
export function createdTaskId(created: JSONBody, what: string): string {
  const taskId = idText(created.task_id).trim();
  if (taskId === '') {
    throw new MiniMaxError(`${what}: the create answer has no task_id.`, {
      trace_id: traceIdOf(created),
      body: created,
    });
  }
  return taskId;
}

/** What a resource says of one JSON call. */
export interface JSONCall<T> {
  method: HttpMethod;
  /** A path under the base URL. */
  path: string;
  /** A JSON body (from `buildBody`). */
  body?: unknown;
  query?: Record<string, QueryValue>;
  /** A multipart body, rebuilt for each attempt. */
  form?: RequestSpec['form'];
  options?: RequestOptions | undefined;
  /** Turns the checked answer into the result. */
  build?: (body: JSONBody, response: Response) => T;
}

export abstract class APIResource {
  protected readonly _client: MiniMaxBase;

  constructor(client: MiniMaxBase) {
    this._client = client;
  }

  /** A JSON call; `build` turns the checked body into the result (default: the body itself). */
  protected _json<T = JSONBody>(call: JSONCall<T>): APIPromise<T> {
    const { method, path, body, query, form, options, build } = call;
    return this._client._transport.request(
      { method, path, body, query, form },
      options ?? {},
      async (response) => {
        const answer = await readJSON(response);
        return build ? build(answer, response) : (answer as T);
      },
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

  /**
   * Fetches a URL the API handed out, with the call's `signal`, `timeout` and `maxRetries` (its
   * headers are for the API host and stay there).
   */
  protected _downloader(options: RequestOptions = {}): (url: string) => Promise<Uint8Array> {
    const { signal, timeout, maxRetries } = options;
    return (url) => this._download(url, { signal, timeout, maxRetries });
  }

  /** An SSE request, started at once. */
  protected _sse(path: string, body: unknown, options?: RequestOptions): SSEConnection {
    return openSSE(this._client._transport, { method: 'POST', path, body }, options);
  }

  /** An SSE audio stream (speech and music). */
  protected _audioStream(path: string, body: unknown, options?: RequestOptions): AudioStream {
    return new AudioStream(this._sse(path, body, options));
  }
}

/**
 * A resource with long-running tasks (speech, video and its V2 and templates): it waits through
 * the one poller with the client's poll defaults. Apart from `APIResource` so that a client
 * without such a resource (`createClient` with text only) bundles no poller.
 */
export abstract class TaskResource extends APIResource {
  /** Waits for a task by polling `GET path?task_id=`, with the client's poll defaults. */
  protected _wait(path: string, taskId: string, options: RequestOptions = {}): Promise<JSONBody> {
    return this._waitTask(taskId, { method: 'GET', path, query: { task_id: taskId } }, options);
  }

  /**
   * Waits for a task by repeating one status request (`spec`), with the client's poll defaults.
   * `how` says where this kind keeps its status and failure (V2 video nests them in `task`).
   */
  protected _waitTask(
    taskId: string,
    spec: RequestSpec,
    options: RequestOptions = {},
    how: Pick<PollOptions, 'statusOf' | 'failureOf'> = {},
  ): Promise<JSONBody> {
    const { pollInterval, pollTimeout, onProgress, ...requestOptions } = options;
    return pollTask({
      task_id: taskId,
      interval: pollInterval ?? this._client.pollInterval,
      timeout: pollTimeout ?? this._client.pollTimeout,
      signal: options.signal,
      onProgress,
      ...how,
      // A failed task's final answer carries its error code in base_resp; the poller turns it into
      // TaskFailedError (with the task id and that code) instead of the plain mapped error.
      // The wait's signal (its deadline, or the caller's abort) replaces the caller's: the deadline
      // bounds each status request with its retries.
      query: (signal) =>
        this._client._transport.request(spec, { ...requestOptions, signal }, readJSONKeeping(isFailedTask)),
      warn: (message) => this._client._transport.warn(message),
    });
  }
}
