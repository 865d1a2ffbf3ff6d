/**
 * The MCP server: one tool per capability of minimax-sdk.
 *
 * Schemas are honest: a model id is a string (known ids listed in its description, any other sent
 * as is, never swapped for a default), optional API fields are sent only when set, and `extra`
 * carries any further API field unchanged. A refusal by the platform comes back as a tool error
 * with MiniMax's code and trace id.
 */
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { RequestHandlerExtra } from '@modelcontextprotocol/sdk/shared/protocol.js';
import type { CallToolResult, ServerNotification, ServerRequest } from '@modelcontextprotocol/sdk/types.js';
import {
  type AudioResponse,
  type ClientOptions,
  MiniMax,
  MiniMaxError,
  type RequestOptions,
  VERSION as SDK_VERSION,
  type TaskProgress,
} from 'minimax-sdk';
import { z } from 'zod';
import { type Content, checkFilename, emit, type OutputMode, type OutputSettings } from './output.js';
import { VERSION } from './version.js';

type Extra = RequestHandlerExtra<ServerRequest, ServerNotification>;

/** Options of `createMiniMaxMcpServer`. */
export interface MiniMaxMcpServerOptions {
  /** A ready client; otherwise one is made from `clientOptions` (and the environment) on first use. */
  client?: MiniMax;
  /** Options for the client made on first use (`apiKey`, `region`, `baseURL`, `pollInterval`, …). */
  clientOptions?: ClientOptions;
  /** Folder for file outputs (default `./minimax-output`). */
  outputDir?: string;
  /** Default output mode of tools that make media (default `file`). */
  output?: OutputMode;
}

const extraField = z
  .record(z.string(), z.unknown())
  .optional()
  .describe('Further API request fields, sent as given (e.g. fields newer than this server).');
const outputField = z
  .enum(['file', 'resource'])
  .optional()
  .describe(
    'file: write into the output folder and return its path; resource: embed the bytes in the result.',
  );
const filenameField = z
  .string()
  .optional()
  .describe('File name (no folders) in the output folder; default: kind, time and a random suffix.');

const modelField = (known: string[], fallback?: string) =>
  z
    .string()
    .optional()
    .describe(
      `Model id. Known: ${known.join(', ')}. Any other id is sent unchanged.${
        fallback ? ` Default: ${fallback}.` : ' Default: the API default.'
      }`,
    );

const SPEECH_MODELS = [
  'speech-2.8-hd',
  'speech-2.8-turbo',
  'speech-2.6-hd',
  'speech-2.6-turbo',
  'speech-02-hd',
  'speech-02-turbo',
];
const TEXT_MODELS = [
  'MiniMax-M3',
  'MiniMax-M2.7',
  'MiniMax-M2.7-highspeed',
  'MiniMax-M2.5',
  'MiniMax-M2.1',
  'MiniMax-M2',
];
const VIDEO_MODELS = ['MiniMax-Hailuo-2.3', 'MiniMax-Hailuo-2.3-Fast', 'MiniMax-Hailuo-02', 'S2V-01'];

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

/** Copies the keys the caller set (own, defined) from `source`. */
function setKeys(source: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (Object.hasOwn(source, key) && source[key] !== undefined) out[key] = source[key];
  return out;
}

function withExtra(
  body: Record<string, unknown>,
  extra: Record<string, unknown> | undefined,
): Record<string, unknown> {
  const out = { ...body };
  for (const key of Object.keys(extra ?? {})) {
    // An own `__proto__` key would replace the body's prototype instead of becoming a field.
    if (key !== '__proto__') out[key] = extra![key];
  }
  return out;
}

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

const json = (value: unknown): Content => ({ type: 'text', text: JSON.stringify(value, null, 2) });

/** A failure as a tool error: the model sees what MiniMax said, with the code and trace id. */
export function toolError(error: unknown): CallToolResult {
  const text =
    error instanceof MiniMaxError
      ? `${error.name}: ${error.toString()}`
      : error instanceof Error
        ? `${error.name}: ${error.message}`
        : String(error);
  const structured: Record<string, unknown> = {};
  if (error instanceof MiniMaxError) {
    structured.code = error.code;
    structured.type = error.name;
    if (error.trace_id) structured.trace_id = error.trace_id;
  }
  return { isError: true, content: [{ type: 'text', text }], _meta: { minimax: structured } };
}

/**
 * Per-call SDK options: the MCP request's cancellation, and progress notifications for each poll
 * of a long task when the client asked for them (a `progressToken`).
 */
function callOptions(extra: Extra): RequestOptions {
  const options: RequestOptions = { signal: extra.signal };
  const token = extra._meta?.progressToken;
  if (token !== undefined) {
    let polls = 0;
    options.onProgress = (progress: TaskProgress) => {
      polls += 1;
      void extra
        .sendNotification({
          method: 'notifications/progress',
          params: {
            progressToken: token,
            progress: polls,
            message: `task ${progress.task_id}: ${progress.status} after ${Math.round(progress.elapsed_ms / 1000)} s`,
          },
        })
        .catch(() => {});
    };
  }
  return options;
}

