/**
 * `minimax demo`: starts the mock in-process and runs one call of every capability through the
 * same command actions the CLI uses, then prints what it wrote. No key, no network.
 */
import { mkdir } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { Writable } from 'node:stream';
import type { Command } from 'commander';
import { eventJSON, startCallbackReceiver } from './commands/callback.js';
import {
  filesDeleteAction,
  filesDownloadAction,
  filesInfoAction,
  filesListAction,
} from './commands/files.js';
import { imageAction } from './commands/image.js';
import { modelsAction, tokensAction } from './commands/models.js';
import { lyricsAction, musicAction, musicCoverAction } from './commands/music.js';
import { quotaAction, searchAction, visionAction } from './commands/plan.js';
import { example, type Register } from './commands/shared.js';
import { speechAction } from './commands/speech.js';
import { textAction } from './commands/text.js';
import { transcribeAction } from './commands/transcribe.js';
import { videoAction } from './commands/video.js';
import { videoTemplateAction } from './commands/video-template.js';
import { videoListAction, videoV2Action } from './commands/video-v2.js';
import { voicesCloneAction, voicesDesignAction, voicesListAction } from './commands/voices.js';
import { createClient } from './config.js';
import { Context } from './context.js';
import { describeError } from './errors.js';
import { fileDurationMs, writeFileAtomic } from './fsio.js';
import {
  type CliIO,
  type CommandResult,
  formatBytes,
  formatDuration,
  formatTable,
  Output,
  type WrittenFile,
} from './output.js';

/** The only key the in-process mock accepts: the demo never reads the user's key. */
const DEMO_KEY = 'minimax-demo-key';
/** Tasks advance one stage per poll on the mock, so a short interval keeps the tour quick. */
const DEMO_POLL_MS = 50;

const SAMPLE_TEXT =
  'Welcome to MiniMax. This sentence was synthesised by the offline mock server, so the demo needs no key and no network.';

interface Step {
  capability: string;
  run: (ctx: Context, out: string) => Promise<CommandResult | WrittenFile[]>;
}

interface StepReport {
  capability: string;
  ok: boolean;
  files: WrittenFile[];
  time_ms: number;
  error?: string;
}

