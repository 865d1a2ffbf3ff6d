import type { APIPromise } from '../core/api-promise.js';
import { type AudioResponse, audioFromBody } from '../core/audio.js';
import { buildBody, ownParams } from '../core/body.js';
import { MiniMaxError } from '../core/errors.js';
import { APIResource, guarded, idText, type JSONBody } from '../core/resource.js';
import { type RequestOptions, traceIdOf } from '../core/transport.js';
import type { Uploadable } from '../core/uploads.js';
import { asRecord, withTraceId } from '../core/values.js';
import { fileIdJSON } from './files.js';
import type { FileId, FileInfo } from './files-types.js';
import type {
  VoiceCloneParams,
  VoiceCloneResult,
  VoiceDeleteParams,
  VoiceDesignParams,
  VoiceDesignResult,
  VoiceInfo,
  VoiceInputSensitive,
  VoiceList,
  VoiceListParams,
  VoiceUploadAudioParams,
} from './voice-types.js';

export type * from './voice-types.js';

function voiceInfoFrom(raw: Record<string, unknown>): VoiceInfo {
  const description = Array.isArray(raw.description)
    ? raw.description.filter((d) => d !== null && d !== undefined).map(String)
    : typeof raw.description === 'string' && raw.description !== ''
      ? [raw.description]
      : [];
  const info: VoiceInfo = { ...raw, voice_id: idText(raw.voice_id), description };
  info.voice_name = typeof raw.voice_name === 'string' ? raw.voice_name : null;
  info.created_time = typeof raw.created_time === 'string' ? raw.created_time : null;
  return info;
}

function voicesOf(value: unknown): VoiceInfo[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const record = asRecord(item);
    return record ? [voiceInfoFrom(record)] : [];
  });
}

/** Clones, designs, lists and deletes voices. Cloning and design need a pay-as-you-go balance. */
export class Voice extends APIResource {
  /** Its key on a client (`client.voice`), and in `createClient`'s `resources`. */
  static readonly resourceKey = 'voice';

  /**
   * Uploads a voice sample through `files.upload` (purpose `voice_clone` unless told otherwise).
   *
   * @example
   * const sample = await client.voice.uploadAudio({ file: 'me.mp3' });
   * await client.voice.clone({ file_id: sample.file_id, voice_id: 'MyVoice001' });
   */
  uploadAudio(params: VoiceUploadAudioParams, options?: RequestOptions): APIPromise<FileInfo> {
    return guarded(() => {
      const { file, purpose } = ownParams(params) as Partial<VoiceUploadAudioParams>;
      return this._client.files.upload(
        { file: file as Uploadable, purpose: purpose ?? 'voice_clone' },
        options,
      );
    });
  }

  /**
   * Clones a voice from an uploaded sample (`POST /v1/voice_clone`). With `text` and `model` the
   * API also renders a preview, returned as the `demo_audio` URL.
   *
   * @example
   * const { voice_id, demo_audio } = await client.voice.clone({
   *   file_id: sample.file_id, voice_id: 'MyVoice001', text: 'Hello there.', model: 'speech-2.8-hd',
   * });
   */
  clone(params: VoiceCloneParams, options?: RequestOptions): APIPromise<VoiceCloneResult> {
    return guarded(() => {
      const checked = ownParams(params);
      const clonePrompt = asRecord(checked.clone_prompt);
      const body = buildBody(checked, {
        defaults: { need_noise_reduction: false, need_volume_normalization: false },
        set: {
          file_id: fileIdJSON(checked.file_id as FileId | undefined),
          clone_prompt:
            clonePrompt?.prompt_audio === undefined
              ? clonePrompt
              : {
                  ...clonePrompt,
                  prompt_audio: fileIdJSON(clonePrompt.prompt_audio as FileId, 'clone_prompt.prompt_audio'),
                },
        },
      });
      return this._json({
        method: 'POST',
        path: '/v1/voice_clone',
        body,
        options,
        build: (res) => {
          const sensitive = res.input_sensitive;
          const result: VoiceCloneResult = {
            voice_id: typeof checked.voice_id === 'string' ? checked.voice_id : idText(checked.voice_id),
            demo_audio: typeof res.demo_audio === 'string' && res.demo_audio !== '' ? res.demo_audio : null,
            input_sensitive:
              typeof sensitive === 'boolean'
                ? sensitive
                : ((asRecord(sensitive) as VoiceInputSensitive) ?? null),
          };
          const extra = asRecord(res.extra_info);
          if (extra) result.extra_info = extra;
          withTraceId(result, res);
          return result;
        },
      });
    });
  }

  /**
   * Designs a new voice from a description (`POST /v1/voice_design`) and returns its id with a
   * trial rendering of `preview_text`.
   *
   * @example
   * const { voice_id, trial_audio } = await client.voice.design({
   *   prompt: 'A warm, slow narrator with a low voice', preview_text: 'Once upon a time.',
   * });
   * await trial_audio?.save('trial.mp3');
   */
  design(params: VoiceDesignParams, options?: RequestOptions): APIPromise<VoiceDesignResult> {
    return guarded(() => {
      const body = buildBody(params);
      const download = this._downloader(options);
      return this._json({
        method: 'POST',
        path: '/v1/voice_design',
        body,
        options,
        build: (res) => {
          const traceId = traceIdOf(res);
          // The API names the voice; when it does not say, the id asked for is the only one there is.
          const voiceId = idText(res.voice_id) || idText(body.voice_id);
          if (!voiceId) {
            throw new MiniMaxError('voice.design: the API answer has no voice_id.', {
              trace_id: traceId,
              body: res,
            });
          }
          const result: VoiceDesignResult = {
            voice_id: voiceId,
            trial_audio: this.#trialAudio(res, download),
          };
          return withTraceId(result, traceId);
        },
      });
    });
  }

  /** The trial audio: hex or a URL as a string, or a speech-style audio object. */
  #trialAudio(res: JSONBody, download: (url: string) => Promise<Uint8Array>): AudioResponse | null {
    const trial = res.trial_audio;
    const body = typeof trial === 'string' && trial !== '' ? { data: { audio: trial } } : asRecord(trial);
    if (!body) return null;
    const audio = audioFromBody(body, download);
    withTraceId(audio, res);
    return audio;
  }

  /**
   * Lists voices (`POST /v1/get_voice`): system voices and those cloned or designed in this account.
   * A new clone is listed only after its first use for speech (its preview does not count).
   *
   * @example
   * const { system_voice, voice_cloning } = await client.voice.list({ voice_type: 'all' });
   */
  list(params: VoiceListParams = {}, options?: RequestOptions): APIPromise<VoiceList> {
    return guarded(() => {
      const body = buildBody(params, { defaults: { voice_type: 'all' } });
      return this._json({
        method: 'POST',
        path: '/v1/get_voice',
        body,
        options,
        build: (res) => {
          const list: VoiceList = {
            system_voice: voicesOf(res.system_voice),
            voice_cloning: voicesOf(res.voice_cloning),
            voice_generation: voicesOf(res.voice_generation),
          };
          withTraceId(list, res);
          return list;
        },
      });
    });
  }

  /**
   * Deletes a cloned or designed voice (`POST /v1/delete_voice`).
   *
   * @example
   * await client.voice.delete({ voice_id: 'MyVoice001', voice_type: 'voice_cloning' });
   */
  delete(params: VoiceDeleteParams, options?: RequestOptions): APIPromise<void> {
    return guarded(() =>
      this._json({
        method: 'POST',
        path: '/v1/delete_voice',
        body: buildBody(params),
        options,
        build: () => undefined,
      }),
    );
  }
}
