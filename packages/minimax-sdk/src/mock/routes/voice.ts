/**
 * Voices: clone (`/v1/voice_clone`), design (`/v1/voice_design`), list (`/v1/get_voice`) and
 * delete (`/v1/delete_voice`).
 */

import { mediaDurationMs } from '../../core/media-duration.js';
import { HEX_SLOT, HexBody, MockApiError } from '../respond.js';
import { speechExtraInfo, speechText, synthesize } from '../speech-core.js';
import { SYSTEM_VOICES } from '../state.js';
import type { Handler, MockContext } from '../types.js';
import { excerpt, type JsonObject, today } from '../util.js';
import {
  bodyObject,
  invalid,
  optionalBoolean,
  optionalNumber,
  optionalObject,
  optionalString,
  requireId,
  requireString,
} from '../validate.js';
import { publishAudio } from './common.js';

const VOICE_ID = /^[A-Za-z][A-Za-z0-9_-]{6,254}[A-Za-z0-9]$/;

/**
 * Platform rules for a custom voice id: 8–256 characters, a letter first, letters, digits, `-`
 * and `_`, not ending in `-` or `_` (20132), and never used before (2039).
 */
function checkNewVoiceId(ctx: MockContext, voiceId: string): void {
  if (!VOICE_ID.test(voiceId)) {
    invalid(
      'voice_id',
      'must be 8-256 characters of letters, digits, - and _, start with a letter and not end with - or _',
      20132,
    );
  }
  if (ctx.state.voiceIdTaken(voiceId))
    throw new MockApiError(2039, `voice clone voice id duplicate: ${voiceId}`);
}

/** Clone samples must last 10 s to 5 min. */
const MIN_SAMPLE_MS = 10_000;
const MAX_SAMPLE_MS = 300_000;

/**
 * 2037 for a sample outside 10 s – 5 min. The length is read from the container (mp3, wav, m4a,
 * flac, Ogg Opus); bytes the mock cannot measure are let through, as it decodes no audio.
 */
function checkSampleLength(data: Uint8Array): void {
  const ms = mediaDurationMs(data);
  if (ms !== undefined && (ms < MIN_SAMPLE_MS || ms > MAX_SAMPLE_MS)) {
    throw new MockApiError(
      2037,
      `voice clone: sample duration out of range (${(ms / 1000).toFixed(1)} s; 10 s to 5 min allowed)`,
    );
  }
}

/** A prompt sample must be shorter than 8 s. */
const MAX_PROMPT_MS = 8_000;

/** 2048 for a prompt sample of 8 s or more; as for clone samples, unmeasurable bytes pass. */
function checkPromptLength(data: Uint8Array): void {
  const ms = mediaDurationMs(data);
  if (ms !== undefined && ms >= MAX_PROMPT_MS) {
    throw new MockApiError(
      2048,
      `prompt audio too long (${(ms / 1000).toFixed(1)} s; it must be shorter than 8 s)`,
    );
  }
}

/** Preview speech for a cloned or designed voice, in the API's default preview format. */
function preview(ctx: MockContext, text: string, model: string, voiceId: string) {
  return synthesize(ctx, text, {
    model,
    voiceId,
    speed: 1,
    format: 'mp3',
    sampleRate: 32000,
    channels: 1,
    bitrate: 128000,
  });
}

