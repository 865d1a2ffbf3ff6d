import { APIPromise } from '../core/api-promise.js';
import { type AudioResponse, audioFromBody } from '../core/audio.js';
import { AudioStream } from '../core/audio-stream.js';
import { buildBody, ownParams } from '../core/body.js';
import { InvalidParameterError } from '../core/errors.js';
import { createdTaskId, guarded, type JSONBody, taskIdParam } from '../core/resource.js';
import { openSSE } from '../core/streaming.js';
import {
  MAX_JSON_BYTES,
  type RequestOptions,
  type RequestSpec,
  readJSON,
  readText,
  traceIdOf,
} from '../core/transport.js';
import { toFile } from '../core/uploads.js';
import { describeValue, isRecord, withTraceId } from '../core/values.js';
import { SpeechBidiSession } from './speech-bidi.js';
import { SpeechConnection } from './speech-connection.js';
import { speakText, textIterator } from './speech-text-stream.js';
import type {
  AsyncSpeechParams,
  AsyncSpeechStatus,
  AsyncSpeechTask,
  AsyncSpeechTaskRef,
  SpeechBidiOptions,
  SpeechConnectOptions,
  SpeechConnectParams,
  SpeechTextSource,
  TaskResult,
  TTSParams,
  TTSStreamParams,
} from './speech-types.js';
import { FileTaskResource } from './tasks.js';
import { TranscriptionStream } from './transcription-stream.js';
import type { Transcription, TranscriptionParams } from './transcription-types.js';

export { SpeechBidiSession } from './speech-bidi.js';
export { SpeechConnection } from './speech-connection.js';
export { speechSocketURL, splitText } from './speech-sockets.js';
export { SpeechStream } from './speech-stream.js';
export type * from './speech-types.js';
export { TranscriptionStream } from './transcription-stream.js';
export type * from './transcription-types.js';

const T2A_PATH = '/v1/t2a_v2';
const ASYNC_CREATE_PATH = '/v1/t2a_async_v2';
const ASYNC_QUERY_PATH = '/v1/query/t2a_async_query_v2';
const DEFAULT_ASYNC_MODEL = 'speech-2.8-hd';
const STT_PATH = '/v1/speech_to_text';

/**
 * The `/v1/speech_to_text` request: every field the caller set as a form field (defaults for
 * `model` and `response_format`, the method's `stream`), then the file; `language` goes in the
 * `language` header, where the API reads it (a form field of that name is ignored). Each attempt
 * gets a fresh form; the File is made once, because a stream can be read only once.
 */
function transcriptionRequest(params: unknown, stream: boolean): RequestSpec {
  const checked = ownParams(params);
  const { file, language, ...rest } = checked;
  if (file === undefined || file === null) throw new InvalidParameterError('file is required.');
  if (language !== undefined && typeof language !== 'string') {
    throw new InvalidParameterError(
      `language must be a string (a language tag such as "en"; "" for mixed languages), got ${describeValue(language)}.`,
    );
  }
  // A format the SDK does not list is sent as given: the answer is read by its content type.
  const format = rest.response_format;
  if (format !== undefined && typeof format !== 'string') {
    throw new InvalidParameterError(
      `response_format must be a string (json, verbose_json, srt, vtt, …), got ${describeValue(format)}.`,
    );
  }
  if (stream && (format === 'srt' || format === 'vtt')) {
    throw new InvalidParameterError('response_format must be "json" or "verbose_json" when streaming.');
  }
  const fields = buildBody(rest, {
    defaults: { model: 'asr-1.0', response_format: 'json' },
    set: stream ? { stream: true } : {},
  });
  for (const [name, value] of Object.entries(fields)) {
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new InvalidParameterError(`${name} must be a string, number or boolean (a form field).`);
    }
  }
  let made: Promise<File> | undefined;
  const form = async (): Promise<FormData> => {
    made ??= toFile(file as Parameters<typeof toFile>[0]);
    const part = await made;
    const body = new FormData();
    for (const [name, value] of Object.entries(fields)) body.append(name, String(value));
    body.append('file', part, part.name);
    return body;
  };
  return {
    method: 'POST',
    path: STT_PATH,
    form,
    ...(language === undefined ? {} : { headers: { language } }),
  };
}

function requireString(params: JSONBody, name: string, nonEmpty: boolean): void {
  const value = params[name];
  if (typeof value !== 'string' || (nonEmpty && value.trim() === '')) {
    throw new InvalidParameterError(
      `${name} is required${nonEmpty ? ' (a non-empty string)' : ' (a string)'}.`,
    );
  }
}

