/**
 * The AI SDK transcription model on `client.speech.transcribe` (`POST /v1/speech_to_text`).
 */
import type {
  JSONObject,
  SharedV3Warning,
  TranscriptionModelV3,
  TranscriptionModelV3CallOptions,
} from '@ai-sdk/provider';
import { decodeBase64, type TranscriptionParams } from 'minimax-sdk';
import { mapErrors } from './errors.js';
import {
  headersOf,
  MiniMaxModel,
  mergeParams,
  minimaxOptions,
  PROVIDER_KEY,
  requestOptions,
  withTrace,
} from './shared.js';

/** Speech-to-text models (any string is accepted). */
export type MiniMaxTranscriptionModelId = 'asr-1.0' | (string & {});

/**
 * `providerOptions.minimax` of `transcribe`: form fields of `/v1/speech_to_text`, sent as given
 * (`language`, `timestamp_level`, …). The model always asks for `verbose_json`, since the AI SDK
 * result carries segments.
 *
 * @example
 * providerOptions: { minimax: { language: 'en', timestamp_level: 'word' } }
 */
export interface MiniMaxTranscriptionModelOptions {
  language?: string;
  timestamp_level?: 'segment' | 'word' | (string & {});
  [key: string]: unknown;
}

/** The file name the upload gets, from the media type (the service reads the container). */
function fileName(mediaType: string): string {
  const subtype = (mediaType.split('/')[1] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const extension: Record<string, string> = {
    mpeg: 'mp3',
    mp3: 'mp3',
    wav: 'wav',
    'x-wav': 'wav',
    mp4: 'm4a',
    ogg: 'ogg',
    flac: 'flac',
    webm: 'webm',
  };
  return `audio.${Object.hasOwn(extension, subtype) ? extension[subtype] : 'bin'}`;
}

/** A transcription model of the MiniMax provider. */
export class MiniMaxTranscriptionModel extends MiniMaxModel implements TranscriptionModelV3 {
  async doGenerate(
    options: TranscriptionModelV3CallOptions,
  ): Promise<Awaited<ReturnType<TranscriptionModelV3['doGenerate']>>> {
    const warnings: SharedV3Warning[] = [];
    const bytes =
      typeof options.audio === 'string' ? decodeBase64(options.audio, 'the audio') : options.audio;
    const fields = mergeParams({ model: this.modelId }, minimaxOptions(options.providerOptions));
    const file = new File([bytes as Uint8Array<ArrayBuffer>], fileName(options.mediaType), {
      type: options.mediaType,
    });
    const params = { ...fields, file, response_format: 'verbose_json' } as TranscriptionParams & {
      response_format: 'verbose_json';
    };
    const client = this.client();
    const call = {
      url: `${client.baseURL}/v1/speech_to_text`,
      body: { ...fields },
      signal: options.abortSignal,
    };
    const { result, response } = await mapErrors(call, async () => {
      const { data, response } = await client.speech
        .transcribe(params, requestOptions(options))
        .withResponse();
      return { result: data, response };
    });
    const meta: JSONObject = withTrace({}, result.trace_id);
    if (typeof result.n_speakers === 'number') meta.n_speakers = result.n_speakers;
    return {
      text: result.text,
      segments: (result.segments ?? []).map((s) => ({
        text: s.text,
        startSecond: s.start,
        endSecond: s.end,
      })),
      language: result.language,
      durationInSeconds: result.duration,
      warnings,
      request: { body: JSON.stringify(fields) },
      response: { timestamp: new Date(), modelId: this.modelId, headers: headersOf(response) },
      providerMetadata: { [PROVIDER_KEY]: meta },
    };
  }
}