function steps(): Step[] {
  let sample: string | undefined;
  let longSample: string | undefined;
  let uploadedId: string | undefined;
  return [
    {
      capability: 'text (stream)',
      run: (ctx, out) =>
        textAction(ctx, 'Introduce MiniMax in two sentences.', {
          output: join(out, 'text.txt'),
          maxTokens: 256,
        }),
    },
    {
      capability: 'text (spoken)',
      run: (ctx, out) =>
        textAction(ctx, 'Say hello in two short sentences.', {
          output: join(out, 'text-spoken.mp3'),
          maxTokens: 256,
          speak: true,
        }),
    },
    {
      capability: 'models',
      run: async (ctx, out) => {
        const result = await modelsAction(ctx, undefined);
        return [await writeFileAtomic(join(out, 'models.json'), `${JSON.stringify(result.json, null, 2)}\n`)];
      },
    },
    {
      capability: 'tokens',
      run: async (ctx, out) => {
        const result = await tokensAction(ctx, 'Introduce MiniMax in two sentences.', {});
        return [await writeFileAtomic(join(out, 'tokens.json'), `${JSON.stringify(result.json, null, 2)}\n`)];
      },
    },
    {
      capability: 'text (OpenAI chat, stream)',
      run: (ctx, out) =>
        textAction(ctx, 'What is 6 * 7?', { api: 'openai', output: join(out, 'chat.txt'), maxTokens: 256 }),
    },
    {
      capability: 'quota',
      run: async (ctx, out) => {
        const result = await quotaAction(ctx);
        return [await writeFileAtomic(join(out, 'quota.json'), `${JSON.stringify(result.json, null, 2)}\n`)];
      },
    },
    {
      capability: 'search',
      run: async (ctx, out) => {
        const result = await searchAction(ctx, 'MiniMax speech models');
        return [await writeFileAtomic(join(out, 'search.json'), `${JSON.stringify(result.json, null, 2)}\n`)];
      },
    },
    {
      capability: 'text (OpenAI responses, stream)',
      run: (ctx, out) =>
        textAction(ctx, 'What is 12 * 12?', {
          api: 'responses',
          output: join(out, 'responses.txt'),
          maxTokens: 256,
        }),
    },
    {
      capability: 'speech (sync)',
      run: async (ctx, out) => {
        const result = await speechAction(ctx, SAMPLE_TEXT, { output: join(out, 'speech.mp3') });
        sample = result.files?.[0]?.path;
        return result;
      },
    },
    {
      capability: 'speech (stream)',
      run: (ctx, out) =>
        speechAction(ctx, SAMPLE_TEXT, { output: join(out, 'speech-stream.mp3'), stream: true }),
    },
    {
      capability: 'speech (Opus, word subtitles)',
      run: (ctx, out) =>
        speechAction(ctx, SAMPLE_TEXT, {
          output: join(out, 'speech-words.opus'),
          stream: true,
          subtitles: 'word_streaming',
        }),
    },
    {
      capability: 'speech (WebSocket)',
      run: (ctx, out) => speechAction(ctx, SAMPLE_TEXT, { output: join(out, 'speech-ws.mp3'), ws: true }),
    },
    {
      capability: 'speech (bidirectional)',
      run: (ctx, out) => speechAction(ctx, SAMPLE_TEXT, { output: join(out, 'speech-bidi.mp3'), bidi: true }),
    },
    {
      capability: 'speech (long text)',
      run: async (ctx, out) => {
        const result = await speechAction(ctx, `${SAMPLE_TEXT} `.repeat(4).trim(), {
          output: join(out, 'speech-long.mp3'),
          async: true,
        });
        longSample = result.files?.[0]?.path;
        return result;
      },
    },
    {
      capability: 'transcribe',
      run: async (ctx, out) => {
        if (!sample) throw new Error('no speech sample to transcribe (the speech step failed)');
        const srt = await transcribeAction(ctx, sample, { format: 'srt' });
        return [await writeFileAtomic(join(out, 'transcript.srt'), `${srt.quiet?.[0] ?? ''}\n`)];
      },
    },
    {
      capability: 'voices list',
      run: async (ctx, out) => {
        const result = await voicesListAction(ctx, { type: 'all' });
        return [await writeFileAtomic(join(out, 'voices.json'), `${JSON.stringify(result.json, null, 2)}\n`)];
      },
    },
    {
      capability: 'voices clone',
      run: (ctx, out) => {
        // A clone sample must last 10 s to 5 min: the long-text speech does, the short one not.
        if (!longSample) throw new Error('no speech sample to clone (the long-text speech step failed)');
        return voicesCloneAction(ctx, longSample, {
          voiceId: `DemoVoice${Date.now().toString(36)}`,
          preview: 'This is my cloned voice.',
          output: join(out, 'voice-clone-preview.mp3'),
        });
      },
    },
    {
      capability: 'voices design',
      run: (ctx, out) =>
        voicesDesignAction(ctx, 'A warm, calm narrator with a low voice', {
          preview: 'Once upon a time, in a quiet valley.',
          output: join(out, 'voice-design.mp3'),
        }),
    },
    {
      capability: 'image',
      run: (ctx, out) =>
        imageAction(ctx, 'A lighthouse at dawn, watercolour', {
          output: out,
          n: 1,
          aspectRatio: '16:9',
          prefix: 'image',
        }),
    },
    {
      capability: 'vision',
      run: async (ctx, out) => {
        const result = await visionAction(ctx, join(out, 'image-1.png'), {
          prompt: 'What is in this picture?',
        });
        return [
          await writeFileAtomic(join(out, 'vision.txt'), `${(result.json as { content: string }).content}\n`),
        ];
      },
    },
    {
      capability: 'video',
      run: (ctx, out) =>
        videoAction(ctx, 'A paper boat drifting down a rainy street [Tracking shot]', {
          output: join(out, 'video.mp4'),
          model: 'MiniMax-Hailuo-02',
          resolution: '768P',
          duration: 6,
        }),
    },
    {
      capability: 'video v2 (MiniMax-H3, then list)',
      run: async (ctx, out) => {
        const made = await videoV2Action(ctx, 'Lanterns rising over a lake at night', {
          output: join(out, 'video-v2.mp4'),
          model: 'MiniMax-H3',
          ratio: '16:9',
          duration: 5,
        });
        const taskId = (made.json as { task_id: string }).task_id;
        await videoListAction(ctx, { ids: taskId });
        return made;
      },
    },
    {
      capability: 'callbacks (receiver, V2 task with callback_url)',
      run: async (ctx, out) => {
        const events: Record<string, unknown>[] = [];
        let finished!: () => void;
        const done = new Promise<void>((resolve) => {
          finished = resolve;
        });
        const receiver = await startCallbackReceiver(
          ctx,
          { secret: 'demo-secret' },
          { onEvent: (event) => events.push(eventJSON(event)), onFinal: () => finished() },
        );
        let timer: NodeJS.Timeout | undefined;
        try {
          await ctx.client().video.v2.create(
            {
              content: [{ type: 'text', text: 'A kite over the dunes' }],
              ratio: '16:9',
              duration: 5,
              callback_url: receiver.url,
            },
            ctx.call,
          );
          await Promise.race([
            done,
            new Promise<never>((_, reject) => {
              timer = setTimeout(() => reject(new Error('no final callback within 10 s')), 10_000);
            }),
          ]);
        } finally {
          clearTimeout(timer);
          await receiver.close();
        }
        const path = join(out, 'callbacks.jsonl');
        const text = events.map((event) => JSON.stringify(event)).join('\n');
        const written = await writeFileAtomic(path, `${text}\n`);
        return [{ path, bytes: written.bytes }];
      },
    },
    {
      capability: 'video template (Video Agent, from the image above)',
      run: (ctx, out) =>
        videoTemplateAction(ctx, '392747428568649728', {
          media: [join(out, 'image-1.png')],
          text: [],
          output: join(out, 'video-template.mp4'),
        }),
    },
    {
      capability: 'music',
      run: (ctx, out) =>
        musicAction(ctx, 'Dreamy synth-pop, female vocals', {
          output: join(out, 'music.mp3'),
          lyrics: '[Verse]\nLights on the water\n[Chorus]\nWe drift till the morning',
        }),
    },
    {
      capability: 'music cover (preprocess, new lyrics)',
      run: (ctx, out) =>
        musicCoverAction(ctx, join(out, 'music.mp3'), {
          output: join(out, 'music-cover.mp3'),
          prompt: 'Acoustic folk, warm male vocals',
          lyrics: '[Verse]\nPaper boats at sunrise\n[Chorus]\nWe sail till the evening',
        }),
    },
    {
      capability: 'lyrics',
      run: (ctx, out) => lyricsAction(ctx, 'A song about a paper boat', { output: join(out, 'lyrics.txt') }),
    },
    {
      capability: 'files (upload, list, info, download, delete)',
      run: async (ctx, out) => {
        if (!sample) throw new Error('no file to upload (the speech step failed)');
        const client = ctx.client();
        const uploaded = await client.files.upload({ file: sample, purpose: 'prompt_audio' }, ctx.call);
        uploadedId = uploaded.file_id;
        await filesListAction(ctx, { purpose: 'prompt_audio' });
        await filesInfoAction(ctx, uploadedId);
        const download = await filesDownloadAction(ctx, uploadedId, {
          output: join(out, 'files-download.mp3'),
        });
        await filesDeleteAction(ctx, uploadedId, {});
        const file = download.files?.[0];
        // The copy is the speech sample, so it is audio whose length can be read back.
        return file ? [{ ...file, duration_ms: await fileDurationMs(file.path) }] : [];
      },
    },
  ];
}

