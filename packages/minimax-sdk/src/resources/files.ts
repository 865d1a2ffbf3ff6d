import type { APIPromise } from '../core/api-promise.js';
import { buildBody, buildQuery, ownParams, ownValue } from '../core/body.js';
import { InvalidParameterError, MiniMaxError } from '../core/errors.js';
import { APIResource, guarded, idText, type JSONBody } from '../core/resource.js';
import { type RequestOptions, traceIdOf } from '../core/transport.js';
import { toFile } from '../core/uploads.js';
import { asRecord, describeValue, toNumber, withTraceId } from '../core/values.js';
import type {
  FileDeleteParams,
  FileId,
  FileInfo,
  FileInfoList,
  FileListParams,
  FileRetrieveContentParams,
  FileRetrieveParams,
  FileUploadParams,
  UploadPurpose,
} from './files-types.js';

export type * from './files-types.js';

/** The upload purposes the API documents for `/v1/files/upload`, sorted (the error lists them). */
export const UPLOAD_PURPOSES: readonly UploadPurpose[] = [
  'prompt_audio',
  't2a_async_input',
  'video_generation_input',
  'video_understanding',
  'voice_clone',
];

/**
 * Checks a file id and returns it as canonical decimal text. Ids are 64-bit on the server, so a
 * JS number is only trusted while it is a safe integer; larger ids must come as strings or bigints.
 */
function fileIdText(value: FileId | undefined, name = 'file_id'): string {
  let text: string | undefined;
  if (typeof value === 'bigint') {
    text = value > 0n ? value.toString() : undefined;
  } else if (typeof value === 'number') {
    if (Number.isInteger(value) && value > 0 && !Number.isSafeInteger(value)) {
      throw new InvalidParameterError(
        `${name} ${value} is too large for a JS number and has lost precision; pass it as a string.`,
      );
    }
    text = Number.isSafeInteger(value) && value > 0 ? String(value) : undefined;
  } else if (typeof value === 'string' && /^\s*\d+\s*$/.test(value)) {
    const canonical = BigInt(value.trim()).toString();
    text = canonical === '0' ? undefined : canonical;
  }
  if (text === undefined) {
    throw new InvalidParameterError(
      `${name} must be a positive integer (a number, or a string of digits), got ${describeValue(value)}.`,
    );
  }
  return text;
}

/**
 * A checked file id as the JSON number the API expects. An id beyond 2^53 cannot be a JS number:
 * it is written as a raw JSON number where the runtime can (`JSON.rawJSON`), else as its digits.
 *
 * @internal
 */
export function fileIdJSON(value: FileId | undefined, name = 'file_id'): unknown {
  const text = fileIdText(value, name);
  const n = Number(text);
  if (Number.isSafeInteger(n)) return n;
  const rawJSON = (JSON as { rawJSON?: (text: string) => unknown }).rawJSON;
  return rawJSON ? rawJSON(text) : text;
}

/** Reads a file object leniently: a missing field gets its default, unknown fields are kept. */
function fileInfoFrom(raw: Record<string, unknown>, traceId?: string): FileInfo {
  const info: FileInfo = {
    ...raw,
    file_id: idText(raw.file_id),
    bytes: toNumber(raw.bytes),
    created_at: toNumber(raw.created_at),
    filename: typeof raw.filename === 'string' ? raw.filename : '',
    purpose: typeof raw.purpose === 'string' ? raw.purpose : '',
    download_url: typeof raw.download_url === 'string' && raw.download_url !== '' ? raw.download_url : null,
  };
  return withTraceId(info, traceId);
}

/** The `file` object of an answer; its absence is the one thing that cannot be defaulted. */
function fileOf(body: JSONBody, call: string): FileInfo {
  const file = asRecord(body.file);
  if (!file) {
    throw new MiniMaxError(`${call}: the API answer has no "file" object.`, {
      trace_id: traceIdOf(body),
      body,
    });
  }
  return fileInfoFrom(file, traceIdOf(body));
}

function checkPurpose(purpose: unknown): asserts purpose is UploadPurpose {
  if (!(UPLOAD_PURPOSES as readonly unknown[]).includes(purpose)) {
    throw new InvalidParameterError(
      `Invalid upload purpose ${describeValue(purpose)}: must be one of ${UPLOAD_PURPOSES.join(', ')}.`,
    );
  }
}

