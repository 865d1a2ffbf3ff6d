/**
 * Image, video and music tools. Video waits send progress notifications and stop when cancelled.
 */
import { KNOWN_MODELS, type MiniMax, type VideoTemplateResult, type VideoV2Result } from 'minimax-sdk';
import { z } from 'zod';
import { emit } from '../output.js';
import {
  audioOut,
  callOptions,
  type Extra,
  extraField,
  filenameField,
  json,
  modelField,
  type OutputArgs,
  outputField,
  setKeys,
  type ToolContext,
  withExtra,
} from './shared.js';

/** Registers the image, video, music and lyrics tools. */
export function registerMediaTools({ tool, settings }: ToolContext): void {
  tool(
    'image_generate',
    'Generate images from a prompt (1 to 9), optionally keeping the subject of a reference image.',
    {
      prompt: z.string(),
      model: modelField(KNOWN_MODELS.image, 'image-01'),
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
    model: modelField(KNOWN_MODELS.video, 'the SDK default for the kind of video'),
    duration: z.number().int().optional().describe('Seconds (6 or 10, by model).'),
    resolution: z.string().optional().describe('512P, 720P, 768P or 1080P, by model.'),
    output: outputField,
    filename: filenameField,
  };
  const finishVideo = async (
    result: { task_id: string; file_id: string; video_width: number; video_height: number },
    args: OutputArgs,
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

  // V2 and template results download their own URL (no key; a refused link asked for again),
  // with the call's signal.
  const finishV2 = async (result: VideoV2Result, args: OutputArgs) => {
    const { content } = await emit(
      [{ bytes: await result.bytes(), kind: 'video', extension: 'mp4' }],
      settings,
      args,
    );
    return [
      json({ task_id: result.task_id, status: result.status, model: result.task.model, usage: result.usage }),
      ...content,
    ];
  };
  const finishTemplate = async (result: VideoTemplateResult, args: OutputArgs) => {
    const { content } = await emit(
      [{ bytes: await result.bytes(), kind: 'video', extension: 'mp4' }],
      settings,
      args,
    );
    return [json({ task_id: result.task_id, status: result.status }), ...content];
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
    'video_v2_generate',
    'Generate a video with MiniMax-H3 / H3-Max (V2 API) from a prompt plus first/last frames or reference images, videos and audios (URLs or local paths). The content rules are checked before any request. Waits for the task, sending progress notifications after every poll; cancelling the call stops the wait.',
    {
      prompt: z.string().describe('What happens (up to 7000 characters).'),
      model: modelField(KNOWN_MODELS.videoV2, 'MiniMax-H3'),
      first_frame: z.string().optional().describe('Start on this image: URL or local path.'),
      last_frame: z.string().optional().describe('End on this image: URL or local path.'),
      reference_images: z.array(z.string()).optional().describe('Up to 9 (not with frames).'),
      reference_videos: z.array(z.string()).optional().describe('Up to 3, 15 s in all.'),
      reference_audios: z.array(z.string()).optional().describe('Up to 3, with a reference image or video.'),
      ratio: z
        .string()
        .optional()
        .describe('adaptive, 21:9, 16:9, 4:3, 1:1, 3:4, 9:16 (text-only needs one).'),
      duration: z.number().int().optional().describe('Seconds: 4-15 (H3), 5-15 (H3-Max).'),
      resolution: z.string().optional().describe('768P or 2K (H3), 480P or 768P (H3-Max).'),
      output: outputField,
      filename: filenameField,
      extra: extraField,
    },
    async (args, extra, client) => {
      const content: Record<string, unknown>[] = [{ type: 'text', text: args.prompt }];
      const media = (type: string, url: string, role: string) =>
        content.push({ type, [type]: { url }, role });
      if (args.first_frame !== undefined) media('image_url', args.first_frame, 'first_frame');
      if (args.last_frame !== undefined) media('image_url', args.last_frame, 'last_frame');
      for (const url of args.reference_images ?? []) media('image_url', url, 'reference_image');
      for (const url of args.reference_videos ?? []) media('video_url', url, 'reference_video');
      for (const url of args.reference_audios ?? []) media('audio_url', url, 'reference_audio');
      const body = withExtra(
        { ...setKeys(args, ['model', 'ratio', 'duration', 'resolution']), content },
        args.extra,
      );
      const result = await client.video.v2.generate(body as never, callOptions(extra));
      return finishV2(result, args);
    },
  );

  tool(
    'video_template_generate',
    "Make a video from a Video Agent template: the template id plus its media inputs (URLs or local image paths) and text inputs, in the template's order. Waits for the task, sending progress notifications after every poll; cancelling the call stops the wait.",
    {
      template_id: z.string().describe('An id from the Video Agent Template List, e.g. 392747428568649728.'),
      media_inputs: z
        .array(z.string())
        .optional()
        .describe('The media slots, in order: URLs or local paths.'),
      text_inputs: z.array(z.string()).optional().describe('The text slots, in order.'),
      output: outputField,
      filename: filenameField,
      extra: extraField,
    },
    async (args, extra, client) => {
      const body: Record<string, unknown> = { template_id: args.template_id };
      if (args.media_inputs !== undefined) body.media_inputs = args.media_inputs.map((value) => ({ value }));
      if (args.text_inputs !== undefined) body.text_inputs = args.text_inputs.map((value) => ({ value }));
      const result = await client.video.templates.generate(
        withExtra(body, args.extra) as never,
        callOptions(extra),
      );
      return finishTemplate(result, args);
    },
  );

  tool(
    'video_wait',
    'Wait for a video task created earlier (for example by a video_generate, video_v2_generate or video_template_generate call that was cancelled or timed out) and return the video, with progress notifications.',
    {
      task_id: z.string(),
      api: z
        .enum(['v1', 'v2', 'template'])
        .optional()
        .describe('Which API made the task: v1 (Hailuo, default), v2 (MiniMax-H3) or template.'),
      output: outputField,
      filename: filenameField,
    },
    async (args, extra, client) => {
      const options = callOptions(extra);
      if (args.api === 'v2')
        return finishV2(await client.video.v2.wait({ task_id: args.task_id }, options), args);
      if (args.api === 'template') {
        return finishTemplate(await client.video.templates.wait({ task_id: args.task_id }, options), args);
      }
      const result = await client.video.wait({ task_id: args.task_id }, options);
      return finishVideo(result, args, extra, client);
    },
  );

  tool(
    'music_generate',
    'Generate a song from a style prompt and lyrics (or an instrumental).',
    {
      prompt: z.string().optional().describe('Style, mood, scene.'),
      lyrics: z.string().optional().describe('Lyrics with [Verse], [Chorus] … tags.'),
      model: modelField(KNOWN_MODELS.music, 'music-2.6'),
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
      return audioOut(audio, 'music', args, settings);
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
}