function requireVoiceSetting(params: JSONBody): void {
  if (!isRecord(params.voice_setting)) throw new InvalidParameterError('voice_setting is required.');
}

/**
 * The `/v1/t2a_v2` body: the caller's fields as given (`subtitle_type`, `aigc_watermark`,
 * `stream_options`, …), hex output unless asked otherwise, and the method's `stream`.
 */
function ttsBody(params: JSONBody, stream: boolean): JSONBody {
  return buildBody(params, { defaults: { output_format: 'hex' }, set: { stream } });
}

function checkTTS(params: unknown): JSONBody {
  const checked = ownParams(params);
  requireString(checked, 'text', false);
  requireString(checked, 'model', true);
  const format = checked.output_format;
  if (format !== undefined && format !== 'hex' && format !== 'url') {
    throw new InvalidParameterError(`output_format must be "hex" or "url", got ${JSON.stringify(format)}.`);
  }
  return checked;
}

/**
 * The long-text create body. At least one of `text` / `text_file_id` is needed; both together
 * are allowed and sent.
 */
function asyncBody(params: unknown): JSONBody {
  const checked = ownParams(params);
  requireVoiceSetting(checked);
  const { text, text_file_id } = checked;
  if (text !== undefined && typeof text !== 'string')
    throw new InvalidParameterError('text must be a string.');
  if ((text === undefined || text === '') && (text_file_id === undefined || text_file_id === '')) {
    throw new InvalidParameterError('text or text_file_id is required.');
  }
  return buildBody(checked, { defaults: { model: DEFAULT_ASYNC_MODEL } });
}

/** The `task_start` settings both socket sessions take, checked the same way (own keys only). */
function sessionParams(params: SpeechConnectParams): SpeechConnectParams {
  const checked = ownParams(params);
  requireString(checked, 'model', true);
  requireVoiceSetting(checked);
  return checked as unknown as SpeechConnectParams;
}

/**
 * Text to speech: one-shot (`tts`), streamed over HTTP (`ttsStream`), long texts as a task
 * (`asyncCreate` … `asyncGenerate`), and a WebSocket session (`connect`).
 */
export class Speech extends FileTaskResource {
  /** Its key on a client (`client.speech`), and in `createClient`'s `resources`. */
  static readonly resourceKey = 'speech';

  /**
   * Synthesises `text` in one call (`POST /v1/t2a_v2`). With `output_format: "url"` the audio
   * stays on MiniMax's storage: `data` is empty, `url` is set, and `bytes()` / `save()` fetch it.
   *
   * @example
   * const audio = await client.speech.tts({
   *   text: 'Hello from MiniMax!',
   *   model: 'speech-2.8-hd',
   *   voice_setting: { voice_id: 'English_expressive_narrator' },
   *   audio_setting: { format: 'mp3', sample_rate: 32000 },
   * });
   * await audio.save('hello.mp3');
   */
  tts(params: TTSParams, options?: RequestOptions): APIPromise<AudioResponse> {
    return guarded(() => {
      const body = ttsBody(checkTTS(params), false);
      // The URL result's download is a later, separate call: it gets the client's defaults.
      return this._json({
        method: 'POST',
        path: T2A_PATH,
        body,
        options,
        build: (answer) => audioFromBody(answer, (url) => this._download(url)),
      });
    });
  }

  /**
   * Synthesises `text` as a stream of audio chunks (`POST /v1/t2a_v2`, `stream: true`). The
   * request starts at once; iterate it, or `save(path)` it (written atomically, O(1) memory).
   * Throws `InvalidParameterError` at once for bad parameters.
   *
   * @example
   * const stream = client.speech.ttsStream({ text: 'A longer story…', model: 'speech-2.8-turbo' });
   * for await (const chunk of stream) speaker.write(chunk);
   * // or: await client.speech.ttsStream({ ... }).save('story.mp3');
   */
  ttsStream(params: TTSStreamParams, options?: RequestOptions): AudioStream {
    const checked = checkTTS(params);
    if (checked.output_format === 'url') {
      throw new InvalidParameterError(
        'output_format must be "hex" when streaming (the API streams hex only).',
      );
    }
    return this._audioStream(T2A_PATH, ttsBody(checked, true), options);
  }