/**
 * Files stored on the platform: voice samples, long-text speech input, and the outputs of
 * long-running tasks.
 */
export class Files extends APIResource {
  /** Its key on a client (`client.files`), and in `createClient`'s `resources`. */
  static readonly resourceKey = 'files';

  /**
   * Uploads a file (`POST /v1/files/upload`, multipart `purpose` then `file`). The purpose is
   * checked before anything is sent.
   *
   * @example
   * const info = await client.files.upload({ file: 'sample.mp3', purpose: 'voice_clone' });
   * console.log(info.file_id);
   */
  upload(params: FileUploadParams, options?: RequestOptions): APIPromise<FileInfo> {
    return guarded(() => {
      const { file, purpose } = ownParams(params) as Partial<FileUploadParams>;
      checkPurpose(purpose);
      if (file === undefined || file === null) throw new InvalidParameterError('file is required.');
      // A stream can be read only once, so the File is made once; each attempt gets a fresh form.
      let made: Promise<File> | undefined;
      const form = async () => {
        made ??= toFile(file);
        const part = await made;
        const data = new FormData();
        data.append('purpose', purpose);
        data.append('file', part, part.name);
        return data;
      };
      return this._json({
        method: 'POST',
        path: '/v1/files/upload',
        form,
        options,
        build: (body) => fileOf(body, 'files.upload'),
      });
    });
  }

  /**
   * Lists the files stored for a purpose (`GET /v1/files/list?purpose=`).
   *
   * @example
   * const files = await client.files.list({ purpose: 'voice_clone' });
   * for (const f of files) console.log(f.file_id, f.filename);
   */
  list(params: FileListParams, options?: RequestOptions): APIPromise<FileInfoList> {
    return guarded(() =>
      this._json({
        method: 'GET',
        path: '/v1/files/list',
        query: buildQuery(params),
        options,
        build: (body) => {
          const traceId = traceIdOf(body);
          const items = Array.isArray(body.files) ? body.files : [];
          const files: FileInfoList = items.flatMap((item) => {
            const record = asRecord(item);
            return record ? [fileInfoFrom(record)] : [];
          });
          withTraceId(files, traceId);
          return files;
        },
      }),
    );
  }

  /**
   * Describes one file, including a temporary `download_url` (`GET /v1/files/retrieve?file_id=`).
   *
   * @example
   * const { download_url } = await client.files.retrieve({ file_id: '205258526306433' });
   */
  retrieve(params: FileRetrieveParams, options?: RequestOptions): APIPromise<FileInfo> {
    return guarded(() => {
      const file_id = fileIdText(ownValue(params, 'file_id') as FileId | undefined);
      return this._json({
        method: 'GET',
        path: '/v1/files/retrieve',
        query: { file_id },
        options,
        build: (body) => fileOf(body, 'files.retrieve'),
      });
    });
  }

  /**
   * Downloads a file's bytes (`GET /v1/files/retrieve_content?file_id=`). A JSON error answered
   * with HTTP 200 still throws the mapped error.
   *
   * @example
   * const bytes = await client.files.retrieveContent({ file_id: info.file_id });
   */
  retrieveContent(params: FileRetrieveContentParams, options?: RequestOptions): APIPromise<Uint8Array> {
    return guarded(() => {
      const file_id = fileIdText(ownValue(params, 'file_id') as FileId | undefined);
      return this._bytes('/v1/files/retrieve_content', { file_id }, options);
    });
  }

  /**
   * Deletes a file (`POST /v1/files/delete` with `{file_id, purpose}`).
   *
   * @example
   * await client.files.delete({ file_id: info.file_id, purpose: 'voice_clone' });
   */
  delete(params: FileDeleteParams, options?: RequestOptions): APIPromise<void> {
    return guarded(() => {
      const checked = ownParams(params);
      const body = buildBody(checked, {
        set: { file_id: fileIdJSON(checked.file_id as FileId | undefined) },
      });
      return this._json({ method: 'POST', path: '/v1/files/delete', body, options, build: () => undefined });
    });
  }
}
