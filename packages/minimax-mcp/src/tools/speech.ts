/**
 * Speech and voice tools: synthesis (one call or a long-text task), transcription and the voice library.
 */
import { KNOWN_MODELS } from 'minimax-sdk';
import { z } from 'zod';
import { type Content, emit } from '../output.js';
import {
  audioOut,
  callOptions,
  extraField,
  filenameField,
  json,
  modelField,
  outputField,
  setKeys,
  type ToolContext,
  withExtra,
} from './shared.js';

const voiceFields = {
  voice_id: z
    .string()
    .optional()
    .describe('Voice id (see voices_list). Required by the API unless extra.timbre_weights is set.'),
  speed: z.number().optional().describe('0.5 to 2.'),
  vol: z.number().optional().describe('Volume, (0, 10].'),
  pitch: z.number().int().optional().describe('-12 to 12.'),
  emotion: z
    .string()
    .optional()
    .describe('happy, sad, angry, fearful, disgusted, surprised, calm, fluent, whisper; sent only when set.'),
  format: z.string().optional().describe('Audio format: mp3 (API default), wav, flac, pcm, opus, …'),
  sample_rate: z.number().int().optional().describe('8000 to 44100.'),
  language_boost: z.string().optional().describe('A language name such as English or Chinese,Yue, or auto.'),
};

function speechBody(args: Record<string, unknown>, model: string | undefined): Record<string, unknown> {
  const voice = setKeys(args, ['voice_id', 'speed', 'vol', 'pitch', 'emotion']);
  const audio = setKeys(args, ['format', 'sample_rate']);
  const body: Record<string, unknown> = { text: args.text };
  if (model !== undefined) body.model = model;
  if (Object.keys(voice).length > 0) body.voice_setting = voice;
  if (Object.keys(audio).length > 0) body.audio_setting = audio;
  if (args.language_boost !== undefined) body.language_boost = args.language_boost;
  return body;
}