  /**
   * Starts a long-text synthesis task (`POST /v1/t2a_async_v2`) and returns the raw answer with
   * its `task_id` (and the `file_id` the audio will have).
   *
   * @example
   * const task = await client.speech.asyncCreate({
   *   text: longChapter,
   *   voice_setting: { voice_id: 'English_expressive_narrator' },
   * });
   * console.log(task.task_id);
   */
  asyncCreate(params: AsyncSpeechParams, options?: RequestOptions): APIPromise<AsyncSpeechTask> {
    return guarded(() =>
      this._json<AsyncSpeechTask>({
        method: 'POST',
        path: ASYNC_CREATE_PATH,
        body: asyncBody(params),
        options,
      }),
    );
  }

  /**
   * Asks once for a long-text task's status (`GET /v1/query/t2a_async_query_v2?task_id=`).
   *
   * @example
   * const { status, file_id } = await client.speech.asyncQuery({ task_id });
   */
  asyncQuery(params: AsyncSpeechTaskRef, options?: RequestOptions): APIPromise<AsyncSpeechStatus> {
    return guarded(() => {
      const task_id = taskIdParam(params);
      return this._json<AsyncSpeechStatus>({
        method: 'GET',
        path: ASYNC_QUERY_PATH,
        query: { task_id },
        options,
      });
    });
  }

  /**
   * Long-text synthesis in one call: creates the task, polls it (`pollInterval`, `pollTimeout`,
   * `signal`, `onProgress` in options), then resolves the audio's download URL. A failed task
   * throws `TaskFailedError`; running out of time throws `PollTimeoutError`.
   *
   * @example
   * const result = await client.speech.asyncGenerate(
   *   { text: longChapter, voice_setting: { voice_id: 'English_expressive_narrator' } },
   *   { pollInterval: 2_000, onProgress: (p) => console.log(p.status) },
   * );
   * console.log(result.download_url);
   */
  asyncGenerate(params: AsyncSpeechParams, options?: RequestOptions): APIPromise<TaskResult> {
    return new APIPromise(
      (async () => {
        const created = await this.asyncCreate(params, options);
        return this.#finish(createdTaskId(created, 'speech'), options, traceIdOf(created));
      })(),
    );
  }