/** `POST /v1/voice_clone`. */
export const voiceClone: Handler = (r, ctx) => {
  const body = bodyObject(r.body);
  const fileId = requireId(body, 'file_id');
  const voiceId = requireString(body, 'voice_id');
  const file = ctx.state.files.get(fileId);
  if (file === undefined) invalid('file_id', 'does not name an uploaded file');
  if (file.purpose !== 'voice_clone')
    invalid('file_id', 'must be a file uploaded with purpose voice_clone', 20132);
  checkNewVoiceId(ctx, voiceId);
  checkSampleLength(file.data);
  const prompt = optionalObject(body, 'clone_prompt');
  if (body.clone_prompt !== undefined) {
    const promptFile = ctx.state.files.get(requireId(prompt, 'prompt_audio'));
    if (promptFile?.purpose !== 'prompt_audio') {
      invalid('clone_prompt.prompt_audio', 'must be a file uploaded with purpose prompt_audio');
    }
    checkPromptLength(promptFile.data);
    requireString(prompt, 'prompt_text', {}, 'clone_prompt.');
  }
  const text = body.text === undefined || body.text === null ? undefined : speechText(body, 1000);
  const model = optionalString(body, 'model');
  if (text !== undefined && model === undefined) invalid('model', 'is required when text is set');
  optionalString(body, 'language_boost');
  optionalString(body, 'text_validation', { max: 200 });
  optionalNumber(body, 'accuracy', { min: 0, max: 1 });
  for (const key of ['need_noise_reduction', 'need_volume_normalization', 'aigc_watermark']) {
    optionalBoolean(body, key);
  }

  ctx.state.addVoice('voice_cloning', voiceId, [`cloned from ${file.filename}`]);
  if (text === undefined || model === undefined) return { input_sensitive: { type: 0 }, demo_audio: '' };
  // The preview's metadata comes with it, as a T2A answer's `extra_info` does.
  const clip = preview(ctx, text, model, voiceId);
  return {
    input_sensitive: { type: 0 },
    demo_audio: publishAudio(r, ctx, clip),
    extra_info: speechExtraInfo(text, clip),
  };
};

/** `POST /v1/voice_design`: a new voice from a description, with a hex trial clip. */
export const voiceDesign: Handler = (r, ctx) => {
  const body = bodyObject(r.body);
  const prompt = requireString(body, 'prompt', { max: 2000 });
  const previewText = speechText(body, 500, 'preview_text');
  let voiceId = optionalString(body, 'voice_id');
  if (voiceId === undefined) {
    voiceId = ctx.state.nextId(`ttv-voice-${today().replaceAll('-', '')}-`);
  } else {
    checkNewVoiceId(ctx, voiceId);
  }
  optionalBoolean(body, 'aigc_watermark');
  ctx.state.addVoice('voice_generation', voiceId, [excerpt(prompt, 80)]);
  const clip = preview(ctx, previewText, 'speech-2.8-hd', voiceId);
  return new HexBody({ voice_id: voiceId, trial_audio: HEX_SLOT }, clip.hex);
};

const VOICE_TYPES = ['system', 'voice_cloning', 'voice_generation', 'all'];

/**
 * `POST /v1/get_voice`: only the lists the requested `voice_type` covers. A new clone is listed
 * only after its first use for speech, as on the platform.
 */
export const getVoice: Handler = (r, ctx) => {
  const body = bodyObject(r.body);
  const type = requireString(body, 'voice_type', { oneOf: VOICE_TYPES });
  const result: JsonObject = {};
  if (type === 'system' || type === 'all') result.system_voice = SYSTEM_VOICES.map((v) => ({ ...v }));
  if (type === 'voice_cloning' || type === 'all') result.voice_cloning = ctx.state.listedClones();
  if (type === 'voice_generation' || type === 'all')
    result.voice_generation = [...ctx.state.designedVoices.values()];
  return result;
};

/** `POST /v1/delete_voice`: deletes a custom voice; its id can never be used again. */
export const deleteVoice: Handler = (r, ctx) => {
  const body = bodyObject(r.body);
  const type = requireString(body, 'voice_type', { oneOf: ['voice_cloning', 'voice_generation'] });
  const voiceId = requireString(body, 'voice_id');
  const voices = type === 'voice_cloning' ? ctx.state.clonedVoices : ctx.state.designedVoices;
  const voice = voices.get(voiceId);
  if (voice === undefined) throw new MockApiError(2054, `voice id not exist: ${voiceId}`);
  voices.delete(voiceId);
  ctx.state.unusedClones.delete(voiceId);
  ctx.state.retiredVoiceIds.add(voiceId);
  return { voice_id: voiceId, created_time: voice.created_time };
};