/**
 * Creates the MCP server with every MiniMax tool registered. Connect it to a transport
 * (`StdioServerTransport`, `StreamableHTTPServerTransport`), or use `minimax-mcp`.
 *
 * @example
 * import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
 * import { createMiniMaxMcpServer } from 'minimax-sdk-mcp';
 * const server = createMiniMaxMcpServer({ outputDir: '/tmp/minimax' });
 * await server.connect(new StdioServerTransport());
 */
export function createMiniMaxMcpServer(options: MiniMaxMcpServerOptions = {}): McpServer {
  let client = options.client;
  const getClient = () => {
    client ??= new MiniMax(options.clientOptions);
    return client;
  };
  const settings: OutputSettings = {
    mode: options.output ?? 'file',
    dir: options.outputDir ?? 'minimax-output',
  };
  const server = new McpServer(
    { name: 'minimax-sdk-mcp', version: VERSION },
    {
      instructions:
        `MiniMax (minimax-sdk ${SDK_VERSION}): text, speech, voices, images, video, music, lyrics and files. ` +
        'Media tools write files into the output folder (output: "file") or embed them (output: "resource").',
    },
  );

  /** Registers a tool whose handler errors become tool errors. */
  const tool = <Shape extends z.ZodRawShape>(
    name: string,
    description: string,
    shape: Shape,
    run: (args: z.infer<z.ZodObject<Shape>>, extra: Extra, client: MiniMax) => Promise<Content[]>,
    annotations: { readOnlyHint?: boolean; destructiveHint?: boolean } = {},
  ) => {
    server.registerTool(
      name,
      { description, inputSchema: shape, annotations: { openWorldHint: true, ...annotations } },
      // The SDK infers the argument type from the shape; the cast only restores what zod checked.
      (async (args: z.infer<z.ZodObject<Shape>>, extra: Extra): Promise<CallToolResult> => {
        try {
          // A bad file name is refused before anything is generated (and billed).
          const filename = (args as { filename?: unknown }).filename;
          if (typeof filename === 'string') checkFilename(filename);
          return { content: await run(args, extra, getClient()) };
        } catch (error) {
          return toolError(error);
        }
      }) as never,
    );
  };

  const audioOut = async (
    audio: AudioResponse,
    kind: string,
    args: { output?: OutputMode | undefined; filename?: string | undefined },
  ) => {
    const bytes = await audio.bytes();
    const { content } = await emit([{ bytes, extension: audio.format || undefined, kind }], settings, args);
    const summary: Record<string, unknown> = {
      duration_ms: audio.duration,
      format: audio.format,
      size: bytes.byteLength,
    };
    if (audio.trace_id) summary.trace_id = audio.trace_id;
    return [json(summary), ...content];
  };

  tool(
    'text_generate',
    'Generate text with a MiniMax language model (Anthropic-compatible Messages endpoint). Returns the reply text, any thinking, the stop reason and token usage.',
    {
      prompt: z.string().optional().describe('The user message. Give this or messages.'),
      messages: z
        .array(
          z.object({
            role: z.enum(['user', 'assistant']),
            content: z.union([z.string(), z.array(z.record(z.string(), z.unknown()))]),
          }),
        )
        .optional()
        .describe(
          'The conversation (Anthropic message shape); the prompt, when given too, is appended as a user turn.',
        ),
      model: modelField(TEXT_MODELS, 'MiniMax-M2.7'),
      system: z.string().optional(),
      max_tokens: z.number().int().positive().optional().describe('Default 1024.'),
      temperature: z.number().optional(),
      top_p: z.number().optional(),
      thinking: z
        .enum(['adaptive', 'disabled'])
        .optional()
        .describe('MiniMax-M3 thinks only with adaptive; M2.x always thinks.'),
      extra: extraField,
    },
    async (args, extra, client) => {
      const messages: unknown[] = [...(args.messages ?? [])];
      if (args.prompt !== undefined) messages.push({ role: 'user', content: args.prompt });
      const body: Record<string, unknown> = {
        model: args.model ?? 'MiniMax-M2.7',
        max_tokens: args.max_tokens ?? 1024,
        messages,
        ...setKeys(args, ['system', 'temperature', 'top_p']),
      };
      if (args.thinking !== undefined) body.thinking = { type: args.thinking };
      const message = await client.text.create(withExtra(body, args.extra) as never, callOptions(extra));
      const text = message.content.flatMap((b) => (b.type === 'text' ? [b.text] : [])).join('');
      const thinking = message.content.flatMap((b) => (b.type === 'thinking' ? [b.thinking] : [])).join('');
      const meta: Record<string, unknown> = {
        model: message.model,
        stop_reason: message.stop_reason,
        usage: message.usage,
      };
      if (thinking) meta.thinking = thinking;
      if (message.trace_id) meta.trace_id = message.trace_id;
      return [{ type: 'text', text }, json(meta)];
    },
    { readOnlyHint: true },
  );

  tool(
    'speech_synthesize',
    'Text to speech in one call (up to 10,000 characters). Returns the audio as a file or an embedded resource.',
    {
      text: z.string(),
      model: modelField(SPEECH_MODELS, 'speech-2.8-hd'),
      ...voiceFields,
      output: outputField,
      filename: filenameField,
      extra: extraField,
    },
    async (args, extra, client) => {
      const body = withExtra(speechBody(args, args.model ?? 'speech-2.8-hd'), args.extra);
      const audio = await client.speech.tts(body as never, callOptions(extra));
      return audioOut(audio, 'speech', args);
    },
  );

  tool(
    'speech_long_text',
    'Text to speech for long texts (up to 50,000 characters) as a task: waits for it, sending progress notifications, then returns the audio.',
    {
      text: z.string(),
      model: modelField(SPEECH_MODELS, 'the SDK default for long text'),
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
      model: modelField(SPEECH_MODELS, 'none (required when text is given)'),
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
        out.push(...(await audioOut(result.trial_audio, 'voice-design', args)).slice(1));
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

  tool(
    'image_generate',
    'Generate images from a prompt (1 to 9), optionally keeping the subject of a reference image.',
    {
      prompt: z.string(),
      model: modelField(['image-01', 'image-01-live'], 'image-01'),
      aspect_ratio: z.string().optional().describe('1:1, 16:9, 4:3, 3:2, 2:3, 3:4, 9:16, 21:9.'),
      width: z.number().int().optional().describe('With height: 512 to 2048, multiples of 8 (image-01).'),
      height: z.number().int().optional(),
      n: z.number().int().optional().describe('1 to 9, default 1.'),
      seed: z.number().int().optional(),
      prompt_optimizer: z.boolean().optional(),
      subject_image: z.string().optional().describe('A character reference: a URL or a local image path.'),
      output: outputField,
      filename: filenameField,
      extra: extraField,
    },
    async (args, extra, client) => {
      const body: Record<string, unknown> = {
        ...setKeys(args, [
          'prompt',
          'model',
          'aspect_ratio',
          'width',
          'height',
          'n',
          'seed',
          'prompt_optimizer',
        ]),
        response_format: 'base64',
      };
      if (args.subject_image !== undefined) {
        body.subject_reference = [{ type: 'character', image_file: args.subject_image }];
      }
      const result = await client.image.generate(withExtra(body, args.extra) as never, callOptions(extra));
      const images = await result.images();
      const { content } = await emit(
        images.map((bytes) => ({ bytes, kind: 'image' })),
        settings,
        args,
      );
      return [
        json({ id: result.id, success_count: result.success_count, failed_count: result.failed_count }),
        ...content,
      ];
    },
  );

  const videoFields = {
    model: modelField(VIDEO_MODELS, 'the SDK default for the kind of video'),
    duration: z.number().int().optional().describe('Seconds (6 or 10, by model).'),
    resolution: z.string().optional().describe('512P, 720P, 768P or 1080P, by model.'),
    output: outputField,
    filename: filenameField,
  };
  const finishVideo = async (
    result: { task_id: string; file_id: string; video_width: number; video_height: number },
    args: { output?: OutputMode | undefined; filename?: string | undefined },
    extra: Extra,
    client: MiniMax,
  ) => {
    const bytes = await client.files.retrieveContent({ file_id: result.file_id }, { signal: extra.signal });
    const { content } = await emit([{ bytes, kind: 'video', extension: 'mp4' }], settings, args);
    return [
      json({
        task_id: result.task_id,
        file_id: result.file_id,
        width: result.video_width,
        height: result.video_height,
      }),
      ...content,
    ];
  };

  tool(
    'video_generate',
    'Generate a video (Hailuo, V1 API) from a prompt, a first frame, first and last frames, or a subject reference. Waits for the task, sending progress notifications after every poll; cancelling the call stops the wait.',
    {
      prompt: z.string().optional().describe('What happens; required without images.'),
      first_frame_image: z.string().optional().describe('URL or local image path.'),
      last_frame_image: z.string().optional().describe('URL or local image path.'),
      subject_image: z.string().optional().describe('A character reference (URL or local path).'),
      prompt_optimizer: z.boolean().optional(),
      ...videoFields,
      extra: extraField,
    },
    async (args, extra, client) => {
      const options = callOptions(extra);
      const body = withExtra(
        setKeys(args, [
          'prompt',
          'model',
          'duration',
          'resolution',
          'prompt_optimizer',
          'first_frame_image',
          'last_frame_image',
        ]),
        args.extra,
      );
      let result: Awaited<ReturnType<MiniMax['video']['wait']>>;
      if (args.subject_image !== undefined) {
        body.subject_reference = [{ type: 'character', image: [args.subject_image] }];
        result = await client.video.subjectToVideo(body as never, options);
      } else if (args.last_frame_image !== undefined) {
        result = await client.video.framesToVideo(body as never, options);
      } else if (args.first_frame_image !== undefined) {
        result = await client.video.imageToVideo(body as never, options);
      } else {
        result = await client.video.textToVideo(body as never, options);
      }
      return finishVideo(result, args, extra, client);
    },
  );

  tool(
    'video_wait',
    'Wait for a video task created earlier (for example by a video_generate call that was cancelled or timed out) and return the video, with progress notifications.',
    { task_id: z.string(), output: outputField, filename: filenameField },
    async (args, extra, client) => {
      const result = await client.video.wait({ task_id: args.task_id }, callOptions(extra));
      return finishVideo(result, args, extra, client);
    },
  );

  tool(
    'music_generate',
    'Generate a song from a style prompt and lyrics (or an instrumental).',
    {
      prompt: z.string().optional().describe('Style, mood, scene.'),
      lyrics: z.string().optional().describe('Lyrics with [Verse], [Chorus] … tags.'),
      model: modelField(['music-3.0', 'music-2.6', 'music-cover'], 'music-2.6'),
      is_instrumental: z.boolean().optional(),
      lyrics_optimizer: z.boolean().optional(),
      format: z.string().optional().describe('mp3, wav or pcm.'),
      output: outputField,
      filename: filenameField,
      extra: extraField,
    },
    async (args, extra, client) => {
      const body: Record<string, unknown> = setKeys(args, [
        'prompt',
        'lyrics',
        'model',
        'is_instrumental',
        'lyrics_optimizer',
      ]);
      if (args.format !== undefined) body.audio_setting = { format: args.format };
      const audio = await client.music.generate(withExtra(body, args.extra) as never, callOptions(extra));
      return audioOut(audio, 'music', args);
    },
  );

  tool(
    'lyrics_generate',
    'Write song lyrics (a title, style tags and tagged lyrics), or edit existing ones.',
    {
      prompt: z.string().optional(),
      mode: z.string().optional().describe('write_full_song (default) or edit.'),
      lyrics: z.string().optional().describe('The lyrics to edit (mode edit).'),
      title: z.string().optional(),
    },
    async (args, extra, client) => {
      const body = { mode: args.mode ?? 'write_full_song', ...setKeys(args, ['prompt', 'lyrics', 'title']) };
      return [json(await client.music.generateLyrics(body as never, callOptions(extra)))];
    },
    { readOnlyHint: true },
  );

  tool(
    'files_upload',
    'Upload a local file to MiniMax storage (for voice cloning, long-text speech input, …).',
    {
      path: z.string().describe('Path on the machine running this server.'),
      purpose: z.string().describe('voice_clone, prompt_audio, t2a_async_input, …'),
    },
    async (args, extra, client) => [
      json(
        await client.files.upload({ file: args.path, purpose: args.purpose as never }, callOptions(extra)),
      ),
    ],
  );

  tool(
    'files_list',
    'List stored files of one purpose.',
    {
      purpose: z
        .string()
        .describe('voice_clone, prompt_audio, t2a_async, t2a_async_input, video_generation, …'),
    },
    async (args, extra, client) => [
      json(await client.files.list({ purpose: args.purpose as never }, callOptions(extra))),
    ],
    { readOnlyHint: true },
  );

  tool(
    'files_retrieve',
    "A stored file's details, including its download URL.",
    { file_id: z.string() },
    async (args, extra, client) => [
      json(await client.files.retrieve({ file_id: args.file_id }, callOptions(extra))),
    ],
    { readOnlyHint: true },
  );

  tool(
    'files_download',
    "Download a stored file's content (e.g. a finished video or long-text speech).",
    { file_id: z.string(), output: outputField, filename: filenameField },
    async (args, extra, client) => {
      const bytes = await client.files.retrieveContent({ file_id: args.file_id }, callOptions(extra));
      const { content } = await emit([{ bytes, kind: 'file' }], settings, args);
      return [json({ file_id: args.file_id, size: bytes.byteLength }), ...content];
    },
  );

  tool(
    'files_delete',
    'Delete a stored file.',
    { file_id: z.string(), purpose: z.string() },
    async (args, extra, client) => {
      await client.files.delete(
        { file_id: args.file_id, purpose: args.purpose as never },
        callOptions(extra),
      );
      return [json({ deleted: args.file_id })];
    },
    { destructiveHint: true },
  );

  return server;
}