  /**
   * Waits for a long-text task created elsewhere (another process, or a call that timed out) and
   * resolves its download URL, like the second half of `asyncGenerate`.
   *
   * @example
   * const result = await client.speech.asyncWait({ task_id: '106916112212032' }, { pollTimeout: 1_800_000 });
   */
  asyncWait(params: AsyncSpeechTaskRef, options?: RequestOptions): APIPromise<TaskResult> {
    return new APIPromise((async () => this.#finish(taskIdParam(params), options))());
  }

  /**
   * Opens a WebSocket session (`/ws/v1/t2a_v2` under the base URL, `ws://` or `wss://`) and
   * resolves once the server has started the task. `options.timeout` bounds the handshake;
   * `options.idleTimeout` (default: `timeout`, else the client's) bounds every wait of a send.
   *
   * @example
   * await using conn = await client.speech.connect({
   *   model: 'speech-2.8-turbo',
   *   voice_setting: { voice_id: 'English_expressive_narrator' },
   *   audio_setting: { format: 'mp3', sample_rate: 32000 },
   * });
   * const first = await conn.send({ text: 'First sentence.' });
   * for await (const chunk of conn.sendStream({ text: 'Second, streamed.' })) speaker.write(chunk);
   */
  async connect(params: SpeechConnectParams, options?: SpeechConnectOptions): Promise<SpeechConnection> {
    return SpeechConnection._open(this._client._transport, sessionParams(params), options);
  }

  /**
   * Transcribes audio (`POST /v1/speech_to_text`, multipart): `json` (default) and `verbose_json`
   * (segments with start/end seconds, speakers, word timestamps with `timestamp_level: "word"`)
   * resolve to a `Transcription`; `srt` and `vtt` resolve to the subtitle text.
   *
   * @example
   * const { text } = await client.speech.transcribe({ file: 'meeting.mp3' });
   * const detailed = await client.speech.transcribe({ file: 'meeting.mp3', response_format: 'verbose_json' });
   * const srt = await client.speech.transcribe({ file: 'meeting.mp3', response_format: 'srt' });
   */
  transcribe(
    params: TranscriptionParams & { response_format: 'srt' | 'vtt' },
    options?: RequestOptions,
  ): APIPromise<string>;
  transcribe(
    params: TranscriptionParams & { response_format?: 'json' | 'verbose_json' },
    options?: RequestOptions,
  ): APIPromise<Transcription>;
  transcribe(params: TranscriptionParams, options?: RequestOptions): APIPromise<Transcription | string>;
  transcribe(params: TranscriptionParams, options?: RequestOptions): APIPromise<Transcription | string> {
    return guarded(() => {
      return this._client._transport.request(
        transcriptionRequest(params, false),
        options ?? {},
        async (response): Promise<Transcription | string> => {
          const type = (response.headers.get('content-type') ?? '').toLowerCase();
          // Subtitles come as text; an error still comes as JSON and is mapped by readJSON.
          if (!type.includes('json')) return readText(response, MAX_JSON_BYTES);
          const answer = await readJSON(response);
          const { base_resp: _status, ...rest } = answer;
          const result: Transcription = { ...rest, text: typeof rest.text === 'string' ? rest.text : '' };
          return withTraceId(result, answer);
        },
      );
    });
  }

  /**
   * Transcribes audio as a stream of text deltas (`POST /v1/speech_to_text`, `stream: true`,
   * SSE). The request starts at once; iterate it, or await `finalText()`.
   *
   * @example
   * const stream = client.speech.transcribeStream({ file: 'meeting.mp3', language: 'en' });
   * for await (const delta of stream) process.stdout.write(delta);
   * console.log('\n', await stream.finalText());
   */
  transcribeStream(params: TranscriptionParams, options?: RequestOptions): TranscriptionStream {
    const request = transcriptionRequest(params, true);
    return new TranscriptionStream(openSSE(this._client._transport, request, options));
  }

  /**
   * Opens a bidirectional session (`/ws/v1/t2a_v2_bidi`): write text as it arrives (an LLM's
   * deltas, any size), read audio as whole sentences are spoken. Resolves once the task started;
   * `options.timeout` bounds the handshake. Keep-alive pings go out while the session is idle.
   *
   * @example
   * await using session = await client.speech.connectBidi({
   *   model: 'speech-2.8-turbo',
   *   voice_setting: { voice_id: 'English_expressive_narrator' },
   * });
   * const played = (async () => { for await (const chunk of session) speaker.write(chunk); })();
   * for await (const delta of client.text.createStream(request).textStream) await session.write(delta);
   * await session.finish();
   * await played;
   */
  async connectBidi(params: SpeechConnectParams, options?: SpeechBidiOptions): Promise<SpeechBidiSession> {
    return SpeechBidiSession._open(this._client._transport, sessionParams(params), options);
  }

  /**
   * Speaks `text` as it arrives: a string, an iterable, or an async iterable of strings such as a
   * model's `textStream`, over one bidirectional session (`/ws/v1/t2a_v2_bidi`). Starts at once
   * (the socket opens while the first text is still coming); the audio is an `AudioStream`:
   * iterate it, `save(path)` it (atomic, O(1) memory) or hand on `toReadableStream()`.
   * `abort()` (or `options.signal`) closes the socket and releases the text source (its
   * `return()`). A text source that throws ends the session and its error is the stream's; a
   * dropped socket is `APIConnectionError`. Bad parameters throw `InvalidParameterError` at once.
   *
   * @example
   * const reply = client.text.createStream({
   *   model: 'MiniMax-M2.7',
   *   max_tokens: 256,
   *   messages: [{ role: 'user', content: 'Why is the sea salty?' }],
   * });
   * const audio = client.speech.streamText(reply.textStream, {
   *   model: 'speech-2.8-turbo',
   *   voice_setting: { voice_id: 'English_expressive_narrator' },
   * });
   * await audio.save('reply.mp3');
   */
  streamText(
    text: SpeechTextSource,
    params: SpeechConnectParams,
    options: SpeechBidiOptions = {},
  ): AudioStream {
    const checked = sessionParams(params);
    const texts = textIterator(text);
    const { signal, ...socket } = options;
    const transport = this._client._transport;
    return new AudioStream(
      speakText((stop) => SpeechBidiSession._open(transport, checked, { ...socket, signal: stop }), texts, {
        signal,
        warn: (message) => transport.warn(message),
      }),
    );
  }

  #finish(taskId: string, options: RequestOptions | undefined, createTraceId?: string) {
    return this._finishFileTask<TaskResult>(ASYNC_QUERY_PATH, taskId, options, createTraceId, (task) => ({
      download_url: task.file.download_url ?? '',
    }));
  }
}
