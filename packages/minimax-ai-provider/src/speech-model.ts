/**
 * The AI SDK speech model on `client.speech.tts` (`POST /v1/t2a_v2`).
 */
import type { JSONObject, SharedV3Warning, SpeechModelV3, SpeechModelV3CallOptions } from '@ai-sdk/provider';
import type { SpeechModel, TTSParams } from 'minimax-sdk';
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

/** Speech models (any string is accepted). */
export type MiniMaxSpeechModelId = SpeechModel;

/**
 * `providerOptions.minimax` of `generateSpeech`: wire fields of `/v1/t2a_v2`, sent as given over
 * what the standard settings produced (`voice_setting` and `audio_setting` merge key by key).
 *
 * @example
 * providerOptions: { minimax: { voice_setting: { emotion: 'happy', pitch: 2 }, audio_setting: { sample_rate: 44100 } } }
 */
export interface MiniMaxSpeechModelOptions {
  voice_setting?: JSONObject;
  audio_setting?: JSONObject;
  /** A MiniMax language name (`English`, `Chinese,Yue`, …) or `auto`; wins over `language`. */
  language_boost?: string;
  [key: string]: unknown;
}

/** ISO 639-1 codes → MiniMax `language_boost` names. A value not listed here is sent unchanged. */
const LANGUAGE_NAMES: Readonly<Record<string, string>> = {
  zh: 'Chinese',
  yue: 'Chinese,Yue',
  en: 'English',
  ar: 'Arabic',
  ru: 'Russian',
  es: 'Spanish',
  fr: 'French',
  pt: 'Portuguese',
  de: 'German',
  tr: 'Turkish',
  nl: 'Dutch',
  uk: 'Ukrainian',
  vi: 'Vietnamese',
  id: 'Indonesian',
  ja: 'Japanese',
  it: 'Italian',
  ko: 'Korean',
  th: 'Thai',
  pl: 'Polish',
  ro: 'Romanian',
  el: 'Greek',
  cs: 'Czech',
  fi: 'Finnish',
  hi: 'Hindi',
  bg: 'Bulgarian',
  da: 'Danish',
  he: 'Hebrew',
  ms: 'Malay',
  fa: 'Persian',
  sk: 'Slovak',
  sv: 'Swedish',
  hr: 'Croatian',
  fil: 'Filipino',
  tl: 'Filipino',
  hu: 'Hungarian',
  no: 'Norwegian',
  nb: 'Norwegian',
  sl: 'Slovenian',
  ca: 'Catalan',
  nn: 'Nynorsk',
  ta: 'Tamil',
  af: 'Afrikaans',
  auto: 'auto',
};

/** `en`, `en-US`, `EN` → `English`; anything else unchanged. */
export function languageBoost(language: string): string {
  const lower = language.toLowerCase();
  const code = lower.split(/[-_]/)[0] ?? '';
  if (Object.hasOwn(LANGUAGE_NAMES, lower)) return LANGUAGE_NAMES[lower]!;
  return Object.hasOwn(LANGUAGE_NAMES, code) ? LANGUAGE_NAMES[code]! : language;
}

/** A speech model of the MiniMax provider. */
export class MiniMaxSpeechModel extends MiniMaxModel implements SpeechModelV3 {
  async doGenerate(
    options: SpeechModelV3CallOptions,
  ): Promise<Awaited<ReturnType<SpeechModelV3['doGenerate']>>> {
    const warnings: SharedV3Warning[] = [];
    const voice: Record<string, unknown> = {};
    if (options.voice !== undefined) voice.voice_id = options.voice;
    if (options.speed !== undefined) voice.speed = options.speed;
    const base: Record<string, unknown> = { model: this.modelId, text: options.text };
    if (Object.keys(voice).length > 0) base.voice_setting = voice;
    if (options.outputFormat !== undefined) base.audio_setting = { format: options.outputFormat };
    if (options.language !== undefined) base.language_boost = languageBoost(options.language);
    if (options.instructions !== undefined) {
      warnings.push({
        type: 'unsupported',
        feature: 'instructions',
        details: 'MiniMax speech takes no style instructions; use voice_setting.emotion in providerOptions.',
      });
    }
    const params = mergeParams(base, minimaxOptions(options.providerOptions), [
      'voice_setting',
      'audio_setting',
    ]) as unknown as TTSParams;
    const client = this.client();
    const call = { url: `${client.baseURL}/v1/t2a_v2`, body: params, signal: options.abortSignal };
    const { audio, response } = await mapErrors(call, async () => {
      const { data, response } = await client.speech.tts(params, requestOptions(options)).withResponse();
      // With output_format "url" the audio stays on MiniMax's storage until fetched.
      const bytes = data.url !== undefined && data.data.length === 0 ? await data.bytes() : data.data;
      return { audio: { result: data, bytes }, response };
    });
    const meta: JSONObject = withTrace(
      {
        format: audio.result.format,
        sampleRate: audio.result.sample_rate,
        durationMs: audio.result.duration,
        size: audio.result.size,
      },
      audio.result.trace_id,
    );
    if (audio.result.url) meta.url = audio.result.url;
    return {
      audio: audio.bytes,
      warnings,
      request: { body: params },
      response: { timestamp: new Date(), modelId: this.modelId, headers: headersOf(response) },
      providerMetadata: { [PROVIDER_KEY]: meta },
    };
  }
}
