/**
 * Tasks whose result is a stored file (long-text speech, V1 video): wait for the task, then
 * describe its file through `files.retrieve` for the download URL. This lives with the resources,
 * not in the core, because it calls another resource.
 */
import type { WithResponse } from '../core/api-promise.js';
import { MiniMaxError } from '../core/errors.js';
import { idText, type JSONBody, TaskResource } from '../core/resource.js';
import { type RequestOptions, traceIdOf } from '../core/transport.js';
import { withTraceId } from '../core/values.js';
import type { FileInfo } from './files-types.js';

/** A finished task whose result is a stored file, and that file as `files.retrieve` describes it. */
export interface TaskFile {
  /** The final poll answer. */
  final: JSONBody;
  /** Its final status (`Success` when it named none). */
  status: string;
  /** The file id the final poll answer named, as text. */
  file_id: string;
  /** The file as retrieved; `download_url` is `null` when the API gave none. */
  file: FileInfo;
  /** The create call's trace id, else the final poll's, else the retrieve call's. */
  trace_id: string | undefined;
  /** The response of the retrieve call (what `.withResponse()` gives). */
  response: Response;
}

/** The fields every file-task result has. */
export interface FileTaskResult {
  task_id: string;
  status: string;
  file_id: string;
  trace_id?: string;
}

/** A resource whose long-running tasks end in a stored file. */
export abstract class FileTaskResource extends TaskResource {
  /**
   * Waits for a task, then describes its file. A finished task that names no valid file id is the
   * API's fault: `MiniMaxError`, and nothing is retrieved.
   */
  protected async _waitForFile(
    path: string,
    taskId: string,
    options: RequestOptions = {},
    createTraceId?: string,
  ): Promise<TaskFile> {
    const final = await this._wait(path, taskId, options);
    const traceId = createTraceId || traceIdOf(final) || undefined;
    const fileId = idText(final.file_id).trim();
    if (!/^\d+$/.test(fileId) || /^0+$/.test(fileId)) {
      throw new MiniMaxError(`Task ${taskId} succeeded but its answer has no valid file_id.`, {
        trace_id: traceId ?? '',
        body: final,
      });
    }
    const { pollInterval: _i, pollTimeout: _t, onProgress: _p, ...requestOptions } = options;
    const { data: file, response } = await this._client.files
      .retrieve({ file_id: fileId }, requestOptions)
      .withResponse();
    const status = typeof final.status === 'string' && final.status ? final.status : 'Success';
    return { final, status, file_id: fileId, file, trace_id: traceId ?? file.trace_id, response };
  }

  /**
   * Waits for a task and builds its result: the fields every file task has, plus what `shape`
   * adds from the finished task (the download URL as the resource types it, video sizes).
   */
  protected async _finishFileTask<T extends FileTaskResult>(
    path: string,
    taskId: string,
    options: RequestOptions | undefined,
    createTraceId: string | undefined,
    shape: (task: TaskFile) => Omit<T, keyof FileTaskResult>,
  ): Promise<WithResponse<T>> {
    const task = await this._waitForFile(path, taskId, options, createTraceId);
    const result = { task_id: taskId, status: task.status, file_id: task.file_id, ...shape(task) } as T;
    return { data: withTraceId(result, task.trace_id), response: task.response };
  }
}