/** Registers the speech and voice tools. */
export function registerSpeechTools({ tool, settings }: ToolContext): void {
  tool(
    'speech_synthesize',
    'Text to speech in one call (up to 10,000 characters). Returns the audio as a file or an embedded resource.',
    {
      text: z.string(),
      model: modelField(KNOWN_MODELS.speech, 'speech-2.8-hd'),
      ...voiceFields,
      output: outputField,
      filename: filenameField,
      extra: extraField,
    },
    async (args, extra, client) => {
      const body = withExtra(speechBody(args, args.model ?? 'speech-2.8-hd'), args.extra);
      const audio = await client.speech.tts(body as never, callOptions(extra));
      return audioOut(audio, 'speech', args, settings);
    },
  );

  tool(
    'speech_long_text',
    'Text to speech for long texts (up to 50,000 characters) as a task: waits for it, sending progress notifications, then returns the audio.',
    {
      text: z.string(),
      model: modelField(KNOWN_MODELS.speech, 'the SDK default for long text'),
      ...voiceFields,
      output: outputField,
      filename: filenameField,
      extra: extraField,
    },
    async (args, extra, client) => {
      const body = speechBody(args, args.model);
      // The long-text endpoint names the sample rate audio_sample_rate.
      const audio = body.audio_setting as Record<string, unknown> | undefined;
      if (audio && 'sample_rate' in audio) {
        audio.audio_sample_rate = audio.sample_rate;
        delete audio.sample_rate;
      }
      if (body.voice_setting === undefined) body.voice_setting = {};
      const result = await client.speech.asyncGenerate(
        withExtra(body, args.extra) as never,
        callOptions(extra),
      );
      const bytes = await client.files.retrieveContent({ file_id: result.file_id }, { signal: extra.signal });
      const { content } = await emit([{ bytes, kind: 'speech-long' }], settings, args);
      return [json({ task_id: result.task_id, file_id: result.file_id, status: result.status }), ...content];
    },
  );

  tool(
    'speech_transcribe',
    'Speech to text (asr-1.0): transcribe a local audio file or one at a URL (up to 50 MB). Returns the text, and with verbose segments (start/end seconds, speakers), or srt/vtt subtitles.',
    {
      path: z
        .string()
        .optional()
        .describe('Audio file on the machine running this server. Give this or url.'),
      url: z.string().url().optional().describe('An http(s) URL of the audio. Give this or path.'),
      response_format: z
        .enum(['json', 'verbose_json', 'srt', 'vtt'])
        .optional()
        .describe('json (default): the text; verbose_json: segments and speakers; srt/vtt: subtitles.'),
      language: z.string().optional().describe('A language hint such as en or zh; detected when absent.'),
      timestamp_level: z
        .enum(['segment', 'word'])
        .optional()
        .describe('word adds word timings (verbose_json).'),
      model: modelField(['asr-1.0'], 'asr-1.0'),
      extra: extraField,
    },
    async (args, extra, client) => {
      if ((args.path === undefined) === (args.url === undefined)) {
        throw new Error('Give exactly one of path or url.');
      }
      let file: string | Response;
      if (args.url !== undefined) {
        if (!/^https?:$/.test(new URL(args.url).protocol)) throw new Error('url must be http or https.');
        // The audio host is not MiniMax: the API key never goes there.
        const response = await fetch(args.url, { signal: extra.signal });
        if (!response.ok) throw new Error(`Could not fetch ${args.url}: HTTP ${response.status}.`);
        file = response;
      } else {
        file = args.path as string;
      }
      const params = withExtra(
        { file, ...setKeys(args, ['response_format', 'language', 'timestamp_level', 'model']) },
        args.extra,
      );
      const result = await client.speech.transcribe(params as never, callOptions(extra));
      if (typeof result === 'string') return [{ type: 'text', text: result }];
      const { text, ...rest } = result as { text: string } & Record<string, unknown>;
      return [{ type: 'text', text }, json(rest)];
    },
    { readOnlyHint: true },
  );

  tool(
    'voices_list',
    'List voices: system voices, cloned voices and designed voices.',
    {
      voice_type: z
        .string()
        .optional()
        .describe('system, voice_cloning, voice_generation or all (default all).'),
    },
    async (args, extra, client) => {
      const list = await client.voice.list(setKeys(args, ['voice_type']) as never, callOptions(extra));
      return [json(list)];
    },
    { readOnlyHint: true },
  );

  tool(
    'voice_clone',
    'Clone a voice from a local audio sample (mp3, m4a or wav, 10 s to 5 min): uploads it, then clones it under voice_id.',
    {
      audio_file: z.string().describe('Path of the sample on the machine running this server.'),
      voice_id: z.string().describe('The new voice id: 8 to 256 characters, starting with a letter.'),
      text: z.string().optional().describe('A preview text read in the cloned voice.'),
      model: modelField(KNOWN_MODELS.speech, 'none (required when text is given)'),
      extra: extraField,
    },
    async (args, extra, client) => {
      const options = callOptions(extra);
      const file = await client.voice.uploadAudio({ file: args.audio_file }, options);
      const body = withExtra(
        { file_id: file.file_id, voice_id: args.voice_id, ...setKeys(args, ['text', 'model']) },
        args.extra,
      );
      const result = await client.voice.clone(body as never, options);
      return [json({ ...result, file_id: file.file_id })];
    },
  );

  tool(
    'voice_design',
    'Design a new voice from a description, with a trial recording of preview_text.',
    {
      prompt: z.string().describe('What the voice sounds like.'),
      preview_text: z.string().describe('Text for the trial recording.'),
      voice_id: z.string().optional(),
      output: outputField,
      filename: filenameField,
      extra: extraField,
    },
    async (args, extra, client) => {
      const body = withExtra(setKeys(args, ['prompt', 'preview_text', 'voice_id']), args.extra);
      const result = await client.voice.design(body as never, callOptions(extra));
      const out: Content[] = [json({ voice_id: result.voice_id, trace_id: result.trace_id })];
      if (result.trial_audio)
        out.push(...(await audioOut(result.trial_audio, 'voice-design', args, settings)).slice(1));
      return out;
    },
  );

  tool(
    'voice_delete',
    'Delete a cloned or designed voice.',
    {
      voice_id: z.string(),
      voice_type: z.string().describe('voice_cloning or voice_generation.'),
    },
    async (args, extra, client) => {
      await client.voice.delete(
        { voice_id: args.voice_id, voice_type: args.voice_type as never },
        callOptions(extra),
      );
      return [json({ deleted: args.voice_id })];
    },
    { destructiveHint: true },
  );
}