const sink = (): Writable =>
  new Writable({
    write(_chunk, _encoding, callback) {
      callback();
    },
  });

export interface DemoOptions {
  out: string;
}

export async function demoAction(ctx: Context, options: DemoOptions): Promise<CommandResult> {
  const outDir = resolve(options.out);
  await mkdir(outDir, { recursive: true });
  const { startMockServer } = await import('minimax-sdk/mock');
  const server = await startMockServer({ apiKey: DEMO_KEY, callbacks: { intervalMs: DEMO_POLL_MS } });
  const reports: StepReport[] = [];
  const out = ctx.out;
  try {
    // An empty environment: MINIMAX_API_KEY / MINIMAX_BASE_URL must not steer the demo anywhere.
    const client = createClient(
      {
        apiKey: DEMO_KEY,
        baseUrl: server.url,
        timeout: ctx.options.timeout ?? 60_000,
        pollInterval: DEMO_POLL_MS,
        debug: ctx.options.debug,
      },
      {},
      { logger: ctx.logger() },
    );
    // The steps run the real command actions, but print nothing: the table is the demo's output.
    const quietIO: CliIO = {
      ...ctx.io,
      stdout: sink(),
      stderr: ctx.options.debug ? ctx.io.stderr : sink(),
      env: {},
    };
    const stepCtx = new Context(
      quietIO,
      { quiet: true, debug: ctx.options.debug },
      {
        client,
        out: new Output(quietIO, { quiet: true }),
      },
    );
    if (out.enabled) {
      out.line(
        `MiniMax demo: every capability against the offline mock at ${server.url} (no key, no network)`,
      );
      out.line();
    }
    for (const step of steps()) {
      ctx.signal.throwIfAborted();
      const progress = out.progress(step.capability);
      const started = performance.now();
      try {
        const result = await step.run(stepCtx, outDir);
        const files = Array.isArray(result) ? result : (result.files ?? []);
        reports.push({ capability: step.capability, ok: true, files, time_ms: performance.now() - started });
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        const { message } = describeError(error, { debug: false });
        reports.push({
          capability: step.capability,
          ok: false,
          files: [],
          time_ms: performance.now() - started,
          error: message,
        });
      } finally {
        progress.stop();
      }
    }
  } finally {
    await server.close();
  }
  const failed = reports.filter((r) => !r.ok);
  const rows = reports.flatMap((report) => {
    const time = formatDuration(report.time_ms);
    if (!report.ok) return [[report.capability, out.paint('red', `FAILED: ${report.error}`), '', '', time]];
    if (report.files.length === 0) return [[report.capability, '—', '', '', time]];
    return report.files.map((file, i) => [
      i === 0 ? report.capability : '',
      relative(outDir, file.path) || file.path,
      formatBytes(file.bytes),
      file.duration_ms ? formatDuration(file.duration_ms) : '—',
      i === 0 ? time : '',
    ]);
  });
  const table = formatTable(
    [
      { header: 'CAPABILITY' },
      { header: 'FILE' },
      { header: 'SIZE', align: 'right' },
      { header: 'DURATION', align: 'right' },
      { header: 'TIME', align: 'right' },
    ],
    rows,
    out.paint,
  );
  const summary = failed.length
    ? out.paint('red', `${failed.length} of ${reports.length} steps failed.`)
    : out.paint('green', `All ${reports.length} capabilities worked offline. Outputs are in ${outDir}`);
  const result: CommandResult = {
    json: {
      ok: failed.length === 0,
      out: outDir,
      steps: reports.map((r) => ({
        capability: r.capability,
        ok: r.ok,
        time_ms: Math.round(r.time_ms),
        files: r.files.map((f) => ({ path: f.path, bytes: f.bytes, duration_ms: f.duration_ms ?? null })),
        ...(r.error ? { error: r.error } : {}),
      })),
    },
    human: [
      table,
      '',
      summary,
      out.paint(
        'dim',
        'Keep a mock running with `npx minimax mock` and point the CLI at it to explore further.',
      ),
      out.paint(
        'dim',
        'Also on this SDK: minimax-ai-provider (Vercel AI SDK models) and minimax-sdk-mcp (`minimax-mcp`, an MCP server).',
      ),
    ],
    quiet: reports.flatMap((r) => r.files.map((f) => f.path)),
  };
  return failed.length ? { ...result, exitCode: 1 } : result;
}

export const registerDemo: Register = (program, run) => {
  program
    .command('demo')
    .description('Tour every capability against an in-process mock: no API key, no network')
    .option('--out <dir>', 'where to write the outputs', './minimax-demo')
    .addHelpText('after', example(['minimax demo', 'minimax demo --out /tmp/minimax-demo --json']))
    .action((options: DemoOptions, cmd: Command) => run(cmd, (ctx) => demoAction(ctx, options)));
};
